#include "exportcharts.h"

#include "errors.h"
#include "outputfiles.h"
#include "replicator.h"
#include "report.h"
#include "studyloader.h"

#include "models/system.h"

#include <nlohmann/json.hpp>

#include <cerrno>
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

/// Replication 0 as stream lines (docs/stream.md): start, events, then frames, for scalelab-charts.
std::string streamOf(const scenarios::Study& study, const scenarios::Variant& variant, const ReplicationResult& result)
{
    nlohmann::ordered_json components = nlohmann::ordered_json::array();
    for (const scenarios::Component& c : variant.components)
        components.push_back({{"name", c.name}, {"kind", models::kindName(c.kind)}});
    std::string lines = nlohmann::ordered_json{{"type", "start"},
                                               {"variant", variant.name},
                                               {"duration", study.run.duration},
                                               {"warmup", study.run.warmup},
                                               {"bin", study.run.bin},
                                               {"components", std::move(components)}}
                            .dump() +
                        "\n";
    for (const sim::RunEvent& e : result.events)
        lines += eventToJson(e) + "\n";
    for (const Bin& bin : result.bins)
        lines += binToJson(bin.frame, bin.gauges) + "\n";
    return lines;
}

/// scalelab-charts, the Qt-linked chart renderer installed next to this
/// executable; nullopt after printing why it cannot be run.
std::optional<std::string> chartsTool()
{
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path tool = self.parent_path() / "scalelab-charts";
    if (ec || ::access(tool.c_str(), X_OK) != 0) {
        printError("cannot render the charts: '" + tool.string() + "' is missing or not executable",
                   "export-charts runs scalelab-charts from scalelab-cli's folder: build it (target scalelab-charts) "
                   "or install it there");
        return std::nullopt;
    }
    return tool.string();
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

/// Runs `argv` (argv[0]: the program's path) and waits for it; its exit code,
/// or -1 after printing why it did not exit normally.
int runProgram(const std::vector<std::string>& argv)
{
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = 0;
    if (const int error = ::posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ); error != 0) {
        printError("cannot start '" + argv[0] + "': " + std::strerror(error));
        return -1;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            printError("lost '" + argv[0] + "': " + std::strerror(errno));
            return -1;
        }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    printError("'" + argv[0] + "' crashed (signal " + std::to_string(WTERMSIG(status)) + ")",
               "report it with the study attached");
    return -1;
}

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

} // namespace

int runExportCharts(const ExportChartsOptions& options)
{
    std::optional<scenarios::Study> study = loadStudy(options.run.study);
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

    const int replications = study->run.replications;
    const auto ran = runReplications(*study, variants, true);
    if (!ran)
        return ExitRunFailed;
    const std::vector<ReplicationResult>& results = *ran;

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

} // namespace scalelab::cli
