// The study reader: every bad file in bad/ against the diagnostics its header
// states, the good study's values, the route list turned into a tree, and inputs
// that must never make the reader throw.
#include "scenarios/studyreader.h"
#include "studydump.h"
#include "../support/fixtureheader.h"

#include <QtTest>

using namespace scalelab::scenarios;
using scalelab::testing::FixtureHeader;
using scalelab::testing::readFixtureHeader;

namespace {

QStringList formatted(const LoadResult& r)
{
    QStringList out;
    for (const auto& d : r.diagnostics)
        out << QString::fromStdString(d.format());
    return out;
}

const Call* only(const std::vector<Call>& calls, std::size_t n, std::size_t i)
{
    return calls.size() == n ? &calls[i] : nullptr;
}

} // namespace

class TestStudyReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Diagnostics name files as they were given: read them relative to here.
        QVERIFY(QDir::setCurrent(QStringLiteral(SCALELAB_SCENARIOS_TEST_DIR)));
    }

    void badStudy_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString& file : QDir("bad").entryList({"*.yaml"}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(file)) << file;
    }

    // Each bad file states its diagnostics in its header (tests/README.md): all of
    // them, in order, word for word.
    void badStudy()
    {
        QFETCH(QString, file);
        const FixtureHeader expected = readFixtureHeader("bad/" + file);
        QVERIFY2(expected.error.isEmpty(), qPrintable(expected.error));
        QVERIFY2(expected.hasExpectation(),
                 "no '# expect:'/'# exit:' header: a bad study file states what it must produce");
        // Diagnostics name the file as it was given: read it from its folder, as
        // `scalelab-cli validate file.yaml` run there would.
        const QString here = QDir::currentPath();
        QVERIFY(QDir::setCurrent("bad"));
        const LoadResult r = readStudy(file.toStdString());
        QVERIFY(QDir::setCurrent(here));
        QCOMPARE(formatted(r), expected.diagnostics);
        QVERIFY(!r.ok());
        QVERIFY(!r.study);
    }

    void badFilesFound()
    {
        QVERIFY(QDir("bad").entryList({"*.yaml"}, QDir::Files).size() >= 25);
    }

    // A file of no bytes at all, which no fixture with a header can be.
    void emptyText()
    {
        QCOMPARE(formatted(parseStudy("", "empty.yaml")),
                 QStringList{"empty.yaml: error: the study is empty; it needs operations, workload and variants"});
    }

    void goodStudyLoads()
    {
        const LoadResult r = readStudy("good/shop.yaml");
        QCOMPARE(formatted(r), QStringList());
        QVERIFY(r.ok());
        const Study& s = *r.study;
        QCOMPARE(s.path, std::string("good/shop.yaml"));
        QCOMPARE(s.name, std::string("shop black friday"));
        QCOMPARE(s.headerComment, std::string("Shop: black friday study.\n"
                                              "Two designs on the same traffic, the same faults and the same SLOs."));
        QCOMPARE(s.operations.size(), std::size_t(3));
        QCOMPARE(s.operations[1].name, std::string("search"));
        QCOMPARE(s.operations[1].share, 0.2);
        QCOMPARE(s.operations[1].clientClass, std::string("mobile"));
        QCOMPARE(s.operations[2].clientClass, std::string("default"));
        QCOMPARE(s.operations[2].mark.line, 9);
        QCOMPARE(s.operations[2].mark.column, 3);

        QCOMPARE(s.workload.rate.size(), std::size_t(3));
        QCOMPARE(s.workload.rate[1].at, 300.0);
        QCOMPARE(s.workload.rate[1].rps, 8000.0);
        QCOMPARE(s.workload.rate[1].ramp, 30.0);
        QCOMPARE(s.workload.spikes.size(), std::size_t(1));
        QCOMPARE(s.workload.spikes[0].duration, 60.0);
        QVERIFY(s.workload.diurnal);
        QCOMPARE(s.workload.diurnal->peakAt, 14 * 3600.0);

        QCOMPARE(s.faults.size(), std::size_t(3));
        QCOMPARE(s.faults[0].type, std::string("kill"));
        QCOMPARE(s.faults[0].target, std::string("orders"));
        QCOMPARE(s.faults[0].setting("restart"), std::optional<double>(60.0));
        QCOMPARE(s.faults[0].value("instances"), 0.5); // a share: 50%
        QVERIFY(s.faults[0].shares.count("instances"));
        QVERIFY(s.faults[0].only.empty());
        QCOMPARE(s.faults[2].value("instances"), 1.0); // the default
        QCOMPARE(s.faults[2].only, std::vector<std::string>{"monolith"});
        QCOMPARE(s.roles.size(), std::size_t(1));
        QCOMPARE(s.roles[0].name, std::string("orders"));
        QCOMPARE(s.roles[0].description, std::string("takes the orders"));
        QCOMPARE(s.variants[0].roles.size(), std::size_t(1));
        QCOMPARE(s.variants[0].roles[0].components, std::vector<std::string>{"app"});
        QVERIFY(s.variants[1].roles.empty()); // its orders plays the role by its name
        QCOMPARE(s.faults[1].type, std::string("zone_outage"));
        QCOMPARE(s.faults[1].value("for"), 120.0);
        QCOMPARE(s.slo.p99, std::optional<double>(0.4));
        QCOMPARE(s.slo.availability, std::optional<double>(0.999));
        QCOMPARE(s.run.seed, std::uint64_t(7));
        QCOMPARE(s.run.bin, 5.0);
        QCOMPARE(s.network.zones.size(), std::size_t(3));
        QCOMPARE(s.network.zones[2].region, std::string("us"));
        QCOMPARE(s.network.zoneLatency, 250e-6);
        QCOMPARE(s.network.crossZoneBandwidth, 6.25e8);

        QCOMPARE(s.variants.size(), std::size_t(2));
        const Variant& mono = s.variants[0];
        QCOMPARE(mono.components.size(), std::size_t(6));
        QCOMPARE(mono.components[0].kind, ComponentKind::Entry);
        const Component* lb = mono.find("lb");
        QVERIFY(lb);
        QCOMPARE(lb->policy, LbPolicy::Weighted);
        QCOMPARE(lb->weights, (std::vector<double>{3, 1, 1, 1}));
        QCOMPARE(lb->healthInterval, 2.0);
        QCOMPARE(lb->mark.line, 33);
        QCOMPARE(lb->mark.column, 7);
        QCOMPARE(mono.find("orders")->host, std::string("app"));
        QCOMPARE(mono.find("cache")->ttl, std::optional<double>(300.0));
        QCOMPARE(mono.find("db")->diskBandwidth, 5e8);
        const Variant* micro = s.findVariant("microservices");
        QVERIFY(micro);
        QCOMPARE(micro->find("pay")->kind, ComponentKind::External);
        QCOMPARE(micro->find("pay")->latency.kind(), scalelab::sim::Distribution::Kind::Uniform);
        QCOMPARE(micro->find("pay")->errorRate, 0.01);
        QCOMPARE(micro->find("gw")->rateLimits.size(), std::size_t(1));
        QCOMPARE(micro->find("gw")->rateLimits[0].burst, 50.0);

        // browse: [lb, {app: {cpu: lognormal(8ms, cv=0.5)}}, {cache: {miss: [{db: ...}]}}]
        const Call& browse = mono.routes[0].root;
        QCOMPARE(mono.routes[0].operation, std::string("browse"));
        QCOMPARE(browse.target, std::string("lb"));
        const Call* app = only(browse.calls, 1, 0);
        QVERIFY(app);
        QCOMPARE(app->target, std::string("app"));
        QVERIFY(app->cpu);
        QCOMPARE(app->cpu->kind(), scalelab::sim::Distribution::Kind::Lognormal);
        QCOMPARE(app->cpu->cv(), 0.5);
        const Call* cache = only(app->calls, 1, 0);
        QVERIFY(cache);
        const Call* db = only(cache->miss, 1, 0);
        QVERIFY(db);
        QCOMPARE(db->read->mean(), 0.002);
        QCOMPARE(db->disk, 4096.0);
        QVERIFY(db->calls.empty());
        const Call* search = only(mono.routes[1].root.calls, 1, 0);
        QCOMPARE(search->responseBytes, 20000.0);

        // checkout: [gw, {web: {calls: [kv], parallel: [pay, kv]}}, orders, q]
        const Call& checkout = micro->routes[2].root;
        const Call* web = only(checkout.calls, 1, 0);
        QVERIFY(web);
        QCOMPARE(web->calls.size(), std::size_t(2));
        QCOMPARE(web->calls[0].target, std::string("kv"));
        QCOMPARE(web->calls[1].target, std::string("orders"));
        QCOMPARE(web->parallel.size(), std::size_t(2));
        QCOMPARE(web->parallel[1].write->mean(), 0.002);
        QCOMPARE(only(web->calls[1].calls, 1, 0)->target, std::string("q"));
        QCOMPARE(web->mark.line, 59);
        QCOMPARE(web->mark.column, 11);
    }

    void routeListBecomesTree()
    {
        const std::string text = "operations: {op: {}}\n"
                                 "workload: {rate: [{at: 0s, rps: 1}]}\n"
                                 "variants:\n"
                                 "  v: {components: {a: {kind: service}, b: {kind: service}, c: {kind: service},\n"
                                 "                   x: {kind: service}},\n"
                                 "      routes: {op: [a, {b: {calls: [x]}}, c]}}\n";
        const LoadResult r = parseStudy(text, "t.yaml");
        QCOMPARE(formatted(r), QStringList());
        const Call& a = r.study->variants[0].routes[0].root;
        QCOMPARE(a.target, std::string("a"));
        QCOMPARE(a.calls.size(), std::size_t(1));
        const Call& b = a.calls[0];
        QCOMPARE(b.target, std::string("b"));
        // b's own calls first, then the next step of the list.
        QCOMPARE(b.calls.size(), std::size_t(2));
        QCOMPARE(b.calls[0].target, std::string("x"));
        QCOMPARE(b.calls[1].target, std::string("c"));
        QVERIFY(b.calls[1].calls.empty());
        QCOMPARE(r.study->operations[0].share, 1.0);
    }

    void commaInFlowMapIsRejoined_data()
    {
        QTest::addColumn<QString>("step");
        QTest::addColumn<double>("cv");
        QTest::newRow("unquoted") << "{s: {cpu: lognormal(8ms, cv=0.5), timeout: 1s}}" << 0.5;
        QTest::newRow("no space") << "{s: {cpu: gamma(8ms,cv=2), timeout: 1s}}" << 2.0;
        QTest::newRow("quoted") << "{s: {cpu: \"lognormal(8ms, cv=0.25)\", timeout: 1s}}" << 0.25;
        QTest::newRow("over two lines") << "{s: {cpu: lognormal(8ms,\n      cv=0.75), timeout: 1s}}" << 0.75;
    }

    void commaInFlowMapIsRejoined()
    {
        QFETCH(QString, step);
        QFETCH(double, cv);
        const std::string text = "operations: {op: {}}\nworkload: {rate: [{at: 0s, rps: 1}]}\n"
                                 "variants: {v: {components: {s: {kind: service}}, routes: {op: [" +
                                 step.toStdString() + "]}}}\n";
        const LoadResult r = parseStudy(text, "t.yaml");
        QCOMPARE(formatted(r), QStringList());
        const Call& s = r.study->variants[0].routes[0].root;
        QCOMPARE(s.cpu->mean(), 0.008);
        QCOMPARE(s.cpu->cv(), cv);
        QCOMPARE(s.timeout, std::optional<double>(1.0));
    }

    void diagnosticFields()
    {
        const LoadResult r = readStudy("bad/unknown_kind.yaml");
        QCOMPARE(r.diagnostics.size(), std::size_t(1));
        const Diagnostic& d = r.diagnostics[0];
        QCOMPARE(d.file, std::string("bad/unknown_kind.yaml"));
        QCOMPARE(d.line, 12);
        QCOMPARE(d.column, 21);
        QCOMPARE(d.severity, Diagnostic::Severity::Error);
        QCOMPARE(d.path, std::string("variants.monolith.components.cache.kind"));
        QCOMPARE(d.hint, std::string("did you mean 'cache'?"));
    }

    void warningsDoNotBlock()
    {
        // A failover takes the primary: 1 of 2 database instances in a, 1 of 4 in b.
        const std::string text = "operations: {op: {}}\nworkload: {rate: [{at: 0s, rps: 1}]}\n"
                                 "roles: {db: the database}\n"
                                 "faults: [{at: 10s, failover: db}]\n"
                                 "variants:\n"
                                 "  a: {components: {s: {kind: service}, db: {kind: sql_database, replicas: 1}}, routes: {op: [s, db]}}\n"
                                 "  b: {components: {s: {kind: service}, db: {kind: sql_database, replicas: 3}}, routes: {op: [s, db]}}\n";
        const LoadResult r = parseStudy(text, "w.yaml");
        QCOMPARE(formatted(r),
                 QStringList{"w.yaml:4:10: warning: faults[0] (failover db) takes 25% of db's capacity in 'b' (db 1/4 = "
                             "25.0%) but 50% in 'a' (db 1/2 = 50.0%): 25 points apart, above parity_tolerance 10% (size "
                             "what the fault hits alike in the variants, or raise parity_tolerance)"});
        QVERIFY(r.ok());
        QCOMPARE(r.study->faults[0].target, std::string("db"));
    }

    void parseStudyDoesNotTouchFiles()
    {
        const std::string text = "operations: {op: {}}\nworkload: {replay: no-such.csv}\n"
                                 "variants: {v: {components: {s: {kind: service}}, routes: {op: [s]}}}\n";
        const LoadResult r = parseStudy(text, "shop.yaml");
        QCOMPARE(formatted(r), QStringList());
        QCOMPARE(r.study->path, std::string("shop.yaml"));
        QCOMPARE(r.study->workload.replay, std::string("no-such.csv"));
    }

    void replayFileNextToTheStudy()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile csv(dir.filePath("traffic.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("0,100\n");
        csv.close();
        QFile study(dir.filePath("study.yaml"));
        QVERIFY(study.open(QIODevice::WriteOnly));
        study.write("operations: {op: {}}\nworkload: {replay: traffic.csv}\n"
                    "variants: {v: {components: {s: {kind: service}}, routes: {op: [s]}}}\n");
        study.close();
        const LoadResult r = readStudy(dir.filePath("study.yaml").toStdString());
        QCOMPARE(formatted(r), QStringList());
    }

    void unreadableFile()
    {
        const LoadResult r = readStudy("bad/no-such-file.yaml");
        QCOMPARE(formatted(r),
                 QStringList{"bad/no-such-file.yaml: error: cannot read the study: No such file or directory"});
        QVERIFY(!r.ok());
    }

    void neverThrows_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("tab") << QByteArray("\t");
        QTest::newRow("open brace") << QByteArray("{");
        QTest::newRow("scalar") << QByteArray("just words");
        QTest::newRow("deep nesting") << QByteArray(5000, '[');
        QTest::newRow("unknown alias") << QByteArray("operations: *nowhere\n");
        QTest::newRow("alias loop") << QByteArray("a: &x [*x]\n");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01operations", 14);
        QTest::newRow("map as key") << QByteArray("{a: 1}: 2\n");
        QTest::newRow("list as key") << QByteArray("operations: {[a]: 1}\n");
        QTest::newRow("null everywhere")
            << QByteArray("operations: {op: }\nworkload: {rate: [~]}\nvariants: {v: {components: {s: },"
                          " routes: {op: [~, {s: ~}]}}}\nfaults: [~]\nslo:\nrun:\nnetwork: {zones: {z: ~}}\n");
        QTest::newRow("tagged") << QByteArray("operations: !!map {op: !!str {}}\nworkload: !custom 3\n");
        QTest::newRow("second document") << QByteArray("name: a\n---\nname: b\n");
    }

    void neverThrows()
    {
        QFETCH(QByteArray, text);
        LoadResult r;
        try {
            r = parseStudy(text.toStdString(), "x.yaml");
        } catch (...) {
            QFAIL("parseStudy threw");
        }
        QVERIFY(!r.ok());
        QVERIFY(!r.diagnostics.empty());
        for (const auto& d : r.diagnostics)
            QVERIFY2(d.format().rfind("x.yaml", 0) == 0, d.format().c_str());
    }

    void knownKeysAndKinds()
    {
        const auto study = knownKeys("study");
        QCOMPARE(study.front(), std::string("name"));
        QCOMPARE(study.size(), std::size_t(14));
        QVERIFY(knownKeys("nothing").empty());
        QCOMPARE(kindsForComponentKey("hit_ratio"), (std::vector<ComponentKind>{ComponentKind::Cache, ComponentKind::Cdn}));
        QCOMPARE(kindsForComponentKey("kind").size(), std::size_t(11));
        QVERIFY(kindsForComponentKey("colour").empty());
        QCOMPARE(kindsForStepKey("read"),
                 (std::vector<ComponentKind>{ComponentKind::SqlDatabase, ComponentKind::NosqlStore}));
        QCOMPARE(kindsForStepKey("miss"), std::vector<ComponentKind>{ComponentKind::Cache});
    }
};

QTEST_GUILESS_MAIN(TestStudyReader)
#include "tst_studyreader.moc"
