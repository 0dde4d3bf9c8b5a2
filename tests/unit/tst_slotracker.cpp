// The resilience metrics' definitions (docs/models.md, "Resilience metrics")
// on hand-built bins, and the circuit breaker's state machine on a hand-made
// sequence of outcomes.
#include "models/resilience.h"
#include "scenarios/slotracker.h"

#include <QtTest>

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

} // namespace

class TestSloTracker : public QObject
{
    Q_OBJECT

private slots:
    void timeInSloAndRecovery()
    {
        scenarios::Study study;
        study.slo.availability = 0.99;
        study.slo.p99 = 0.1;
        study.run.warmup = 10.0;
        study.run.bin = 10.0;
        scenarios::Fault kill; // at 25 s, restarts 20 s later: acts on [25, 45]
        kill.at = 25.0;
        kill.restart = 20.0;
        scenarios::Fault harmless; // a flush at 75 s that breaks nothing
        harmless.kind = scenarios::Fault::Kind::CacheFlush;
        harmless.at = 75.0;
        scenarios::Fault never; // a zone outage at 85 s after which the SLO never holds
        never.kind = scenarios::Fault::Kind::ZoneOutage;
        never.at = 85.0;
        never.duration = 5.0;
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
        const std::vector<double> r = t.recoveryTimes();
        QCOMPARE(r.size(), std::size_t(3));
        QCOMPARE(r[0], 40.0 - 25.0); // first violating bin [20,30), next good one starts at 40
        QCOMPARE(r[1], 0.0);         // no bin overlapping [75, 75 + 10] misses
        QCOMPARE(r[2], 100.0 - 85.0); // censored at the end of the run
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
    }
};

QTEST_GUILESS_MAIN(TestSloTracker)
#include "tst_slotracker.moc"
