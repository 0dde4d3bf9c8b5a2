// Each component kind's behaviour shows in the numbers: exact latencies built
// by hand from hops and demands, and statistical checks against theory.
#include "systemcase.h"

#include "simcore/simulation.h"

#include <QtTest>

#include <cmath>
#include <optional>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;

namespace {

// Default network: zone links of 0.2 ms and 1.25e9 B/s; default payloads of
// 1000 B out and 5000 B back.
constexpr double kHopOut = 0.0002 + 1000 / 1.25e9;
constexpr double kHopBack = 0.0002 + 5000 / 1.25e9;

models::SystemConfig chainConfig()
{
    models::SystemConfig cfg;
    auto lb = component("lb", ComponentKind::LoadBalancer);
    auto app = component("app", ComponentKind::Service);
    auto db = component("db", ComponentKind::SqlDatabase);
    cfg.components = {lb, app, db};
    models::OperationPlan op;
    op.name = "browse";
    op.root = call("lb");
    auto a = call("app");
    a.cpu = sim::Distribution::constant(0.010);
    auto d = call("db");
    d.read = sim::Distribution::constant(0.002);
    a.calls = {d};
    op.root.calls = {a};
    cfg.operations = {op};
    return cfg;
}

/// 600/s to 3 instances of `app` (5 ms of CPU, 16 threads), behind `front`
/// (a balancer or a gateway) or straight from the clients; app/0 crashes at
/// 50.5 s and restarts 10 s later. 100 s in 1 s bins.
testing::SystemResult crashOneOfThree(std::optional<models::ComponentConfig> front)
{
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    app.instances = 3;
    auto a = call("app");
    a.cpu = sim::Distribution::constant(0.005);
    models::OperationPlan op;
    if (front) {
        cfg.components = {*front, app};
        op.root = call(front->name);
        op.root.calls = {a};
    } else {
        cfg.components = {app};
        op.root = a;
    }
    cfg.operations = {op};
    testing::SystemCase c;
    c.config = cfg;
    c.rate = sim::RateProfile::constant(600);
    c.deterministic = true;
    c.run = {100.0, 0.0, 1.0};
    c.setup = [](sim::Simulation& s, models::System& system) {
        s.at(50.5, [&system] { system.crash("app", 1, 10.0); });
    };
    return testing::runSystem(c);
}

/// Calls app/0 completed per second from 70 s to the end (100 s).
double servedAfterRestart(const testing::SystemResult& r)
{
    std::uint64_t served = 0;
    for (const auto& f : r.frames)
        if (f.start >= 70.0)
            for (const auto& st : f.stations)
                if (st.name == "app/0")
                    served += st.completed;
    return double(served) / 30.0;
}

testing::SystemCase lightLoad(models::SystemConfig cfg)
{
    testing::SystemCase c;
    c.config = std::move(cfg);
    c.rate = sim::RateProfile::constant(2.0);
    c.deterministic = true;
    c.run = {50.0, 5.0, 5.0};
    return c;
}

/// A service `app` whose operation calls one external API.
models::SystemConfig appCalling(models::ComponentConfig external, int threads = 16, std::size_t backlog = 1000,
                                std::optional<double> timeout = std::nullopt)
{
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    app.threads = threads;
    app.backlog = backlog;
    models::OperationPlan op;
    op.root = call("app");
    auto ext = call(external.name);
    ext.timeout = timeout;
    op.root.calls = {ext};
    cfg.components = {app, std::move(external)};
    cfg.operations = {op};
    return cfg;
}

/// Che's approximation of an LRU cache's hit ratio under independent
/// requests with popularity p_i: T solves sum(1 - exp(-p_i T)) = C.
double cheHitRatio(std::uint64_t keys, double s, std::uint64_t capacity)
{
    std::vector<double> p(keys);
    double norm = 0;
    for (std::uint64_t i = 0; i < keys; ++i)
        norm += p[i] = std::pow(double(i + 1), -s);
    for (double& x : p)
        x /= norm;
    auto occupied = [&](double t) {
        double sum = 0;
        for (double x : p)
            sum += 1 - std::exp(-x * t);
        return sum;
    };
    double lo = 0, hi = 1;
    while (occupied(hi) < double(capacity))
        hi *= 2;
    for (int i = 0; i < 200; ++i) {
        const double mid = (lo + hi) / 2;
        (occupied(mid) < double(capacity) ? lo : hi) = mid;
    }
    double hit = 0;
    for (double x : p)
        hit += x * (1 - std::exp(-x * lo));
    return hit;
}

} // namespace

class TestComponents : public QObject
{
    Q_OBJECT

private slots:
    void chainLatencyIsTheSumOfItsParts()
    {
        const auto r = testing::runSystem(lightLoad(chainConfig()));
        // clients -> lb -> app -> db and back: three hops each way, the LB's
        // 0.1 ms overhead, 10 ms of app CPU, 2 ms of query CPU.
        const double expected = 3 * kHopOut + 3 * kHopBack + 0.0001 + 0.010 + 0.002;
        QVERIFY(r.summary.completions > 80);
        QCOMPARE(r.summary.errors, std::uint64_t(0));
        QVERIFY2(std::fabs(r.summary.meanLatency - expected) < 1e-9,
                 qPrintable(QString("mean %1, expected %2").arg(r.summary.meanLatency, 0, 'g', 12).arg(expected, 0, 'g', 12)));
        QVERIFY(std::fabs(r.summary.p99 - expected) <= expected / 256);
    }

    void crossZoneHopsAddTheirLatency()
    {
        auto cfg = chainConfig();
        cfg.network.zones = {{"a", "eu"}, {"b", "eu"}};
        cfg.components[0].zones = {"a"};
        cfg.components[1].zones = {"a"};
        cfg.components[2].zones = {"b"};
        const auto near = testing::runSystem(lightLoad(chainConfig()));
        const auto far = testing::runSystem(lightLoad(cfg));
        // app -> db and back now cross zones: 1 ms latency, 6.25e8 B/s.
        const double extra = (0.001 + 1000 / 6.25e8 - kHopOut) + (0.001 + 5000 / 6.25e8 - kHopBack);
        QVERIFY2(std::fabs(far.summary.meanLatency - near.summary.meanLatency - extra) < 1e-9,
                 qPrintable(QString("extra %1, expected %2")
                                .arg(far.summary.meanLatency - near.summary.meanLatency, 0, 'g', 12)
                                .arg(extra, 0, 'g', 12)));
        cfg.network.zones[1].region = "us";
        const auto farther = testing::runSystem(lightLoad(cfg));
        const double extraRegion = (0.07 + 1000 / 1.25e8 - kHopOut) + (0.07 + 5000 / 1.25e8 - kHopBack);
        QVERIFY(std::fabs(farther.summary.meanLatency - near.summary.meanLatency - extraRegion) < 1e-9);
    }

    void diskReadsAddSizeOverBandwidth()
    {
        auto cfg = chainConfig();
        cfg.operations[0].root.calls[0].calls[0].disk = 1e6; // 1 MB at 5e8 B/s: 2 ms
        const auto base = testing::runSystem(lightLoad(chainConfig()));
        const auto disk = testing::runSystem(lightLoad(cfg));
        QVERIFY(std::fabs(disk.summary.meanLatency - base.summary.meanLatency - 0.002) < 1e-9);
    }

    void fanOutWaitsForTheSlowestCall()
    {
        auto cfg = chainConfig();
        auto fast = component("fast", ComponentKind::External);
        fast.latency = sim::Distribution::constant(0.010);
        auto slow = component("slow", ComponentKind::External);
        slow.latency = sim::Distribution::constant(0.050);
        cfg.components.push_back(fast);
        cfg.components.push_back(slow);
        cfg.operations[0].root.calls[0].parallel = {call("fast"), call("slow")};
        const auto base = testing::runSystem(lightLoad(chainConfig()));
        const auto fan = testing::runSystem(lightLoad(cfg));
        QVERIFY2(std::fabs(fan.summary.meanLatency - base.summary.meanLatency - 0.050) < 1e-9,
                 qPrintable(QString::number(fan.summary.meanLatency - base.summary.meanLatency, 'g', 12)));
        // In sequence they add up.
        cfg.operations[0].root.calls[0].parallel.clear();
        cfg.operations[0].root.calls[0].calls.push_back(call("fast"));
        cfg.operations[0].root.calls[0].calls.push_back(call("slow"));
        const auto seq = testing::runSystem(lightLoad(cfg));
        QVERIFY(std::fabs(seq.summary.meanLatency - base.summary.meanLatency - 0.060) < 1e-9);
    }

    void modulesRunInProcess()
    {
        // A monolith: catalog and orders are modules of app; catalog calls orders
        // in-process (no hop, same worker, the same machine's cores).
        models::SystemConfig cfg;
        cfg.components = {component("lb", ComponentKind::LoadBalancer), component("app", ComponentKind::Service),
                          component("catalog", ComponentKind::Module), component("orders", ComponentKind::Module)};
        cfg.components[2].host = "app";
        cfg.components[3].host = "app";
        models::OperationPlan op;
        op.root = call("lb");
        auto cat = call("catalog");
        cat.cpu = sim::Distribution::constant(0.004);
        auto ord = call("orders");
        ord.cpu = sim::Distribution::constant(0.006);
        cat.calls = {ord};
        op.root.calls = {cat};
        cfg.operations = {op};
        const auto r = testing::runSystem(lightLoad(cfg));
        const double expected = 2 * kHopOut + 2 * kHopBack + 0.0001 + 0.004 + 0.006;
        QVERIFY2(std::fabs(r.summary.meanLatency - expected) < 1e-9,
                 qPrintable(QString::number(r.summary.meanLatency, 'g', 12)));
        QCOMPARE(r.summary.stations.size(), std::size_t(1)); // app/0 only
        QCOMPARE(r.summary.stations[0].name, std::string("app/0"));
    }

    void leastConnectionsBeatsRandomOnUnevenWork()
    {
        auto make = [](models::LbPolicy policy) {
            models::SystemConfig cfg;
            auto lb = component("lb", ComponentKind::LoadBalancer);
            lb.policy = policy;
            auto app = component("app", ComponentKind::Service);
            app.instances = 4;
            app.cores = 1;
            app.threads = 1;
            app.backlog = 100000;
            cfg.components = {lb, app};
            models::OperationPlan op;
            op.root = call("lb");
            auto a = call("app");
            a.cpu = sim::Distribution::lognormal(0.010, 3.0);
            op.root.calls = {a};
            cfg.operations = {op};
            testing::SystemCase c;
            c.config = cfg;
            c.rate = sim::RateProfile::constant(0.75 * 4 / 0.010);
            c.run = {600.0, 60.0, 60.0};
            return testing::runSystem(c);
        };
        const auto random = make(models::LbPolicy::Random);
        const auto lc = make(models::LbPolicy::LeastConnections);
        const auto p2 = make(models::LbPolicy::PowerOfTwo);
        const auto rr = make(models::LbPolicy::RoundRobin);
        qInfo("mean latency: random %.4f s, round robin %.4f s, power of two %.4f s, least connections %.4f s",
              random.summary.meanLatency, rr.summary.meanLatency, p2.summary.meanLatency, lc.summary.meanLatency);
        QVERIFY(lc.summary.meanLatency < 0.5 * random.summary.meanLatency);
        QVERIFY(p2.summary.meanLatency < random.summary.meanLatency);
        QVERIFY(lc.summary.meanLatency < rr.summary.meanLatency);
        // Random splitting makes each instance M/G/1 at rho = 0.75: P-K gives the mean.
        const auto d = sim::Distribution::lognormal(0.010, 3.0);
        const double lambda = 75.0;
        const double pk = lambda * d.secondMoment() / (2 * (1 - 0.75)) + d.mean();
        qInfo("random: P-K %.4f s per instance", pk);
        QVERIFY(std::fabs(random.summary.meanLatency - (pk + 2 * kHopOut + 2 * kHopBack + 0.0001)) < 0.15 * pk);
    }

    void weightedSplitsByWeight()
    {
        models::SystemConfig cfg;
        auto lb = component("lb", ComponentKind::LoadBalancer);
        lb.policy = models::LbPolicy::Weighted;
        lb.weights = {3, 1};
        auto app = component("app", ComponentKind::Service);
        app.instances = 2;
        cfg.components = {lb, app};
        models::OperationPlan op;
        op.root = call("lb");
        op.root.calls = {call("app")};
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(200);
        c.run = {100.0, 0.0, 10.0};
        const auto r = testing::runSystem(c);
        const double a0 = double(r.summary.stations[0].arrivals), a1 = double(r.summary.stations[1].arrivals);
        QVERIFY2(std::fabs(a0 / (a0 + a1) - 0.75) < 0.01, qPrintable(QString::number(a0 / (a0 + a1))));
    }

    void readsGoToReplicasWritesToThePrimary()
    {
        auto cfg = chainConfig();
        cfg.components[2].replicas = 2;
        auto write = cfg.operations[0];
        write.name = "checkout";
        auto& w = write.root.calls[0].calls[0];
        w.read.reset();
        w.write = sim::Distribution::constant(0.003);
        cfg.operations.push_back(write);
        testing::SystemCase c = lightLoad(cfg);
        c.rate = sim::RateProfile::constant(40);
        c.deterministic = false;
        c.operationShares = {0.8, 0.2};
        const auto r = testing::runSystem(c);
        const auto byName = [&](const std::string& n) {
            for (const auto& s : r.summary.stations)
                if (s.name == n)
                    return s;
            return sim::StationMetrics{};
        };
        const double reads = double(byName("db/1").arrivals + byName("db/2").arrivals);
        const double writes = double(byName("db/0").arrivals);
        qInfo("primary %g queries, replicas %g", writes, reads);
        QVERIFY(std::fabs(writes / (reads + writes) - 0.2) < 0.02);
        QVERIFY(std::fabs(double(byName("db/1").arrivals) / reads - 0.5) < 0.01);
        QVERIFY(r.gauge("db", "replica_reads") > 0);
        QCOMPARE(r.gauge("db", "stale_reads"), 0.0); // no request reads after its own write
    }

    void readingYourOwnWriteFromAReplicaIsStale()
    {
        // checkout writes, then reads back: from a replica within the lag, the read is stale.
        auto make = [](double lag) {
            auto cfg = chainConfig();
            cfg.components[2].replicas = 1;
            cfg.components[2].replicationLag = lag;
            auto& a = cfg.operations[0].root.calls[0];
            auto w = call("db");
            w.write = sim::Distribution::constant(0.003);
            a.calls.insert(a.calls.begin(), w);
            return testing::runSystem(lightLoad(cfg));
        };
        const auto lagging = make(0.050);
        QVERIFY(lagging.gauge("db", "replica_reads") > 80);
        QCOMPARE(lagging.gauge("db", "stale_reads"), lagging.gauge("db", "replica_reads"));
        const auto prompt = make(0.001); // the read comes 3.6 ms after the write
        QCOMPARE(prompt.gauge("db", "stale_reads"), 0.0);
    }

    void operationsAreMeasuredApart()
    {
        // Two operations on one service: browse 2 ms, report 50 ms of CPU.
        models::SystemConfig cfg;
        cfg.components = {component("app", ComponentKind::Service)};
        models::OperationPlan browse, report;
        browse.name = "browse";
        browse.root = call("app");
        browse.root.cpu = sim::Distribution::constant(0.002);
        report.name = "report";
        report.root = call("app");
        report.root.cpu = sim::Distribution::constant(0.050);
        cfg.operations = {browse, report};
        testing::SystemCase c = lightLoad(cfg);
        c.operationShares = {3, 1};
        c.deterministic = false;
        c.rate = sim::RateProfile::constant(1.0);
        c.run = {2000.0, 10.0, 100.0};
        const auto r = testing::runSystem(c);
        QCOMPARE(r.summary.operations.size(), std::size_t(2));
        const auto& b = r.summary.operations[0];
        const auto& rep = r.summary.operations[1];
        QCOMPARE(b.name, std::string("browse"));
        QCOMPARE(b.arrivals + rep.arrivals, r.summary.arrivals);
        QVERIFY(std::fabs(double(b.arrivals) / double(r.summary.arrivals) - 0.75) < 0.04);
        // At 1 request/s they rarely meet: each takes its own CPU plus two hops.
        QVERIFY(std::fabs(b.p50 - (0.002 + kHopOut + kHopBack)) < 0.002 / 256 + 1e-6);
        QVERIFY(std::fabs(rep.p50 - (0.050 + kHopOut + kHopBack)) < 0.050 / 256 + 1e-6);
    }

    void rateLimiterRejectsAboveItsRate()
    {
        models::SystemConfig cfg;
        auto gw = component("gw", ComponentKind::ApiGateway);
        gw.rateLimits = {{"default", 100.0, 20.0}};
        gw.threads = 64;
        cfg.components = {gw};
        models::OperationPlan op;
        op.root = call("gw");
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(300);
        c.run = {200.0, 20.0, 10.0};
        const auto r = testing::runSystem(c);
        const double accepted = r.summary.throughput();
        const double rejected = double(r.summary.rejections) / r.summary.duration();
        qInfo("accepted %.1f/s, rejected %.1f/s", accepted, rejected);
        QVERIFY(std::fabs(accepted - 100.0) < 2.0);
        QVERIFY(std::fabs(rejected - 200.0) < 6.0);
    }

    void queueBacklogDrainsAtTheConsumersRate()
    {
        models::SystemConfig cfg;
        auto q = component("orders-queue", ComponentKind::MessageQueue);
        q.consumer = "worker";
        q.concurrency = 2;
        auto worker = component("worker", ComponentKind::Service);
        worker.cores = 2;
        worker.threads = 2;
        cfg.components = {q, worker};
        models::OperationPlan op;
        op.root = call("orders-queue");
        op.root.cpu = sim::Distribution::constant(0.020); // the consumer's work: 2 x 1/0.02 = 100/s
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile({{0, 500, false}, {10, 0, false}});
        c.deterministic = true;
        c.run = {80.0, 0.0, 1.0};
        const auto r = testing::runSystem(c);
        auto backlogAt = [&](int second) {
            for (const auto& g : r.gaugeFrames.at(std::size_t(second - 1)))
                if (g.name == "backlog")
                    return g.value;
            return -1.0;
        };
        qInfo("backlog at 10 s %.0f, 30 s %.0f, 50 s %.0f, 60 s %.0f", backlogAt(10), backlogAt(30), backlogAt(50),
              backlogAt(60));
        // Two consumer workers, each message 20 ms of CPU plus the hop from the
        // queue and back: 98.0/s. 5000 published in 10 s, 980 consumed meanwhile;
        // then the backlog falls at the consumers' rate until empty at about 51 s.
        const double rate = 2 / (0.020 + kHopOut + kHopBack);
        QVERIFY(std::fabs(backlogAt(10) - (5000 - 10 * rate)) <= 3);
        QVERIFY(std::fabs((backlogAt(10) - backlogAt(30)) / 20.0 - rate) < 0.2);
        QCOMPARE(backlogAt(60), 0.0);
        // Every published message is consumed, none dead-lettered.
        QVERIFY(r.summary.arrivals >= 4999 && r.summary.arrivals <= 5000);
        QCOMPARE(r.gauge("orders-queue", "consumed"), double(r.summary.arrivals));
        QCOMPARE(r.gauge("orders-queue", "dead_letters"), 0.0);
        // Producers are answered once the message is enqueued: hops only.
        QVERIFY(std::fabs(r.summary.meanLatency - kHopOut - kHopBack) < 1e-9);
    }

    void lruHitRatioMatchesChesApproximation()
    {
        models::SystemConfig cfg;
        auto app = component("app", ComponentKind::Service);
        auto cache = component("cache", ComponentKind::Cache);
        cache.keys = 20000;
        cache.zipf = 0.8;
        cache.capacity = 2000;
        cfg.components = {app, cache, component("db", ComponentKind::SqlDatabase)};
        models::OperationPlan op;
        op.root = call("app");
        auto get = call("cache");
        auto load = call("db");
        load.read = sim::Distribution::constant(0.002);
        get.miss = {load};
        op.root.calls = {get};
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(200);
        c.run = {1000.0, 0.0, 100.0};
        const auto r = testing::runSystem(c);
        // Measure after the cache has filled: hits and lookups between bins 2 and 10.
        auto at = [&](std::size_t bin, const char* name) {
            for (const auto& g : r.gaugeFrames.at(bin))
                if (g.component == "cache" && g.name == name)
                    return g.value;
            return 0.0;
        };
        const double lookups = at(9, "lookups") - at(1, "lookups");
        const double hits = at(9, "hit_ratio") * at(9, "lookups") - at(1, "hit_ratio") * at(1, "lookups");
        const double simulated = hits / lookups;
        const double che = cheHitRatio(20000, 0.8, 2000);
        qInfo("LRU hit ratio: simulated %.4f, Che %.4f", simulated, che);
        QVERIFY(std::fabs(simulated - che) < 0.01);
        // Every miss goes to the database.
        const auto db = r.component("db");
        QVERIFY(std::fabs(double(db.arrivals) - (1 - r.gauge("cache", "hit_ratio")) * r.gauge("cache", "lookups")) < 2);
    }

    void cacheFirstMakesItsMissCalls_data()
    {
        QTest::addColumn<bool>("timed");
        QTest::newRow("route's first step") << false;
        QTest::newRow("timed branch") << true;
    }
    void cacheFirstMakesItsMissCalls()
    {
        // The cache is the first call of its flow: the clients (or the branch's
        // caller) make the miss calls. Hit ratio 0.5: half the lookups reach the
        // database, and a miss takes the database's round trip on top.
        QFETCH(bool, timed);
        models::SystemConfig cfg;
        auto cache = component("cache", ComponentKind::Cache);
        cache.hitRatio = 0.5;
        cfg.components = {cache, component("db", ComponentKind::SqlDatabase)};
        models::OperationPlan op;
        op.root = call("cache");
        auto load = call("db");
        load.read = sim::Distribution::constant(0.002);
        op.root.miss = {load};
        if (timed) {
            op.root.timeout = 1.0;
            auto app = component("app", ComponentKind::Service);
            cfg.components.push_back(app);
            auto front = call("app");
            front.calls = {op.root};
            op.root = front;
        }
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(200);
        c.run = {200.0, 0.0, 10.0};
        const auto r = testing::runSystem(c);
        const auto db = r.component("db");
        const double lookups = r.gauge("cache", "lookups");
        qInfo("%.0f lookups, %llu database reads (hit ratio %.3f)", lookups, (unsigned long long)db.arrivals,
              r.gauge("cache", "hit_ratio"));
        QVERIFY(lookups > 39000);
        QVERIFY(std::fabs(double(db.arrivals) - (1 - r.gauge("cache", "hit_ratio")) * lookups) < 2);
        QVERIFY(std::fabs(double(db.arrivals) / lookups - 0.5) < 0.01);
        // A hit: the cache's round trip; a miss: and the database's (2 ms of CPU, its hops).
        const double cacheTrip = kHopOut + kHopBack, dbTrip = kHopOut + kHopBack + 0.002;
        const double expected = (timed ? 2 * cacheTrip : cacheTrip) + 0.5 * dbTrip;
        qInfo("mean latency %.4f ms, expected %.4f ms", r.summary.meanLatency * 1e3, expected * 1e3);
        QVERIFY(std::fabs(r.summary.meanLatency - expected) < 0.02 * expected);
    }

    void healthChecksEjectACrashedInstance()
    {
        auto make = [](bool balanced) {
            models::SystemConfig cfg;
            auto lb = component("lb", ComponentKind::LoadBalancer);
            lb.healthInterval = 2.0;
            lb.unhealthyThreshold = 2;
            auto app = component("app", ComponentKind::Service);
            app.instances = 3;
            cfg.components = {lb, app};
            models::OperationPlan op;
            auto a = call("app");
            a.cpu = sim::Distribution::constant(0.005);
            if (balanced) {
                op.root = call("lb");
                op.root.calls = {a};
            } else {
                op.root = a;
            }
            cfg.operations = {op};
            testing::SystemCase c;
            c.config = cfg;
            c.rate = sim::RateProfile::constant(60);
            c.deterministic = true;
            c.run = {100.0, 0.0, 1.0};
            c.setup = [](sim::Simulation& s, models::System& system) {
                s.at(50.5, [&system] { system.crash("app", 1, std::nullopt); });
            };
            return testing::runSystem(c);
        };
        const auto lb = make(true);
        std::uint64_t during = 0, after = 0;
        for (const auto& f : lb.frames) {
            if (f.start >= 50.0 && f.end <= 55.0)
                during += f.errors;
            else if (f.start >= 55.0)
                after += f.errors;
        }
        qInfo("behind a balancer: %llu errors while detecting, %llu after", (unsigned long long)during,
              (unsigned long long)after);
        // Passive health checking: the calls it sends to the dead instance fail
        // at once and count as failed checks, so the balancer ejects it after
        // unhealthy_threshold (2) of them, long before the active checks at 52
        // and 54 s would (a third of 60/s until then: about 70 errors). At most
        // one call is at the instance when it crashes (one every 16.7 ms, 5 ms each).
        QVERIFY(during <= 2 + 1);
        QCOMPARE(after, std::uint64_t(0));
        QCOMPARE(lb.gauge("lb", "healthy_backends"), 2.0);
        // Without a balancer, callers keep sending a third of the traffic to the dead instance.
        const auto direct = make(false);
        std::uint64_t directAfter = 0;
        for (const auto& f : direct.frames)
            if (f.start >= 55.0)
                directAfter += f.errors;
        QVERIFY(std::fabs(double(directAfter) - 45 * 20.0) < 5);
    }

    void passiveChecksEjectACrashedInstance_data()
    {
        QTest::addColumn<int>("policyIndex");
        QTest::newRow("least_connections") << int(models::LbPolicy::LeastConnections);
        QTest::newRow("power_of_two") << int(models::LbPolicy::PowerOfTwo);
        QTest::newRow("round_robin") << int(models::LbPolicy::RoundRobin);
    }

    void passiveChecksEjectACrashedInstance()
    {
        // 600/s over 3 instances (5 ms each, 16 threads). One crashes at 50.5 s
        // and restarts at 60.5 s. A least-connections balancer sees a crashed
        // instance with 0 calls in progress (its calls fail at once) and would
        // send it almost everything until the active checks (2 s apart, 2 to
        // eject) catch up: ~600/s x 2-4 s, thousands of errors. With passive
        // checking a call the balancer could not deliver counts against the
        // instance at once: the errors are at most the calls at the instance
        // when it crashed (600/s x 5 ms / 3 = 1 on average, at most its 16
        // threads) plus unhealthy_threshold (2). The active checks re-admit it
        // at the first check after the restart (within 2 s).
        QFETCH(int, policyIndex);
        const auto policy = models::LbPolicy(policyIndex);
        auto lb = component("lb", ComponentKind::LoadBalancer);
        lb.policy = policy;
        lb.healthInterval = 2.0;
        lb.unhealthyThreshold = 2;
        const auto r = crashOneOfThree(lb);
        const std::uint64_t errors = r.summary.errors;
        qInfo("%s: %llu errors for a crashed instance (bound 16 + 2)", models::policyName(policy).data(),
              (unsigned long long)errors);
        QVERIFY(errors <= 16 + 2);
        QVERIFY(errors >= 1); // the calls it was serving, or one that found it down
        double ejected = -1, readmitted = -1;
        for (const auto& e : r.events) {
            if (e.kind == "backend_ejected" && ejected < 0) {
                ejected = e.time;
                QCOMPARE(e.detail.rfind("passive", 0), std::size_t(0));
            }
            if (e.kind == "backend_readmitted")
                readmitted = e.time;
        }
        QVERIFY(ejected >= 50.5 && ejected < 50.6);
        QVERIFY(readmitted >= 60.5 && readmitted <= 62.5);
        // Back in the pool: it serves its share again (a third of 600/s, +-20 %).
        QVERIFY(std::fabs(servedAfterRestart(r) - 200.0) < 40.0);
    }

    void gatewayChecksItsUpstreamPassively()
    {
        // The same crash through an API gateway (passive checks only,
        // unhealthy_threshold 2), and straight from the clients. Straight, a
        // third of the calls in the 10 s go to the dead instance: ~2,000
        // errors. Through the gateway: at most the instance's 16 threads plus
        // the 2 calls that found it down; after the restart it serves its third.
        const auto direct = crashOneOfThree(std::nullopt);
        auto gw = component("gw", ComponentKind::ApiGateway);
        gw.threads = 256;
        gw.unhealthyThreshold = 2;
        const auto viaGateway = crashOneOfThree(gw);
        qInfo("crashed instance: %llu errors straight from the clients, %llu through a gateway",
              (unsigned long long)direct.summary.errors, (unsigned long long)viaGateway.summary.errors);
        QVERIFY(std::fabs(double(direct.summary.errors) - 2000.0) < 100.0);
        QVERIFY(viaGateway.summary.errors >= 1);
        QVERIFY(viaGateway.summary.errors <= 16 + 2);
        bool ejected = false;
        for (const auto& e : viaGateway.events)
            if (e.kind == "backend_ejected" && e.time >= 50.5 && e.time < 50.6)
                ejected = true;
        QVERIFY(ejected);
        QVERIFY(std::fabs(servedAfterRestart(viaGateway) - 200.0) < 40.0);
    }

    void twoZonesRideOutAZoneOutage()
    {
        // Zone a goes down for 60 s. Spread over two zones behind a balancer in
        // zone b, the service loses only the calls sent before the health
        // checks eject zone a's instances; all in zone a, it loses everything.
        auto make = [](std::vector<std::string> appZones) {
            models::SystemConfig cfg;
            cfg.network.zones = {{"a", "eu"}, {"b", "eu"}};
            auto lb = component("lb", ComponentKind::LoadBalancer);
            lb.zones = {"b"};
            lb.healthInterval = 1.0;
            auto app = component("app", ComponentKind::Service);
            app.instances = 4;
            app.zones = std::move(appZones);
            cfg.components = {component("clients", ComponentKind::Entry), lb, app};
            cfg.components[0].zones = {"b"};
            models::OperationPlan op;
            op.root = call("lb");
            auto a = call("app");
            a.cpu = sim::Distribution::constant(0.005);
            op.root.calls = {a};
            cfg.operations = {op};
            testing::SystemCase c;
            c.config = cfg;
            c.rate = sim::RateProfile::constant(100);
            c.deterministic = true;
            c.run = {200.0, 0.0, 5.0};
            c.setup = [](sim::Simulation& s, models::System& system) {
                s.at(100.2, [&system] { system.zoneOutage("a", 60.0); });
            };
            return testing::runSystem(c);
        };
        const auto spread = make({"a", "b"});
        const auto single = make({"a"});
        const double spreadAvailability = double(spread.summary.completions) / double(spread.summary.arrivals);
        const double singleAvailability = double(single.summary.completions) / double(single.summary.arrivals);
        qInfo("availability through a 60 s zone outage: two zones %.4f, one zone %.4f", spreadAvailability,
              singleAvailability);
        // Two zones: half the calls fail for at most 2 health intervals (2 s at 100/s).
        QVERIFY(spread.summary.errors <= 100);
        QVERIFY(spreadAvailability > 0.995);
        // One zone: 60 s of 100/s fail (6000 of 20000), give or take the detection edges.
        QVERIFY(std::fabs(double(single.summary.errors) - 6000) < 150);
    }

    void crashWhileWaitingDownstreamFailsTheRequest()
    {
        // app waits 1 s on a slow dependency; it crashes at 50.5 s and is back
        // 0.1 s later: the requests it was serving are gone even though their
        // answers come back to a running instance.
        auto slow = component("ledger", ComponentKind::External);
        slow.latency = sim::Distribution::constant(1.0);
        testing::SystemCase c;
        c.config = appCalling(slow, 64);
        c.rate = sim::RateProfile::constant(10);
        c.deterministic = true;
        c.run = {100.0, 0.0, 1.0};
        c.setup = [](sim::Simulation& s, models::System& system) {
            s.at(50.55, [&system] { system.crash("app", 1, 0.1); });
        };
        const auto r = testing::runSystem(c);
        // Ten requests were waiting on the ledger at the crash, and the one
        // arriving at 50.6 s finds the instance down.
        QCOMPARE(r.summary.errors, std::uint64_t(11));
        QCOMPARE(r.summary.arrivals, r.summary.completions + r.summary.errors + r.summary.rejections +
                                         r.summary.inFlight);
    }

    void failingMessagesBecomeDeadLetters()
    {
        models::SystemConfig cfg;
        auto q = component("jobs", ComponentKind::MessageQueue);
        q.consumer = "worker";
        q.maxAttempts = 3;
        auto broken = component("mailer", ComponentKind::External);
        broken.errorRate = 1.0;
        broken.latency = sim::Distribution::constant(0.001);
        cfg.components = {q, component("worker", ComponentKind::Service), broken};
        models::OperationPlan op;
        op.root = call("jobs");
        op.root.calls = {call("mailer")};
        cfg.operations = {op};
        testing::SystemCase c = lightLoad(cfg);
        c.run.warmup = 0.0; // compare with gauges counted from time 0
        const auto r = testing::runSystem(c);
        // Every message fails three times, then is a dead letter; producers never notice.
        // Every producer answered had its message stored (the last ones may
        // still be on their way at the end).
        const double dead = r.gauge("jobs", "dead_letters");
        const double pending = r.gauge("jobs", "backlog") + r.gauge("jobs", "in_delivery");
        QCOMPARE(r.summary.errors, std::uint64_t(0));
        QCOMPARE(dead + pending, double(r.summary.completions));
        QVERIFY(r.summary.completions + 1 >= r.summary.arrivals);
        QVERIFY(pending <= 1);
        QCOMPARE(r.gauge("jobs", "consumed"), 0.0);
        const double attempts = double(r.component("worker").arrivals);
        QVERIFY(attempts >= 3 * dead && attempts <= 3 * dead + 3);
    }

    void timeoutsCutSlowCalls()
    {
        auto make = [](double timeout) {
            auto ext = component("payments", ComponentKind::External);
            ext.latency = sim::Distribution::constant(0.100);
            return testing::runSystem(lightLoad(appCalling(ext, 16, 1000, timeout)));
        };
        const auto cut = make(0.050);
        QCOMPARE(cut.summary.completions, std::uint64_t(0));
        QVERIFY(cut.summary.errors > 80);
        const auto patient = make(0.150);
        QCOMPARE(patient.summary.errors, std::uint64_t(0));
        QVERIFY(std::fabs(patient.summary.meanLatency - (0.100 + kHopOut + kHopBack)) < 1e-9);
    }

    void externalErrorRate()
    {
        auto ext = component("email", ComponentKind::External);
        ext.errorRate = 0.1;
        testing::SystemCase c;
        c.config = appCalling(ext);
        c.rate = sim::RateProfile::constant(100);
        c.run = {200.0, 0.0, 10.0};
        const auto r = testing::runSystem(c);
        const double n = double(r.summary.arrivals);
        const double share = double(r.summary.errors) / n;
        QVERIFY2(std::fabs(share - 0.1) < 3 * std::sqrt(0.09 / n), qPrintable(QString::number(share)));
    }

    void slowDependencyExhaustsTheWorkerPool()
    {
        // 4 threads each held 1 s by a slow call: at most 4 requests/s get through.
        auto slow = component("inventory", ComponentKind::External);
        slow.latency = sim::Distribution::constant(1.0);
        testing::SystemCase c;
        c.config = appCalling(slow, 4, 10);
        c.rate = sim::RateProfile::constant(10);
        c.run = {200.0, 20.0, 10.0};
        const auto r = testing::runSystem(c);
        qInfo("throughput %.2f/s, rejected %.2f/s, utilization %.3f", r.summary.throughput(),
              double(r.summary.rejections) / r.summary.duration(), r.component("app").utilization);
        QVERIFY(std::fabs(r.summary.throughput() - 4.0) < 0.1);
        QVERIFY(double(r.summary.rejections) / r.summary.duration() > 5.5);
        QVERIFY(r.component("app").utilization < 0.01); // idle CPUs, exhausted pool
    }

    void hotKeysSkewShards()
    {
        auto make = [](double skew) {
            models::SystemConfig cfg;
            auto store = component("sessions", ComponentKind::NosqlStore);
            store.shards = 4;
            store.replicationFactor = 1;
            store.keys = 1000;
            store.hotKeySkew = skew;
            cfg.components = {component("app", ComponentKind::Service), store};
            models::OperationPlan op;
            op.root = call("app");
            auto get = call("sessions");
            get.read = sim::Distribution::constant(0.001);
            op.root.calls = {get};
            cfg.operations = {op};
            testing::SystemCase c;
            c.config = cfg;
            c.rate = sim::RateProfile::constant(100);
            c.run = {200.0, 0.0, 10.0};
            const auto r = testing::runSystem(c);
            double mx = 0, total = 0;
            for (const auto& s : r.summary.stations)
                if (models::System::componentOf(s.name) == "sessions") {
                    mx = std::max(mx, double(s.arrivals));
                    total += double(s.arrivals);
                }
            return mx / (total / 4);
        };
        const double uniform = make(0.0);
        const double skewed = make(2.0);
        qInfo("busiest shard / mean: uniform keys %.3f, Zipf 2 %.3f", uniform, skewed);
        QVERIFY(uniform < 1.1);
        // With exponent 2 over 1000 keys the hottest key alone draws
        // 1 / sum(k^-2) = 60.8% of the calls: its shard gets at least 2.43x the mean.
        QVERIFY(skewed > 2.3);
    }
};

QTEST_GUILESS_MAIN(TestComponents)
#include "tst_components.moc"
