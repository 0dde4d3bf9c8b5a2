// Vertical scaling of a SQL primary against hand-computed timelines: when the
// resize is decided (the first evaluation that sees the primary above its
// target), the writes lost during the switch-over, the primary's utilization
// before and after (busy cores / cores = rate x demand / cores), the bill
// (both sizes billed from launch to switch, the new one only after), and a
// scheduled resize. Arrivals are deterministic and demands constant, so every
// figure is derived from the case's numbers.
#include "systemcase.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;

namespace {

constexpr double kWrite = 0.010;     // s of CPU per query
constexpr double kPeriod = 10.0;     // s between evaluations
constexpr double kProvision = 20.0;  // s from launch to switch
constexpr double kRestart = 10.0;    // s the switch lasts
constexpr double kCoreHour = 0.12;   // USD, the default sql_database price per core-hour

models::VerticalScaleConfig ladder()
{
    models::VerticalScaleConfig v;
    v.sizes = {{2, 1.0, {}}, {4, 1.0, {}}, {8, 1.0, {}}};
    v.period = kPeriod;
    v.provision = kProvision;
    v.restart = kRestart;
    v.scaleUpCooldown = 60.0;
    v.scaleDownCooldown = 600.0;
    return v;
}

/// Clients -> db directly: a `readShare` of queries are reads (10 ms), the
/// rest writes (10 ms). The primary has 2 cores and 16 connections.
testing::SystemCase database(models::VerticalScaleConfig v, int replicas, sim::RateProfile rate, double readShare)
{
    testing::SystemCase c;
    auto db = component("db", ComponentKind::SqlDatabase);
    db.cores = 2;
    db.replicas = replicas;
    db.pool = 16;
    db.vertical = std::move(v);
    c.config.components = {db};
    models::OperationPlan write;
    write.name = "write";
    write.root = call("db");
    write.root.write = sim::Distribution::constant(kWrite);
    models::OperationPlan read;
    read.name = "read";
    read.root = call("db");
    read.root.read = sim::Distribution::constant(kWrite);
    c.config.operations = {write, read};
    c.operationShares = {1.0 - readShare, readShare};
    c.rate = std::move(rate);
    c.deterministic = true;
    c.run = {200.0, 0.0, 10.0};
    return c;
}

std::vector<sim::RunEvent> resizes(const testing::SystemResult& r)
{
    std::vector<sim::RunEvent> out;
    for (const auto& e : r.events)
        if (e.kind.rfind("resize_", 0) == 0) {
            qInfo("%s at %g: %s", e.kind.c_str(), e.time, e.detail.c_str());
            out.push_back(e);
        }
    return out;
}

std::size_t binEnding(const testing::SystemResult& r, double t)
{
    for (std::size_t i = 0; i < r.frames.size(); ++i)
        if (std::fabs(r.frames[i].end - t) < 1e-9)
            return i;
    qFatal("no bin ends at %g", t);
}

const sim::StationMetrics& station(const testing::SystemResult& r, double binEnd, const std::string& name)
{
    for (const auto& s : r.frames[binEnding(r, binEnd)].stations)
        if (s.name == name)
            return s;
    qFatal("no station %s", name.c_str());
}

double gaugeAt(const testing::SystemResult& r, double binEnd, const std::string& name)
{
    for (const auto& g : r.gaugeFrames[binEnding(r, binEnd)])
        if (g.component == "db" && g.name == name)
            return g.value;
    qFatal("no gauge %s", name.c_str());
}

std::uint64_t errorsBetween(const testing::SystemResult& r, double from, double to)
{
    std::uint64_t n = 0;
    for (const auto& f : r.frames)
        if (f.start >= from - 1e-9 && f.end <= to + 1e-9)
            n += f.errors;
    return n;
}

/// 100 queries/s, 160 from 60 s.
sim::RateProfile stepUp()
{
    return sim::RateProfile({{0.0, 100.0}, {60.0, 100.0}, {60.0, 160.0}});
}

} // namespace

class TestVerticalScaling : public QObject
{
    Q_OBJECT

private slots:
    void resizesOnCpuThenRestartsWithoutReplicas()
    {
        // 2 cores at 100/s x 10 ms: 50 % busy, at the 50 % target. At 60 s the
        // load goes to 160/s: 80 % busy. The evaluation at 70 s sees 0.8 / 0.5
        // = 1.6: capacity 2 x 1.6 = 3.2 cores, the smallest size holding it is
        // 4 cores. Launched at 70 s, it takes over at 70 + 20 = 90 s; the
        // database has no replica, so every query fails from 90 to 100 s:
        // 160 x 10 = 1600, plus the queries in service at 90 s (160/s x 10 ms
        // = 1.6 on average: at most 2). Then 160/s on 4 cores is 40 % busy, half
        // the 80 % before: 0.4 / 0.5 = 0.8 still fits 4 cores, no more resizes.
        auto v = ladder();
        v.targetCpu = 0.5;
        const auto r = testing::runSystem(database(v, 0, stepUp(), 0.0));
        const auto events = resizes(r);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].kind, std::string("resize_up"));
        QCOMPARE(events[0].time, 70.0);
        QCOMPARE(events[0].detail, std::string("2 cores -> 4 cores (target_cpu)"));
        QCOMPARE(events[1].kind, std::string("resize_start"));
        QCOMPARE(events[1].time, 90.0);
        QCOMPARE(events[2].kind, std::string("resize_end"));
        QCOMPARE(events[2].time, 100.0);

        const std::uint64_t lost = errorsBetween(r, 90.0, 100.0);
        qInfo("queries lost during the restart: %llu (hand-computed 1600 + at most 2)", (unsigned long long)lost);
        QVERIFY(lost >= 1600 && lost <= 1602);
        QCOMPARE(errorsBetween(r, 0.0, 90.0), std::uint64_t(0));
        QCOMPARE(errorsBetween(r, 100.0, 200.0), std::uint64_t(0));

        // Utilization: rate x demand / cores, 1 % tolerance (deterministic load).
        const double before = station(r, 90.0, "db/0").utilization;
        const double after = station(r, 150.0, "db/1").utilization;
        qInfo("primary utilization: %.4f on 2 cores, %.4f on 4 cores", before, after);
        QVERIFY(std::fabs(before - 160.0 * kWrite / 2.0) < 0.01);
        QVERIFY(std::fabs(after - 160.0 * kWrite / 4.0) < 0.01);
        QVERIFY(std::fabs(after / before - 0.5) < 0.02);
        QCOMPARE(gaugeAt(r, 90.0, "primary_cores"), 2.0);
        QCOMPARE(gaugeAt(r, 110.0, "primary_cores"), 4.0);

        // The bill: 2 cores until 70 s; both sizes from launch to the switch at
        // 90 s; 4 cores after. Cost per hour doubles with the cores.
        const double small = 2 * kCoreHour, big = 4 * kCoreHour;
        QVERIFY(std::fabs(r.fleets[binEnding(r, 60.0)].costRate - small) < 1e-12);
        QVERIFY(std::fabs(r.fleets[binEnding(r, 80.0)].costRate - (small + big)) < 1e-12);
        QVERIFY(std::fabs(r.fleets[binEnding(r, 200.0)].costRate / r.fleets[binEnding(r, 60.0)].costRate - 2.0) <
                1e-12);
        const double expected = (small * 90.0 + big * (200.0 - 70.0)) / 3600.0;
        QVERIFY2(std::fabs(r.fleets.back().cost - expected) < 1e-9,
                 qPrintable(QString("cost %1, expected %2").arg(r.fleets.back().cost).arg(expected)));
    }

    void promotesAReplicaWithReplicas()
    {
        // Half reads, half writes; one read replica. The switch from 90 to 100 s
        // fails the writes only (as a failover does): 80/s x 10 s = 800, within
        // 4 standard deviations of the binomial split; reads go on on the replica.
        auto v = ladder();
        // The primary takes the writes and the replica the reads: 80/s x 10 ms
        // on 2 cores is 40 %, so the target is 25 % to make it resize.
        v.targetCpu = 0.25;
        const auto r = testing::runSystem(database(v, 1, stepUp(), 0.5));
        const auto events = resizes(r);
        QVERIFY(events.size() >= 3);
        QCOMPARE(events[0].time, 70.0);
        QCOMPARE(events[0].detail, std::string("2 cores -> 4 cores (target_cpu)"));
        QCOMPARE(events[1].time, 90.0);
        QVERIFY(events[1].detail.find("promoted") != std::string::npos);
        QCOMPARE(events[2].time, 100.0);
        const std::uint64_t lost = errorsBetween(r, 90.0, 100.0);
        const double sd = std::sqrt(1600.0 * 0.25);
        qInfo("writes lost during the promotion: %llu (hand-computed 800 +- %.0f)", (unsigned long long)lost, 4 * sd);
        QVERIFY(std::fabs(double(lost) - 800.0) < 4 * sd + 2);
        std::uint64_t readErrors = 0, replicaReads = 0;
        for (const auto& f : r.frames)
            for (const auto& op : f.operations)
                if (op.name == "read")
                    readErrors += op.errors;
        replicaReads = station(r, 100.0, "db/1").completed;
        QCOMPARE(readErrors, std::uint64_t(0));
        QVERIFY(replicaReads > 700); // 80/s of reads over the 10 s bin
        QCOMPARE(gaugeAt(r, 110.0, "primary_cores"), 4.0);
    }

    void scheduledResize()
    {
        // No target: only the schedule acts. At 50 s the primary goes to 8
        // cores (launched then), takes over at 70 s, serves from 80 s. The bill
        // per hour goes from 2 to 8 cores' worth: x4.
        auto v = ladder();
        v.schedule = {{50.0, 2}};
        const auto r = testing::runSystem(database(v, 0, sim::RateProfile::constant(100.0), 0.0));
        const auto events = resizes(r);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].time, 50.0);
        QCOMPARE(events[0].detail, std::string("2 cores -> 8 cores (scheduled)"));
        QCOMPARE(events[1].time, 70.0);
        QCOMPARE(events[2].time, 80.0);
        QCOMPARE(gaugeAt(r, 70.0, "primary_cores"), 2.0);
        QCOMPARE(gaugeAt(r, 80.0, "primary_cores"), 8.0);
        QVERIFY(std::fabs(r.fleets.back().costRate / r.fleets[binEnding(r, 40.0)].costRate - 4.0) < 1e-12);
        const double after = station(r, 150.0, "db/2").utilization;
        QVERIFY(std::fabs(after - 100.0 * kWrite / 8.0) < 0.01);
    }
};

QTEST_GUILESS_MAIN(TestVerticalScaling)
#include "tst_verticalscaling.moc"
