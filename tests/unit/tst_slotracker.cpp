// The resilience metrics' definitions (docs/models.md, "Resilience metrics")
// on hand-built bins, and the circuit breaker's state machine on a hand-made
// sequence of outcomes.
#include "models/resilience.h"
#include "scenarios/slotracker.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;

namespace {

sim::MetricFrame bin(double start, std::uint64_t ok, std::uint64_t errors, double p99 = 0.01)
{
    sim::MetricFrame f;
    f.start = start;
    f.end = start + 10.0;
    f.completions = ok;
    f.errors = errors;
    f.p99 = p99;
    return f;
}

using Status = scenarios::Recovery::Status;

/// A study with an SLO (availability >= 99%, p99 <= 100 ms) and bins of 10 s.
scenarios::Study studyWithSlo()
{
    scenarios::Study study;
    study.slo.availability = 0.99;
    study.slo.p99 = 0.1;
    study.run.bin = 10.0;
    return study;
}

scenarios::Fault fault(double at, const char* type = "kill")
{
    scenarios::Fault f;
    f.type = type;
    f.at = at;
    return f;
}

/// Bins of 10 s from 0: '.' meets the SLO, 'x' misses it (half the requests fail).
void feed(scenarios::SloTracker& t, const char* bins)
{
    for (int i = 0; bins[i]; ++i)
        t.onFrame(bins[i] == 'x' ? bin(10.0 * i, 50, 50) : bin(10.0 * i, 100, 0));
}

void expect(const scenarios::Recovery& r, Status status, double seconds)
{
    QCOMPARE(int(r.status), int(status));
    QCOMPARE(r.seconds, seconds);
}

} // namespace

class TestSloTracker : public QObject
{
    Q_OBJECT

private slots:
    void timeInSloAndRecovery()
    {
        scenarios::Study study = studyWithSlo();
        study.run.warmup = 10.0;
        scenarios::Fault kill = fault(25.0); // at 25 s, restarts 20 s later
        kill.settings["restart"] = 20.0;
        scenarios::Fault harmless = fault(75.0, "cache_flush"); // breaks nothing
        scenarios::Fault never = fault(85.0, "zone_outage"); // the SLO never holds again
        never.settings["for"] = 5.0;
        scenarios::SloTracker t(study, {kill, harmless, never});
        // Bins of 10 s: [0,10) warm-up; [20,30) errors; [30,40) slow; [40,50) fine; ... [90,100) errors.
        t.onFrame(bin(0, 100, 50));   // warm-up: not counted in time_in_slo
        t.onFrame(bin(10, 100, 0));
        t.onFrame(bin(20, 90, 10));   // 90% < 99%: missed
        t.onFrame(bin(30, 100, 0, 0.5)); // p99 500 ms > 100 ms: missed
        t.onFrame(bin(40, 100, 0));
        t.onFrame(bin(50, 0, 0));     // nothing ended: availability 1, no p99: met
        t.onFrame(bin(60, 100, 0));
        t.onFrame(bin(70, 100, 0));
        t.onFrame(bin(80, 100, 0));
        t.onFrame(bin(90, 50, 50));
        // Measured bins [10, 100): 9, of which 20, 30 and 90 missed.
        QCOMPARE(t.timeInSlo(), 6.0 / 9.0);
        const std::vector<scenarios::Recovery> r = t.recoveries();
        QCOMPARE(r.size(), std::size_t(3));
        // The violation [20,40) is the kill's; [40,70) holds for the 30 s stable period.
        expect(r[0], Status::Recovered, 40.0 - 25.0);
        // [75,100) (cut at the end): [90,100) misses, but that violation began
        // after the outage at 85 s: the outage's, not the flush's.
        expect(r[1], Status::NoImpact, 0.0);
        expect(r[2], Status::NotRecovered, 100.0 - 85.0); // censored at the end of the run
    }

    void overlappingFaultsShareAViolationThatBeganFirst()
    {
        // A at 20 s breaks the SLO from 20 to 50; B strikes at 40 s while it is
        // still broken. The violation began before B: it is A's, and B recovers
        // only when it ends (the system was not healthy when B struck).
        scenarios::SloTracker t(studyWithSlo(), {fault(20.0), fault(40.0)});
        feed(t, "..xxx.........");
        const auto r = t.recoveries();
        expect(r[0], Status::Recovered, 50.0 - 20.0);
        expect(r[1], Status::Recovered, 50.0 - 40.0);
    }

    void aViolationAfterALaterFaultIsThatFaults()
    {
        // A at 20 s: [20,30) misses, then holds. B at 55 s: [50,70) misses. The
        // bin [50,60) is in A's stable window [30,60), but its violation began
        // (its first bin ended, at 60 s) after B started: B's, so A recovered
        // at 30 s. B's first bin holds B's start: B recovers at 70 s.
        scenarios::SloTracker t(studyWithSlo(), {fault(20.0), fault(55.0)});
        feed(t, "..x..xx.......");
        const auto r = t.recoveries();
        expect(r[0], Status::Recovered, 30.0 - 20.0);
        expect(r[1], Status::Recovered, 70.0 - 55.0);
        // The same violation with no second fault counts against A: one met
        // bin at 30 s is not the 30 s stable period.
        scenarios::SloTracker alone(studyWithSlo(), {fault(20.0)});
        feed(alone, "..x..xx.......");
        expect(alone.recoveries()[0], Status::Recovered, 70.0 - 20.0);
    }

    void stablePeriodIgnoresOneGoodBin()
    {
        scenarios::SloTracker t(studyWithSlo(), {fault(10.0)});
        feed(t, ".x.x.......");
        expect(t.recoveries()[0], Status::Recovered, 40.0 - 10.0);
    }

    void faultsThatDidNothingAreNotApplied()
    {
        // C at 10 s; A at 15 s did nothing (its target is not in the variant);
        // B at 40 s. The violation [20,30) began after A's start, but A is not a
        // fault of this run: it is C's. B never saw it: no impact.
        scenarios::SloTracker t(studyWithSlo(), {fault(10.0), fault(15.0), fault(40.0), fault(500.0)});
        t.setInert(1, "no catalog in this variant");
        feed(t, "..x........");
        const auto r = t.recoveries();
        expect(r[0], Status::Recovered, 30.0 - 10.0);
        expect(r[1], Status::NotApplied, 0.0);
        QCOMPARE(r[1].reason, std::string("no catalog in this variant"));
        expect(r[2], Status::NoImpact, 0.0);
        expect(r[3], Status::NotApplied, 0.0); // after the end of the run (110 s)
        QCOMPARE(r[3].reason, std::string("after the end of the run"));
    }

    void withoutSloEveryFaultHasNoImpact()
    {
        scenarios::Study study;
        study.run.bin = 10.0;
        scenarios::SloTracker t(study, {fault(20.0)});
        t.onFrame(bin(20, 0, 100, 9.0));
        t.onFrame(bin(30, 0, 100, 9.0));
        expect(t.recoveries()[0], Status::NoImpact, 0.0);
    }

    void inertReasons()
    {
        scenarios::Variant v;
        scenarios::Component app, orders, payments;
        app.name = "app";
        app.kind = models::ComponentKind::Service;
        orders.name = "orders";
        orders.kind = models::ComponentKind::Module;
        orders.host = "app";
        payments.name = "payments";
        payments.kind = models::ComponentKind::External;
        v.components = {app, orders, payments};
        auto kill = [](const char* target) {
            scenarios::Fault f = fault(1.0);
            f.target = target;
            return f;
        };
        scenarios::Study study;
        v.name = "v";
        study.variants = {v};
        const auto inert = [&](const scenarios::Fault& f) { return scenarios::faultInertReason(study, f, v); };
        QCOMPARE(inert(kill("app")), std::string());
        QCOMPARE(inert(kill("catalog")), std::string("no catalog in this variant"));
        QCOMPARE(inert(kill("orders")), std::string("orders is a module of app: no machine of its own to kill"));
        QCOMPARE(inert(kill("payments")), std::string("payments is an external: no machine to kill"));
        scenarios::Fault slow = kill("orders"); // a module's visits do slow down
        slow.type = "slow";
        QCOMPARE(inert(slow), std::string());
        scenarios::Fault outage = kill("eu-1c"); // zones: known only at the fault's time
        outage.type = "zone_outage";
        QCOMPARE(inert(outage), std::string());
        // A role: what the variant plays it with; a fault for other variants only.
        study.roles = {{"storefront", "", {}}, {"search", "", {}}};
        QCOMPARE(inert(kill("storefront")), std::string("no component plays storefront"));
        v.roles = {{"storefront", {"app"}, {}, {}}};
        QCOMPARE(inert(kill("storefront")), std::string());
        scenarios::Fault elsewhere = kill("app");
        elsewhere.only = {"w"};
        QCOMPARE(inert(elsewhere), std::string("not for this variant"));
        for (auto s : {Status::NotApplied, Status::NoImpact, Status::Recovered, Status::NotRecovered})
            QCOMPARE(scenarios::recoveryStatusFromKey(scenarios::recoveryStatusKey(s)), s);
    }

    void breakerStateMachine()
    {
        models::BreakerPolicy p;
        p.failureRate = 0.5;
        p.window = 10.0;
        p.minCalls = 4;
        p.openFor = 5.0;
        p.probes = 2;
        models::CircuitBreaker b(p);
        using S = models::CircuitBreaker::State;
        // 3 calls: below min_calls, no verdict even with failures.
        for (double t : {0.1, 0.2, 0.3}) {
            QVERIFY(b.allow(t));
            b.record(t, false);
        }
        QCOMPARE(b.state(0.3), S::Closed);
        QVERIFY(b.allow(0.4));
        b.record(0.4, false); // 4 calls, 4 failures: opens
        QCOMPARE(b.state(0.4), S::Open);
        QVERIFY(!b.allow(5.3));
        QCOMPARE(b.peek(5.4), S::HalfOpen);
        QVERIFY(b.allow(5.4));
        QVERIFY(b.allow(5.41));
        QVERIFY(!b.allow(5.42)); // only 2 probes
        b.record(5.5, true);
        QCOMPARE(b.state(5.5), S::HalfOpen);
        b.record(5.6, true);
        QCOMPARE(b.state(5.6), S::Closed);
        // The window forgets: 2 failures then 10 s of successes keep it closed.
        b.record(6.0, false);
        b.record(6.1, false);
        for (int i = 0; i < 8; ++i)
            b.record(20.0 + i * 0.1, true);
        QCOMPARE(b.state(21.0), S::Closed);
        const auto& tr = b.transitions();
        QCOMPARE(tr.size(), std::size_t(3));
        QCOMPARE(tr[0].first, 0.4);
        QCOMPARE(tr[1].first, 5.4); // open at 0.4 + 5 s
        QCOMPARE(tr[2].second, S::Closed);
    }

    void retryBudgetAndBackoff()
    {
        models::RetryBudget budget(0.1);
        int allowed = 0;
        for (int i = 0; i < 1000; ++i) {
            budget.onFirstAttempt();
            allowed += budget.tryRetry();
        }
        QCOMPARE(allowed, 100); // 10% of first attempts, never ahead of them
        models::RetryPolicy p;
        p.backoff = 0.05;
        p.multiplier = 2;
        QCOMPARE(models::retryDelay(p, 1), 0.05);
        QCOMPARE(models::retryDelay(p, 3), 0.2);
        QCOMPARE(models::jittered(models::Jitter::Full, 0.2, 0.25), 0.05);
        QCOMPARE(models::jittered(models::Jitter::Equal, 0.2, 0.5), 0.15);
        // Thousands of retries: the doubling overflows; the delay stays a number.
        QVERIFY(std::isfinite(models::retryDelay(p, 5000)));
        QCOMPARE(models::jittered(models::Jitter::Full, models::retryDelay(p, 5000), 0.0), 0.0);
        p.backoff = 0;
        QCOMPARE(models::retryDelay(p, 5000), 0.0); // was 0 x inf = NaN
    }
};

QTEST_GUILESS_MAIN(TestSloTracker)
#include "tst_slotracker.moc"
