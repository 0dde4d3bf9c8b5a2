#include "analysisreport.h"
#include "command.h"
#include "errors.h"
#include "runflags.h"
#include "studyloader.h"
#include "texttable.h"

#include "cli/numberformat.h"

#include "scenarios/analysis.h"
#include "scenarios/runner.h"
#include "simcore/units.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace scalelab::cli {

std::optional<std::pair<scenarios::Study, const scenarios::Variant*>> loadVariant(const AnalysisOptions& options)
{
    std::optional<scenarios::Study> study = loadStudy(options.study, options.sets);
    if (!study)
        return std::nullopt;
    auto selected =
        selectVariants(*study, options.variant.empty() ? std::vector<std::string>{} : std::vector{options.variant});
    if (selected.empty())
        return std::nullopt;
    const std::string name = selected.front()->name;
    std::pair<scenarios::Study, const scenarios::Variant*> out{std::move(*study), nullptr};
    out.second = out.first.findVariant(name);
    return out;
}

namespace {

int printClosed(const scenarios::Study& study, const scenarios::Variant& variant, const AnalysisOptions& options)
{
    const models::SystemConfig config = scenarios::systemConfig(study, variant, study.run.seed, 0);
    const models::analytic::ClosedEstimate e =
        models::analytic::analyzeClosed(config, scenarios::operationShares(study), options.users, options.think);
    if (options.format == "json") {
        nlohmann::ordered_json j{{"variant", variant.name},
                                 {"users", options.users},
                                 {"think", options.think},
                                 {"throughput", e.throughput},
                                 {"mean", e.meanResponse}};
        nlohmann::ordered_json u = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < e.utilization.size(); ++c)
            if (e.utilization[c] > 0)
                u[config.components[c].name] = e.utilization[c];
        j["cpu_utilization"] = u;
        std::printf("%s\n", j.dump(2).c_str());
        return ExitOk;
    }
    std::printf("%s: variant %s, closed workload: %d users thinking %s (mean value analysis)\n\n", study.name.c_str(),
                variant.name.c_str(), options.users, formatValue(options.think, Unit::Seconds).c_str());
    TextTable t;
    t.addRow({"throughput", formatValue(e.throughput, Unit::PerSecond)});
    t.addRow({"latency mean", formatValue(e.meanResponse, Unit::Seconds)});
    for (std::size_t c = 0; c < e.utilization.size(); ++c)
        if (e.utilization[c] > 0)
            t.addRow({"  " + config.components[c].name + " cpu", formatValue(e.utilization[c], Unit::Load)});
    t.print(stdout);
    return ExitOk;
}

/// `analyze STUDY`: the analytic model of one variant at one rate (or a closed workload).
int runAnalyze(const AnalysisOptions& options)
{
    auto loaded = loadVariant(options);
    if (!loaded)
        return ExitBadInput;
    const scenarios::Study& study = loaded->first;
    const scenarios::Variant& variant = *loaded->second;
    try {
        if (options.users > 0)
            return printClosed(study, variant, options);
        double rps = 0.0;
        std::string note;
        if (options.rps) {
            rps = *options.rps;
            note = "--rps";
        } else {
            rps = scenarios::peakRate(study);
            note = "the workload's peak";
            if (!(rps > 0)) {
                printError("the workload has no rate to analyze at (it replays a trace, or its rate is 0)",
                           "pass the rate: --rps 500");
                return ExitBadInput;
            }
        }
        const models::analytic::Estimate e = scenarios::analyzeVariant(study, variant, rps);
        if (options.format == "json")
            std::printf("%s\n", estimateJson(variant.name, e).dump(2).c_str());
        else
            printEstimateTable(stdout, study, variant.name, e, note);
    } catch (const std::exception& e) {
        printError(std::string("the analytic model failed: ") + e.what(), "check the variant with 'scalelab-cli validate'");
        return ExitBadInput;
    }
    std::fflush(stdout);
    return ExitOk;
}

/// --rps: requests/s, a finite number > 0.
CLI::Validator positiveRate()
{
    return CLI::Validator(
        [](std::string& text) -> std::string {
            double v = 0.0;
            try {
                std::size_t used = 0;
                v = std::stod(text, &used);
                if (used != text.size())
                    throw std::invalid_argument(text);
            } catch (const std::exception&) {
                return "requests/s, a number > 0 (got " + text + ")";
            }
            if (!(v > 0.0) || !std::isfinite(v))
                return "must be > 0 requests/s (got " + text + ")";
            return {};
        },
        "R");
}

class AnalyzeCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* analyze = app.add_subcommand(
            "analyze", "The analytic queueing model of a variant: utilizations, bottleneck, saturation, latencies (no simulation)");
        addStudyArguments(analyze, m_options.study, m_options.sets);
        analyze->add_option("--variant", m_options.variant, "The variant (default: the study's first)")->type_name("NAME");
        auto* rpsOption = analyze->add_option("--rps", m_options.rps, "Requests/s of the mix (default: the workload's peak)")
                              ->check(positiveRate())
                              ->type_name("R");
        auto* usersOption = analyze->add_option("--users", m_options.users,
                                                "A closed workload instead: this many users (mean value analysis)")
                                ->check(CLI::Range(1, 1000000))
                                ->type_name("N");
        usersOption->excludes(rpsOption);
        analyze->add_option("--think", m_thinkText, "With --users: think time between a user's requests, e.g. 1s (default 0)")
            ->check(durationValidator(false))
            ->needs(usersOption)
            ->type_name("DURATION");
        analyze->add_option("--format", m_options.format, "table or json (default: table)")
            ->check(CLI::IsMember({"table", "json"}))
            ->type_name("FORMAT");
        analyze->footer("Exit codes: 0 ok, 2 bad input or bad flags.");
        return analyze;
    }

    int run() override
    {
        if (!m_thinkText.empty())
            m_options.think = *sim::parseDuration(m_thinkText).value;
        return runAnalyze(m_options);
    }

private:
    AnalysisOptions m_options;
    std::string m_thinkText;
};

const CommandRegistration<AnalyzeCommand> registration(40);

} // namespace

} // namespace scalelab::cli
