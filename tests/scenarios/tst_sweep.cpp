// The sweep: section: read and written back, its checks, the expansion of its
// parameters into points (lists, ranges, log ranges, grid and zip) and the
// points' keys.
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"
#include "scenarios/sweep.h"

#include <QtTest>

using namespace scalelab::scenarios;

namespace {

const std::string kStudy = R"(operations:
  browse: {share: 1}
workload:
  rate: [{at: 0s, rps: 100}]
run: {duration: 60s, warmup: 5s}
variants:
  v1:
    components:
      app: {kind: service, instances: 2}
    routes:
      browse: [{app: {cpu: 8ms}}]
)";

LoadResult withSweep(const std::string& sweep)
{
    return parseStudy(kStudy + "sweep:\n" + sweep, "s.yaml");
}

SweepParameter parameter(const std::string& yaml)
{
    const LoadResult r = withSweep("  parameters: [" + yaml + "]\n");
    if (!r.ok())
        qFatal("%s", r.report().c_str());
    return r.study->sweep->parameters.front();
}

QStringList values(const SweepParameter& p)
{
    QStringList out;
    for (const auto& v : sweepValues(p))
        out << QString::fromStdString(v);
    return out;
}

} // namespace

class TestSweep : public QObject
{
    Q_OBJECT

private slots:
    void values_data()
    {
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("list") << "{set: [run.seed], values: [3, 1, 2]}" << QStringList{"3", "1", "2"};
        QTest::newRow("list of durations") << "{set: [run.warmup], values: [5s, 250ms]}" << QStringList{"5s", "250ms"};
        QTest::newRow("range by step") << "{set: [run.seed], from: 2, to: 16, step: 2}"
                                       << QStringList{"2", "4", "6", "8", "10", "12", "14", "16"};
        QTest::newRow("step not landing on to") << "{set: [run.seed], from: 0, to: 1, step: 0.3}"
                                                << QStringList{"0", "0.3", "0.6", "0.9"};
        QTest::newRow("decimal step, no drift") << "{set: [run.seed], from: 0.1, to: 0.5, step: 0.1}"
                                                << QStringList{"0.1", "0.2", "0.3", "0.4", "0.5"};
        QTest::newRow("range by points") << "{set: [run.seed], from: 1, to: 2, points: 5}"
                                         << QStringList{"1", "1.25", "1.5", "1.75", "2"};
        QTest::newRow("log range") << "{set: [run.seed], from: 1, to: 64, points: 7, spacing: log}"
                                   << QStringList{"1", "2", "4", "8", "16", "32", "64"};
        QTest::newRow("log range, decades") << "{set: [run.seed], from: 10, to: 10000, points: 4, spacing: log}"
                                            << QStringList{"10", "100", "1000", "10000"};
        QTest::newRow("unit appended") << "{set: [run.warmup], from: 100, to: 300, step: 100, unit: ms}"
                                       << QStringList{"100ms", "200ms", "300ms"};
    }

    void values()
    {
        QFETCH(QString, parameter);
        QFETCH(QStringList, expected);
        QCOMPARE(::values(::parameter(parameter.toStdString())), expected);
    }

    void badParameter_data()
    {
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << "{set: [run.seed]}"
                                 << "sweep.parameters[0]: needs values, or a range: from and to with step or points";
        QTest::newRow("both") << "{set: [run.seed], values: [1], from: 1, to: 2, step: 1}"
                              << "sweep.parameters[0]: values and a range (from, to, step, points) exclude each other";
        QTest::newRow("no to") << "{set: [run.seed], from: 1, step: 1}" << "sweep.parameters[0]: a range needs to";
        QTest::newRow("step and points") << "{set: [run.seed], from: 1, to: 2, step: 1, points: 3}"
                                         << "sweep.parameters[0]: a range takes step or points, not both";
        QTest::newRow("backwards") << "{set: [run.seed], from: 5, to: 2, step: 1}"
                                   << "sweep.parameters[0]: to (2) must be at least from (5)";
        QTest::newRow("log through zero") << "{set: [run.seed], from: 0, to: 8, points: 4, spacing: log}"
                                          << "sweep.parameters[0]: a log range needs from > 0 (got 0)";
    }

    void badParameter()
    {
        QFETCH(QString, parameter);
        QFETCH(QString, message);
        const LoadResult r = withSweep("  parameters: [" + parameter.toStdString() + "]\n");
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.diagnostics.front().message), message);
        QCOMPARE(r.diagnostics.front().line, 13);
    }

    void missingSetIsTheReadersError()
    {
        const LoadResult r = withSweep("  parameters: [{values: [1, 2]}]\n");
        QVERIFY(!r.ok());
        QVERIFY2(r.report().find("set") != std::string::npos, r.report().c_str());
    }

    void zipNeedsEqualLengths()
    {
        const LoadResult r = withSweep("  combine: zip\n  parameters:\n"
                                       "    - {set: [run.seed], values: [1, 2, 3]}\n"
                                       "    - {set: [run.warmup], values: [1s, 2s]}\n");
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.diagnostics.front().format()),
                 QString("s.yaml:16:7: error: sweep.parameters[1] has 2 values; combine: zip needs as many as "
                         "sweep.parameters[0] (3) (give every parameter as many values, or combine: grid)"));
    }

    void gridVariesTheLastParameterFastest()
    {
        const LoadResult r = withSweep("  parameters:\n"
                                       "    - {name: n, set: [variants.v1.components.app.instances], values: [1, 2]}\n"
                                       "    - {set: [workload.rate.0.rps, run.seed], values: [10, 20, 30]}\n");
        QVERIFY2(r.ok(), r.report().c_str());
        const auto points = expandSweep(*r.study->sweep);
        QCOMPARE(points.size(), std::size_t(6));
        QStringList seen;
        for (const auto& p : points) {
            QCOMPARE(p.values.size(), std::size_t(2));
            QCOMPARE(p.overrides.size(), std::size_t(3)); // one per path
            seen << QString::fromStdString(p.values[0].second + "/" + p.values[1].second);
        }
        QCOMPARE(seen, (QStringList{"1/10", "1/20", "1/30", "2/10", "2/20", "2/30"}));
        QCOMPARE(QString::fromStdString(points[4].values[0].first), QString("n"));
        QCOMPARE(QString::fromStdString(points[4].values[1].first), QString("workload.rate.0.rps"));
        QCOMPARE(QString::fromStdString(points[4].overrides[2].path), QString("run.seed"));
        QCOMPARE(QString::fromStdString(points[4].overrides[2].value), QString("20"));
        QCOMPARE(points[5].index, std::size_t(5));
    }

    void zipPairsTheValues()
    {
        const LoadResult r = withSweep("  combine: zip\n  parameters:\n"
                                       "    - {set: [run.seed], values: [1, 2, 3]}\n"
                                       "    - {set: [workload.rate.0.rps], from: 100, to: 300, step: 100}\n");
        QVERIFY2(r.ok(), r.report().c_str());
        const auto points = expandSweep(*r.study->sweep);
        QCOMPARE(points.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(points[2].values[0].second + "/" + points[2].values[1].second),
                 QString("3/300"));
    }

    void writtenBackAsRead()
    {
        const LoadResult r = withSweep("  combine: zip\n  metrics: [p99, browse.p99]\n  parameters:\n"
                                       "    - {name: n, set: [run.seed], values: [1, 2]}\n"
                                       "    - {set: [run.warmup], from: 1, to: 2, points: 2, spacing: log, unit: s}\n");
        QVERIFY2(r.ok(), r.report().c_str());
        const std::string text = writeStudy(*r.study);
        const LoadResult again = parseStudy(text, "again.yaml");
        QVERIFY2(again.ok(), (text + again.report()).c_str());
        QCOMPARE(QString::fromStdString(writeStudy(*again.study)), QString::fromStdString(text));
        QCOMPARE(again.study->sweep->metrics.size(), std::size_t(2));
        QCOMPARE(again.study->sweep->parameters[1].spacing, SweepSpacing::Log);
    }

    // A point's key is its resolved study and seed: the same on every read,
    // different when anything that changes its results differs, and blind to
    // the sweep section itself.
    void keys()
    {
        auto point = [](const std::vector<std::string>& sets, const std::string& extra = {}) {
            std::vector<Override> o;
            for (const auto& s : sets)
                o.push_back(*parseOverride(s));
            const LoadResult r = parseStudy(kStudy + extra, "k.yaml", o);
            if (!r.ok())
                qFatal("%s", r.report().c_str());
            return pointKey(*r.study);
        };
        const std::string base = point({});
        QCOMPARE(base.size(), std::size_t(16));
        QVERIFY(base.find_first_not_of("0123456789abcdef") == std::string::npos);
        QCOMPARE(point({}), base);
        QCOMPARE(point({"variants.v1.components.app.instances=2"}), base); // the value it already has
        QVERIFY(point({"variants.v1.components.app.instances=3"}) != base);
        QVERIFY(point({"run.seed=2"}) != base);
        QVERIFY(point({"workload.rate.0.rps=101"}) != base);
        QCOMPARE(point({}, "sweep: {parameters: [{set: [run.seed], values: [1, 2]}]}\n"), base);
        QCOMPARE(point({}, "name: another name for it\n"), base);
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
