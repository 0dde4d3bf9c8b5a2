// The study writer: read -> write -> read keeps every value and the header
// comment, writing twice gives the same text, only non-default fields are
// written, and saving is atomic (a failed save leaves the old file intact).
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"
#include "studydump.h"

#include <QtTest>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace scalelab::scenarios;
using scalelab::scenarios::test::dumpStudy;
using scalelab::sim::Distribution;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QStringList formatted(const LoadResult& r)
{
    QStringList out;
    for (const auto& d : r.diagnostics)
        out << q(d.format());
    return out;
}

Call step(const std::string& target)
{
    Call c;
    c.target = target;
    return c;
}

Component component(const std::string& name, ComponentKind kind)
{
    Component c;
    c.name = name;
    c.kind = kind;
    return c;
}

// The smallest valid study: one operation, one rate point, one service.
Study minimal()
{
    Study s;
    Operation op;
    op.name = "browse";
    s.operations.push_back(op);
    RatePoint p;
    p.rps = 100;
    s.workload.rate.push_back(p);
    Variant v;
    v.name = "v1";
    v.components.push_back(component("app", ComponentKind::Service));
    Route r;
    r.operation = "browse";
    r.root = step("app");
    v.routes.push_back(r);
    s.variants.push_back(v);
    return s;
}

// Every field away from its default, with values that need care to write
// exactly (long decimals, names YAML would misread, multi-line text).
Study everything()
{
    Study s;
    s.name = "every: field";
    s.description = "two\nlines";
    s.headerComment = "Header\n\n  indented";
    Operation browse;
    browse.name = "browse";
    browse.share = 0.7;
    Operation other;
    other.name = "null";
    other.share = 0.3;
    other.clientClass = "mobile";
    other.value = 42.5;
    s.operations = {browse, other};
    s.pricing.coreHour[ComponentKind::Service] = 0.0625;
    s.pricing.crossZoneGb = 0.011;
    s.pricing.crossRegionGb = 0.09;
    s.business.downtimeCost = 1234.5;
    s.business.conversionLoss = 0.07;
    s.business.baselineLatency = 0.25;

    Workload& w = s.workload;
    w.arrivals = ArrivalKind::Deterministic;
    RatePoint p0;
    p0.rps = 10;
    RatePoint p1;
    p1.at = 1.2345678;
    p1.rps = 20.5;
    p1.ramp = 0.5;
    w.rate = {p0, p1};
    Spike spike;
    spike.at = 100;
    spike.duration = 30;
    spike.factor = 2.5;
    spike.ramp = 3;
    w.spikes = {spike};
    Diurnal d;
    d.period = 3600;
    d.amplitude = 0.25;
    d.peakAt = 1800;
    w.diurnal = d;

    auto fault = [](const char* type, double at, const char* target,
                    std::initializer_list<std::pair<const std::string, double>> settings = {}) {
        Fault f;
        f.type = type;
        f.at = at;
        f.target = target;
        f.settings = settings;
        return f;
    };
    const Fault kill = fault("kill", 420, "svc", {{"instances", 2}, {"restart", 12.5}});
    const Fault killForever = fault("kill", 430, "sql");
    const Fault outage = fault("zone_outage", 50, "z1", {{"for", 30}});
    const Fault slow = fault("slow", 60, "ext", {{"add", 0.25}, {"factor", 2.5}, {"for", 10}});
    const Fault errors = fault("errors", 61, "svc", {{"rate", 0.125}, {"for", 5}});
    Fault partition = fault("partition", 62, "z1", {{"for", 7.5}});
    partition.peer = "z2";
    const Fault failover = fault("failover", 63, "sql", {{"promotion", 12}});
    const Fault flush = fault("cache_flush", 64, "cache");
    const Fault consumers = fault("consumer_outage", 65, "mq", {{"for", 90}});
    Fault network = fault("network", 62.5, "svc", {{"latency", 0.05}, {"jitter", 0.0125}, {"loss", 0.015},
                                                   {"bandwidth", 1.25e6}, {"for", 30}});
    network.peer = "sql";
    Fault zoneNetwork = fault("network", 62.75, "z2", {{"bandwidth", 12345.5}, {"for", 5}});
    zoneNetwork.peer = "z1";
    zoneNetwork.zonePair = true;
    s.faults = {kill, killForever, outage, slow, errors, partition, network, zoneNetwork, failover, flush, consumers};
    s.slo.p99 = 0.123456789;
    s.slo.availability = 0.9995;
    s.run.duration = 1234.5;
    s.run.warmup = 0;
    s.run.seed = 18446744073709551615ull;
    s.run.replications = 3;
    s.run.bin = 0.25;

    Zone z1;
    z1.name = "z1";
    z1.region = "r1";
    Zone z2;
    z2.name = "z2";
    s.network.zones = {z1, z2};
    s.network.zoneLatency = 1e-4;
    s.network.crossZoneLatency = 0.0015;
    s.network.crossRegionLatency = 0.123;
    s.network.zoneBandwidth = 1e9;
    s.network.crossZoneBandwidth = 3e8;
    s.network.crossRegionBandwidth = 12345.678;

    Variant v;
    v.name = "v";
    v.description = "ends with a newline\n";
    Component entry = component("users", ComponentKind::Entry);
    entry.zones = {"z1"};
    Component lb = component("lb", ComponentKind::LoadBalancer);
    lb.instances = 2;
    lb.cores = 1;
    lb.speed = 1.5;
    lb.policy = LbPolicy::Weighted;
    lb.weights = {2, 0.5};
    lb.connectionLimit = 10;
    lb.overhead = 0.001;
    lb.healthInterval = 1;
    lb.unhealthyThreshold = 3;
    Component gw = component("gw", ComponentKind::ApiGateway);
    gw.authOverhead = 0.002;
    Component::RateLimit mobile;
    mobile.clientClass = "mobile";
    mobile.rps = 100;
    mobile.burst = 10;
    Component::RateLimit everyone;
    everyone.rps = 5.5;
    gw.rateLimits = {mobile, everyone};
    Component svc = component("svc", ComponentKind::Service);
    svc.zones = {"z1", "z2"};
    svc.instances = 3;
    svc.threads = 4;
    svc.backlog = 0;
    svc.hourlyPrice = 0.1234;
    scalelab::models::AutoscaleConfig scaling;
    scaling.targetCpu = 0.625;
    scaling.tolerance = 0.05;
    scaling.min = 2;
    scaling.max = 7;
    scaling.period = 12.5;
    scaling.scaleOutCooldown = 30;
    scaling.scaleInCooldown = 0;
    scaling.provision = 95;
    scaling.schedule = {{60, 3, std::nullopt, std::nullopt}, {90, std::nullopt, 6, 4}};
    svc.autoscale = scaling;
    svc.shedWait = 0.075;
    Component mod = component("mod", ComponentKind::Module);
    mod.host = "svc";
    Component cache = component("cache", ComponentKind::Cache);
    cache.hitRatio = 0.85;
    cache.zipf = 1.2;
    cache.keys = 1000;
    cache.capacity = 100;
    cache.ttl = 30;
    Component mq = component("mq", ComponentKind::MessageQueue);
    mq.queueCapacity = 500;
    mq.consumer = "svc";
    mq.concurrency = 2;
    mq.maxAttempts = 5;
    Component sql = component("sql", ComponentKind::SqlDatabase);
    sql.replicas = 1;
    sql.pool = 10;
    sql.replicationLag = 0.2;
    sql.diskBandwidth = 2.5e8;
    scalelab::models::AutoscaleConfig replicas;
    replicas.targetQueue = 2.5;
    replicas.min = 0;
    replicas.max = 3;
    sql.autoscale = replicas;
    sql.failures = scalelab::models::FailurePolicy{7200, 300};
    scalelab::models::VerticalScaleConfig vertical;
    vertical.sizes = {{2, 1.0, std::nullopt}, {4, 1.5, 0.9}, {16, 1.0, std::nullopt}};
    vertical.targetCpu = 0.65;
    vertical.maxCores = 16;
    vertical.tolerance = 0.05;
    vertical.period = 30;
    vertical.scaleUpCooldown = 120;
    vertical.scaleDownCooldown = 0;
    vertical.provision = 45;
    vertical.restart = 12.5;
    vertical.schedule = {{600, 2}, {900, 1}};
    sql.vertical = vertical;
    Component nosql = component("nosql", ComponentKind::NosqlStore);
    nosql.shards = 16;
    nosql.replicationFactor = 5;
    nosql.hotKeySkew = 1.1;
    nosql.keys = 5000;
    nosql.diskBandwidth = 1e9;
    nosql.backlog = 7;
    Component ext = component("ext", ComponentKind::External);
    ext.latency = Distribution::lognormal(0.0123456789, 0.33333333333);
    ext.errorRate = 0.125;
    v.components = {entry, lb, gw, svc, mod, cache, mq, sql, nosql, ext};

    // lb -> svc {calls [mod], parallel [cache {miss [sql]}, nosql]} -> mq
    Call sqlStep = step("sql");
    sqlStep.read = Distribution::exponential(0.002);
    sqlStep.write = Distribution::constant(0.0051);
    sqlStep.disk = 1500;
    sqlStep.requestBytes = 123;
    sqlStep.responseBytes = 0;
    Call cacheStep = step("cache");
    cacheStep.miss = {sqlStep};
    Call nosqlStep = step("nosql");
    nosqlStep.retries = scalelab::models::RetryPolicy{};
    nosqlStep.breaker = scalelab::models::BreakerPolicy{};
    nosqlStep.read = Distribution::uniform(0.001, 0.003);
    Call svcStep = step("svc");
    svcStep.cpu = Distribution::gamma(0.02, 2);
    svcStep.timeout = 0.5;
    svcStep.retries = scalelab::models::RetryPolicy{4, 0.05, 1.5, scalelab::models::Jitter::Equal, 0.1};
    scalelab::models::BreakerPolicy breaker;
    breaker.failureRate.reset();
    breaker.window = 20;
    breaker.minCalls = 5;
    breaker.consecutive = 7;
    breaker.openFor = 12.5;
    breaker.probes = 2;
    svcStep.breaker = breaker;
    svcStep.bulkhead = scalelab::models::BulkheadPolicy{8, 3};
    svcStep.calls = {step("mod"), step("mq")};
    svcStep.parallel = {cacheStep, nosqlStep};
    Call lbStep = step("lb");
    lbStep.calls = {svcStep};
    Route r;
    r.operation = "browse";
    r.root = lbStep;
    Call extStep = step("gw");
    extStep.calls = {step("ext")};
    extStep.cpu = Distribution::empiricalSamples({0.001, 0.002, 0.004});
    Route r2;
    r2.operation = "null";
    r2.root = extStep;
    v.routes = {r, r2};
    s.variants = {v};
    return s;
}

QString readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<unreadable>";
    return QString::fromUtf8(f.readAll());
}

bool writeAll(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestStudyWriter : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("good study") << QString(SCALELAB_SCENARIOS_TEST_DIR "/good/shop.yaml");
        QTest::newRow("cdn study") << QString(SCALELAB_SCENARIOS_TEST_DIR "/good/cdn.yaml");
    }

    void roundTrip()
    {
        QFETCH(QString, file);
        const LoadResult first = readStudy(file.toStdString());
        QCOMPARE(formatted(first), QStringList());
        const std::string text = writeStudy(*first.study);
        const LoadResult second = parseStudy(text, "written.yaml");
        QCOMPARE(formatted(second), QStringList());
        QCOMPARE(q(dumpStudy(*second.study)), q(dumpStudy(*first.study)));
        QCOMPARE(q(writeStudy(*second.study)), q(text));
    }

    void everyFieldRoundTrips()
    {
        const Study s = everything();
        const std::string text = writeStudy(s);
        const LoadResult back = parseStudy(text, "everything.yaml");
        QVERIFY2(back.ok(), (back.report() + text).c_str());
        QCOMPARE(q(dumpStudy(*back.study)), q(dumpStudy(s)));
        QCOMPARE(q(writeStudy(*back.study)), q(text));
    }

    void headerCommentKept()
    {
        const std::string text = writeStudy(everything());
        QVERIFY2(text.rfind("# Header\n#\n#   indented\n\n", 0) == 0, text.c_str());
        const LoadResult back = parseStudy(text, "x.yaml");
        QCOMPARE(back.study->headerComment, std::string("Header\n\n  indented"));
    }

    void onlyNonDefaultFields()
    {
        QCOMPARE(q(writeStudy(minimal())), QStringLiteral("operations:\n"
                                                          "  browse: {share: 1}\n"
                                                          "workload:\n"
                                                          "  rate: [{at: 0s, rps: 100}]\n"
                                                          "variants:\n"
                                                          "  v1:\n"
                                                          "    components:\n"
                                                          "      app: {kind: service}\n"
                                                          "    routes:\n"
                                                          "      browse: [app]\n"));
    }

    void routeWrittenAsList()
    {
        // The tree a -> b -> {x, c} is written back as the list [a, {b: {calls: [x]}}, c].
        Study s = minimal();
        Variant& v = s.variants[0];
        v.components = {component("a", ComponentKind::Service), component("b", ComponentKind::Service),
                        component("c", ComponentKind::Service), component("x", ComponentKind::Service)};
        Call b = step("b");
        b.calls = {step("x"), step("c")};
        Call a = step("a");
        a.calls = {b};
        v.routes[0].root = a;
        const std::string text = writeStudy(s);
        QVERIFY2(text.find("      browse: [a, {b: {calls: [x]}}, c]\n") != std::string::npos, text.c_str());
        const LoadResult back = parseStudy(text, "x.yaml");
        QVERIFY(back.ok());
        QCOMPARE(q(dumpStudy(*back.study)), q(dumpStudy(s)));
    }

    void longRouteInBlockStyle()
    {
        Study s = minimal();
        Call root = step("app");
        root.cpu = Distribution::lognormal(0.008, 0.5);
        Call* tail = &root;
        for (int i = 0; i < 6; ++i) {
            Call next = step("app");
            next.cpu = Distribution::gamma(0.001 * (i + 1), 1.5);
            tail->calls.push_back(next);
            tail = &tail->calls.back();
        }
        s.variants[0].routes[0].root = root;
        const std::string text = writeStudy(s);
        QVERIFY2(text.find("      browse:\n        - {app: {cpu: \"lognormal(8ms, cv=0.5)\"}}\n") != std::string::npos,
                 text.c_str());
        const LoadResult back = parseStudy(text, "x.yaml");
        QVERIFY(back.ok());
        QCOMPARE(q(dumpStudy(*back.study)), q(dumpStudy(s)));
    }

    void saveAndReadBack()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("study.yaml");
        QVERIFY(writeAll(path, "old\n"));
        QVERIFY(::chmod(path.toLocal8Bit().constData(), 0640) == 0);
        std::string error;
        QVERIFY2(saveStudy(everything(), path.toStdString(), &error), error.c_str());
        QVERIFY(error.empty());
        QCOMPARE(readAll(path), q(writeStudy(everything())));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"study.yaml"});
        struct stat st{};
        QVERIFY(::stat(path.toLocal8Bit().constData(), &st) == 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0640)); // the replaced file's permissions are kept
        const LoadResult back = readStudy(path.toStdString());
        QVERIFY(back.ok());
        QCOMPARE(q(dumpStudy(*back.study)), q(dumpStudy(everything())));
    }

    void saveIntoMissingFolder()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("missing/study.yaml").toStdString();
        std::string error;
        QVERIFY(!saveStudy(minimal(), path, &error));
        QCOMPARE(q(error), q("cannot save '" + path + "': cannot create a temporary file in '" +
                             dir.filePath("missing").toStdString() + "': No such file or directory"));
        QVERIFY(!saveStudy(minimal(), path)); // no error pointer: still safe
    }

    void failedWriteKeepsOldFile()
    {
        // The file-size limit makes write() fail half-way, even for root.
        QTemporaryDir dir;
        const QString path = dir.filePath("study.yaml");
        QVERIFY(writeAll(path, "old contents\n"));
        rlimit before{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &before) == 0);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = before;
        limited.rlim_cur = 64;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
        std::string error;
        const bool saved = saveStudy(everything(), path.toStdString(), &error);
        ::setrlimit(RLIMIT_FSIZE, &before);
        std::signal(SIGXFSZ, previousHandler);
        QVERIFY(!saved);
        QVERIFY2(error.rfind("cannot save '" + path.toStdString() + "': cannot write '", 0) == 0, error.c_str());
        QVERIFY2(q(error).endsWith(": File too large"), error.c_str());
        QCOMPARE(readAll(path), QStringLiteral("old contents\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"study.yaml"});
    }

    void readOnlyFolderKeepsOldFile()
    {
        if (::geteuid() == 0)
            QSKIP("root writes into read-only folders; failedWriteKeepsOldFile covers a failed save");
        QTemporaryDir dir;
        const QString path = dir.filePath("study.yaml");
        QVERIFY(writeAll(path, "old contents\n"));
        QVERIFY(::chmod(dir.path().toLocal8Bit().constData(), 0555) == 0);
        std::string error;
        const bool saved = saveStudy(minimal(), path.toStdString(), &error);
        ::chmod(dir.path().toLocal8Bit().constData(), 0755);
        QVERIFY(!saved);
        QVERIFY2(q(error).endsWith(": Permission denied"), error.c_str());
        QCOMPARE(readAll(path), QStringLiteral("old contents\n"));
    }

    void saveThroughSymlink()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath("real.yaml");
        const QString link = dir.filePath("link.yaml");
        QVERIFY(writeAll(target, "old\n"));
        QVERIFY(QFile::link(target, link));
        std::string error;
        QVERIFY2(saveStudy(minimal(), link.toStdString(), &error), error.c_str());
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(readAll(target), q(writeStudy(minimal())));
    }
};

QTEST_GUILESS_MAIN(TestStudyWriter)
#include "tst_studywriter.moc"
