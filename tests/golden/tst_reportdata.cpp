// The review report's data, checked against what they are computed from:
// the interval bands the charts draw equal the per-bin 95% intervals
// computed here from every replication's series; the recovery per fault of
// a study whose answer is known by hand (a crash with a 20 s restart, and
// one that never restarts); the analytic check's rows equal the figures of
// `run` for the same variant, and say where the model does not apply.
#include "clitest.h"

#include "charts/chartbuilder.h"
#include "charts/intervalseries.h"
#include "charts/runseries.h"

#include <qcustomplot.h>

#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cmath>
#include <fstream>
#include <map>

namespace {

using namespace scalelab;
using namespace scalelab::testing;

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Student-t 0.975 quantiles by degrees of freedom (1..4).
double tQuantile(int df)
{
    static const double q[] = {0.0, 12.706204736, 4.302652730, 3.182446305, 2.776445105};
    return q[df];
}

/// column -> per bin -> per replication, from timeseries-VARIANT-all.csv.
std::map<QString, std::vector<std::vector<double>>> replicationColumns(const QString& path)
{
    std::map<QString, std::vector<std::vector<double>>> out;
    const QList<QByteArray> lines = readAll(path).split('\n');
    const QStringList header = QString::fromUtf8(lines.front()).split(',');
    std::map<int, int> binOfReplication; // replication -> rows seen
    for (qsizetype l = 1; l < lines.size(); ++l) {
        if (lines[l].isEmpty())
            continue;
        const QStringList cells = QString::fromUtf8(lines[l]).split(',');
        const int replication = cells[0].toInt();
        const int bin = binOfReplication[replication]++;
        for (qsizetype c = 1; c < header.size(); ++c) {
            auto& bins = out[header[c]];
            if (int(bins.size()) <= bin)
                bins.resize(std::size_t(bin) + 1);
            bins[std::size_t(bin)].push_back(cells[c].toDouble());
        }
    }
    return out;
}

charts::RunSeries streamSeries(const QString& path)
{
    charts::RunSeries series;
    std::ifstream in(path.toStdString());
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            series.addLine(line);
    return series;
}

} // namespace

class TestReportData : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void bandsAreTheIntervalsOverReplications()
    {
        const QString results = m_dir.filePath("shop");
        const Result compare = cli({"compare", "shop.yaml", "--out", results, "--series", "all"}, {}, 60000);
        QVERIFY2(compare.exitCode == 0, compare.err.constData());
        int checked = 0;
        for (const QString variant : {"monolith", "services"}) {
            charts::RunSeries series = streamSeries(results + "/streams/" + variant + ".ndjson");
            QString error;
            auto intervals = charts::readIntervalSeries(results + "/timeseries-" + variant + "-mean.csv", &error);
            QVERIFY2(intervals, qPrintable(error));
            series.setIntervals(*intervals);
            const auto reps = replicationColumns(results + "/timeseries-" + variant + "-all.csv");
            QCustomPlot plot;
            plot.resize(1000, 540);
            charts::ChartBuilder builder;
            // (chart, column, scale from the CSV's unit to the chart's)
            const struct { charts::ChartKind kind; QString column; double scale; } cases[] = {
                {charts::ChartKind::Latency, "p99", 1000.0},
                {charts::ChartKind::Latency, "p50", 1000.0},
                {charts::ChartKind::Throughput, "throughput", 1.0},
                {charts::ChartKind::Errors, "errors", 1.0 / series.bin()},
            };
            for (const auto& c : cases) {
                builder.draw(plot, c.kind, {&series});
                QCPGraph* lower = nullptr;
                QCPGraph* upper = nullptr;
                for (int g = 0; g < plot.graphCount(); ++g)
                    if (plot.graph(g)->property("scalelabColumn").toString() == c.column)
                        (plot.graph(g)->property("scalelabBand").toString() == "lower" ? lower : upper) = plot.graph(g);
                QVERIFY2(lower && upper, qPrintable(c.column));
                const auto& bins = reps.at(c.column);
                QCOMPARE(lower->data()->size(), int(bins.size()));
                for (std::size_t b = 0; b < bins.size(); ++b) {
                    const std::vector<double>& values = bins[b];
                    const int n = int(values.size());
                    QCOMPARE(n, 2);
                    double mean = 0.0, squares = 0.0;
                    for (double v : values)
                        mean += v / n;
                    for (double v : values)
                        squares += (v - mean) * (v - mean);
                    const double half = tQuantile(n - 1) * std::sqrt(squares / (n - 1)) / std::sqrt(double(n));
                    const double low = std::min(std::max(0.0, mean - half) * c.scale, plot.yAxis->range().upper);
                    // Above the axis the band stops at its top.
                    const double high = std::min((mean + half) * c.scale, plot.yAxis->range().upper);
                    const double tolerance = 1e-6 * std::max(1.0, high);
                    QVERIFY2(std::abs(lower->data()->at(int(b))->value - low) < tolerance,
                             qPrintable(QString("%1 %2 bin %3: %4 against %5")
                                            .arg(variant, c.column)
                                            .arg(b)
                                            .arg(lower->data()->at(int(b))->value)
                                            .arg(low)));
                    QVERIFY(std::abs(upper->data()->at(int(b))->value - high) < tolerance);
                    ++checked;
                }
                // The band's legend entry says over how many replications.
                QVERIFY(plot.legend->hasItemWithPlottable(upper) || c.kind != charts::ChartKind::Latency ||
                        c.column != "p50");
            }
        }
        QVERIFY(checked >= 40);

        // The report draws them: its charts come with the band's legend.
        const QString review = m_dir.filePath("shop-review");
        const Result report = cli({"report", "--from", results, "--out", review}, {}, 90000);
        QVERIFY2(report.exitCode == 0, report.err.constData());
        const QString html = QString::fromUtf8(readAll(review + "/index.html"));
        QVERIFY(html.contains("95 % interval (2 replications)"));
    }

    void recoveryIsTheRestartTime()
    {
        const QString review = m_dir.filePath("recovery");
        const Result r = cli({"report", "recovery.yaml", "--out", review}, {}, 120000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString html = QString::fromUtf8(readAll(review + "/index.html"));
        QVERIFY(html.contains("id=\"recovery\""));
        auto recovery = [&](const QString& variant) {
            const auto m = QRegularExpression(QString("<tr data-fault=\"[^\"]*\" data-at=\"100.000\" data-variant=\"%1\" data-recovery=\"([^\"]*)\">")
                                                  .arg(variant))
                               .match(html);
            return m.hasMatch() ? m.captured(1).split(' ') : QStringList();
        };
        // Back at 120 s, bins of 5 s: 20 s in every replication, to the bin.
        const QStringList restarts = recovery("restarts");
        QCOMPARE(restarts.size(), 3);
        for (const QString& t : restarts)
            QVERIFY2(std::abs(t.toDouble() - 20.0) <= 5.0, qPrintable(t));
        QCOMPARE(recovery("doomed"), QStringList({"never", "never", "never"}));
        QVERIFY(html.contains(">never</text>"));
        QVERIFY(html.contains("data-seconds=\"never\""));
    }

    void analyticRowsAreRunsFigures()
    {
        const QString html = QString::fromUtf8(readAll(m_dir.filePath("recovery") + "/index.html"));
        int rows = 0;
        int agrees = 0;
        for (const QString variant : {"restarts", "doomed"}) {
            const Result run = cli({"run", "recovery.yaml", "--variant", variant, "--format", "json"}, {}, 60000);
            QCOMPARE(run.exitCode, 0);
            const QJsonArray phases = QJsonDocument::fromJson(run.out).object()["analytic"].toArray();
            QVERIFY(!phases.isEmpty());
            for (const QJsonValue& p : phases) {
                const QJsonObject phase = p.toObject();
                const QString pattern =
                    QString("<tr data-variant=\"%1\" data-start=\"%2\" data-latency-simulated=\"([-0-9.e]+)\" "
                            "data-latency-model=\"([-0-9.e]+)\" data-cpu-simulated=\"([-0-9.e]+)\" "
                            "data-cpu-model=\"([-0-9.e]+)\">.*?<td class=\"(\\w+)\">([^<]*)</td></tr>")
                        .arg(variant, QString::number(phase["start"].toDouble(), 'f', 3));
                const auto m = QRegularExpression(pattern).match(html);
                QVERIFY2(m.hasMatch(), qPrintable(pattern));
                auto near = [](double a, double b) { return std::abs(a - b) <= 1e-8 * std::max(1.0, std::abs(b)); };
                QVERIFY(near(m.captured(1).toDouble(), phase["latency_mean"].toObject()["simulated"].toDouble()));
                QVERIFY(near(m.captured(2).toDouble(), phase["latency_mean"].toObject()["model"].toDouble()));
                QVERIFY(near(m.captured(3).toDouble(), phase["bottleneck_cpu"].toObject()["simulated"].toDouble()));
                QVERIFY(near(m.captured(4).toDouble(), phase["bottleneck_cpu"].toObject()["model"].toDouble()));
                // The verdict is run's unless the model does not apply there.
                const bool differs = !phase["differs"].toArray().isEmpty();
                const QString verdict = m.captured(6);
                QVERIFY2(verdict.startsWith("model does not apply") ||
                             verdict.startsWith(differs ? "differs" : "agrees"),
                         qPrintable(verdict));
                agrees += verdict == "agrees";
                ++rows;
            }
        }
        // doomed's phase after the crash has no successful request to compare: no row (as in run).
        QCOMPARE(rows, 3);
        QCOMPARE(agrees, 2); // before the crash, in both variants
        // The crash at 100 s acts in the second phase: said so in the row.
        QVERIFY(html.contains("model does not apply: a fault acts in this phase (kill app at 100s)"));
    }
};

QTEST_MAIN(TestReportData)
#include "tst_reportdata.moc"
