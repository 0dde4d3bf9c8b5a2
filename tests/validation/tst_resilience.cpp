// Faults and resilience mechanisms show in the numbers: each case compares a
// measured figure with a bound or a value computed by hand from the case's
// parameters (docs/models.md, "Faults" and "Resilience").
#include "systemcase.h"

#include "simcore/simulation.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;

namespace {

/// app calls `dep` (a service, 10 ms of CPU) with the given call settings.
models::SystemConfig appCallingService(const models::CallPlan& depCall)
{
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    auto dep = component("dep", ComponentKind::Service);
    dep.cores = 8;
    dep.threads = 64;
    models::OperationPlan op;
    op.name = "op";
    op.root = call("app");
    op.root.calls = {depCall};
    cfg.components = {app, dep};
    cfg.operations = {op};
    return cfg;
}

models::CallPlan depCall()
{
    auto d = call("dep");
    d.cpu = sim::Distribution::constant(0.010);
    return d;
}

/// Sums a station figure of a component's instances over the bins in [from, to).
template <typename Get>
double overBins(const testing::SystemResult& r, const std::string& component, double from, double to, Get get)
{
    double sum = 0;
    for (const auto& f : r.frames) {
        if (f.start < from - 1e-9 || f.end > to + 1e-9)
            continue;
        for (const auto& s : f.stations)
            if (models::System::componentOf(s.name) == component)
                sum += get(s);
    }
    return sum;
}

template <typename Get> double overFrames(const testing::SystemResult& r, double from, double to, Get get)
{
    double sum = 0;
    for (const auto& f : r.frames)
        if (f.start >= from - 1e-9 && f.end <= to + 1e-9)
            sum += get(f);
    return sum;
}

std::vector<sim::RunEvent> eventsOf(const testing::SystemResult& r, const std::string& kind)
{
    std::vector<sim::RunEvent> out;
    for (const auto& e : r.events)
        if (e.kind == kind)
            out.push_back(e);
    return out;
}

} // namespace

class TestResilience : public QObject
{
    Q_OBJECT

private slots:
    void retriesAmplifyWithoutBackoffAndBudget();
    void breakerOpensHalfOpensAndCloses();
    void bulkheadCapsOutstandingCalls();
    void failoverBlocksWritesForThePromotion();
    void twoZonesKeepAvailabilityThroughZoneOutage();
    void randomFailuresMatchMtbfOverMtbfPlusMttr();
    void slowDependencyAddsItsLatency();
    void errorInjectionFailsItsShare();
    void cacheFlushLoadsTheDatabaseThenRecovers();
    void consumerOutageGrowsThenDrainsTheBacklog();
    void partitionCutsCrossZoneCalls();
    void hopShaperDelaysOrLosesItsMessages();
    void sheddingBoundsTheWait();
};

// dep fails every visit from 20 s to 80 s (injected errors). Without backoff
// or budget each failed call is made 1 + max = 4 times: dep sees 4 visits per
// request. With a 10% budget the retries are at most 10% of first attempts
// (plus the 10 tokens the bucket may bank): dep sees <= 1.1 visits per request.
void TestResilience::retriesAmplifyWithoutBackoffAndBudget()
{
    auto run = [](std::optional<double> budget, double backoff) {
        auto d = depCall();
        d.retries = models::RetryPolicy{3, backoff, 2.0, models::Jitter::Full, budget};
        testing::SystemCase c;
        c.config = appCallingService(d);
        c.rate = sim::RateProfile::constant(20.0);
        c.deterministic = true;
        c.run = {100.0, 0.0, 1.0};
        c.setup = [](sim::Simulation& s, models::System& system) {
            s.at(20.0, [&system] { system.injectErrors("dep", 1.0, 60.0); });
        };
        return testing::runSystem(c);
    };
    const auto storm = run(std::nullopt, 0.0);
    const auto careful = run(0.1, 0.05);
    for (const auto* r : {&storm, &careful}) {
        // Before the outage: no retries, one dep visit per request.
        QCOMPARE(overFrames(*r, 5, 20, [](const auto& f) { return double(f.retries); }), 0.0);
    }
    // Bins well inside the outage, [30, 70): 40 s x 20 requests/s = 800 requests.
    const double requests = overFrames(storm, 30, 70, [](const auto& f) { return double(f.arrivals); });
    QVERIFY(std::fabs(requests - 800.0) <= 1.0); // deterministic arrivals: one may fall either side
    const double stormVisits = overBins(storm, "dep", 30, 70, [](const auto& s) { return double(s.arrivals); });
    const double carefulVisits = overBins(careful, "dep", 30, 70, [](const auto& s) { return double(s.arrivals); });
    const double stormRetries = overFrames(storm, 30, 70, [](const auto& f) { return double(f.retries); });
    const double carefulRetries = overFrames(careful, 30, 70, [](const auto& f) { return double(f.retries); });
    qInfo("dep visits per request in the outage: %.3f without backoff/budget, %.3f with (retries %.0f vs %.0f)",
          stormVisits / requests, carefulVisits / requests, stormRetries, carefulRetries);
    QVERIFY(std::fabs(stormVisits / requests - 4.0) <= 0.01);
    QVERIFY(std::fabs(stormRetries / requests - 3.0) <= 0.01);
    // The budget: retries <= 10% of first attempts (the bank was spent at 20 s).
    QVERIFY(carefulRetries <= 0.1 * requests + 1.0);
    QVERIFY(carefulVisits / requests <= 1.1 + 2.0 / requests);
    QVERIFY(carefulVisits / requests >= 1.09); // the budget is used, not more
    // Amplification as reported: calls made / calls without retries. Calls:
    // client -> app and app -> dep, so the storm makes (1 + 4) / 2 = 2.5.
    const double attempts = overFrames(storm, 30, 70, [](const auto& f) { return double(f.attempts); });
    QVERIFY(std::fabs(attempts / (attempts - stormRetries) - 2.5) <= 0.01);
}

// dep fails from 20 s to 40 s. The breaker opens after 5 failures in a row,
// half-opens 5 s later, fails its probe and opens again until dep is back;
// the first half-open after 40 s lets 3 probes through and closes.
void TestResilience::breakerOpensHalfOpensAndCloses()
{
    auto d = depCall();
    models::BreakerPolicy b;
    b.failureRate.reset();
    b.consecutive = 5;
    b.openFor = 5.0;
    b.probes = 3;
    d.breaker = b;
    testing::SystemCase c;
    c.config = appCallingService(d);
    c.rate = sim::RateProfile::constant(10.0);
    c.deterministic = true;
    c.run = {60.0, 0.0, 1.0};
    c.setup = [](sim::Simulation& s, models::System& system) {
        s.at(20.0, [&system] { system.injectErrors("dep", 1.0, 20.0); });
    };
    const auto r = testing::runSystem(c);
    const auto opens = eventsOf(r, "breaker_open");
    const auto halfOpens = eventsOf(r, "breaker_half_open");
    const auto closes = eventsOf(r, "breaker_closed");
    QVERIFY(!opens.empty() && !halfOpens.empty() && closes.size() == 1);
    QCOMPARE(opens.front().subject, std::string("app->dep"));
    // Calls every 0.1 s: the 5th failure comes 0.4 s (plus a visit) after 20 s.
    QVERIFY(opens.front().time > 20.4 && opens.front().time < 20.5);
    // Half-open exactly the open time after each opening.
    for (std::size_t i = 0; i < halfOpens.size(); ++i)
        QVERIFY(std::fabs(halfOpens[i].time - opens[i].time - 5.0) < 1e-9);
    // Still failing: probes fail and it opens again within one call.
    QVERIFY(opens.size() >= 2 && opens[1].time - halfOpens[0].time < 0.11);
    // Closed after three good probes (0.1 s apart) once dep is back.
    QVERIFY(closes.front().time > 40.0 && closes.front().time < 40.0 + 5.0 + 0.35);
    QVERIFY(closes.front().time - halfOpens.back().time < 0.35);
    // Open: dep sees no calls; the requests are refused instead.
    const double depVisits = overBins(r, "dep", 21, 25, [](const auto& s) { return double(s.arrivals); });
    const double refused = overFrames(r, 21, 25, [](const auto& f) { return double(f.rejections); });
    QCOMPARE(depVisits, 0.0);
    QCOMPARE(refused, 40.0);
    // After closing, everything succeeds.
    QCOMPARE(overFrames(r, 47, 60, [](const auto& f) { return double(f.errors + f.rejections); }), 0.0);
}

// An external with a 95 ms latency behind a bulkhead of 5: calls every 10 ms
// find the 5 slots busy for 5 of every 10 arrivals (rejected), or wait in the
// queue when there is one (throughput = 5 / 95 ms).
void TestResilience::bulkheadCapsOutstandingCalls()
{
    auto run = [](std::size_t queue, double rps) {
        models::SystemConfig cfg;
        auto app = component("app", ComponentKind::Service);
        app.threads = 1000;
        auto ext = component("ext", ComponentKind::External);
        ext.latency = sim::Distribution::constant(0.095);
        models::OperationPlan op;
        op.root = call("app");
        auto e = call("ext");
        e.bulkhead = models::BulkheadPolicy{5, queue};
        op.root.calls = {e};
        cfg.components = {app, ext};
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(rps);
        c.deterministic = true;
        c.run = {30.0, 5.0, 1.0};
        return testing::runSystem(c);
    };
    const auto rejecting = run(0, 100.0);
    const auto& s = rejecting.summary;
    const double share = double(s.rejections) / double(s.completions + s.errors + s.rejections);
    qInfo("bulkhead of 5 at 100/s x 95 ms: %.4f rejected", share);
    QVERIFY(std::fabs(share - 0.5) < 0.01);
    const auto queueing = run(100000, 80.0);
    const double throughput = queueing.summary.throughput();
    qInfo("bulkhead of 5 with a queue at 80/s: %.2f/s (5 / 95 ms = %.2f/s)", throughput, 5 / 0.095);
    QCOMPARE(queueing.summary.rejections, std::uint64_t(0));
    QVERIFY(std::fabs(throughput - 5 / 0.095) < 0.5);
}

// A primary and one replica; writes at 100/s and reads at 100/s. The primary
// is lost at 20.25 s and the replica promoted in 3 s: exactly the writes of
// [20.25, 23.25] fail (300, plus any in service at the crash), none outside;
// the reads during the promotion and the replication lag after it are stale.
void TestResilience::failoverBlocksWritesForThePromotion()
{
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    auto db = component("db", ComponentKind::SqlDatabase);
    db.replicas = 1;
    models::OperationPlan write, read;
    write.name = "write";
    write.root = call("app");
    auto w = call("db");
    w.write = sim::Distribution::constant(0.002);
    write.root.calls = {w};
    read.name = "read";
    read.root = call("app");
    auto rd = call("db");
    rd.read = sim::Distribution::constant(0.001);
    read.root.calls = {rd};
    cfg.components = {app, db};
    cfg.operations = {write, read};
    testing::SystemCase c;
    c.config = cfg;
    c.rate = sim::RateProfile::constant(200.0);
    c.deterministic = true;
    c.operationShares = {1.0, 1.0};
    c.run = {40.0, 0.0, 0.25};
    c.setup = [](sim::Simulation& s, models::System& system) {
        s.at(20.25, [&system] { system.failover("db", 3.0); });
    };
    const auto r = testing::runSystem(c);
    double inside = 0, outside = 0, writes = 0;
    for (const auto& f : r.frames) {
        const auto& op = f.operations.at(0);
        if (f.start >= 20.25 - 1e-9 && f.end <= 23.25 + 1e-9) {
            inside += double(op.errors);
            writes += double(op.arrivals);
        } else if (f.end <= 20.25 + 1e-9 || f.start >= 23.5 - 1e-9) {
            outside += double(op.errors);
        }
        if (f.start >= 20.25 - 1e-9 && f.end <= 23.25 + 1e-9)
            QCOMPARE(op.completions, std::uint64_t(0)); // no write succeeds in the window
    }
    qInfo("failover: %.0f write errors in the 3 s promotion (%.0f writes), %.0f outside", inside, writes, outside);
    QCOMPARE(outside, 0.0);
    QVERIFY(std::fabs(inside - writes) <= 1.0 && writes > 250 && writes < 350);
    const auto fs = eventsOf(r, "failover_start"), fe = eventsOf(r, "failover_end");
    QVERIFY(fs.size() == 1 && fe.size() == 1);
    QVERIFY(std::fabs(fe.front().time - fs.front().time - 3.0) < 1e-9);
    QCOMPARE(fe.front().detail, std::string("primary db/1"));
    // Reads go to the replica through the promotion, then to the old primary
    // (a replica now); those in [20.25, 23.25 + 50 ms lag] are stale.
    const double reads = overFrames(r, 20.25, 23.25, [](const auto& f) { return double(f.operations.at(1).arrivals); });
    const double stale = r.gauge("db", "stale_reads");
    qInfo("stale reads %.0f (reads in the promotion %.0f)", stale, reads);
    QVERIFY(stale >= reads && stale <= reads * (3.05 / 3.0) + 10);
}

// app in zones a and b behind a balancer in b, against app in zone a only.
// Zone a is out for 30 s of 100: the one-zone design loses those 30 s (70%),
// the two-zone design only the requests sent to zone a before the balancer
// ejects it (2 failed checks at 1 s: at most ~2 s of half the traffic).
void TestResilience::twoZonesKeepAvailabilityThroughZoneOutage()
{
    auto run = [](std::vector<std::string> appZones) {
        models::SystemConfig cfg;
        cfg.network.zones = {{"a", "eu"}, {"b", "eu"}};
        auto lb = component("lb", ComponentKind::LoadBalancer);
        lb.zones = {"b"};
        lb.healthInterval = 1.0;
        auto app = component("app", ComponentKind::Service);
        app.instances = 2;
        app.zones = std::move(appZones);
        models::OperationPlan op;
        op.root = call("lb");
        auto a = call("app");
        a.cpu = sim::Distribution::constant(0.005);
        op.root.calls = {a};
        cfg.components = {lb, app};
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(50.0);
        c.deterministic = true;
        c.run = {110.0, 10.0, 1.0};
        c.setup = [](sim::Simulation& s, models::System& system) {
            s.at(40.0, [&system] { system.zoneOutage("a", 30.0); });
        };
        return testing::runSystem(c);
    };
    auto availability = [](const testing::SystemResult& r) {
        const auto& s = r.summary;
        return double(s.completions) / double(s.completions + s.errors + s.rejections);
    };
    const auto spread = run({"a", "b"});
    const auto single = run({"a"});
    qInfo("zone outage 30 s of 100: two zones %.4f, one zone %.4f", availability(spread), availability(single));
    QVERIFY(availability(spread) >= 1.0 - 0.5 * 2.0 / 100.0 - 0.001);
    QVERIFY(std::fabs(availability(single) - 0.70) < 0.005);
    // The balancer's ejection and readmission show as events.
    QVERIFY(!eventsOf(spread, "backend_ejected").empty());
    QVERIFY(!eventsOf(spread, "backend_readmitted").empty());
}

// 10 instances fail at random (exponential up times, mean 100 s; repairs,
// mean 10 s); clients spread requests over all of them, up or not, so a
// request fails exactly when its instance is down: availability estimates
// MTBF / (MTBF + MTTR) = 0.9091. Over T = 6000 s the down-time share of one
// instance has a standard deviation of sqrt(2 u^2 d^2 / ((u + d)^3 T)) = 0.0158;
// of ten, 0.0050: the tolerance is 3 of those.
void TestResilience::randomFailuresMatchMtbfOverMtbfPlusMttr()
{
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    app.instances = 10;
    app.failures = models::FailurePolicy{100.0, 10.0};
    models::OperationPlan op;
    op.root = call("app");
    op.root.cpu = sim::Distribution::constant(0.001);
    cfg.components = {app};
    cfg.operations = {op};
    testing::SystemCase c;
    c.config = cfg;
    c.rate = sim::RateProfile::constant(40.0);
    c.run = {6000.0, 0.0, 100.0};
    const auto r = testing::runSystem(c);
    const auto& s = r.summary;
    const double measured = double(s.completions) / double(s.completions + s.errors + s.rejections);
    const double expected = 100.0 / 110.0;
    const double sd = std::sqrt(2 * 100.0 * 100.0 * 10.0 * 10.0 / (std::pow(110.0, 3) * 6000.0)) / std::sqrt(10.0);
    qInfo("random failures: availability %.4f, MTBF/(MTBF+MTTR) %.4f, tolerance %.4f", measured, expected, 3 * sd);
    QVERIFY(std::fabs(measured - expected) <= 3 * sd);
    QVERIFY(eventsOf(r, "host_down").size() > 300); // ~545 failures expected
}

// An external of 50 ms slowed by +200 ms, and a service of 10 ms CPU slowed x3
// (+20 ms), from 20 s to 40 s: latency rises by exactly that, then falls back.
void TestResilience::slowDependencyAddsItsLatency()
{
    auto run = [](bool external) {
        models::SystemConfig cfg;
        auto app = component("app", ComponentKind::Service);
        models::OperationPlan op;
        op.root = call("app");
        if (external) {
            auto ext = component("dep", ComponentKind::External);
            ext.latency = sim::Distribution::constant(0.05);
            cfg.components = {app, ext};
            op.root.calls = {call("dep")};
        } else {
            cfg.components = {app, component("dep", ComponentKind::Service)};
            op.root.calls = {depCall()};
        }
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.deterministic = true;
        c.run = {60.0, 0.0, 5.0};
        c.setup = [external](sim::Simulation& s, models::System& system) {
            s.at(20.0, [&system, external] {
                system.slowDown("dep", external ? 0.2 : 0.0, external ? 1.0 : 3.0, 20.0);
            });
        };
        return testing::runSystem(c);
    };
    for (bool external : {true, false}) {
        const auto r = run(external);
        const double before = r.frames.at(2).meanLatency; // [10, 15)
        const double during = r.frames.at(6).meanLatency; // [30, 35)
        const double after = r.frames.at(10).meanLatency; // [50, 55)
        const double added = external ? 0.2 : 0.02;
        qInfo("slow %s: %.4f s -> %.4f s -> %.4f s", external ? "external +200ms" : "service x3", before, during, after);
        QVERIFY(std::fabs(during - before - added) < 1e-6);
        QVERIFY(std::fabs(after - before) < 1e-9);
        QCOMPARE(eventsOf(r, "fault_start").size(), std::size_t(1));
        QCOMPARE(eventsOf(r, "fault_end").front().time, 40.0);
    }
}

// 25% injected errors at dep for 40 s: the share of failed requests in that
// window is 25% (binomial: 2000 requests, sd 1%; tolerance 3 sd), 0 outside.
void TestResilience::errorInjectionFailsItsShare()
{
    testing::SystemCase c;
    c.config = appCallingService(depCall());
    c.rate = sim::RateProfile::constant(50.0);
    c.deterministic = true;
    c.run = {80.0, 0.0, 1.0};
    c.setup = [](sim::Simulation& s, models::System& system) {
        s.at(20.0, [&system] { system.injectErrors("dep", 0.25, 40.0); });
    };
    const auto r = testing::runSystem(c);
    const double errors = overFrames(r, 20, 60, [](const auto& f) { return double(f.errors); });
    const double ended = overFrames(r, 20, 60, [](const auto& f) { return double(f.completions + f.errors); });
    qInfo("injected 25%%: measured %.4f", errors / ended);
    QVERIFY(std::fabs(errors / ended - 0.25) < 0.03);
    QCOMPARE(overFrames(r, 0, 20, [](const auto& f) { return double(f.errors); }), 0.0);
    QCOMPARE(overFrames(r, 61, 80, [](const auto& f) { return double(f.errors); }), 0.0);
}

// An LRU cache (1000 keys, 300 entries, Zipf 0.9) in front of a database. At
// 60 s the cache is flushed: the first lookups all miss, so the database's
// load jumps to the full request rate, then falls back as the cache refills.
void TestResilience::cacheFlushLoadsTheDatabaseThenRecovers()
{
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    auto cache = component("cache", ComponentKind::Cache);
    cache.keys = 1000;
    cache.capacity = 300;
    auto db = component("db", ComponentKind::SqlDatabase);
    models::OperationPlan op;
    op.root = call("app");
    auto lookup = call("cache");
    lookup.cpu = sim::Distribution::constant(0.0002);
    auto load = call("db");
    load.read = sim::Distribution::constant(0.002);
    lookup.miss = {load};
    op.root.calls = {lookup};
    cfg.components = {app, cache, db};
    cfg.operations = {op};
    testing::SystemCase c;
    c.config = cfg;
    c.rate = sim::RateProfile::constant(100.0);
    c.run = {120.0, 0.0, 1.0};
    c.setup = [](sim::Simulation& s, models::System& system) {
        s.at(60.0, [&system] { system.flushCache("cache"); });
    };
    const auto r = testing::runSystem(c);
    auto dbLoad = [&](double from, double to) {
        return overBins(r, "db", from, to, [](const auto& s) { return double(s.arrivals); }) / (to - from);
    };
    auto requests = [&](double from, double to) {
        return overFrames(r, from, to, [](const auto& f) { return double(f.arrivals); }) / (to - from);
    };
    const double steady = dbLoad(40, 60), first = dbLoad(60, 61), later = dbLoad(100, 120);
    qInfo("db reads/s: %.1f before the flush, %.1f in the first second after (requests %.1f/s), %.1f 40 s later",
          steady, first, requests(60, 61), later);
    // The first second after the flush misses far more than the warm cache:
    // at least the 300 entries' worth of first lookups of distinct keys.
    QVERIFY(first > 1.5 * steady);
    QVERIFY(first > 0.6 * requests(60, 61));
    // Recovered: back to the warm miss rate (Poisson over 20 s: +-10%).
    QVERIFY(std::fabs(later - steady) < 0.1 * steady);
}

// A queue's consumer handles 4 messages at a time, 40 ms each (+ two hops of
// 0.2 ms): capacity 4 / 40.4 ms = 99.0/s. Messages arrive at 50/s. The
// consumers stop from 20 s to 30 s: the backlog grows at 50/s to 500, then
// drains at 99.0 - 50 = 49.0/s, empty 10.2 s later.
void TestResilience::consumerOutageGrowsThenDrainsTheBacklog()
{
    models::SystemConfig cfg;
    auto app = component("app", ComponentKind::Service);
    auto q = component("q", ComponentKind::MessageQueue);
    q.consumer = "worker";
    q.concurrency = 4;
    auto worker = component("worker", ComponentKind::Service);
    worker.cores = 4;
    models::OperationPlan op;
    op.root = call("app");
    auto publish = call("q");
    publish.cpu = sim::Distribution::constant(0.040);
    op.root.calls = {publish};
    cfg.components = {app, q, worker};
    cfg.operations = {op};
    testing::SystemCase c;
    c.config = cfg;
    c.rate = sim::RateProfile::constant(50.0);
    c.deterministic = true;
    c.run = {50.0, 0.0, 1.0};
    c.setup = [](sim::Simulation& s, models::System& system) {
        s.at(20.0, [&system] { system.consumerOutage("q", 10.0); });
    };
    const auto r = testing::runSystem(c);
    auto backlogAt = [&](double t) {
        for (std::size_t i = 0; i < r.frames.size(); ++i)
            if (std::fabs(r.frames[i].end - t) < 1e-9)
                for (const auto& g : r.gaugeFrames[i])
                    if (g.component == "q" && g.name == "backlog")
                        return g.value;
        return -1.0;
    };
    const double capacity = 4 / (0.040 + 2 * (0.0002 + 1000 / 1.25e9));
    qInfo("backlog: %.0f at 20 s, %.0f at 25 s, %.0f at 30 s, %.0f at 35 s, %.0f at 40 s, %.0f at 45 s", backlogAt(20),
          backlogAt(25), backlogAt(30), backlogAt(35), backlogAt(40), backlogAt(45));
    QVERIFY(backlogAt(20) <= 4);
    QVERIFY(std::fabs(backlogAt(25) - 250) <= 2);
    QVERIFY(std::fabs(backlogAt(30) - 500) <= 2);
    const double drain = (backlogAt(32) - backlogAt(38)) / 6.0;
    qInfo("drain %.2f/s, expected %.2f/s", drain, capacity - 50.0);
    QVERIFY(std::fabs(drain - (capacity - 50.0)) < 1.0);
    QCOMPARE(backlogAt(45), 0.0);
}

// app in zone a calls dep in zone b; the a~b link is cut from 20 s to 30 s:
// every call in that window fails, none before or after.
void TestResilience::partitionCutsCrossZoneCalls()
{
    auto cfg = appCallingService(depCall());
    cfg.network.zones = {{"a", "eu"}, {"b", "eu"}};
    cfg.components[0].zones = {"a"};
    cfg.components[1].zones = {"b"};
    testing::SystemCase c;
    c.config = cfg;
    c.deterministic = true;
    c.run = {40.0, 0.0, 1.0};
    c.setup = [](sim::Simulation& s, models::System& system) {
        s.at(20.0, [&system] { QVERIFY(system.partition("b", "a", 10.0)); });
    };
    const auto r = testing::runSystem(c);
    QCOMPARE(overFrames(r, 21, 30, [](const auto& f) { return double(f.completions); }), 0.0);
    QCOMPARE(overFrames(r, 21, 30, [](const auto& f) { return double(f.errors); }), 90.0);
    QCOMPARE(overFrames(r, 31, 40, [](const auto& f) { return double(f.errors); }), 0.0);
    QVERIFY(!eventsOf(r, "link_down").empty());
}

namespace {

/// Delays (or loses) every message between app and dep, either way.
class AppDepShaper : public models::HopShaper
{
public:
    AppDepShaper(double delay, bool lost, std::string other = "dep")
        : m_delay(delay), m_lost(lost), m_other(std::move(other))
    {
    }
    bool concerns(const models::HopEnds& e) const override
    {
        return (e.fromComponent == "app" && e.toComponent == m_other) ||
               (e.fromComponent == m_other && e.toComponent == "app");
    }
    models::HopEffect shape(const models::HopEnds&, double, double, sim::RandomStream&) override
    {
        return {m_delay, m_lost};
    }

private:
    double m_delay;
    bool m_lost;
    std::string m_other;
};

} // namespace

// A shaper adding 50 ms to each message between app and dep from 20 s to
// 40 s: a request's call to dep and its answer both cross, so latency rises
// by exactly 100 ms, and falls back after. One that loses the messages
// fails every call in its window after its delay; one whose ends no message
// has is refused.
void TestResilience::hopShaperDelaysOrLosesItsMessages()
{
    auto run = [](bool lost) {
        testing::SystemCase c;
        c.config = appCallingService(depCall());
        c.deterministic = true;
        c.run = {60.0, 0.0, 5.0};
        c.setup = [lost](sim::Simulation& s, models::System& system) {
            QVERIFY(!system.shapeHops(std::make_unique<AppDepShaper>(0.05, lost, "nobody"), 20.0, "x", "y"));
            s.at(20.0, [&system, lost] {
                QVERIFY(system.shapeHops(std::make_unique<AppDepShaper>(0.05, lost), 20.0, "app~dep", "test"));
            });
        };
        return testing::runSystem(c);
    };
    const auto delayed = run(false);
    const double before = delayed.frames.at(2).meanLatency; // [10, 15)
    const double during = delayed.frames.at(6).meanLatency; // [30, 35)
    const double after = delayed.frames.at(10).meanLatency; // [50, 55)
    qInfo("shaped hops +50ms each way: %.4f s -> %.4f s -> %.4f s", before, during, after);
    QVERIFY(std::fabs(during - before - 0.1) < 1e-6);
    QVERIFY(std::fabs(after - before) < 1e-9);
    QCOMPARE(overFrames(delayed, 0, 60, [](const auto& f) { return double(f.errors); }), 0.0);
    QCOMPARE(eventsOf(delayed, "fault_start").size(), std::size_t(1));
    QCOMPARE(eventsOf(delayed, "fault_start").front().subject, std::string("app~dep"));
    QCOMPARE(eventsOf(delayed, "fault_end").front().time, 40.0);

    const auto lost = run(true);
    QCOMPARE(overFrames(lost, 25, 40, [](const auto& f) { return double(f.completions); }), 0.0);
    QCOMPARE(overFrames(lost, 25, 40, [](const auto& f) { return double(f.errors); }), 150.0);
    QCOMPARE(overFrames(lost, 45, 60, [](const auto& f) { return double(f.errors); }), 0.0);
    QCOMPARE(overFrames(lost, 45, 60, [](const auto& f) { return double(f.completions); }), 150.0);
}

// One worker, 10 ms per request, 150 requests/s: 1.5x overloaded. Without
// shedding the backlog (1000) fills and a request waits ~10 s; with
// shed_wait 50 ms new work is refused while the oldest waiting request has
// waited over 50 ms, so the backlog holds what arrives in ~50 ms (about 8
// requests, 80 ms of work): successful requests wait at most ~50 + 80 ms, and
// the worker stays busy (throughput = capacity, 100/s).
void TestResilience::sheddingBoundsTheWait()
{
    auto run = [](std::optional<double> shed) {
        models::SystemConfig cfg;
        auto app = component("app", ComponentKind::Service);
        app.cores = 1;
        app.threads = 1;
        app.shedWait = shed;
        models::OperationPlan op;
        op.root = call("app");
        op.root.cpu = sim::Distribution::constant(0.010);
        cfg.components = {app};
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(150.0);
        c.run = {120.0, 60.0, 1.0};
        return testing::runSystem(c);
    };
    const auto plain = run(std::nullopt);
    const auto shed = run(0.05);
    qInfo("p99 without shedding %.3f s, with shed_wait 50 ms %.3f s; throughput %.1f/s", plain.summary.p99,
          shed.summary.p99, shed.summary.throughput());
    QVERIFY(plain.summary.p99 > 5.0);
    QVERIFY(shed.summary.p99 < 0.05 + 0.08 + 0.03);
    QVERIFY(std::fabs(shed.summary.throughput() - 100.0) < 2.0);
    QVERIFY(shed.summary.rejections > 0);
}

QTEST_GUILESS_MAIN(TestResilience)
#include "tst_resilience.moc"
