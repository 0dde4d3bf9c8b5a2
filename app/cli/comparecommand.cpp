#include "analyticcheck.h"
#include "command.h"
#include "errors.h"
#include "outputfiles.h"
#include "resultsdir.h"
#include "replicator.h"
#include "cli/parityreport.h"
#include "cli/report.h"
#include "runflags.h"
#include "streamcommand.h"
#include "studyloader.h"
#include "workcheck.h"

#include "simcore/subprocess.h"

#include <csignal>
#include <cstdio>

namespace scalelab::cli {

namespace {

using Json = nlohmann::ordered_json;

/// `compare --stream`, first line: the replications about to run, in the
/// order the progress lines list them.
std::string jobsLine(const scenarios::Study& study, const std::vector<const scenarios::Variant*>& variants)
{
    Json jobs = Json::array();
    for (const scenarios::Variant* v : variants)
        for (int r = 0; r < study.run.replications; ++r)
            jobs.push_back({{"variant", v->name}, {"replication", r}});
    return Json{{"type", "jobs"}, {"duration", study.run.duration}, {"jobs", std::move(jobs)}}.dump();
}

/// `compare STUDY`: several variants on the same traffic and faults, side by side.
/// DIR/analytic.json: each variant's steady phases against the analytic
/// model (every replication's bins), for the report.
bool writeAnalyticChecks(const std::string& dir, const scenarios::Study& study,
                         const std::vector<const scenarios::Variant*>& variants,
                         const std::vector<ReplicationResult>& results, std::size_t replications)
{
    Json all = Json::array();
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const std::vector<ReplicationResult> mine(results.begin() + std::ptrdiff_t(i * replications),
                                                  results.begin() + std::ptrdiff_t((i + 1) * replications));
        std::vector<PhaseCheck> checks;
        try {
            checks = checkPhases(study, *variants[i], mine);
        } catch (const std::exception& e) {
            printError(std::string("the analytic comparison was skipped: ") + e.what());
            return true;
        }
        all.push_back(variantChecksJson(study, *variants[i], checks, mine));
    }
    return writeTextFile(dir, "analytic.json", Json{{"variants", all}}.dump(2) + "\n");
}

int runCompare(const RunOptions& options)
{
    if (options.stream)
        std::signal(SIGPIPE, SIG_IGN); // a reader gone ends the comparison by a failed write, not a signal
    auto fail = [&options](int code) { return options.stream ? failStream(lastError(), code) : code; };
    std::string diagnostics;
    std::optional<scenarios::Study> study = loadStudy(options.study, options.sets, &diagnostics);
    if (!study)
        return options.stream ? failStream(diagnostics + lastError(), ExitBadInput) : ExitBadInput;
    if (!applyOverrides(*study, options))
        return fail(ExitBadInput);
    const auto variants = selectVariants(*study, options.variants);
    if (variants.empty())
        return fail(ExitBadInput);
    if (variants.size() < 2) {
        printError("compare needs at least two variants (got " + variants.front()->name + " only)",
                   options.variants.empty() ? "the study has one variant: use 'scalelab-cli run " + options.study + "'"
                                            : "list two or more: --variants a,b");
        return fail(ExitBadInput);
    }
    if (!checkWork(*study, variants, options))
        return ExitBadInput;
    if (!options.out.empty() && !prepareOutputDir(options.out))
        return fail(ExitBadInput);

    // Every variant's replications in one batch, so they share the cores.
    ProgressSink progress;
    if (options.stream) {
        emitStreamLine(jobsLine(*study, variants));
        progress = [](const std::vector<double>& seconds) {
            emitStreamLine(Json{{"type", "progress"}, {"seconds", seconds}}.dump());
        };
    }
    const bool allSeries = !options.out.empty() && options.series == "all";
    const auto ran = runReplications(*study, variants, !options.out.empty(), allSeries, progress);
    if (!ran)
        return fail(ExitRunFailed);
    const std::vector<ReplicationResult>& results = *ran;
    // As many per variant; with run.until, as many as the precision took.
    const std::size_t replications = results.size() / variants.size();

    std::vector<VariantSummary> summaries;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        std::vector<scenarios::VariantRun> runs;
        for (std::size_t r = 0; r < replications; ++r)
            runs.push_back(results[i * replications + r].run);
        summaries.push_back(summarizeVariant(*study, *variants[i], runs));
    }
    const Json json = compareJson(*study, summaries);
    if (options.stream) {
        Json result{{"type", "result"},
                    {"heading", compareHeading(*study, summaries)},
                    {"table", compareRows(summaries)},
                    {"compare", json}};
        if (!study->faults.empty())
            result["parity_table"] = parityRows(*study);
        emitStreamLine(result.dump());
    }
    else if (options.format == "json")
        std::printf("%s\n", json.dump(2).c_str());
    else if (options.format == "csv")
        printCompareCsv(stdout, summaries);
    else
        printCompareTable(stdout, *study, summaries);
    std::fflush(stdout);

    if (!options.out.empty()) {
        const std::string table =
            printedText([&](std::FILE* out) { printCompareTable(out, *study, summaries); });
        if (!writeSummaryJson(options.out, json) || !writeParityCsv(options.out, *study) ||
            !writeReusableResults(options.out, *study, variants, results, table, options.sets))
            return ExitRunFailed;
        if (allSeries && !writeAnalyticChecks(options.out, *study, variants, results, replications))
            return ExitRunFailed;
        for (std::size_t i = 0; i < variants.size(); ++i) {
            const std::string stem = "timeseries-" + variants[i]->name;
            if (!writeTimeSeriesCsv(options.out, stem + ".csv", *variants[i],
                                    results[i * replications].bins))
                return ExitRunFailed;
            std::vector<const std::vector<sim::Frame>*> reps;
            for (std::size_t k = 0; k < replications; ++k)
                reps.push_back(&results[i * replications + k].bins);
            if (allSeries && !writeTimeSeriesAllCsv(options.out, stem, *variants[i], reps))
                return ExitRunFailed;
        }
    }
    return ExitOk;
}

class CompareCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* compare = app.add_subcommand(
            "compare", "Run several variants on the same traffic, faults and seed, and compare them side by side");
        m_flags.add(compare, m_options);
        compare->add_option("--out", m_options.out,
                            "Also write DIR/summary.json and DIR/timeseries-VARIANT.csv (the bins of replication 0)")
            ->type_name("DIR");
        compare->add_option("--variants", m_options.variants,
                            "The variants to compare, the first as baseline (default: all, in file order)")
            ->delimiter(',')
            ->type_name("A,B,...");
        auto* stream = compare->add_flag(
            "--stream", m_options.stream,
            "For a front end: NDJSON on stdout, the replications, their progress, then the result (the table as "
            "cells and the JSON comparison); see docs/stream.md");
        stream->excludes(m_flags.format());
        compare->footer(kExitCodes);
        return compare;
    }

    int run() override
    {
        m_flags.apply(m_options);
        return runCompare(m_options);
    }

private:
    RunOptions m_options;
    RunFlags m_flags;
};

const CommandRegistration<CompareCommand> registration(30);

} // namespace

} // namespace scalelab::cli
