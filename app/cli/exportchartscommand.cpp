#include "exportcharts.h"

#include "errors.h"
#include "outputfiles.h"
#include "replicator.h"
#include "report.h"
#include "studyloader.h"

#include "charts/chartbuilder.h"
#include "charts/chartexport.h"
#include "charts/runseries.h"

#include <nlohmann/json.hpp>
#include <qcustomplot.h>

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

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

/// Replication 0's frames, as the GUI's run panel reads them from the stream.
charts::RunSeries seriesOf(const scenarios::Study& study, const scenarios::Variant& variant,
                           const ReplicationResult& result)
{
    charts::RunSeries series(QString::fromStdString(variant.name));
    series.addStart(scenarios::streamStart(study, variant));
    for (const sim::Frame& frame : result.bins)
        series.addFrame(frame);
    return series;
}

/// One chart written in every format asked for; their file names are appended to `files`.
bool renderChart(QCustomPlot& plot, charts::ChartKind kind, const std::vector<const charts::RunSeries*>& runs,
                 const ExportChartsOptions& options, const std::string& stem, std::vector<std::string>& files)
{
    charts::ChartBuilder().draw(plot, kind, runs);
    for (const std::string& f : options.formats) {
        const auto format = charts::exportFormatFromName(QString::fromStdString(f));
        const std::string name = stem + "." + f;
        const std::string path = (std::filesystem::path(options.run.out) / name).string();
        QString error;
        if (!format || !charts::exportChart(plot, QString::fromStdString(path), *format, options.width,
                                            options.height, &error)) {
            printError("cannot write the chart '" + path + "': " + error.toStdString(),
                       "check the space left and the permissions");
            return false;
        }
        files.push_back(name);
    }
    return true;
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
    if (!prepareOutputDir(options.run.out))
        return ExitBadInput;

    // The simulations first, in child processes, before Qt starts any thread.
    const int replications = study->run.replications;
    const auto ran = runReplications(*study, variants, true);
    if (!ran)
        return ExitRunFailed;
    const std::vector<ReplicationResult>& results = *ran;

    std::vector<VariantSummary> summaries;
    std::vector<charts::RunSeries> series;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        std::vector<scenarios::VariantRun> runs;
        for (int r = 0; r < replications; ++r)
            runs.push_back(results[i * std::size_t(replications) + std::size_t(r)].run);
        summaries.push_back(summarizeVariant(*study, *variants[i], runs));
        series.push_back(seriesOf(*study, *variants[i], results[i * std::size_t(replications)]));
    }
    const bool several = variants.size() > 1;
    const std::string table = captured([&](std::FILE* out) {
        if (several)
            printCompareTable(out, *study, summaries);
        else
            printRunTable(out, *study, summaries.front());
    });
    const nlohmann::ordered_json json = several ? compareJson(*study, summaries) : runJson(*study, summaries.front());

    // Headless rendering: no window is ever shown, so no display is needed.
    if (!std::getenv("QT_QPA_PLATFORM"))
        ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    // Without XDG_RUNTIME_DIR (CI jobs, containers, cron) Qt warns on stderr and
    // falls back to a shared folder: give it a private one (QTemporaryDir: 0700).
    std::optional<QTemporaryDir> runtimeDir;
    if (!std::getenv("XDG_RUNTIME_DIR")) {
        runtimeDir.emplace(QDir::tempPath() + "/scalelab-runtime-XXXXXX");
        if (runtimeDir->isValid())
            ::setenv("XDG_RUNTIME_DIR", runtimeDir->path().toLocal8Bit().constData(), 1);
    }
    int argc = 1;
    char name[] = "scalelab-cli";
    char* argv[] = {name, nullptr};
    QApplication app(argc, argv);
    QCustomPlot plot;
    plot.resize(options.width, options.height);

    std::vector<std::pair<std::string, std::vector<std::string>>> written;
    std::vector<const charts::RunSeries*> all;
    for (const charts::RunSeries& s : series)
        all.push_back(&s);
    for (charts::ChartKind kind : charts::allChartKinds()) {
        if (!charts::chartHasData(kind, all))
            continue;
        std::vector<std::string> files;
        if (several && !renderChart(plot, kind, all, options, "compare-" + charts::chartId(kind).toStdString(), files))
            return ExitRunFailed;
        for (const charts::RunSeries* s : all)
            if (!renderChart(plot, kind, {s}, options,
                             s->variant().toStdString() + "-" + charts::chartId(kind).toStdString(), files))
                return ExitRunFailed;
        written.emplace_back(charts::chartTitle(kind).toStdString(), std::move(files));
    }

    if (!writeTextFile(options.run.out, "summary.txt", table) || !writeSummaryJson(options.run.out, json) ||
        !writeTextFile(options.run.out, "index.md", indexMarkdown(*study, options, written, table)))
        return ExitRunFailed;
    std::size_t count = 0;
    for (const auto& entry : written)
        count += entry.second.size();
    std::printf("%zu chart files, summary.txt, summary.json and index.md in %s\n", count, options.run.out.c_str());
    return ExitOk;
}

} // namespace scalelab::cli
