// The `network` fault (docs/models.md, "Faults") against hand-computed
// figures: added latency per message, jitter's spread, packet loss as TCP's
// retransmission timeouts, a bandwidth cap as an M/D/1 queue; only in its
// window and only between its pair.
#include "systemcase.h"

#include "scenarios/faulttype.h"

#include "simcore/simulation.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;

namespace {

/// clients -> app -> dep [-> db]: no CPU anywhere and pools wide enough never
/// to queue, so a request's latency is its hops' and the fault's delays alone.
models::SystemConfig chain(bool withDb = false)
{
    models::SystemConfig cfg;
    std::vector<models::ComponentConfig> components;
    for (const char* name : {"app", "dep", "db"}) {
        auto c = component(name, ComponentKind::Service);
        c.cores = 8;
        c.threads = 10000;
        components.push_back(c);
    }
    if (!withDb)
        components.pop_back();
    models::OperationPlan op;
    op.name = "op";
    op.root = call("app");
    op.root.calls = {call("dep")};
    if (withDb)
        op.root.calls[0].calls = {call("db")};
    cfg.components = components;
    cfg.operations = {op};
    return cfg;
}

scenarios::Fault network(const std::string& a, const std::string& b, double at, double duration,
                         std::map<std::string, double, std::less<>> settings)
{
    scenarios::Fault f;
    f.type = "network";
    f.target = a;
    f.peer = b;
    f.at = at;
    f.settings = std::move(settings);
    f.settings["for"] = duration;
    return f;
}

/// Runs the case with `fault` applied at its time (none: no fault). Only a
/// fault that acts emits fault_start.
testing::SystemResult run(testing::SystemCase c, std::optional<scenarios::Fault> fault)
{
    if (fault)
        c.setup = [f = *fault](sim::Simulation& s, models::System& system) {
            s.at(f.at, [&system, f] { scenarios::faultTypeOf(f).apply(system, f); });
        };
    return testing::runSystem(c);
}

std::size_t countEvents(const testing::SystemResult& r, const std::string& kind)
{
    return std::size_t(std::count_if(r.events.begin(), r.events.end(), [&](const auto& e) { return e.kind == kind; }));
}

/// One message's expected retransmission wait with each send lost with
/// probability p: sum over n >= 1 of P(n losses or more) x the n-th timeout
/// (200 ms doubling, at most 120 s; 15 resends).
double expectedResendWait(double p)
{
    double e = 0, rto = 0.2;
    for (int n = 1; n <= 15; ++n, rto = std::min(2 * rto, 120.0))
        e += std::pow(p, n) * rto;
    return e;
}

} // namespace

class TestNetworkFault : public QObject
{
    Q_OBJECT

private slots:
    // latency 40 ms on dep~db from 20 s to 40 s: each request crosses that
    // pair twice (the call and its answer), so latency rises by exactly 80 ms
    // in the window and by nothing before or after; app~dep, also crossed,
    // is untouched (else the rise would be larger).
    void latencyAddsPerMessageInItsWindowOnly()
    {
        testing::SystemCase c;
        c.config = chain(true);
        c.deterministic = true;
        c.run = {60.0, 0.0, 5.0};
        const auto r = run(c, network("db", "dep", 20.0, 20.0, {{"latency", 0.04}}));
        const double before = r.frames.at(2).meanLatency, during = r.frames.at(6).meanLatency,
                     after = r.frames.at(10).meanLatency;
        qInfo("latency 40ms on dep~db: %.6f s -> %.6f s -> %.6f s (expected +0.080000)", before, during, after);
        QVERIFY(std::fabs(during - before - 0.08) < 1e-6);
        QVERIFY(std::fabs(after - before) < 1e-9);
        QCOMPARE(countEvents(r, "fault_start"), std::size_t(1));
        QCOMPARE(r.events.front().subject, std::string("db~dep"));
        QCOMPARE(r.events.front().detail, std::string("network latency 40ms"));
        QCOMPARE(countEvents(r, "fault_end"), std::size_t(1));
    }

    // app never calls db: nothing crosses app~db, so the fault does nothing
    // (apply() is false, compare prints its inert reason): no fault_start.
    void pairNoCallCrossesIsInert()
    {
        testing::SystemCase c;
        c.config = chain(true);
        c.deterministic = true;
        c.run = {20.0, 0.0, 5.0};
        const scenarios::Fault f = network("app", "db", 5.0, 10.0, {{"latency", 0.04}});
        const auto r = run(c, f);
        QCOMPARE(countEvents(r, "fault_start"), std::size_t(0));
        QCOMPARE(r.frames.at(0).meanLatency, r.frames.at(2).meanLatency);
        QCOMPARE(scenarios::faultTypeOf(f).inertAtRunTime(f), std::string("no call crosses app~db in this variant"));
        scenarios::Variant v;
        v.components.resize(1);
        v.components[0].name = "app";
        QCOMPARE(scenarios::faultTypeOf(f).inertReason(f, v), std::string("no db in this variant"));
        scenarios::Fault zones = f;
        zones.zonePair = true;
        QCOMPARE(scenarios::faultTypeOf(zones).inertReason(zones, v), std::string());
    }

    // The same between two zones: app in a, dep in b; messages inside a zone are untouched.
    void zonePairShapesCrossZoneMessages()
    {
        testing::SystemCase c;
        c.config = chain();
        c.config.network.zones = {{"a", "eu"}, {"b", "eu"}};
        c.config.components[0].zones = {"a"};
        c.config.components[1].zones = {"b"};
        c.deterministic = true;
        c.run = {40.0, 0.0, 5.0};
        scenarios::Fault f = network("b", "a", 10.0, 20.0, {{"latency", 0.025}});
        f.zonePair = true;
        const auto r = run(c, f);
        const double before = r.frames.at(1).meanLatency, during = r.frames.at(4).meanLatency;
        qInfo("latency 25ms on zones a~b: %.6f s -> %.6f s (expected +0.050000)", before, during);
        QVERIFY(std::fabs(during - before - 0.05) < 1e-6);
    }

    // Jitter 30 ms around 50 ms: each message's delay is uniform on
    // [20, 80] ms (sd J/sqrt(3) = 17.3 ms), so a round trip adds 100 ms on
    // average, with the spread of the sum of two, a triangle on +-2J (sd
    // J sqrt(2/3) = 24.5 ms): its quantile q >= 0.5 is 2J (1 - sqrt(2 (1 - q))).
    // 50 000 requests: the mean's standard error is 0.11 ms (tolerance 0.5 ms);
    // a p95's about 0.6 ms, the histogram's 0.4% (tolerance 3 ms).
    void jitterKeepsTheMeanAndSpreadsUniformly()
    {
        testing::SystemCase c;
        c.config = chain();
        c.deterministic = true;
        c.rate = sim::RateProfile::constant(50.0);
        c.run = {1000.0, 0.0, 1000.0};
        const double L = 0.05, J = 0.03;
        const auto base = run(c, std::nullopt).summary;
        const auto fixed = run(c, network("app", "dep", 0.0, 2000.0, {{"latency", L}})).summary;
        const auto jittered = run(c, network("app", "dep", 0.0, 2000.0, {{"latency", L}, {"jitter", J}})).summary;
        QCOMPARE(base.p99, base.p50); // deterministic: every request alike
        auto q = [J](double p) { return 2 * J * (1 - std::sqrt(2 * (1 - p))); };
        qInfo("jitter: mean %.5f s (without jitter %.5f s, no fault %.5f s)", jittered.meanLatency, fixed.meanLatency,
              base.meanLatency);
        qInfo("jitter: p50 %+.5f p95 %+.5f p99 %+.5f s around the mean; triangle: 0 %+.5f %+.5f",
              jittered.p50 - fixed.meanLatency, jittered.p95 - fixed.meanLatency, jittered.p99 - fixed.meanLatency,
              q(0.95), q(0.99));
        QVERIFY(std::fabs(fixed.meanLatency - base.meanLatency - 2 * L) < 1e-6);
        QVERIFY(std::fabs(jittered.meanLatency - fixed.meanLatency) < 5e-4);
        QVERIFY(std::fabs(jittered.p50 - fixed.meanLatency) < 3e-3);
        QVERIFY(std::fabs(jittered.p95 - fixed.meanLatency - q(0.95)) < 3e-3);
        QVERIFY(std::fabs(jittered.p99 - fixed.meanLatency - q(0.99)) < 3e-3);
    }

    // 5% packet loss on one-packet messages (1000 B each way): a message
    // waits sum_n p^n x RTO_n, about 0.2 p / (1 - 2p) = 11.1 ms, twice per
    // request. The wait per request has sd 76.6 ms (hand-computed from the
    // geometric: Var(2^N) = (1-p)/(1-4p) - ((1-p)/(1-2p))^2); 100 000
    // requests: standard error 0.24 ms, tolerance 1 ms (4 se).
    void lossCostsRetransmissionTimeouts()
    {
        testing::SystemCase c;
        c.config = chain();
        c.config.operations[0].root.calls[0].responseBytes = 1000.0;
        c.deterministic = true;
        c.rate = sim::RateProfile::constant(50.0);
        c.run = {2000.0, 0.0, 2000.0};
        const double p = 0.05;
        const auto base = run(c, std::nullopt).summary;
        const auto lossy = run(c, network("app", "dep", 0.0, 4000.0, {{"loss", p}})).summary;
        const double expected = 2 * expectedResendWait(p);
        const double added = lossy.meanLatency - base.meanLatency;
        qInfo("loss 5%%: +%.5f s per request, expected %.5f s", added, expected);
        QVERIFY(std::fabs(added - expected) < 1e-3);
        QCOMPARE(lossy.errors, std::uint64_t(0));
    }

    // Every packet lost from 10 s for 1 s: a call without a timeout fails
    // once TCP gives up (15 resends: 924.6 s later), never hangs; one with a
    // 2 s timeout fails at its timeout.
    void totalLossFailsCallsWhenTheSenderGivesUp()
    {
        for (const bool timeout : {false, true}) {
            testing::SystemCase c;
            c.config = chain();
            if (timeout)
                c.config.operations[0].root.calls[0].timeout = 2.0;
            c.deterministic = true;
            c.rate = sim::RateProfile::constant(1.0);
            c.run = {1000.0, 0.0, 1.0};
            const auto r = run(c, network("app", "dep", 10.0, 1.0, {{"loss", 1.0}}));
            std::uint64_t errors = 0;
            double firstError = -1;
            for (const auto& f : r.frames) {
                errors += f.errors;
                if (f.errors && firstError < 0)
                    firstError = f.start;
            }
            qInfo("loss 100%% %s: %llu failed, the first in [%g, %g) s", timeout ? "with a 2 s timeout" : "",
                  static_cast<unsigned long long>(errors), firstError, firstError + 1);
            QCOMPARE(errors, std::uint64_t(1)); // the request sent at [10, 11)
            QCOMPARE(firstError, timeout ? 12.0 : 934.0);
        }
    }

    // A 1 MB/s cap, one 1 MB request and its 1000 B answer at a time: the
    // round trip takes (1 MB + 1000 B) / cap more, exactly.
    void bandwidthCapTimesALargeMessage()
    {
        testing::SystemCase c;
        c.config = chain();
        c.config.operations[0].root.calls[0].requestBytes = 1e6;
        c.config.operations[0].root.calls[0].responseBytes = 1000.0;
        c.deterministic = true;
        c.rate = sim::RateProfile::constant(0.25);
        c.run = {100.0, 0.0, 100.0};
        const auto base = run(c, std::nullopt).summary;
        const auto capped = run(c, network("app", "dep", 0.0, 200.0, {{"bandwidth", 1e6}})).summary;
        const double added = capped.meanLatency - base.meanLatency;
        qInfo("bandwidth 1 MB/s: +%.6f s for 1 MB + 1000 B, expected 1.001", added);
        QVERIFY(std::fabs(added - 1.001) < 1e-6);
    }

    // Poisson calls of 10 kB through a 1 MB/s cap at 70/s: an M/D/1 queue,
    // D = 10 ms, rho = 0.7; Pollaczek-Khinchine: Wq = rho D / (2 (1 - rho)) =
    // 11.67 ms. A request adds D + Wq (its answer, 100 B, adds 0.1 ms and
    // waits next to nothing at rho 0.007). 280 000 requests; tolerance 5% of Wq.
    void bandwidthCapQueuesAsMD1()
    {
        testing::SystemCase c;
        c.config = chain();
        c.config.operations[0].root.calls[0].requestBytes = 1e4;
        c.config.operations[0].root.calls[0].responseBytes = 100.0;
        c.rate = sim::RateProfile::constant(70.0);
        c.run = {4000.0, 0.0, 4000.0};
        const double D = 0.01, rho = 0.7, Wq = rho * D / (2 * (1 - rho));
        const double answer = 100.0 / 1e6;
        const auto base = run(c, std::nullopt).summary;
        const auto capped = run(c, network("app", "dep", 0.0, 8000.0, {{"bandwidth", 1e6}})).summary;
        const double wait = capped.meanLatency - base.meanLatency - D - answer;
        qInfo("bandwidth cap at rho 0.7: wait %.5f s, Pollaczek-Khinchine %.5f s", wait, Wq);
        QVERIFY(std::fabs(wait - Wq) < 0.05 * Wq);
    }
};

QTEST_GUILESS_MAIN(TestNetworkFault)
#include "tst_networkfault.moc"
