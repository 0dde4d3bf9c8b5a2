// The sweep charts by what they plot: a sweep's aggregate table read back,
// the lines along the first parameter (one per variant, per value of the
// others, in x order, non-numbers by index), the SLO break point and the
// Pareto front of cost against p99; then every chart drawn and written.
#include "charts/sweepcharts.h"

#include <qcustomplot.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace scalelab::charts;

namespace {

void write(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

/// Two parameters (rps first), two variants, p99 and cost: a sweep's files as
/// scalelab-cli sweep writes them, p99 breaking 0.5 s at rps 300 for "a" only.
QByteArray aggregate()
{
    QByteArray out;
    int point = 0;
    for (const char* n : {"1", "2"})
        for (const char* rps : {"300", "100", "200"}) { // out of x order on purpose
            for (const char* v : {"a", "b"}) {
                const double base = QByteArray(v) == "a" ? 0.2 : 0.3;
                const double p99 = QByteArray(rps) == "300" && QByteArray(v) == "a" && QByteArray(n) == "1" ? 0.9
                                                                                                         : base;
                const double cost = (QByteArray(v) == "a" ? 1.0 : 2.0) * QByteArray(n).toDouble();
                for (const auto& [metric, mean] : {std::pair{"p99", p99}, std::pair{"cost_per_million", cost}})
                    out += QString("{\"point\":%1,\"key\":\"k\",\"values\":{\"rps\":\"%2\",\"n\":\"%3\"},"
                                   "\"variant\":\"%4\",\"metric\":\"%5\",\"replications\":2,\"mean\":%6,"
                                   "\"low\":%7,\"high\":%8,\"half_width\":0.01}\n")
                               .arg(point)
                               .arg(rps, n, v, metric)
                               .arg(mean)
                               .arg(mean - 0.01)
                               .arg(mean + 0.01)
                               .toUtf8();
            }
            ++point;
        }
    return out;
}

} // namespace

class TestSweepCharts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        write(m_dir.filePath("sweep.json"),
              R"({"study": "s", "combine": "grid", "parameters": [{"column": "rps", "set": ["workload.rate.0.rps"],
                  "values": ["300", "100", "200"]}, {"column": "n", "set": ["x"], "values": ["1", "2"]}],
                  "variants": ["a", "b"], "metrics": ["p99", "cost_per_million"], "slo": {"p99": 0.5}})");
        write(m_dir.filePath("aggregate.jsonl"), aggregate());
    }

    void readsTheTable()
    {
        QString error;
        const auto t = SweepTable::read(m_dir.path(), &error);
        QVERIFY2(t, qPrintable(error));
        QCOMPARE(t->parameters, (std::vector<std::string>{"rps", "n"}));
        QCOMPARE(t->rows.size(), std::size_t(6 * 2 * 2));
        QCOMPARE(*t->sloP99, 0.5);
        QVERIFY(!SweepTable::read(m_dir.filePath("nothing"), &error));
        QVERIFY(error.contains("sweep.json"));
    }

    void linesAlongTheFirstParameter()
    {
        QString error;
        const auto t = *SweepTable::read(m_dir.path(), &error);
        const auto lines = sweepLines(t, "p99");
        QCOMPARE(lines.size(), std::size_t(2)); // n=1, n=2
        QCOMPARE(lines[0].fixed, (std::vector<std::string>{"n=1"}));
        const auto& a = lines[0].byVariant.at("a");
        QCOMPARE(a.size(), std::size_t(3));
        QCOMPARE(a[0].x, 100.0); // sorted by x
        QCOMPARE(a[2].x, 300.0);
        QCOMPARE(a[2].mean, 0.9);
        QCOMPARE(a[2].low, 0.89);
        const auto b = breakPoint(a, 0.5);
        QVERIFY(b);
        QCOMPARE(b->x, 300.0);
        QCOMPARE(b->holdsFromHere, false);
        QVERIFY(!breakPoint(lines[0].byVariant.at("b"), 0.5)); // always holds
        // A line that starts broken and then holds.
        const auto holds = breakPoint({{1, 0.9, 0, 0}, {2, 0.7, 0, 0}, {4, 0.3, 0, 0}}, 0.5);
        QCOMPARE(holds->x, 4.0);
        QCOMPARE(holds->holdsFromHere, true);
    }

    void paretoFrontKeepsWhatNothingBeats()
    {
        const std::vector<CostPoint> points{{0.3, 5, "a", 0}, {0.2, 9, "a", 1}, {0.4, 1, "b", 2},
                                            {0.35, 6, "b", 3}, {0.2, 10, "b", 4}, {0.5, 1, "a", 5}};
        const auto front = paretoFront(points);
        QCOMPARE(front.size(), std::size_t(3));
        QCOMPARE(front[0].point, std::size_t(1)); // fastest, and cheaper than the other as fast
        QCOMPARE(front[1].point, std::size_t(0));
        QCOMPARE(front[2].point, std::size_t(2)); // cheapest; point 5 is as cheap but slower
    }

    void drawsEveryChart()
    {
        QString error;
        const auto t = *SweepTable::read(m_dir.path(), &error);
        QCustomPlot plot;
        plot.resize(800, 500);
        drawSweepLines(plot, t, sweepLines(t, "p99").front());
        // Per variant: the band's two edges and the line; the SLO and a's break point as items.
        QCOMPARE(plot.graphCount(), 6);
        QCOMPARE(plot.graph(2)->name(), QString("a"));
        QCOMPARE(plot.graph(2)->data()->size(), 3);
        QCOMPARE(plot.graph(2)->data()->at(2)->value, 900.0); // ms
        QCOMPARE(plot.itemCount(), 3);
        QVERIFY(drawCostScatter(plot, t));
        QCOMPARE(plot.graphCount(), 3); // a, b, the front
        QCOMPARE(plot.graph(2)->name(), QString("Pareto front"));
        QVERIFY(plot.graph(2)->data()->size() >= 1);
    }
};

QTEST_MAIN(TestSweepCharts)
#include "tst_sweepcharts.moc"
