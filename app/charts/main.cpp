// scalelab-charts --out DIR [--format png,pdf,svg] [--size WxH] [--manifest FILE]
//                 [--annotations FILE] [--latency-scale linear|log] [--intervals DIR] STREAM...:
// the standard charts (docs/charts.md) of runs saved from `scalelab-cli run --stream`,
// rendered headless; scalelab-charts --html PAGE --pdf FILE prints the review
// report's page to a PDF. `scalelab-cli export-charts` runs it, so that the simulation
// executable links no Qt; scalelab-charts --diagrams STUDY --out DIR draws each
// variant's canvas, as the desktop app's Export canvas does, for the review
// report; see docs/cli.md.
#include "charts/chartbuilder.h"
#include "charts/chartexport.h"
#include "charts/intervalseries.h"
#include "charts/reportpdf.h"
#include "charts/runseries.h"
#include "sweepmain.h"

#include "canvasexport.h"
#include "canvasscene.h"
#include "document.h"

#include <nlohmann/json.hpp>
#include <qcustomplot.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace scalelab;

enum ExitCode : int { ExitOk = 0, ExitWriteFailed = 1, ExitBadInput = 2 };

constexpr const char* kInternalErrorHint = "this is a bug in scalelab-charts: please report it with its input";

/// Prints "scalelab-charts: error: message", then the hint line when there is one.
void printError(const QString& message, const QString& hint = {})
{
    std::fprintf(stderr, "scalelab-charts: error: %s\n", qPrintable(message));
    if (!hint.isEmpty())
        std::fprintf(stderr, "scalelab-charts: hint: %s\n", qPrintable(hint));
}

struct Options
{
    QString out;
    std::vector<charts::ExportFormat> formats;
    int width = 1200; ///< px (PNG, SVG) or points (PDF)
    int height = 700;
    QString manifest; ///< empty: a line on stdout instead
    QString sweep;    ///< --sweep DIR: a finished sweep's charts instead of streams
    QString html; ///< with pdf: print this page to a PDF instead of drawing charts
    QString pdf;
    QString diagrams; ///< --diagrams STUDY: each variant's canvas instead of charts
    QString annotations; ///< JSON: the SLO and the workload's bands (empty: none)
    bool logLatency = false;
    QString intervals; ///< DIR of timeseries[-VARIANT]-mean.csv (empty: replication 0 only)
    QStringList streams;
    bool help = false; ///< --help: printed, nothing else to do
};

/// The command line; nullopt after printing why not.
std::optional<Options> parseOptions(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Renders the standard charts (docs/charts.md) of runs saved from 'scalelab-cli run --stream': "
        "DIR/VARIANT-CHART.EXT per run, and DIR/compare-CHART.EXT overlaid when there are several.");
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    const QCommandLineOption out("out", "The folder for the charts (created if missing).", "DIR");
    const QCommandLineOption format("format", "Chart files to write (default: png,pdf,svg).", "png,pdf,svg");
    const QCommandLineOption size("size", "Width x height of each chart: pixels (PDF: points), each 100..10000 "
                                          "(default: 1200x700).",
                                  "WxH");
    const QCommandLineOption manifest("manifest",
                                      "Write the charts written, by title, to FILE as JSON "
                                      "({\"charts\": [{\"title\", \"files\"}]}) instead of a line on stdout.",
                                      "FILE");
    const QCommandLineOption sweep("sweep",
                                   "Draw a finished sweep's charts from DIR (scalelab-cli sweep --out DIR) instead of "
                                   "streams.",
                                   "DIR");
    const QCommandLineOption annotations(
        "annotations",
        "Read the SLO and the traffic's spikes and ramps from FILE (JSON: {\"slo_p99\": SECONDS, "
        "\"bands\": [{\"from\", \"to\", \"label\", \"ramp\"}]}): a threshold line on the latency chart, "
        "shaded bands on every chart.",
        "FILE");
    const QCommandLineOption latencyScale("latency-scale", "The latency chart's axis: linear (default) or log.",
                                          "linear|log");
    const QCommandLineOption intervals(
        "intervals",
        "Draw latency, throughput and errors as the mean over replications with its 95% interval shaded, "
        "from DIR/timeseries-VARIANT-mean.csv (or DIR/timeseries-mean.csv for one stream): the output of "
        "'scalelab-cli compare|run --out DIR --series all'.",
        "DIR");
    const QCommandLineOption html("html", "Print the HTML page FILE (its <img> SVGs beside it) to the PDF of --pdf.",
                                  "FILE");
    const QCommandLineOption pdf("pdf", "The PDF to write the --html page to (A4).", "FILE");
    const QCommandLineOption diagrams("diagrams",
                                      "Draw each variant of the study FILE as the desktop app's canvas shows it (as "
                                      "designed, zones as boxes, with a legend): DIR/diagram-VARIANT.EXT, png or svg, "
                                      "--size wide and as tall as the drawing needs, at most --size high.",
                                      "FILE");
    parser.addOptions({help, out, format, size, manifest, sweep, annotations, latencyScale, intervals, html, pdf, diagrams});
    parser.addPositionalArgument("STREAM", "The NDJSON lines of one run (docs/stream.md), one file per variant.",
                                 "STREAM...");
    if (!parser.parse(arguments)) {
        printError(parser.errorText(), "see 'scalelab-charts --help' for the usage");
        return std::nullopt;
    }
    Options options;
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        options.help = true;
        return options;
    }
    options.html = parser.value(html);
    options.pdf = parser.value(pdf);
    if (!options.html.isEmpty() || !options.pdf.isEmpty()) {
        if (options.html.isEmpty() || options.pdf.isEmpty()) {
            printError("--html and --pdf go together", "see 'scalelab-charts --help' for the usage");
            return std::nullopt;
        }
        return options;
    }
    options.out = parser.value(out);
    options.manifest = parser.value(manifest);
    options.streams = parser.positionalArguments();
    options.annotations = parser.value(annotations);
    options.intervals = parser.value(intervals);
    if (parser.isSet(latencyScale)) {
        const QString scale = parser.value(latencyScale);
        if (scale != "linear" && scale != "log") {
            printError("--latency-scale: unknown scale '" + scale + "'; known: linear, log");
            return std::nullopt;
        }
        options.logLatency = scale == "log";
    }
    options.sweep = parser.value(sweep);
    options.diagrams = parser.value(diagrams);
    if (options.out.isEmpty() || (options.streams.isEmpty() && options.sweep.isEmpty() && options.diagrams.isEmpty())) {
        printError(options.out.isEmpty() ? "--out is required" : "no stream file given",
                   "see 'scalelab-charts --help' for the usage");
        return std::nullopt;
    }
    for (const QString& name : parser.isSet(format) ? parser.value(format).split(',') : QStringList{"png", "pdf", "svg"}) {
        const auto f = charts::exportFormatFromName(name);
        if (!f) {
            printError("--format: unknown format '" + name + "'; known: png, pdf, svg");
            return std::nullopt;
        }
        if (*f == charts::ExportFormat::Pdf && !options.diagrams.isEmpty()) {
            if (!parser.isSet(format))
                continue; // the default list: the canvas draws png and svg
            printError("--diagrams draws png or svg, not pdf", "pass --format png,svg (or one of them)");
            return std::nullopt;
        }
        options.formats.push_back(*f);
    }
    if (parser.isSet(size)) {
        static const QRegularExpression wxh("^(\\d{1,5})[xX](\\d{1,5})$");
        const auto m = wxh.match(parser.value(size));
        options.width = m.hasMatch() ? m.captured(1).toInt() : 0;
        options.height = m.hasMatch() ? m.captured(2).toInt() : 0;
        if (options.width < 100 || options.height < 100 || options.width > 10000 || options.height > 10000) {
            printError("--size must be WIDTHxHEIGHT, each 100..10000 (got " + parser.value(size) + ")");
            return std::nullopt;
        }
    }
    return options;
}

/// The run in a stream file; nullopt after printing why not.
std::optional<charts::RunSeries> readStream(const QString& path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    if (!in) {
        printError("cannot read the stream '" + path + "'", "pass the output of 'scalelab-cli run --stream'");
        return std::nullopt;
    }
    charts::RunSeries series;
    bool started = false;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.empty())
            continue;
        const charts::RunSeries::LineType type = series.addLine(line);
        if (type == charts::RunSeries::LineType::Malformed) {
            printError(QString("%1:%2: not a stream line (JSON expected)").arg(path).arg(number),
                       "pass the output of 'scalelab-cli run --stream'");
            return std::nullopt;
        }
        started = started || type == charts::RunSeries::LineType::Start;
    }
    if (!started) {
        printError("'" + path + "' has no start line: not a run's stream",
                   "pass the output of 'scalelab-cli run --stream'");
        return std::nullopt;
    }
    return series;
}

/// The annotations file (--annotations); nullopt after printing why it cannot be read.
std::optional<charts::ChartAnnotations> readAnnotations(const QString& path)
{
    charts::ChartAnnotations annotations;
    if (path.isEmpty())
        return annotations;
    std::ifstream in(path.toStdString(), std::ios::binary);
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (!in.is_open() || j.is_discarded() || !j.is_object()) {
        printError("cannot read the annotations '" + path + "' (a JSON object expected)",
                   "see 'scalelab-charts --help' for its keys");
        return std::nullopt;
    }
    try {
        annotations.sloP99 = j.value("slo_p99", 0.0);
        for (const nlohmann::json& b : j.value("bands", nlohmann::json::array()))
            annotations.bands.push_back({b.at("from").get<double>(), b.at("to").get<double>(),
                                         QString::fromStdString(b.value("label", std::string())), b.value("ramp", false)});
    } catch (const nlohmann::json::exception& e) {
        printError("annotations '" + path + "': " + e.what(), "see 'scalelab-charts --help' for its keys");
        return std::nullopt;
    }
    return annotations;
}

/// One chart written in every format asked for; their file names are appended to `files`.
bool renderChart(QCustomPlot& plot, const charts::ChartBuilder& builder, charts::ChartKind kind,
                 const std::vector<const charts::RunSeries*>& runs, const Options& options, const QString& stem,
                 std::vector<std::string>& files)
{
    builder.draw(plot, kind, runs);
    for (const charts::ExportFormat format : options.formats) {
        const QString name = stem + "." + charts::exportFormatName(format);
        const QString path = QDir(options.out).filePath(name);
        QString error;
        if (!charts::exportChart(plot, path, format, options.width, options.height, &error)) {
            printError("cannot write the chart '" + path + "': " + error, "check the space left and the permissions");
            return false;
        }
        files.push_back(name.toStdString());
    }
    return true;
}

/// Each variant of `studyPath` drawn as the canvas shows it: DIR/diagram-VARIANT.EXT.
int drawDiagrams(const Options& options)
{
    gui::Document document;
    std::vector<scenarios::Diagnostic> problems;
    if (!document.load(options.diagrams, &problems)) {
        for (const scenarios::Diagnostic& d : problems)
            if (d.severity == scenarios::Diagnostic::Severity::Error)
                std::fprintf(stderr, "%s\n", d.format().c_str());
        printError("cannot draw the diagrams of '" + options.diagrams + "'", "'scalelab-cli validate' says more");
        return ExitBadInput;
    }
    if (!QDir().mkpath(options.out)) {
        printError("cannot create '" + options.out + "'", "check the permissions");
        return ExitWriteFailed;
    }
    gui::CanvasScene scene(&document);
    std::size_t count = 0;
    for (const scenarios::Variant& variant : document.study().variants) {
        scene.setVariant(QString::fromStdString(variant.name));
        for (charts::ExportFormat format : options.formats) {
            const QString ext = charts::exportFormatName(format);
            const QString path = QDir(options.out).filePath("diagram-" + scene.variant() + "." + ext);
            QString error;
            const gui::CanvasPicture picture{false, true};
            const QSize size = gui::fittedCanvasSize(scene, options.width, options.height, picture);
            if (!gui::exportCanvas(scene, path, ext, size, &error, picture)) {
                printError(error, "check the space left and the permissions");
                return ExitWriteFailed;
            }
            ++count;
        }
    }
    std::printf("%zu diagram files in %s\n", count, qPrintable(options.out));
    return ExitOk;
}

/// Headless rendering: no window is ever shown, so no display is needed.
void setHeadless(std::optional<QTemporaryDir>& runtimeDir)
{
    if (!std::getenv("QT_QPA_PLATFORM"))
        ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    // Without XDG_RUNTIME_DIR (CI jobs, containers, cron) Qt warns on stderr and
    // falls back to a shared folder: give it a private one (QTemporaryDir: 0700).
    if (!std::getenv("XDG_RUNTIME_DIR")) {
        runtimeDir.emplace(QDir::tempPath() + "/scalelab-runtime-XXXXXX");
        if (runtimeDir->isValid())
            ::setenv("XDG_RUNTIME_DIR", runtimeDir->path().toLocal8Bit().constData(), 1);
    }
}

} // namespace

int runCharts(int argc, char** argv)
{
    std::optional<QTemporaryDir> runtimeDir;
    setHeadless(runtimeDir);
    QApplication app(argc, argv);
    QApplication::setApplicationName("scalelab-charts");

    const std::optional<Options> options = parseOptions(QApplication::arguments());
    if (!options)
        return ExitBadInput;
    if (options->help)
        return ExitOk;
    if (!options->html.isEmpty()) {
        QString error;
        if (charts::printHtmlToPdf(options->html, options->pdf, &error))
            return ExitOk;
        printError(error, "check the space left and the permissions");
        return ExitWriteFailed;
    }
    if (!options->diagrams.isEmpty())
        return drawDiagrams(*options);
    if (!options->sweep.isEmpty())
        return charts::drawSweep(options->sweep, options->out, options->formats, options->width, options->height);
    std::vector<charts::RunSeries> series;
    for (const QString& path : options->streams) {
        std::optional<charts::RunSeries> run = readStream(path);
        if (!run)
            return ExitBadInput;
        for (const charts::RunSeries& other : series)
            if (other.variant() == run->variant()) {
                printError("two streams of variant '" + run->variant() + "'",
                           "their charts would overwrite each other: pass one stream per variant");
                return ExitBadInput;
            }
        series.push_back(std::move(*run));
    }
    if (!options->intervals.isEmpty())
        for (charts::RunSeries& run : series) {
            const QDir dir(options->intervals);
            QString path = dir.filePath("timeseries-" + run.variant() + "-mean.csv");
            if (!QFileInfo::exists(path) && series.size() == 1)
                path = dir.filePath("timeseries-mean.csv");
            QString error;
            std::optional<charts::IntervalSeries> read = charts::readIntervalSeries(path, &error);
            if (!read) {
                printError("--intervals: " + error,
                           "pass the folder of 'scalelab-cli compare --out DIR --series all' (or run)");
                return ExitBadInput;
            }
            if (read->ends.size() != run.frameCount()) {
                printError(QString("--intervals: %1 has %2 bins, the stream of '%3' %4")
                               .arg(path)
                               .arg(read->ends.size())
                               .arg(run.variant())
                               .arg(run.frameCount()),
                           "pass the stream and the means of the same results");
                return ExitBadInput;
            }
            run.setIntervals(std::move(*read));
        }
    if (!QDir().mkpath(options->out)) {
        printError("cannot create the output folder '" + options->out + "'", "pass --out a folder you can write to");
        return ExitBadInput;
    }

    const std::optional<charts::ChartAnnotations> annotations = readAnnotations(options->annotations);
    if (!annotations)
        return ExitBadInput;
    charts::ChartBuilder builder;
    builder.setAnnotations(*annotations);
    builder.setLogLatency(options->logLatency);
    QCustomPlot plot;
    plot.resize(options->width, options->height);
    const bool several = series.size() > 1;
    nlohmann::ordered_json written = nlohmann::ordered_json::array();
    std::size_t count = 0;
    std::vector<const charts::RunSeries*> all;
    for (const charts::RunSeries& s : series)
        all.push_back(&s);
    for (charts::ChartKind kind : charts::allChartKinds()) {
        if (!charts::chartHasData(kind, all))
            continue;
        std::vector<std::string> files;
        if (several && !renderChart(plot, builder, kind, all, *options, "compare-" + charts::chartId(kind), files))
            return ExitWriteFailed;
        for (const charts::RunSeries* s : all)
            if (!renderChart(plot, builder, kind, {s}, *options, s->variant() + "-" + charts::chartId(kind), files))
                return ExitWriteFailed;
        count += files.size();
        written.push_back({{"title", charts::chartTitle(kind).toStdString()}, {"files", files}});
    }

    if (options->manifest.isEmpty()) {
        std::printf("%zu chart files in %s\n", count, qPrintable(options->out));
        return ExitOk;
    }
    std::ofstream manifest(options->manifest.toStdString(), std::ios::binary | std::ios::trunc);
    manifest << nlohmann::ordered_json{{"charts", written}}.dump(2) << '\n';
    manifest.close();
    if (!manifest) {
        printError("cannot write '" + options->manifest + "'", "check the space left and the permissions");
        return ExitWriteFailed;
    }
    return ExitOk;
}

int main(int argc, char** argv)
{
    // Nothing escapes: a stream line of the wrong type or a failed render is
    // reported, never an abort.
    try {
        return runCharts(argc, argv);
    } catch (const std::exception& e) {
        printError(QString("internal error: ") + e.what(), kInternalErrorHint);
    } catch (...) {
        printError("internal error: an unknown exception", kInternalErrorHint);
    }
    return ExitWriteFailed;
}
