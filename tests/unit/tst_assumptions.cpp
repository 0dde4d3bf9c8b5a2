// The assumptions block: every default flagged as one that moves the results
// (models::field::Assumption) that the study leaves as it is, with its value
// and where it holds; the keys the study sets are left out.
#include "cli/assumptions.h"

#include "scenarios/studyreader.h"

#include <QtTest>

using namespace scalelab;

namespace {

const char* kStudy = R"(name: assumptions
operations: {op: {share: 1}}
workload: {rate: [{at: 0s, rps: 10}]}
run: {duration: 100s}
network: {latency: {zone: 1ms}}
variants:
  v:
    components:
      lb: {kind: load_balancer}
      app: {kind: service, backlog: 50, threads: 8}
      db: {kind: sql_database, cores: 4}
    routes:
      op: [lb, {app: {cpu: 1ms, request: 2KB}}, {db: {read: 1ms}}]
  w:
    components:
      app: {kind: service}
    routes:
      op: [{app: {cpu: 1ms, response: 10KB}}]
)";

const cli::AssumptionRow* row(const std::vector<cli::AssumptionRow>& rows, const std::string& key)
{
    for (const auto& r : rows)
        if (r.key == key)
            return &r;
    return nullptr;
}

QString dump(const std::vector<cli::AssumptionRow>& rows)
{
    QString out;
    for (const auto& r : rows)
        out += QString::fromStdString(r.key + " = " + r.value + " (" + r.applies + ")\n");
    return out;
}

} // namespace

class TestAssumptions : public QObject
{
    Q_OBJECT

private slots:
    void listsTheDefaultsTheStudyLeaves()
    {
        const auto loaded = scenarios::parseStudy(kStudy, "a.yaml");
        QVERIFY2(loaded.ok(), loaded.report().c_str());
        const scenarios::Study& s = *loaded.study;
        const auto rows = cli::assumptions(s, {&s.variants[0]});
        qInfo("%s", qPrintable(dump(rows)));
        auto expect = [&](const std::string& key, const std::string& value, const std::string& applies) {
            const cli::AssumptionRow* r = row(rows, key);
            QVERIFY2(r, key.c_str());
            QCOMPARE(r->value, value);
            QCOMPARE(r->applies, applies);
            QVERIFY(!r->help.empty());
        };
        expect("run.warmup", "1min", "the run");
        QVERIFY(!row(rows, "run.duration")); // set, and not flagged
        QVERIFY(!row(rows, "network.latency.zone")); // set
        expect("network.latency.cross_zone", "1ms", "every hop between zones of a region, each way");
        expect("network.bandwidth.zone", "10Gbps", "every hop within a zone, each way");
        expect("cores", "2", "lb, app");         // db sets its cores
        expect("backlog", "1000", "db");         // app sets its backlog
        expect("overhead", "0.1ms", "lb");
        QVERIFY(!row(rows, "threads"));          // app sets them; no other kind here has threads
        expect("request", "1KB", "2 of 3 steps");
        expect("response", "5KB", "every step");
    }

    void namesTheVariantsWhenSeveral()
    {
        const auto loaded = scenarios::parseStudy(kStudy, "a.yaml");
        QVERIFY(loaded.ok());
        const auto rows = cli::assumptions(*loaded.study);
        qInfo("%s", qPrintable(dump(rows)));
        const cli::AssumptionRow* cores = row(rows, "cores");
        QVERIFY(cores);
        QCOMPARE(cores->applies, std::string("v: lb, app; w: app"));
        const cli::AssumptionRow* response = row(rows, "response");
        QVERIFY(response);
        QCOMPARE(response->applies, std::string("3 of 4 steps"));
    }

    void aStudySettingEverythingHasNone()
    {
        const auto loaded = scenarios::parseStudy(R"(name: none
operations: {op: {share: 1}}
workload: {rate: [{at: 0s, rps: 10}]}
run: {duration: 100s, warmup: 10s}
network:
  latency: {zone: 1ms, cross_zone: 2ms, cross_region: 50ms}
  bandwidth: {zone: 1Gbps}
variants:
  v:
    components:
      app: {kind: service, cores: 4, threads: 8, backlog: 10}
    routes:
      op: [{app: {cpu: 1ms, request: 2KB, response: 2KB}}]
)",
                                                  "n.yaml");
        QVERIFY2(loaded.ok(), loaded.report().c_str());
        const auto rows = cli::assumptions(*loaded.study);
        QVERIFY2(rows.empty(), qPrintable(dump(rows)));
    }
};

QTEST_GUILESS_MAIN(TestAssumptions)
#include "tst_assumptions.moc"
