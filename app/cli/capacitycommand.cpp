#include "analysisreport.h"
#include "commands.h"
#include "errors.h"

#include "scenarios/analysis.h"
#include "simcore/subprocess.h"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace scalelab::cli {

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

} // namespace scalelab::cli
