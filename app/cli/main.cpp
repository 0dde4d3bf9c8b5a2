// scalelab-cli: batch runs from the command line.
#include "commands.h"
#include "errors.h"
#include "exportcharts.h"
#include "runoptions.h"
#include "selfcheck.h"

#include "scenarios/diagnostic.h"
#include "simcore/units.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using namespace scalelab;

CLI::Validator durationValidator(bool positive)
{
    return CLI::Validator(
        [positive](std::string& text) -> std::string {
            const sim::ParsedQuantity q = sim::parseDuration(text);
            if (!q.value)
                return q.error;
            if (positive && *q.value <= 0.0)
                return "must be > 0 (got " + text + ")";
            return {};
        },
        "DURATION");
}

/// The flags `run` and `compare` share, bound to `options`; `text` holds the
/// durations as typed until they are parsed.
struct SharedFlags
{
    CLI::Option* seed = nullptr;
    CLI::Option* replications = nullptr;
    CLI::Option* duration = nullptr;
    CLI::Option* warmup = nullptr;
    CLI::Option* format = nullptr;
    std::uint64_t seedValue = 0;
    int replicationsValue = 0;
    std::string durationText, warmupText;

    void add(CLI::App* cmd, cli::RunOptions& options)
    {
        cmd->add_option("STUDY", options.study, "The study file (YAML)")->required()->type_name("FILE");
        seed = cmd->add_option("--seed", seedValue, "Random seed (default: the study's run.seed)")->type_name("N");
        replications = cmd->add_option("--replications", replicationsValue,
                                       "Independent replications (default: the study's run.replications)")
                           ->check(CLI::Range(1, 100000))
                           ->type_name("R");
        duration = cmd->add_option("--duration", durationText, "Simulated time, e.g. 600s, 15min (default: run.duration)")
                       ->check(durationValidator(true))
                       ->type_name("DURATION");
        warmup = cmd->add_option("--warmup", warmupText, "Warm-up left out of the figures, e.g. 60s (default: run.warmup)")
                     ->check(durationValidator(false))
                     ->type_name("DURATION");
        format = cmd->add_option("--format", options.format, "Summary on stdout: table, json or csv (default: table)")
                     ->check(CLI::IsMember({"table", "json", "csv"}))
                     ->type_name("FORMAT");
    }

    /// After parsing: the optional flags that were given.
    void apply(cli::RunOptions& options) const
    {
        if (seed->count())
            options.seed = seedValue;
        if (replications->count())
            options.replications = replicationsValue;
        if (duration->count())
            options.duration = sim::parseDuration(durationText).value;
        if (warmup->count())
            options.warmup = sim::parseDuration(warmupText).value;
    }
};

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

/// "WxH" in pixels (PDF: points), each 100..10000.
CLI::Validator sizeValidator()
{
    return CLI::Validator(
        [](std::string& text) -> std::string {
            int w = 0, h = 0;
            char x = 0, extra = 0;
            if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X'))
                return "must be WIDTHxHEIGHT, e.g. 1200x700 (got " + text + ")";
            if (w < 100 || h < 100 || w > 10000 || h > 10000)
                return "width and height must be 100..10000 (got " + text + ")";
            return {};
        },
        "WxH");
}

constexpr const char* kExitCodes = "Exit codes: 0 ok, 1 failed run, 2 bad input or bad flags.";

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"ScaleLab: simulate backend architectures under traffic and failures"};
    app.require_subcommand(1);
    app.footer(kExitCodes);

    std::string validatePath;
    auto* validate = app.add_subcommand("validate", "Check a study file: its diagnostics on stderr, nothing is run");
    validate->add_option("STUDY", validatePath, "The study file (YAML)")->required()->type_name("FILE");
    validate->footer("Exit codes: 0 valid (warnings allowed), 2 errors.");

    cli::RunOptions runOptions;
    SharedFlags runFlags;
    auto* run = app.add_subcommand("run", "Run one variant of a study for its replications and summarize it");
    runFlags.add(run, runOptions);
    run->add_option("--out", runOptions.out,
                    "Also write DIR/summary.json and DIR/timeseries.csv (the bins of replication 0)")
        ->type_name("DIR");
    run->add_option("--variant", runOptions.variant, "The variant to run (default: the study's first)")->type_name("NAME");
    auto* stream = run->add_flag("--stream", runOptions.stream,
                                 "One replication in this process: NDJSON frames on stdout, commands "
                                 "(pause, resume, speed X, stop) on stdin; see docs/stream.md");
    stream->excludes(runFlags.format);
    run->footer(kExitCodes);

    cli::RunOptions compareOptions;
    SharedFlags compareFlags;
    auto* compare = app.add_subcommand(
        "compare", "Run several variants on the same traffic, faults and seed, and compare them side by side");
    compareFlags.add(compare, compareOptions);
    compare->add_option("--out", compareOptions.out,
                        "Also write DIR/summary.json and DIR/timeseries-VARIANT.csv (the bins of replication 0)")
        ->type_name("DIR");
    compare->add_option("--variants", compareOptions.variants,
                        "The variants to compare, the first as baseline (default: all, in file order)")
        ->delimiter(',')
        ->type_name("A,B,...");
    compare->footer(kExitCodes);

    cli::AnalysisOptions analyzeOptions;
    std::string thinkText;
    auto* analyze = app.add_subcommand(
        "analyze", "The analytic queueing model of a variant: utilizations, bottleneck, saturation, latencies (no simulation)");
    analyze->add_option("STUDY", analyzeOptions.study, "The study file (YAML)")->required()->type_name("FILE");
    analyze->add_option("--variant", analyzeOptions.variant, "The variant (default: the study's first)")->type_name("NAME");
    auto* rpsOption = analyze->add_option("--rps", analyzeOptions.rps, "Requests/s of the mix (default: the workload's peak)")
                          ->check(positiveRate())
                          ->type_name("R");
    auto* usersOption = analyze->add_option("--users", analyzeOptions.users,
                                            "A closed workload instead: this many users (mean value analysis)")
                            ->check(CLI::Range(1, 1000000))
                            ->type_name("N");
    usersOption->excludes(rpsOption);
    analyze->add_option("--think", thinkText, "With --users: think time between a user's requests, e.g. 1s (default 0)")
        ->check(durationValidator(false))
        ->needs(usersOption)
        ->type_name("DURATION");
    analyze->add_option("--format", analyzeOptions.format, "table or json (default: table)")
        ->check(CLI::IsMember({"table", "json"}))
        ->type_name("FORMAT");
    analyze->footer("Exit codes: 0 ok, 2 bad input or bad flags.");

    cli::AnalysisOptions capacityOptions;
    std::string probeText;
    auto* capacity = app.add_subcommand(
        "capacity", "The highest rate that meets the SLO: by the analytic model, then confirmed by short simulations");
    capacity->add_option("STUDY", capacityOptions.study, "The study file (YAML)")->required()->type_name("FILE");
    capacity->add_option("--variant", capacityOptions.variant, "The variant (default: the study's first)")->type_name("NAME");
    capacity->add_option("--steps", capacityOptions.steps, "Bisection steps after bracketing (default 5)")
        ->check(CLI::Range(0, 30))
        ->type_name("N");
    auto* probeOption = capacity->add_option("--probe", probeText, "Simulated time measured per probe (default 60s)")
                            ->check(durationValidator(true))
                            ->type_name("DURATION");
    auto* analyticOnly = capacity->add_flag("--analytic-only", capacityOptions.analyticOnly, "No simulation: the model's figure only");
    analyticOnly->excludes(probeOption);
    capacity->add_option("--format", capacityOptions.format, "table or json (default: table)")
        ->check(CLI::IsMember({"table", "json"}))
        ->type_name("FORMAT");
    capacity->footer(kExitCodes);
    cli::ExportChartsOptions exportOptions;
    std::string exportSize = "1200x700";
    std::uint64_t exportSeed = 0;
    int exportReplications = 0;
    std::string exportDuration, exportWarmup;
    auto* exportCharts = app.add_subcommand(
        "export-charts", "Run the variants and render their charts (PNG, PDF, SVG) headless, with an index");
    exportCharts->add_option("STUDY", exportOptions.run.study, "The study file (YAML)")->required()->type_name("FILE");
    exportCharts->add_option("--out", exportOptions.run.out, "The folder for the charts, summary and index.md")
        ->required()
        ->type_name("DIR");
    exportCharts->add_option("--variant", exportOptions.run.variants,
                             "A variant to chart (repeat or comma-separate; default: all, in file order)")
        ->delimiter(',')
        ->type_name("NAME");
    exportCharts->add_option("--format", exportOptions.formats, "Chart files to write (default: png,pdf,svg)")
        ->delimiter(',')
        ->check(CLI::IsMember({"png", "pdf", "svg"}))
        ->type_name("png,pdf,svg");
    exportCharts->add_option("--size", exportSize, "Width x height of each chart: pixels (PDF: points)")
        ->check(sizeValidator())
        ->type_name("WxH");
    auto* exportSeedOption =
        exportCharts->add_option("--seed", exportSeed, "Random seed (default: the study's run.seed)")->type_name("N");
    auto* exportReplicationsOption =
        exportCharts->add_option("--replications", exportReplications,
                                 "Replications for the summary table (default: the study's run.replications)")
            ->check(CLI::Range(1, 100000))
            ->type_name("R");
    auto* exportDurationOption = exportCharts->add_option("--duration", exportDuration, "Simulated time, e.g. 600s")
                                     ->check(durationValidator(true))
                                     ->type_name("DURATION");
    auto* exportWarmupOption = exportCharts->add_option("--warmup", exportWarmup, "Warm-up, e.g. 60s")
                                   ->check(durationValidator(false))
                                   ->type_name("DURATION");
    exportCharts->footer(kExitCodes);

    cli::SelfCheckOptions selfcheck;
    auto* sc = app.add_subcommand("selfcheck", "Run an M/M/1 queue through the engine and compare it with theory");
    sc->add_option("--requests", selfcheck.requests, "Requests to simulate")->check(CLI::Range(1000, 1000000000));
    sc->add_option("--utilization", selfcheck.utilization, "Server utilization rho = lambda/mu")
        ->check(CLI::Range(0.01, 0.99));
    sc->add_option("--seed", selfcheck.seed, "Random seed");

    std::string schemaDocs;
    auto* schema = app.add_subcommand("schema", "Print the study file's JSON Schema (scenarios/schema/study.schema.json)");
    schema->add_option("--docs", schemaDocs, "Instead, bring the field tables of this markdown file up to date")
        ->type_name("FILE");
    schema->footer("Exit codes: 0 ok, 1 --docs file not written, 2 --docs file unreadable.");

    if (argc > 1 && argv[1][0] != '-') {
        std::vector<std::string> known;
        for (const CLI::App* sub : {validate, run, compare, analyze, capacity, exportCharts, sc, schema})
            known.push_back(sub->get_name());
        if (std::find(known.begin(), known.end(), argv[1]) == known.end()) {
            const std::string close = scenarios::closestMatch(argv[1], known);
            cli::printError(std::string("unknown subcommand '") + argv[1] + "'; known: " + scenarios::joinChoices(known),
                            close.empty() ? "see 'scalelab-cli --help'" : "did you mean '" + close + "'?");
            return cli::ExitBadInput;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0)
            return app.exit(e); // --help
        const auto parsed = app.get_subcommands();
        const std::string help = parsed.empty() ? "scalelab-cli --help"
                                                : "scalelab-cli " + parsed.back()->get_name() + " --help";
        cli::printError(e.what(), "see '" + help + "' for the usage");
        return cli::ExitBadInput;
    }

    if (validate->parsed())
        return cli::runValidate(validatePath);
    if (schema->parsed())
        return cli::runSchema(schemaDocs);
    if (run->parsed()) {
        runFlags.apply(runOptions);
        return cli::runRun(runOptions);
    }
    if (compare->parsed()) {
        compareFlags.apply(compareOptions);
        return cli::runCompare(compareOptions);
    }
    if (analyze->parsed()) {
        if (!thinkText.empty())
            analyzeOptions.think = *sim::parseDuration(thinkText).value;
        return cli::runAnalyze(analyzeOptions);
    }
    if (capacity->parsed()) {
        if (!probeText.empty())
            capacityOptions.probe = *sim::parseDuration(probeText).value;
        return cli::runCapacity(capacityOptions);
    }
    if (exportCharts->parsed()) {
        if (exportSeedOption->count())
            exportOptions.run.seed = exportSeed;
        if (exportReplicationsOption->count())
            exportOptions.run.replications = exportReplications;
        if (exportDurationOption->count())
            exportOptions.run.duration = sim::parseDuration(exportDuration).value;
        if (exportWarmupOption->count())
            exportOptions.run.warmup = sim::parseDuration(exportWarmup).value;
        if (exportOptions.formats.empty())
            exportOptions.formats = {"png", "pdf", "svg"};
        std::sscanf(exportSize.c_str(), "%d%*c%d", &exportOptions.width, &exportOptions.height);
        return cli::runExportCharts(exportOptions);
    }
    if (sc->parsed())
        return cli::runSelfCheck(selfcheck);
    return cli::ExitBadInput;
}
