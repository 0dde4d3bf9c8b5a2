#include "chartstool.h"
#include "command.h"
#include "errors.h"
#include "outputfiles.h"
#include "replicator.h"
#include "resultsdir.h"
#include "cli/report.h"
#include "runflags.h"
#include "runoptions.h"
#include "studyloader.h"

#include "simcore/units.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <memory>

namespace scalelab::cli {

namespace {

/// The flags of `export-charts`.
struct ExportChartsOptions
{
    RunOptions run;                   ///< study, variants, seed, replications, duration, warm-up; out: the folder
    std::vector<std::string> formats; ///< "png", "pdf", "svg"
    int width = 1200;                 ///< px (PNG, SVG) or points (PDF)
    int height = 700;
    std::string from;                 ///< the results of `compare --out` / `run --out` to chart; empty: run
    std::string latencyScale = "linear";
};

std::string indexMarkdown(const scenarios::Study& study, const ExportChartsOptions& options,
                          const std::vector<std::pair<std::string, std::vector<std::string>>>& charts,
                          const std::string& table)
{
    std::string md = "# " + (study.name.empty() ? study.path : study.name) + "\n\n";
    md += "Charts of `scalelab-cli export-charts " + options.run.study + "` (replication 0 of each variant, " +
          std::to_string(options.width) + "x" + std::to_string(options.height) +
          "); what each shows: docs/charts.md. The table covers every replication, after the warm-up.\n\n";
    for (const auto& [title, files] : charts) {
        md += "## " + title + "\n\n";
        for (const std::string& f : files)
            if (f.size() > 4 && f.compare(f.size() - 4, 4, ".png") == 0)
                md += "![" + f + "](" + f + ")\n\n";
        for (const std::string& f : files)
            md += "- [" + f + "](" + f + ")\n";
        md += "\n";
    }
    md += "## Summary\n\n```\n" + table + "```\n";
    return md;
}

/// `export-charts STUDY --out DIR`: runs the variants like `compare` (or `run`
/// for one), or reads their results from `--from` (the --out folder of
/// compare or run), then has scalelab-charts render the standard charts
/// headless (docs/charts.md): DIR/VARIANT-CHART.EXT per variant,
/// DIR/compare-CHART.EXT overlaid when there are several, DIR/summary.txt
/// (the CLI table), DIR/summary.json and DIR/index.md listing them.
int runExportCharts(const ExportChartsOptions& options)
{
    const std::optional<std::string> tool = chartsTool();
    if (!tool)
        return ExitRunFailed;
    std::optional<SavedResults> saved;
    if (!options.from.empty()) {
        saved = readSavedResults(options.from);
        if (!saved)
            return ExitBadInput;
    } else {
        std::optional<scenarios::Study> study = loadStudy(options.run.study, options.run.sets);
        if (!study || !applyOverrides(*study, options.run))
            return ExitBadInput;
        saved.emplace();
        saved->study = std::move(*study);
        saved->variants = selectVariants(saved->study, options.run.variants);
        if (saved->variants.empty())
            return ExitBadInput;
    }
    if (!prepareOutputDir(options.run.out))
        return ExitBadInput;

    const TemporaryDir streams;
    if (streams.path().empty()) {
        printError("cannot create a temporary folder for the charts' data", "check TMPDIR and the space left");
        return ExitRunFailed;
    }
    const scenarios::Study& study = saved->study;
    const auto& variants = saved->variants;
    nlohmann::ordered_json json;
    std::string table;
    std::string intervals; ///< the folder of the per-bin means over replications; empty: none
    if (options.from.empty()) {
        // Every replication's bins: the charts draw the mean over them with its interval.
        const auto ran = runReplications(study, variants, true, true);
        if (!ran)
            return ExitRunFailed;
        // As many per variant; with run.until, as many as the precision took.
        const std::size_t replications = ran->size() / variants.size();
        std::vector<VariantSummary> summaries;
        for (std::size_t i = 0; i < variants.size(); ++i) {
            std::vector<scenarios::VariantRun> runs;
            for (std::size_t r = 0; r < replications; ++r)
                runs.push_back((*ran)[i * replications + r].run);
            summaries.push_back(summarizeVariant(study, *variants[i], runs));
            const std::string name = std::to_string(i) + ".ndjson";
            if (!writeTextFile(streams.path(), name,
                               streamOf(study, *variants[i], (*ran)[i * replications])))
                return ExitRunFailed;
            saved->streams.push_back(streams.path() + "/" + name);
            std::vector<const std::vector<sim::Frame>*> reps;
            for (std::size_t k = 0; k < replications; ++k)
                reps.push_back(&(*ran)[i * replications + k].bins);
            if (!writeTimeSeriesAllCsv(streams.path(), "timeseries-" + variants[i]->name, *variants[i], reps))
                return ExitRunFailed;
        }
        intervals = streams.path();
        const bool several = variants.size() > 1;
        table = printedText([&](std::FILE* out) {
            if (several)
                printCompareTable(out, study, summaries);
            else
                printRunTable(out, study, summaries.front());
        });
        json = several ? compareJson(study, summaries) : runJson(study, summaries.front());
    } else {
        table = saved->table;
        json = saved->summary;
    }

    const std::string manifest = streams.path() + "/charts.json";
    if (!writeTextFile(streams.path(), "annotations.json", chartAnnotations(study).dump(2)))
        return ExitRunFailed;
    std::string formats;
    for (const std::string& f : options.formats)
        formats += (formats.empty() ? "" : ",") + f;
    std::vector<std::string> toolArgs{*tool,       "--out",    options.run.out,
                                      "--format",   formats,    "--size",
                                      std::to_string(options.width) + "x" + std::to_string(options.height),
                                      "--manifest", manifest,   "--annotations",
                                      streams.path() + "/annotations.json",
                                      "--latency-scale", options.latencyScale};
    if (!options.from.empty() && hasSeriesMeans(options.from, *saved))
        intervals = options.from;
    if (!intervals.empty())
        toolArgs.insert(toolArgs.end(), {"--intervals", intervals});
    toolArgs.insert(toolArgs.end(), saved->streams.begin(), saved->streams.end());

    // scalelab-charts has said why when it fails.
    if (runProgram(toolArgs) != 0)
        return ExitRunFailed;
    const auto written = readManifest(manifest);
    if (!written)
        return ExitRunFailed;

    ExportChartsOptions shown = options;
    shown.run.study = options.from.empty() ? options.run.study : "--from " + options.from;
    if (!writeTextFile(options.run.out, "summary.txt", table) || !writeSummaryJson(options.run.out, json) ||
        !writeTextFile(options.run.out, "index.md", indexMarkdown(study, shown, *written, table)))
        return ExitRunFailed;
    std::size_t count = 0;
    for (const auto& entry : *written)
        count += entry.second.size();
    std::printf("%zu chart files, summary.txt, summary.json and index.md in %s\n", count, options.run.out.c_str());
    return ExitOk;
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

class ExportChartsCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* exportCharts = app.add_subcommand(
            "export-charts", "Run the variants and render their charts (PNG, PDF, SVG) headless, with an index");
        addStudyOrResults(*exportCharts, m_options.run.study, m_options.run.sets, m_options.from,
                          "Chart the results of 'compare --out DIR' or 'run --out DIR' instead of running");
        exportCharts->add_option("--latency-scale", m_options.latencyScale, "The latency chart's axis (default: linear)")
            ->check(CLI::IsMember({"linear", "log"}))
            ->type_name("linear|log");
        exportCharts->add_option("--out", m_options.run.out, "The folder for the charts, summary and index.md")
            ->required()
            ->type_name("DIR");
        exportCharts->add_option("--variant", m_options.run.variants,
                                 "A variant to chart (repeat or comma-separate; default: all, in file order)")
            ->delimiter(',')
            ->type_name("NAME");
        exportCharts->add_option("--format", m_options.formats, "Chart files to write (default: png,pdf,svg)")
            ->delimiter(',')
            ->check(CLI::IsMember({"png", "pdf", "svg"}))
            ->type_name("png,pdf,svg");
        exportCharts->add_option("--size", m_size, "Width x height of each chart: pixels (PDF: points)")
            ->check(sizeValidator())
            ->type_name("WxH");
        m_seedOption =
            exportCharts->add_option("--seed", m_seed, "Random seed (default: the study's run.seed)")->type_name("N");
        m_replicationsOption =
            exportCharts->add_option("--replications", m_replications,
                                     "Replications for the summary table (default: the study's run.replications)")
                ->check(CLI::Range(1, 100000))
                ->type_name("R");
        m_durationOption = exportCharts->add_option("--duration", m_duration, "Simulated time, e.g. 600s")
                               ->check(durationValidator(true))
                               ->type_name("DURATION");
        m_warmupOption = exportCharts->add_option("--warmup", m_warmup, "Warm-up, e.g. 60s")
                             ->check(durationValidator(false))
                             ->type_name("DURATION");
        exportCharts->footer(kExitCodes);
        return exportCharts;
    }

    int run() override
    {
        if (m_options.run.study.empty() && m_options.from.empty()) {
            printError("export-charts needs a STUDY or --from DIR", "see 'scalelab-cli export-charts --help' for the usage");
            return ExitBadInput;
        }
        if (!m_options.from.empty() && (m_seedOption->count() || m_replicationsOption->count() ||
                                        m_durationOption->count() || m_warmupOption->count() ||
                                        !m_options.run.variants.empty())) {
            printError("--from charts the results as they were run: --seed, --replications, --duration, --warmup "
                       "and --variant do not apply",
                       "run 'scalelab-cli compare STUDY --out DIR' with them, then export-charts --from DIR");
            return ExitBadInput;
        }
        if (m_seedOption->count())
            m_options.run.seed = m_seed;
        if (m_replicationsOption->count())
            m_options.run.replications = m_replications;
        if (m_durationOption->count())
            m_options.run.duration = sim::parseDuration(m_duration).value;
        if (m_warmupOption->count())
            m_options.run.warmup = sim::parseDuration(m_warmup).value;
        if (m_options.formats.empty())
            m_options.formats = {"png", "pdf", "svg"};
        std::sscanf(m_size.c_str(), "%d%*c%d", &m_options.width, &m_options.height);
        return runExportCharts(m_options);
    }

private:
    ExportChartsOptions m_options;
    std::string m_size = "1200x700";
    std::uint64_t m_seed = 0;
    int m_replications = 0;
    std::string m_duration, m_warmup;
    CLI::Option* m_seedOption = nullptr;
    CLI::Option* m_replicationsOption = nullptr;
    CLI::Option* m_durationOption = nullptr;
    CLI::Option* m_warmupOption = nullptr;
};

const CommandRegistration<ExportChartsCommand> registration(60);

} // namespace

} // namespace scalelab::cli
