#include "analysisreport.h"
#include "commands.h"
#include "errors.h"
#include "cli/numberformat.h"
#include "studyloader.h"
#include "texttable.h"

#include "scenarios/analysis.h"
#include "scenarios/runner.h"

#include <cstdio>
#include <stdexcept>

namespace scalelab::cli {

std::optional<std::pair<scenarios::Study, const scenarios::Variant*>> loadVariant(const AnalysisOptions& options)
{
    std::optional<scenarios::Study> study = loadStudy(options.study);
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

} // namespace

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

} // namespace scalelab::cli
