// Cost and business impact against hand computation: instance-hours at the
// default prices, cross-zone traffic, the downtime of a designed outage and the
// conversion lost to a designed latency. Each run goes through
// scenarios::runVariant, as the CLI does.
#include "studyrun.h"

#include <QtTest>

using namespace scalelab;
using testing::run;
using testing::study;

namespace {

// Zone links: 0.2 ms and 1.25e9 B/s; payloads of 1000 B out and 5000 B back.
constexpr double kHops = 0.0002 + 1000 / 1.25e9 + 0.0002 + 5000 / 1.25e9;

} // namespace

class TestCost : public QObject
{
    Q_OBJECT

private slots:
    void instanceHoursAtDefaultPrices()
    {
        // Per hour: lb 2 cores x 0.0113 + app 3 x 4 cores x 0.048 + db (primary
        // and a replica) 2 x 8 cores x 0.12 = 2.5186 USD. The summary bills the
        // 300 s after the 60 s warm-up: 2.5186 / 12 = 0.209883 USD.
        const auto s = study(R"(
operations: {browse: {share: 1}}
workload: {rate: [{at: 0s, rps: 20}]}
run: {duration: 360s, warmup: 60s, bin: 10s}
variants:
  v:
    components:
      lb: {kind: load_balancer}
      app: {kind: service, instances: 3, cores: 4}
      db: {kind: sql_database, replicas: 1, cores: 8}
    routes: {browse: [lb, {app: {cpu: 5ms}}, {db: {read: 1ms}}]}
)");
        const auto r = run(s);
        const double hourly = 2 * 0.0113 + 3 * 4 * 0.048 + 2 * 8 * 0.12;
        QCOMPARE(hourly, 2.5186);
        QVERIFY(std::fabs(r.impact.cost - hourly * 300.0 / 3600.0) < 1e-9);
        QCOMPARE(r.impact.peakInstances, 6.0);
        QVERIFY(std::fabs(r.impact.costPerMillion - r.impact.cost / double(r.summary.arrivals) * 1e6) < 1e-9);
        // No SLO, no failure: no downtime; no order value: no conversion loss.
        QCOMPARE(r.impact.moneyLost(), 0.0);
    }

    void hourlyPriceOverridesAndCrossZoneTraffic()
    {
        // Machines free, the app in the other zone: every request crosses twice,
        // 1000 B out and 5000 B back, at 0.05 USD/GB. 100 requests/s for 100 s
        // (deterministic): 10000 x 6000 B x 0.05 / 1e9 = 0.003 USD; the last
        // request may still be on its way at the end.
        const auto s = study(R"(
operations: {browse: {share: 1}}
workload: {arrivals: deterministic, rate: [{at: 0s, rps: 100}]}
run: {duration: 100s, warmup: 0s, bin: 10s}
network: {zones: {z1: {}, z2: {}}}
pricing: {cross_zone: 0.05}
variants:
  v:
    components:
      lb: {kind: load_balancer, zones: [z1], hourly_price: 0}
      app: {kind: service, zones: [z2], hourly_price: 0}
    routes: {browse: [lb, {app: {cpu: 1ms}}]}
)");
        const auto r = run(s);
        const double expected = 10000 * 6000.0 * 0.05 / 1e9;
        QVERIFY2(r.impact.cost <= expected + 1e-12 && r.impact.cost >= expected - 2 * 6000.0 * 0.05 / 1e9,
                 qPrintable(QString::number(r.impact.cost, 'g', 12)));
    }

    void downtimeCost()
    {
        // 2 requests/s at multiples of 0.5 s, 1 ms each. The only instance is
        // down from 100.25 s to 129.75 s: the requests arriving from 100.5 s to
        // 129.5 s fail at once. Bins of 10 s, each (start, end]:
        // (100, 110]: 1 success (the 100.0 s request ends at 100.0014 s), 20
        // failures -> 10 s x 20/21; (110, 120]: 20 failures -> 10 s; (120, 130]:
        // 19 failures -> 10 s. Every other bin succeeds entirely (availability
        // 1, not below the 99.9 % SLO). Downtime 29.5238 s = 0.49206 min,
        // x 5600 USD = 2755.56 USD.
        const auto s = study(R"(
operations: {browse: {share: 1}}
workload: {arrivals: deterministic, rate: [{at: 0s, rps: 2}]}
faults: [{at: 100.25s, kill: app, instances: 1, restart: 29.5s}]
slo: {availability: 99.9%}
run: {duration: 200s, warmup: 0s, bin: 10s}
variants:
  v:
    components:
      app: {kind: service}
    routes: {browse: [{app: {cpu: 1ms}}]}
)");
        const auto r = run(s);
        QCOMPARE(r.summary.errors, std::uint64_t(59));
        const double seconds = 10.0 * 20.0 / 21.0 + 10.0 + 10.0;
        QVERIFY(std::fabs(r.impact.downtimeMinutes - seconds / 60.0) < 1e-12);
        QVERIFY(std::fabs(r.impact.downtimeCost - seconds / 60.0 * 5600.0) < 1e-9);
        QCOMPARE(r.impact.conversionLoss, 0.0);
        QVERIFY(std::fabs(r.impact.moneyLost() - 2755.5555555555) < 1e-6);
    }

    void conversionLoss()
    {
        // One instance, 600 ms of CPU per request on its own core, 2 requests/s.
        // Latency = 600 ms + the two hops, all alike. Against a 100 ms baseline
        // each order of 100 USD loses 20 % per extra second:
        // 100 x 0.2 x (0.6 + hops - 0.1) = 10.008 USD per successful request.
        const auto s = study(R"(
operations: {browse: {share: 1, value: 100}}
workload: {arrivals: deterministic, rate: [{at: 0s, rps: 2}]}
business: {baseline_latency: 100ms}
run: {duration: 100s, warmup: 10s, bin: 10s}
variants:
  v:
    components:
      app: {kind: service, cores: 4, threads: 4}
    routes: {browse: [{app: {cpu: 600ms}}]}
)");
        const auto r = run(s);
        const double perRequest = 100 * 0.2 * (0.6 + kHops - 0.1);
        QVERIFY(std::fabs(perRequest - 10.0081) < 1e-5);
        const double expected = double(r.summary.completions) * perRequest;
        QVERIFY(r.summary.completions > 170);
        QVERIFY2(std::fabs(r.impact.conversionLoss - expected) < 1e-6 * expected,
                 qPrintable(QString("%1 vs %2").arg(r.impact.conversionLoss, 0, 'g', 12).arg(expected, 0, 'g', 12)));
        QCOMPARE(r.impact.downtimeCost, 0.0);
    }

    void conversionLossIsCappedAndNeedsABaseline()
    {
        // 6 s of latency over a 1 s baseline at 20 %/s would be 100 %: capped at
        // the order's value. Without a baseline (no p99 SLO, no
        // baseline_latency) nothing is counted.
        const std::string body = R"(
operations: {browse: {share: 1, value: 10}}
workload: {arrivals: deterministic, rate: [{at: 0s, rps: 0.5}]}
run: {duration: 100s, warmup: 0s, bin: 10s}
variants:
  v:
    components:
      app: {kind: service, cores: 8, threads: 8}
    routes: {browse: [{app: {cpu: 6s}}]}
)";
        const auto capped = run(study(body + "slo: {p99: 1s}\n"));
        QCOMPARE(capped.impact.conversionLoss, double(capped.summary.completions) * 10.0);
        const auto none = run(study(body));
        QVERIFY(none.summary.completions > 0);
        QCOMPARE(none.impact.conversionLoss, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestCost)
#include "tst_cost.moc"
