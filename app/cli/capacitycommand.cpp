#include "analysisreport.h"
#include "command.h"
#include "errors.h"
#include "runflags.h"
#include "studyloader.h"

#include "scenarios/analysis.h"
#include "simcore/subprocess.h"
#include "simcore/units.h"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace scalelab::cli {

namespace {

/// `capacity STUDY`: the highest rate meeting the SLO, by the model then by simulation.
int runCapacity(const AnalysisOptions& options)
{
    auto loaded = loadVariant(options);
    if (!loaded)
        return ExitBadInput;
    const scenarios::Study& study = loaded->first;
    const scenarios::Variant& variant = *loaded->second;
    if (!study.slo.p99 && !study.slo.availability) {
        printError("the study sets no SLO: capacity is the highest rate that meets it",
                   "add one (slo: {p99: 500ms, availability: 99.9%}), or see the saturation rate with "
                   "'scalelab-cli analyze " + options.study + "'");
        return ExitBadInput;
    }
    const double warmup = std::min(10.0, options.probe / 6.0);
    scenarios::CapacityResult result;
    try {
        std::function<scenarios::CapacityProbe(double)> probe;
        if (!options.analyticOnly)
            probe = [&](double rps) -> scenarios::CapacityProbe {
                const std::string text = sim::runInChild([&] {
                    const auto p = scenarios::probeSteady(study, variant, rps, options.probe, warmup);
                    return nlohmann::json{p.rps, p.p99, p.availability, p.throughput, p.met}.dump();
                });
                const auto j = nlohmann::json::parse(text);
                return {j[0].get<double>(), j[1].get<double>(), j[2].get<double>(), j[3].get<double>(), j[4].get<bool>()};
            };
        result = scenarios::searchCapacity(study, variant, options.steps, probe);
    } catch (const sim::ChildProcessError& e) {
        printError(std::string("the simulation failed: ") + e.what(), kFailedRunHint);
        return ExitRunFailed;
    } catch (const std::exception& e) {
        printError(std::string("the analytic model failed: ") + e.what(), "check the variant with 'scalelab-cli validate'");
        return ExitBadInput;
    }
    if (options.format == "json")
        std::printf("%s\n", capacityJson(variant.name, result, options.probe).dump(2).c_str());
    else
        printCapacityTable(stdout, study, variant.name, result, options.probe);
    std::fflush(stdout);
    return ExitOk;
}

class CapacityCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* capacity = app.add_subcommand(
            "capacity", "The highest rate that meets the SLO: by the analytic model, then confirmed by short simulations");
        addStudyArguments(capacity, m_options.study, m_options.sets);
        capacity->add_option("--variant", m_options.variant, "The variant (default: the study's first)")->type_name("NAME");
        capacity->add_option("--steps", m_options.steps, "Bisection steps after bracketing (default 5)")
            ->check(CLI::Range(0, 30))
            ->type_name("N");
        auto* probeOption = capacity->add_option("--probe", m_probeText, "Simulated time measured per probe (default 60s)")
                                ->check(durationValidator(true))
                                ->type_name("DURATION");
        auto* analyticOnly =
            capacity->add_flag("--analytic-only", m_options.analyticOnly, "No simulation: the model's figure only");
        analyticOnly->excludes(probeOption);
        capacity->add_option("--format", m_options.format, "table or json (default: table)")
            ->check(CLI::IsMember({"table", "json"}))
            ->type_name("FORMAT");
        capacity->footer(kExitCodes);
        return capacity;
    }

    int run() override
    {
        if (!m_probeText.empty())
            m_options.probe = *sim::parseDuration(m_probeText).value;
        return runCapacity(m_options);
    }

private:
    AnalysisOptions m_options;
    std::string m_probeText;
};

const CommandRegistration<CapacityCommand> registration(50);

} // namespace

} // namespace scalelab::cli
