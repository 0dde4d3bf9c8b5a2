// The work estimate the CLI checks before a run (docs/cli.md, "Work
// estimate"): requests from the workload, visits per request from the
// analytic model, against hand-computed counts; and every bundled study and
// test study under the default limit.
#include "scenarios/analysis.h"
#include "scenarios/studyreader.h"

#include <QtTest>

#include <QDir>

#include <cmath>

using namespace scalelab;

namespace {

scenarios::Study parse(const std::string& text)
{
    auto r = scenarios::parseStudy(text, "inline.yaml");
    if (!r.ok())
        qFatal("%s", r.diagnostics.front().format().c_str());
    return *r.study;
}

std::vector<const scenarios::Variant*> all(const scenarios::Study& s)
{
    std::vector<const scenarios::Variant*> out;
    for (const auto& v : s.variants)
        out.push_back(&v);
    return out;
}

/// A chain of `depth` services, each calling the next.
std::string chain(int depth, double rps, const char* duration)
{
    std::string components, route;
    for (int i = 0; i < depth; ++i) {
        components += (i ? ", s" : "s") + std::to_string(i) + ": {kind: service}";
        route += (i ? ", s" : "s") + std::to_string(i);
    }
    return "operations: {op: {share: 1}}\n"
           "workload: {rate: [{at: 0s, rps: " + std::to_string(rps) + "}]}\n"
           "run: {duration: " + std::string(duration) + ", warmup: 1s}\n"
           "variants: {v: {components: {" + components + "}, routes: {op: [" + route + "]}}}\n";
}

} // namespace

class TestWorkEstimate : public QObject
{
    Q_OBJECT

private slots:
    // 100 requests/s for 10 s, 3 visits each (a -> b -> c), 2 replications.
    void constantRateTimesVisitsTimesReplications()
    {
        const auto s = parse(chain(3, 100, "10s"));
        const auto e = scenarios::estimateWork(s, all(s), 2, 2);
        QCOMPARE(e.arrivals, 1000.0);
        QCOMPARE(e.peakRate, 100.0);
        QVERIFY(std::abs(e.visitsPerRequest - 3.0) < 1e-9);
        QVERIFY(std::abs(e.events - 6000.0) < 1e-6);
        QVERIFY(!e.overloaded);
        QVERIFY(e.seconds > 0 && e.bytesPerProcess > 0);
    }

    // Nothing for 10 s, a ramp to 200/s over 10 s, then 200/s for 10 s: 1000 + 2000
    // requests; a mix of 3 parts [a, b] to 1 part [a, b, c, d]: 2.5 visits.
    void rampsAndMixes()
    {
        const auto s = parse("operations: {browse: {share: 3}, buy: {share: 1}}\n"
                             "workload: {rate: [{at: 0s, rps: 0}, {at: 10s, ramp: 10s, rps: 200}]}\n"
                             "run: {duration: 30s, warmup: 1s}\n"
                             "variants:\n"
                             "  v: {components: {a: {kind: service}, b: {kind: service}, c: {kind: service},"
                             " d: {kind: service}}, routes: {browse: [a, b], buy: [a, b, c, d]}}\n"
                             "  w: {components: {a: {kind: service}}, routes: {browse: [a], buy: [a]}}\n");
        const auto e = scenarios::estimateWork(s, all(s), 1, 1);
        QVERIFY(std::abs(e.arrivals - 3000.0) < 1e-6);
        QVERIFY(std::abs(e.visitsPerRequest - 2.5) < 1e-9); // the largest of the variants
        QVERIFY(std::abs(e.events - 3000.0 * (2.5 + 1.0)) < 1e-6); // both variants
    }

    // The memory of requests in flight grows with the route's depth, linearly
    // with the depth at a given number of requests in flight.
    void memoryGrowsWithDepth()
    {
        const auto shallow = parse(chain(10, 100, "10s"));
        const auto deep = parse(chain(100, 100, "10s"));
        const auto a = scenarios::estimateWork(shallow, all(shallow), 1, 1);
        const auto b = scenarios::estimateWork(deep, all(deep), 1, 1);
        QVERIFY(b.bytesPerProcess > a.bytesPerProcess);
        QVERIFY(std::abs(b.events / a.events - 10.0) < 1e-9);
    }

    // A study the model finds saturated is said so.
    void overloadIsFlagged()
    {
        const auto s = parse("operations: {op: {share: 1}}\n"
                             "workload: {rate: [{at: 0s, rps: 100000}]}\n"
                             "run: {duration: 10s, warmup: 1s}\n"
                             "variants: {v: {components: {app: {kind: service, cores: 1}}, "
                             "routes: {op: [{app: {cpu: 10ms}}]}}}\n");
        QVERIFY(scenarios::estimateWork(s, all(s), 1, 1).overloaded);
    }

    // The default limit refuses none of the studies the project ships or tests.
    void everyShippedStudyFitsTheDefault()
    {
        int checked = 0;
        for (const QString& folder : {QStringLiteral(SCALELAB_SOURCE_DIR "/scenarios/examples"),
                                     QStringLiteral(SCALELAB_SOURCE_DIR "/resources/templates"),
                                     QStringLiteral(SCALELAB_SOURCE_DIR "/tests/golden/data"),
                                     QStringLiteral(SCALELAB_SOURCE_DIR "/tests/scenarios/good"),
                                     QStringLiteral(SCALELAB_SOURCE_DIR "/tests/gui/data")}) {
            for (const QString& name : QDir(folder).entryList({"*.yaml"}, QDir::Files)) {
                const auto read = scenarios::readStudy((folder + "/" + name).toStdString());
                if (!read.ok())
                    continue; // the bad inputs among the golden data
                const scenarios::Study& s = *read.study;
                double events = 0.0;
                try {
                    events = scenarios::estimateWork(s, all(s), s.run.replications, 2).events;
                } catch (const std::exception&) {
                    continue; // no estimate: nothing refused
                }
                qInfo("%s: %.3g events", qPrintable(name), events);
                QVERIFY2(events < scenarios::kDefaultMaxEvents, qPrintable(name));
                ++checked;
            }
        }
        QVERIFY(checked >= 10);
    }
};

QTEST_GUILESS_MAIN(TestWorkEstimate)
#include "tst_workestimate.moc"
