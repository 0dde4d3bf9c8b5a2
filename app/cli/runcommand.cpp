#include "analyticcheck.h"
#include "command.h"
#include "errors.h"
#include "outputfiles.h"
#include "resultsdir.h"
#include "replicator.h"
#include "cli/report.h"
#include "runflags.h"
#include "streamcommand.h"
#include "studyloader.h"
#include "workcheck.h"

#include "scenarios/analysis.h"
#include "simcore/subprocess.h"

#include <cstdio>

namespace scalelab::cli {

namespace {

/// `run STUDY`: one variant's replications in child processes, summarized.
int runRun(const RunOptions& options)
{
    std::string diagnostics;
    std::optional<scenarios::Study> study = loadStudy(options.study, options.sets, &diagnostics);
    if (!study)
        return options.stream ? failStream(diagnostics + lastError(), ExitBadInput) : ExitBadInput;
    if (!applyOverrides(*study, options))
        return options.stream ? failStream(lastError(), ExitBadInput) : ExitBadInput;
    const auto selected =
        selectVariants(*study, options.variant.empty() ? std::vector<std::string>{} : std::vector{options.variant});
    if (selected.empty())
        return options.stream ? failStream(lastError(), ExitBadInput) : ExitBadInput;
    const scenarios::Variant& variant = *selected.front();
    if (options.stream)
        return runStream(*study, variant, options);
    if (!checkWork(*study, selected, options))
        return ExitBadInput;
    if (!options.out.empty() && !prepareOutputDir(options.out))
        return ExitBadInput;

    // Steady phases are compared with the analytic model bin by bin: keep
    // every replication's bins then.
    const bool phases = !scenarios::steadyPhases(*study, 20.0).empty();
    const bool allSeries = !options.out.empty() && options.series == "all";
    const TraceOutput trace{options.traceOut, options.traceSample};
    const auto results = runReplications(*study, {&variant}, phases || !options.out.empty(), phases || allSeries, {},
                                         options.traceOut.empty() ? nullptr : &trace);
    if (!results)
        return ExitRunFailed;

    std::vector<scenarios::VariantRun> runs;
    for (const auto& r : *results)
        runs.push_back(r.run);
    const VariantSummary summary = summarizeVariant(*study, variant, runs);
    std::vector<PhaseCheck> checks;
    try {
        checks = checkPhases(*study, variant, *results);
    } catch (const std::exception& e) {
        printError(std::string("the analytic comparison was skipped: ") + e.what());
    }
    nlohmann::ordered_json json = runJson(*study, summary);
    if (!checks.empty())
        json["analytic"] = phaseChecksJson(checks);
    if (options.format == "json")
        std::printf("%s\n", json.dump(2).c_str());
    else if (options.format == "csv")
        printRunCsv(stdout, summary);
    else {
        printRunTable(stdout, *study, summary);
        printPhaseChecks(stdout, checks);
    }
    std::fflush(stdout);

    if (!options.out.empty()) {
        const std::string table = printedText([&](std::FILE* out) {
            printRunTable(out, *study, summary);
            printPhaseChecks(out, checks);
        });
        if (!writeSummaryJson(options.out, json) || !writeParityCsv(options.out, *study) ||
            !writeTimeSeriesCsv(options.out, "timeseries.csv", variant, results->front().bins) ||
            !writeReusableResults(options.out, *study, {&variant}, *results, table, options.sets))
            return ExitRunFailed;
        std::vector<const std::vector<sim::Frame>*> replications;
        for (const auto& r : *results)
            replications.push_back(&r.bins);
        if (allSeries && !writeTimeSeriesAllCsv(options.out, "timeseries", variant, replications))
            return ExitRunFailed;
        // With every replication's bins: the analytic check as compare writes it, for the report.
        if (allSeries) {
            nlohmann::ordered_json analytic;
            analytic["variants"] = nlohmann::ordered_json::array();
            analytic["variants"].push_back(variantChecksJson(*study, variant, checks, *results));
            if (!writeTextFile(options.out, "analytic.json", analytic.dump(2) + "\n"))
                return ExitRunFailed;
        }
    }
    return ExitOk;
}

class RunCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* cmd = app.add_subcommand("run", "Run one variant of a study for its replications and summarize it");
        m_flags.add(cmd, m_options);
        cmd->add_option("--out", m_options.out,
                        "Also write DIR/summary.json and DIR/timeseries.csv (the bins of replication 0)")
            ->type_name("DIR");
        cmd->add_option("--variant", m_options.variant, "The variant to run (default: the study's first)")->type_name("NAME");
        auto* stream = cmd->add_flag("--stream", m_options.stream,
                                     "One replication in this process: NDJSON frames on stdout, commands "
                                     "(pause, resume, speed X, stop) on stdin; see docs/stream.md");
        stream->excludes(m_flags.format());
        auto* traceOut = cmd->add_option("--trace-out", m_options.traceOut,
                                         "Also write replication 0's requests as OpenTelemetry spans, one OTLP JSON "
                                         "request per line (the collector's file exporter format; docs/import.md)")
                             ->type_name("FILE");
        traceOut->excludes(stream);
        cmd->add_option("--trace-sample", m_options.traceSample,
                        "With --trace-out, the share of requests traced (0..1, chosen by a hash of the seed and the "
                        "request)")
            ->type_name("SHARE")
            ->check(CLI::Range(0.0, 1.0))
            ->needs(traceOut);
        cmd->footer(kExitCodes);
        return cmd;
    }

    int run() override
    {
        m_flags.apply(m_options);
        return runRun(m_options);
    }

private:
    RunOptions m_options;
    RunFlags m_flags;
};

const CommandRegistration<RunCommand> registration(20);

} // namespace

} // namespace scalelab::cli
