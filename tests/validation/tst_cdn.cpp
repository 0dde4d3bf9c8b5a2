// The cdn kind against hand computation: the share of requests that reach the
// origin, hit and miss latencies built from the edge latency, hops and the
// origin's demand, egress billed per GB, an edge per region, a purge, and the
// analytic model's figures for the same studies. Each run goes through
// scenarios::runVariant, as the CLI does.
#include "scenarios/analysis.h"
#include "studyrun.h"

#include <QtTest>

#include <cmath>
#include <string>

using namespace scalelab;
using testing::run;
using testing::study;

namespace {

double gauge(const scenarios::VariantRun& r, const std::string& component, const std::string& name)
{
    for (const auto& g : r.gauges)
        if (g.component == component && g.name == name)
            return g.value;
    qFatal("no gauge %s.%s", component.c_str(), name.c_str());
}

/// Visits offered to every instance of `component` after the warm-up.
double arrivals(const scenarios::VariantRun& r, const std::string& component)
{
    double n = 0;
    for (const auto& s : r.summary.stations)
        if (s.name.rfind(component + "/", 0) == 0)
            n += double(s.arrivals);
    return n;
}

/// An edge with hit ratio `hit` (a YAML value) and 20 ms of latency in front of
/// an origin of 2 ms of CPU, at `rps` deterministic or Poisson arrivals.
std::string edgeStudy(const std::string& hit, int rps, const std::string& arrivals, const std::string& network = "",
                      const std::string& users = "", const std::string& originZones = "")
{
    return "operations: {get: {share: 1}}\n"
           "workload: {arrivals: " + arrivals + ", rate: [{at: 0s, rps: " + std::to_string(rps) + "}]}\n"
           "run: {duration: 120s, warmup: 20s, bin: 10s, seed: 7}\n" + network +
           "variants:\n"
           "  v:\n"
           "    components:\n" + users +
           "      edge: {kind: cdn, hit_ratio: " + hit + ", latency: 20ms}\n"
           "      origin: {kind: service, instances: 2, cores: 4" + originZones + "}\n"
           "    routes: {get: [edge, {origin: {cpu: 2ms}}]}\n";
}

// Default network: zone links of 0.2 ms and 1.25e9 B/s, regions 70 ms and
// 1.25e8 B/s; payloads of 1000 B out and 5000 B back.
constexpr double kZoneHops = 0.0002 + 1000 / 1.25e9 + 0.0002 + 5000 / 1.25e9;
constexpr double kRegionHops = 0.07 + 1000 / 1.25e8 + 0.07 + 5000 / 1.25e8;

} // namespace

class TestCdn : public QObject
{
    Q_OBJECT

private slots:
    void missesReachTheOriginAtTheMissRatio()
    {
        // 400/s Poisson with hit_ratio 0.8: the origin sees (1 - 0.8) x 400 =
        // 80/s; over 100 s about 8000 +- 80 (one standard deviation): 3% is
        // over 4 of them.
        const auto s = study(edgeStudy("80%", 400, "poisson"));
        const auto r = run(s);
        const double lookups = double(r.summary.arrivals);
        qInfo("origin %g of %g requests (%.4f)", arrivals(r, "origin"), lookups, arrivals(r, "origin") / lookups);
        QVERIFY2(std::fabs(arrivals(r, "origin") / (0.2 * lookups) - 1) < 0.03,
                 qPrintable(QString("origin %1 of %2").arg(arrivals(r, "origin")).arg(lookups)));
        QVERIFY(std::fabs(gauge(r, "edge", "hit_ratio") - 0.8) < 0.01);
        // The analytic model sends the same share on, exactly, and its mean
        // response is within 5% of the simulated one.
        const auto e = scenarios::analyzeVariant(s, s.variants.front(), 400);
        QCOMPARE(e.components[0].hitRatio, 0.8);
        QVERIFY(std::fabs(e.components[1].arrivalRate - 0.2 * 400) < 1e-9);
        QVERIFY2(std::fabs(e.meanResponse / r.summary.meanLatency - 1) < 0.05,
                 qPrintable(QString("analytic %1 simulated %2").arg(e.meanResponse).arg(r.summary.meanLatency)));
    }

    void hitAndMissLatencies()
    {
        // 5/s deterministic: no request waits for another. A hit is the edge
        // latency alone (no hop: the edge is where the caller is); a miss adds
        // the hops to the origin and its 2 ms.
        const auto hits = run(study(edgeStudy("100%", 5, "deterministic")));
        QVERIFY(hits.summary.completions > 490);
        QVERIFY(std::fabs(hits.summary.meanLatency - 0.020) < 1e-9);
        QCOMPARE(arrivals(hits, "origin"), 0.0);

        const auto misses = run(study(edgeStudy("0", 5, "deterministic")));
        QVERIFY(misses.summary.completions > 490);
        QVERIFY2(std::fabs(misses.summary.meanLatency - (0.020 + kZoneHops + 0.002)) < 1e-9,
                 qPrintable(QString::number(misses.summary.meanLatency, 'g', 12)));
        QCOMPARE(arrivals(misses, "origin"), double(misses.summary.completions));
    }

    void aMissCrossesFromTheEdgesRegionToTheOrigin()
    {
        // Users in eu, the origin in us: a miss leaves the eu edge and crosses
        // the region link both ways.
        const auto r = run(study(edgeStudy("0", 5, "deterministic",
                                           "network: {zones: {eu-a: {region: eu}, us-a: {region: us}}}\n",
                                           "      users: {kind: entry, zones: [eu-a]}\n", ", zones: [us-a]")));
        QVERIFY(r.summary.completions > 490);
        QVERIFY2(std::fabs(r.summary.meanLatency - (0.020 + kRegionHops + 0.002)) < 1e-9,
                 qPrintable(QString::number(r.summary.meanLatency, 'g', 12)));
    }

    void egressIsBilledPerGigabyte()
    {
        // 100/s for 100 s, every request served 2 MB from the edge; the origin
        // costs nothing. Cost = lookups x 2e6 B x price / 1e9, to 1e-12.
        const std::string base = R"(
operations: {get: {share: 1}}
workload: {arrivals: deterministic, rate: [{at: 0s, rps: 100}]}
run: {duration: 100s, warmup: 0s, bin: 10s}
variants:
  v:
    components:
      edge: {kind: cdn, hit_ratio: 90%, latency: 10ms PRICE}
      origin: {kind: service, hourly_price: 0}
    routes: {get: [{edge: {response: 2MB}}, {origin: {cpu: 1ms}}]}
)";
        for (const auto& [price, text] : {std::pair{0.12, std::string(", egress_price: 0.12")}, {0.085, std::string()}}) {
            std::string yaml = base;
            yaml.replace(yaml.find(" PRICE"), 6, text);
            const auto r = run(study(yaml));
            const double lookups = gauge(r, "edge", "lookups");
            QVERIFY(lookups >= 9998 && lookups <= 10000);
            QCOMPARE(gauge(r, "edge", "served_bytes"), lookups * 2e6);
            QVERIFY2(std::fabs(r.impact.cost - lookups * 2e6 * price / 1e9) < 1e-12,
                     qPrintable(QString::number(r.impact.cost, 'g', 12)));
        }
    }

    void eachRegionHasItsOwnEdge()
    {
        // 95% of the requests come through a service in eu, 5% through one in
        // us; each region's edge has its own LRU of 1000 of 5000 Zipf(0.8)
        // keys. The us edge sees 1200 lookups, about as many as it holds, and
        // stays cold: its hit ratio since the start is about 0.36 (an LRU
        // replayed by hand), the eu edge's 0.55. The eu edge, warm most of the
        // run, is within 0.03 of Che's approximation (0.557, the analytic
        // model's ratio).
        const auto s = study(R"(
operations: {eu_get: {share: 0.95}, us_get: {share: 0.05}}
workload: {rate: [{at: 0s, rps: 200}]}
run: {duration: 120s, warmup: 0s, bin: 10s, seed: 5}
network: {zones: {eu-a: {region: eu}, us-a: {region: us}}}
variants:
  v:
    components:
      web_eu: {kind: service, zones: [eu-a]}
      web_us: {kind: service, zones: [us-a]}
      edge: {kind: cdn, keys: 5000, zipf: 0.8, capacity: 1000, latency: 10ms}
      origin: {kind: service, zones: [eu-a], cores: 4}
    routes:
      eu_get: [{web_eu: {cpu: 1ms}}, edge, {origin: {cpu: 1ms}}]
      us_get: [{web_us: {cpu: 1ms}}, edge, {origin: {cpu: 1ms}}]
)");
        const auto r = run(s);
        const double eu = gauge(r, "edge", "lookups.eu"), us = gauge(r, "edge", "lookups.us");
        QCOMPARE(eu + us, gauge(r, "edge", "lookups"));
        QVERIFY2(std::fabs(us / (eu + us) - 0.05) < 0.01, qPrintable(QString("eu %1 us %2").arg(eu).arg(us)));
        const double hitEu = gauge(r, "edge", "hit_ratio.eu"), hitUs = gauge(r, "edge", "hit_ratio.us");
        qInfo("lookups eu %g us %g, hit ratio eu %.4f us %.4f", eu, us, hitEu, hitUs);
        QVERIFY2(hitUs < hitEu - 0.1, qPrintable(QString("eu %1 us %2").arg(hitEu).arg(hitUs)));
        const double che = scenarios::analyzeVariant(s, s.variants.front(), 200).components[2].hitRatio;
        QVERIFY2(std::fabs(hitEu - che) < 0.03, qPrintable(QString("eu %1 Che %2").arg(hitEu).arg(che)));
        // Every miss went on to the origin.
        const double hits = hitEu * eu + hitUs * us;
        QVERIFY(std::fabs(arrivals(r, "origin") - (eu + us - hits)) < 2.5);
    }

    void aPurgeEmptiesTheEdges()
    {
        // With hit_ratio 0.9 and room for 1000 entries, a purge at 30 s makes
        // the edge refill 1000 entries before it hits at 0.9 again: the hit
        // ratio over the run drops visibly below the unpurged one.
        const std::string yaml = R"(
operations: {get: {share: 1}}
workload: {rate: [{at: 0s, rps: 200}]}
run: {duration: 60s, warmup: 0s, bin: 10s, seed: 2}
FAULTS
variants:
  v:
    components:
      edge: {kind: cdn, hit_ratio: 90%, capacity: 1000, latency: 10ms}
      origin: {kind: service, cores: 4}
    routes: {get: [edge, {origin: {cpu: 1ms}}]}
)";
        std::string purged = yaml, kept = yaml;
        purged.replace(purged.find("FAULTS"), 6, "faults: [{at: 30s, cache_flush: edge}]");
        kept.replace(kept.find("FAULTS"), 6, "");
        const double before = gauge(run(study(kept)), "edge", "hit_ratio");
        const double after = gauge(run(study(purged)), "edge", "hit_ratio");
        qInfo("hit ratio kept %.4f purged %.4f", before, after);
        QVERIFY(std::fabs(before - 0.9) < 0.015);
        QVERIFY2(after < before - 0.05, qPrintable(QString("kept %1 purged %2").arg(before).arg(after)));
    }
};

QTEST_GUILESS_MAIN(TestCdn)
#include "tst_cdn.moc"
