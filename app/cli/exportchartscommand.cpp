#include "command.h"
#include "errors.h"
#include "outputfiles.h"
#include "replicator.h"
#include "cli/report.h"
#include "runflags.h"
#include "runoptions.h"
#include "studyloader.h"
#include "chartstool.h"

#include "scenarios/runner.h"
#include "simcore/framejson.h"
#include "simcore/units.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace scalelab::cli {

namespace {

/// The flags of `export-charts`.
struct ExportChartsOptions
{
    RunOptions run;                   ///< study, variants, seed, replications, duration, warm-up; out: the folder
    std::vector<std::string> formats; ///< "png", "pdf", "svg"
    int width = 1200;                 ///< px (PNG, SVG) or points (PDF)
    int height = 700;
};

/// A table printed by `print` as text (the CLI's own tables, for summary.txt).
template <typename Print>
std::string captured(Print print)
{
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = ::open_memstream(&buffer, &size);
    if (!out)
        return {};
    print(out);
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    return text;
}

/// Replication 0 as stream lines (docs/stream.md): start, then each bin's events and frame, for scalelab-charts.
std::string streamOf(const scenarios::Study& study, const scenarios::Variant& variant, const ReplicationResult& result)
{
    std::string lines = sim::toJson(scenarios::streamStart(study, variant)) + "\n";
    for (const sim::Frame& frame : result.bins)
        lines += sim::frameLines(frame);
    return lines;
}

/// A private temporary folder, removed with everything in it.
class TemporaryDir
{
public:
    TemporaryDir()
    {
        std::error_code ec;
        std::string pattern = (std::filesystem::temp_directory_path(ec) / "scalelab-streams-XXXXXX").string();
        if (!ec && ::mkdtemp(pattern.data()))
            m_path = pattern;
    }
    ~TemporaryDir()
    {
        std::error_code ec;
        if (!m_path.empty())
            std::filesystem::remove_all(m_path, ec);
    }
    TemporaryDir(const TemporaryDir&) = delete;
    TemporaryDir& operator=(const TemporaryDir&) = delete;

    /// Empty when it could not be created.
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

/// The charts scalelab-charts wrote, by title, from its --manifest file; empty after printing why not.
std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> readManifest(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, false);
    if (manifest.is_discarded() || !manifest.contains("charts") || !manifest["charts"].is_array()) {
        printError("cannot read the list of charts scalelab-charts wrote ('" + path + "')", kFailedRunHint);
        return std::nullopt;
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> charts;
    for (const nlohmann::json& chart : manifest["charts"])
        charts.emplace_back(chart.value("title", std::string()), chart.value("files", std::vector<std::string>()));
    return charts;
}

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
/// for one), then has scalelab-charts render the standard charts headless
/// (docs/charts.md): DIR/VARIANT-CHART.EXT per variant, DIR/compare-CHART.EXT
/// overlaid when there are several, DIR/summary.txt (the CLI table),
/// DIR/summary.json and DIR/index.md listing them.
int runExportCharts(const ExportChartsOptions& options)
{
    std::optional<scenarios::Study> study = loadStudy(options.run.study, options.run.sets);
    if (!study || !applyOverrides(*study, options.run))
        return ExitBadInput;
    const auto variants = selectVariants(*study, options.run.variants);
    if (variants.empty())
        return ExitBadInput;
    const std::optional<std::string> tool = chartsTool();
    if (!tool)
        return ExitRunFailed;
    if (!prepareOutputDir(options.run.out))
        return ExitBadInput;

    const auto ran = runReplications(*study, variants, true);
    if (!ran)
        return ExitRunFailed;
    const std::vector<ReplicationResult>& results = *ran;
    const int replications = int(results.size() / variants.size()); // run.until may have grown them

    const TemporaryDir streams;
    if (streams.path().empty()) {
        printError("cannot create a temporary folder for the charts' data", "check TMPDIR and the space left");
        return ExitRunFailed;
    }
    const std::string manifest = streams.path() + "/charts.json";
    std::string formats;
    for (const std::string& f : options.formats)
        formats += (formats.empty() ? "" : ",") + f;
    std::vector<std::string> toolArgs{*tool,     "--out",  options.run.out,
                                      "--format", formats, "--size",
                                      std::to_string(options.width) + "x" + std::to_string(options.height),
                                      "--manifest", manifest};
    std::vector<VariantSummary> summaries;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        std::vector<scenarios::VariantRun> runs;
        for (int r = 0; r < replications; ++r)
            runs.push_back(results[i * std::size_t(replications) + std::size_t(r)].run);
        summaries.push_back(summarizeVariant(*study, *variants[i], runs));
        const std::string name = std::to_string(i) + ".ndjson";
        if (!writeTextFile(streams.path(), name, streamOf(*study, *variants[i], results[i * std::size_t(replications)])))
            return ExitRunFailed;
        toolArgs.push_back(streams.path() + "/" + name);
    }
    const bool several = variants.size() > 1;
    const std::string table = captured([&](std::FILE* out) {
        if (several)
            printCompareTable(out, *study, summaries);
        else
            printRunTable(out, *study, summaries.front());
    });
    const nlohmann::ordered_json json = several ? compareJson(*study, summaries) : runJson(*study, summaries.front());

    // scalelab-charts has said why when it fails.
    if (runProgram(toolArgs) != 0)
        return ExitRunFailed;
    const auto written = readManifest(manifest);
    if (!written)
        return ExitRunFailed;

    if (!writeTextFile(options.run.out, "summary.txt", table) || !writeSummaryJson(options.run.out, json) ||
        !writeTextFile(options.run.out, "index.md", indexMarkdown(*study, options, *written, table)))
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
        addStudyArguments(exportCharts, m_options.run.study, m_options.run.sets);
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
