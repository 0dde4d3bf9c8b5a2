// scalelab-charts --sweep DIR --out DIR [--format png,pdf,svg] [--size WxH]:
// a finished sweep's charts (docs/sweeps.md), drawn from DIR/sweep.json and
// DIR/aggregate.jsonl. `scalelab-cli sweep` runs it when it has merged.
#include "sweepmain.h"

#include "charts/chartexport.h"
#include "charts/sweepcharts.h"

#include <qcustomplot.h>

#include <QDir>

#include <cstdio>

namespace scalelab::charts {

namespace {

void fail(const QString& message, const QString& hint = {})
{
    std::fprintf(stderr, "scalelab-charts: error: %s\n", qPrintable(message));
    if (!hint.isEmpty())
        std::fprintf(stderr, "scalelab-charts: hint: %s\n", qPrintable(hint));
}

/// "rps=400" as a file name part: letters, digits, '.', '-', '_' kept.
QString slug(const std::string& text)
{
    QString out;
    for (const QChar c : QString::fromStdString(text))
        out += c.isLetterOrNumber() || c == '.' || c == '-' || c == '_' ? c : QChar('_');
    return out;
}

bool save(QCustomPlot& plot, const QString& dir, const QString& stem, const std::vector<ExportFormat>& formats,
          int width, int height, int& count)
{
    for (const ExportFormat f : formats) {
        const QString path = QDir(dir).filePath(stem + "." + exportFormatName(f));
        QString error;
        if (!exportChart(plot, path, f, width, height, &error)) {
            fail("cannot write the chart '" + path + "': " + error, "check the space left and the permissions");
            return false;
        }
        ++count;
    }
    return true;
}

} // namespace

int drawSweep(const QString& sweepDir, const QString& out, const std::vector<ExportFormat>& formats, int width,
              int height)
{
    QString error;
    const auto table = SweepTable::read(sweepDir, &error);
    if (!table) {
        fail(error, "pass --sweep the --out folder of a finished 'scalelab-cli sweep'");
        return 2;
    }
    if (!QDir().mkpath(out)) {
        fail("cannot create the output folder '" + out + "'", "pass --out a folder you can write to");
        return 2;
    }
    QCustomPlot plot;
    plot.resize(width, height);
    int count = 0;
    for (const std::string& metric : table->metrics)
        for (const SweepLines& lines : sweepLines(*table, metric)) {
            QString stem = slug(metric);
            for (const std::string& f : lines.fixed)
                stem += "-" + slug(f);
            drawSweepLines(plot, *table, lines);
            if (!save(plot, out, stem, formats, width, height, count))
                return 1;
        }
    if (drawCostScatter(plot, *table) && !save(plot, out, "cost-vs-p99", formats, width, height, count))
        return 1;
    std::printf("%d chart files in %s\n", count, qPrintable(out));
    return 0;
}

} // namespace scalelab::charts
