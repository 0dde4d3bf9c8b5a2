// Traffic per connection (docs/models.md, "Traffic per connection"): each
// case checks a connection's counters against a figure computed by hand from
// the case's parameters, and that the connections add up to the system-wide
// attempts and retries.
#include "systemcase.h"

#include "simcore/simulation.h"

#include <QtTest>

#include <cmath>
#include <numeric>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;

namespace {

/// A connection's counters summed over the bins inside [from, to].
sim::ConnectionMetrics overBins(const testing::SystemResult& r, const std::string& caller, const std::string& target,
                                double from, double to)
{
    sim::ConnectionMetrics sum;
    sum.caller = caller;
    sum.target = target;
    for (const auto& f : r.frames) {
        if (f.start < from - 1e-9 || f.end > to + 1e-9)
            continue;
        for (const auto& c : f.connections)
            if (c.caller == caller && c.target == target) {
                sum.calls += c.calls;
                sum.retries += c.retries;
                sum.errors += c.errors;
                sum.rejected += c.rejected;
                sum.shortCircuited += c.shortCircuited;
            }
    }
    return sum;
}

const sim::ConnectionMetrics* find(const sim::MetricFrame& f, const std::string& caller, const std::string& target)
{
    for (const auto& c : f.connections)
        if (c.caller == caller && c.target == target)
            return &c;
    return nullptr;
}

/// Every frame's (and the summary's) connections add up to its attempts and retries.
void checkSums(const testing::SystemResult& r)
{
    auto check = [](const sim::MetricFrame& f) {
        std::uint64_t calls = 0, retries = 0;
        for (const auto& c : f.connections) {
            calls += c.calls;
            retries += c.retries;
            QVERIFY(c.retries <= c.calls);
            QVERIFY(c.errors + c.rejected <= c.calls);
        }
        QCOMPARE(calls, f.attempts);
        QCOMPARE(retries, f.retries);
    };
    for (const auto& f : r.frames)
        check(f);
    check(r.summary);
}

} // namespace

class TestConnections : public QObject
{
    Q_OBJECT

private slots:
    void retriedDependencyAmplifiesByTheGeometricSum();
    void cacheMissesQueueDeliveriesAndModules();
};

// clients -> app -> db (no retries), then app -> dep (2 retries: N = 3
// attempts, no backoff). From 20 s to 80 s dep fails a share p = 0.5 of its
// visits (error injection), each attempt independently: a call to dep is made
// 1 + p + p^2 = 1.75 times on average, and fails (after its last attempt)
// with probability p^3 = 0.125, which the request then fails with. 100 calls/s
// over 60 s: 6000 first calls; one call's attempts have a standard deviation
// of 0.83, so the window's mean is within 0.011 (1 sigma): tolerance 0.05.
void TestConnections::retriedDependencyAmplifiesByTheGeometricSum()
{
    const double p = 0.5;
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    app.cores = 4;
    auto dep = component("dep", ComponentKind::Service);
    dep.cores = 8;
    dep.threads = 64;
    auto db = component("db", ComponentKind::SqlDatabase);
    db.cores = 4;
    auto dbCall = call("db");
    dbCall.read = sim::Distribution::constant(0.002);
    auto depCall = call("dep");
    depCall.cpu = sim::Distribution::constant(0.005);
    depCall.retries = models::RetryPolicy{2, 0.0, 2.0, models::Jitter::None, std::nullopt};
    models::OperationPlan op;
    op.name = "op";
    op.root = call("app");
    op.root.cpu = sim::Distribution::constant(0.002);
    op.root.calls = {dbCall, depCall};
    cfg.components = {app, dep, db};
    cfg.operations = {op};

    testing::SystemCase c;
    c.config = cfg;
    c.rate = sim::RateProfile::constant(100.0);
    c.run = {100.0, 0.0, 1.0};
    c.setup = [p](sim::Simulation& s, models::System& system) {
        s.at(20.0, [&system, p] { system.injectErrors("dep", p, 60.0); });
    };
    const auto r = testing::runSystem(c);
    checkSums(r);

    // Three connections, in the order the route names them.
    QCOMPARE(r.summary.connections.size(), std::size_t(3));
    QCOMPARE(r.summary.connections[0].caller, std::string("clients"));
    QCOMPARE(r.summary.connections[1].target, std::string("db"));
    QCOMPARE(r.summary.connections[2].target, std::string("dep"));

    const auto inFault = overBins(r, "app", "dep", 20.0, 80.0);
    const double expected = 1.0 + p + p * p;
    QVERIFY2(std::abs(inFault.amplification() - expected) < 0.05,
             qPrintable(QString("app->dep amplification %1, expected %2").arg(inFault.amplification()).arg(expected)));
    // Every attempt fails with probability p.
    QVERIFY(std::abs(double(inFault.errors) / double(inFault.calls) - p) < 0.03);
    QCOMPARE(inFault.rejected, std::uint64_t(0));
    // A request fails when its call to dep fails three times: p^3 of clients -> app.
    const auto entry = overBins(r, "clients", "app", 20.0, 80.0);
    QCOMPARE(entry.amplification(), 1.0);
    QVERIFY(std::abs(double(entry.errors) / double(entry.calls) - p * p * p) < 0.03);
    // Connections without retries: exactly one call per first call, fault or not.
    QCOMPARE(overBins(r, "app", "db", 0.0, 100.0).amplification(), 1.0);
    QCOMPARE(find(r.summary, "app", "db")->retries, std::uint64_t(0));
    // Outside the fault nothing is retried.
    const auto before = overBins(r, "app", "dep", 0.0, 20.0);
    QCOMPARE(before.retries, std::uint64_t(0));
    QCOMPARE(before.errors, std::uint64_t(0));
    QVERIFY(before.calls > 1900);
    // Over the run: (40 s x 1 + 60 s x 1.75) / 100 s of first calls.
    const double run = find(r.summary, "app", "dep")->amplification();
    const double overall = (40.0 + 60.0 * expected) / 100.0;
    QVERIFY2(std::abs(run - overall) < 0.04, qPrintable(QString("run amplification %1, expected %2").arg(run).arg(overall)));
}

// clients -> app (2 ms) -> orders (a module of app, 6 ms) -> cache (hit ratio
// 0.8) -> on a miss db; app -> queue -> worker (a consumer service) -> db.
// The connections count what the gauges count by other means: cache -> db
// calls are the cache's misses, queue -> worker calls are the messages
// delivered; the module's work is 6 of every 8 ms its host's CPU spends.
void TestConnections::cacheMissesQueueDeliveriesAndModules()
{
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    app.cores = 4;
    auto orders = component("orders", ComponentKind::Module);
    orders.host = "app";
    auto cache = component("cache", ComponentKind::Cache);
    cache.hitRatio = 0.8;
    auto db = component("db", ComponentKind::SqlDatabase);
    db.cores = 4;
    auto queue = component("queue", ComponentKind::MessageQueue);
    queue.consumer = "worker";
    auto worker = component("worker", ComponentKind::Service);
    worker.cores = 2;

    auto dbCall = call("db");
    dbCall.read = sim::Distribution::constant(0.001);
    auto cacheCall = call("cache");
    cacheCall.miss = {dbCall};
    auto ordersCall = call("orders");
    ordersCall.cpu = sim::Distribution::constant(0.006);
    ordersCall.calls = {cacheCall};
    auto publish = call("queue");
    publish.cpu = sim::Distribution::constant(0.003); // the consumer's work
    auto writeCall = call("db");
    writeCall.write = sim::Distribution::constant(0.001);
    publish.calls = {writeCall};
    models::OperationPlan op;
    op.name = "op";
    op.root = call("app");
    op.root.cpu = sim::Distribution::constant(0.002);
    op.root.calls = {ordersCall, publish};
    cfg.components = {app, orders, cache, db, queue, worker};
    cfg.operations = {op};

    testing::SystemCase c;
    c.config = cfg;
    c.rate = sim::RateProfile::constant(50.0);
    c.run = {60.0, 0.0, 1.0};
    const auto r = testing::runSystem(c);
    checkSums(r);

    const auto& s = r.summary;
    const auto* cacheDb = find(s, "cache", "db");
    const auto* queueWorker = find(s, "queue", "worker");
    QVERIFY(cacheDb && queueWorker && find(s, "orders", "cache") && find(s, "app", "orders") &&
            find(s, "app", "queue") && find(s, "queue", "db"));
    // Misses = lookups x (1 - hit ratio), both counted by the cache since 0;
    // a miss still on its way back to the caller at the end has not called db yet.
    const double lookups = r.gauge("cache", "lookups");
    const double misses = std::round(lookups * (1.0 - r.gauge("cache", "hit_ratio")));
    QVERIFY(double(cacheDb->calls) <= misses && double(cacheDb->calls) >= misses - 3);
    QVERIFY(std::abs(double(cacheDb->calls) / lookups - 0.2) < 0.03);
    // Deliveries = messages consumed + in delivery at the end.
    QCOMPARE(double(queueWorker->calls), r.gauge("queue", "consumed") + r.gauge("queue", "in_delivery"));
    QCOMPARE(find(s, "app", "queue")->calls, find(s, "clients", "app")->calls);

    // The module's share of its host's CPU: 6 ms of every 2 + 6 ms per
    // request (a request in service at the end: within 0.01).
    QVERIFY2(std::abs(r.gauge("orders", "cpu_share") - 0.75) < 0.01,
             qPrintable(QString("cpu_share %1").arg(r.gauge("orders", "cpu_share"))));
    QVERIFY(std::abs(r.gauge("orders", "cpu_seconds") - 0.006 * double(find(s, "app", "orders")->calls)) < 1e-6);
}

QTEST_GUILESS_MAIN(TestConnections)
#include "tst_connections.moc"
