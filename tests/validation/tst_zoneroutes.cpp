// Routes per pair of network zones: a study's hop within a zone, between zones
// of a region and between regions takes its link's latency plus bytes over its
// bandwidth, on both engine paths; machines of two zones share their zones'
// link (two transfers at once each get half its bandwidth); zones with no
// route between them are not connected. All against hand-computed times.
#include "hopprobe.h"
#include "systemcase.h"

#include "simcore/simulation.h"
#include "simcore/subprocess.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;
using testing::HopProbe;

namespace {

// The study's network: zone a and b in region eu, zone c in region us.
constexpr double kZoneLatency = 0.001, kZoneBandwidth = 1e7;       // s, bytes/s
constexpr double kCrossZoneLatency = 0.005, kCrossZoneBandwidth = 1e6;
constexpr double kCrossRegionLatency = 0.05, kCrossRegionBandwidth = 1e5;
constexpr double kRequestBytes = 1000, kResponseBytes = 5000; // the defaults of a call
constexpr double kCpu = 0.001;                                // s, each visit

double hop(double latency, double bandwidth, double bytes) { return latency + bytes / bandwidth; }

/// clients and `front` in zone a; `front` calls `back`, placed in `backZone`.
testing::SystemCase study(const std::string& backZone, sim::EnginePaths paths)
{
    testing::SystemCase c;
    models::SystemConfig& cfg = c.config;
    cfg.network.zones = {{"a", "eu"}, {"b", "eu"}, {"c", "us"}};
    cfg.network.zoneLatency = kZoneLatency;
    cfg.network.zoneBandwidth = kZoneBandwidth;
    cfg.network.crossZoneLatency = kCrossZoneLatency;
    cfg.network.crossZoneBandwidth = kCrossZoneBandwidth;
    cfg.network.crossRegionLatency = kCrossRegionLatency;
    cfg.network.crossRegionBandwidth = kCrossRegionBandwidth;
    auto front = component("front", ComponentKind::Service);
    front.zones = {"a"};
    auto back = component("back", ComponentKind::Service);
    back.zones = {backZone};
    cfg.components = {front, back};
    models::OperationPlan op;
    op.name = "op";
    op.root = call("front");
    op.root.cpu = sim::Distribution::constant(kCpu);
    auto b = call("back");
    b.cpu = sim::Distribution::constant(kCpu);
    op.root.calls = {b};
    cfg.operations = {op};
    // One request at a time (0.5 s apart, each done in under 0.2 s): no hop
    // shares a link with another.
    c.rate = sim::RateProfile::constant(2.0);
    c.deterministic = true;
    c.run = {20.0, 2.0, 2.0};
    c.paths = paths;
    return c;
}


} // namespace

class TestZoneRoutes : public QObject
{
    Q_OBJECT

private slots:
    void hopTakesItsZonePairsLink_data()
    {
        QTest::addColumn<QString>("backZone");
        QTest::addColumn<double>("latency");
        QTest::addColumn<double>("bandwidth");
        QTest::addColumn<bool>("simgridOnly");
        for (bool simgridOnly : {false, true}) {
            const char* paths = simgridOnly ? "simgrid only" : "fast";
            QTest::addRow("same zone, %s", paths) << "a" << kZoneLatency << kZoneBandwidth << simgridOnly;
            QTest::addRow("cross zone, %s", paths) << "b" << kCrossZoneLatency << kCrossZoneBandwidth << simgridOnly;
            QTest::addRow("cross region, %s", paths)
                << "c" << kCrossRegionLatency << kCrossRegionBandwidth << simgridOnly;
        }
    }

    void hopTakesItsZonePairsLink()
    {
        QFETCH(QString, backZone);
        QFETCH(double, latency);
        QFETCH(double, bandwidth);
        QFETCH(bool, simgridOnly);
        const auto r = testing::runSystem(
            study(backZone.toStdString(), simgridOnly ? sim::EnginePaths::SimGridOnly : sim::EnginePaths::Fast));
        // clients -> front within zone a, front -> back over the pair's link,
        // and back the same way with the response's bytes.
        const double expected = hop(kZoneLatency, kZoneBandwidth, kRequestBytes) + kCpu +
                                hop(latency, bandwidth, kRequestBytes) + kCpu + hop(latency, bandwidth, kResponseBytes) +
                                hop(kZoneLatency, kZoneBandwidth, kResponseBytes);
        std::printf("| %s | %.9f s | %.9f s |\n", QTest::currentDataTag(), expected, r.summary.meanLatency);
        QCOMPARE(r.summary.errors, std::uint64_t(0));
        QCOMPARE(r.summary.completions, std::uint64_t(36)); // 18 s after the warm-up at 2/s
        // Every request alone on the network: each takes exactly the sum (to
        // SimGrid's solver precision on its path).
        QVERIFY2(std::fabs(r.summary.meanLatency - expected) < 1e-9,
                 qPrintable(QString("mean %1 s, expected %2 s")
                                .arg(r.summary.meanLatency, 0, 'g', 12)
                                .arg(expected, 0, 'g', 12)));
    }

    void machinesOfTwoZonesShareTheirLink_data()
    {
        QTest::addColumn<bool>("simgridOnly");
        QTest::newRow("fast") << false;
        QTest::newRow("simgrid only") << true;
    }

    void machinesOfTwoZonesShareTheirLink()
    {
        // Zones A and B joined by one shared link (10 ms, 1 MB/s); two
        // machines in each, and a zone C with no route to them. 1 MB hops:
        // - at 0 s, a1 -> b1 and a2 -> b2: two machine pairs, one zone pair,
        //   half the bandwidth each: 10 ms + 2 s, both end at 2.01 s;
        // - at 10 s, a1 -> b1 and b2 -> a2: the way back crosses the same
        //   link: both end at 12.01 s;
        // - at 20 s, a1 -> b1 alone: 21.01 s;
        // - at 30 s, a1 -> c1: no route between A and C, an error at once.
        QFETCH(bool, simgridOnly);
        const std::string out = sim::runInChild([simgridOnly] {
            sim::Simulation s(simgridOnly ? sim::EnginePaths::SimGridOnly : sim::EnginePaths::Fast);
            const sim::NetworkZone za{}, zb = s.addNetworkZone(), zc = s.addNetworkZone();
            sim::Link& zoneA = s.addLink("zone:A", 0.0002, 1e9, sim::LinkSharing::FatPipe);
            sim::Link& zoneB = s.addLink("zone:B", 0.0002, 1e9, sim::LinkSharing::FatPipe);
            sim::Link& across = s.addLink("zones:A~B", 0.01, 1e6);
            s.setZoneRoute(za, za, {&zoneA});
            s.setZoneRoute(zb, zb, {&zoneB});
            s.setZoneRoute(za, zb, {&across});
            sim::Machine& a1 = s.addMachine("a1", 1, 1.0, 0.0, za);
            sim::Machine& a2 = s.addMachine("a2", 1, 1.0, 0.0, za);
            sim::Machine& b1 = s.addMachine("b1", 1, 1.0, 0.0, zb);
            sim::Machine& b2 = s.addMachine("b2", 1, 1.0, 0.0, zb);
            sim::Machine& c1 = s.addMachine("c1", 1, 1.0, 0.0, zc);
            s.seal();
            HopProbe probe(s);
            auto send = [&](sim::Machine& from, sim::Machine& to) {
                s.send(*s.requests().acquire(), from, to, 1e6, probe);
            };
            s.at(0.0, [&] {
                send(a1, b1);
                send(a2, b2);
            });
            s.at(10.0, [&] {
                send(a1, b1);
                send(b2, a2);
            });
            s.at(20.0, [&] { send(a1, b1); });
            s.at(30.0, [&] { send(a1, c1); });
            s.runUntil(40.0);
            return probe.text();
        });
        const std::vector<std::pair<double, int>> ends = HopProbe::parse(out);
        const std::vector<std::pair<double, int>> expected{{2.01, int(sim::Outcome::Ok)},  {2.01, int(sim::Outcome::Ok)},
                                                           {12.01, int(sim::Outcome::Ok)}, {12.01, int(sim::Outcome::Ok)},
                                                           {21.01, int(sim::Outcome::Ok)}, {30.0, int(sim::Outcome::Error)}};
        QCOMPARE(ends.size(), expected.size());
        for (std::size_t i = 0; i < ends.size(); ++i) {
            QCOMPARE(ends[i].second, expected[i].second);
            QVERIFY2(std::fabs(ends[i].first - expected[i].first) < 1e-9,
                     qPrintable(QString("hop %1 ended at %2 s, expected %3 s")
                                    .arg(i)
                                    .arg(ends[i].first, 0, 'g', 12)
                                    .arg(expected[i].first, 0, 'g', 12)));
        }
    }
};

QTEST_GUILESS_MAIN(TestZoneRoutes)
#include "tst_zoneroutes.moc"
