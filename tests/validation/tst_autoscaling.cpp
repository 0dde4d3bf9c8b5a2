// The autoscaler against hand-computed timelines: when it reacts (a load step,
// then one evaluation period, then the provisioning delay), how far target
// tracking moves the capacity, the cooldowns and bounds, scheduled steps, and
// tracking on backlog. Arrivals are deterministic and demands constant, so
// every figure below is derived from the case's numbers.
#include "systemcase.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;

namespace {

constexpr double kPeriod = 10.0;
constexpr double kProvision = 20.0;
constexpr double kCpu = 0.010; // s per request: an instance of 1 core serves 100 requests/s

/// lb -> app, app autoscaled (1 core shared by 2 threads, no backlog: excess
/// is refused, an overloaded instance is close to 100 % busy, and below
/// saturation utilization is the load).
testing::SystemCase scaledApp(models::AutoscaleConfig autoscale, sim::RateProfile rate, double duration)
{
    testing::SystemCase c;
    auto lb = component("lb", ComponentKind::LoadBalancer);
    lb.policy = models::LbPolicy::LeastConnections;
    auto app = component("app", ComponentKind::Service);
    app.instances = 2;
    app.cores = 1;
    app.threads = 2;
    app.backlog = 0;
    app.hourlyPrice = 3.6; // 0.001 USD per instance-second
    app.autoscale = autoscale;
    c.config.components = {lb, app};
    c.config.pricing.coreHour[ComponentKind::LoadBalancer] = 0.0;
    models::OperationPlan op;
    op.name = "browse";
    op.root = call("lb");
    auto a = call("app");
    a.cpu = sim::Distribution::constant(kCpu);
    op.root.calls = {a};
    c.config.operations = {op};
    c.rate = std::move(rate);
    c.deterministic = true;
    c.run = {duration, 0.0, 5.0};
    return c;
}

models::AutoscaleConfig cpuTarget(int min, int max)
{
    models::AutoscaleConfig a;
    a.targetCpu = 0.55;
    a.min = min;
    a.max = max;
    a.period = kPeriod;
    a.provision = kProvision;
    a.scaleOutCooldown = 30.0;
    a.scaleInCooldown = 90.0;
    return a;
}

/// 100 requests/s, 300 from 60 s, 100 again from 150 s.
sim::RateProfile stepUpAndDown()
{
    return sim::RateProfile({{0.0, 100.0}, {60.0, 100.0}, {60.0, 300.0}, {150.0, 300.0}, {150.0, 100.0}});
}

std::vector<sim::RunEvent> scaling(const testing::SystemResult& r)
{
    std::vector<sim::RunEvent> out;
    for (const auto& e : r.events)
        if (e.kind == "scale_out" || e.kind == "scale_in") {
            qInfo("%s at %g: %s", e.kind.c_str(), e.time, e.detail.c_str());
            out.push_back(e);
        }
    return out;
}

/// The app's instance counts at the end of the bin ending at `t`.
models::InstanceCounts appAt(const testing::SystemResult& r, double t)
{
    for (std::size_t i = 0; i < r.frames.size(); ++i)
        if (std::fabs(r.frames[i].end - t) < 1e-9)
            for (const auto& c : r.fleets[i].components)
                if (c.component == "app")
                    return c;
    qFatal("no bin ends at %g", t);
}

} // namespace

class TestAutoscaling : public QObject
{
    Q_OBJECT

private slots:
    void reactsWithinPeriodThenProvisionAndTracksTheTarget()
    {
        // 2 instances at 100/s: 50 % busy, within 0.55 +- 10 %. At 60 s the
        // load triples: the 2 instances saturate (> 82.5 % busy), so the
        // evaluation at 70 s asks for ceil(2 x u / 0.55) = 4 (u in (0.825, 1.1]).
        // They serve from 70 + 20 = 90 s. The evaluation at 80 s is within the
        // 30 s scale-out cooldown; at 90 s too. At 100 s the 4 instances carry
        // 300/s at 75 % busy: ceil(4 x 0.75 / 0.55) = ceil(5.45) = 6. At 150 s
        // the load drops to 100/s (6 instances 16.7 % busy: 6 x 0.30 = 1.8 ->
        // 2); the scale-in cooldown of 90 s after the scaling at 100 s holds it
        // until the evaluation at 190 s.
        const auto r = testing::runSystem(scaledApp(cpuTarget(2, 8), stepUpAndDown(), 300.0));
        const auto events = scaling(r);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].kind, std::string("scale_out"));
        QCOMPARE(events[0].time, 70.0);
        QCOMPARE(events[0].detail, std::string("2 -> 4"));
        QCOMPARE(events[1].kind, std::string("scale_out"));
        QCOMPARE(events[1].time, 100.0);
        QCOMPARE(events[1].detail, std::string("4 -> 6"));
        QCOMPARE(events[2].kind, std::string("scale_in"));
        QCOMPARE(events[2].time, 190.0);
        QCOMPARE(events[2].detail, std::string("6 -> 2"));

        // Booting instances are billed but get no traffic until ready.
        QCOMPARE(appAt(r, 85.0).serving, 2);
        QCOMPARE(appAt(r, 85.0).booting, 2);
        QCOMPARE(appAt(r, 95.0).serving, 4);
        QCOMPARE(appAt(r, 95.0).booting, 0);
        QCOMPARE(appAt(r, 125.0).serving, 6);
        QCOMPARE(appAt(r, 185.0).serving, 6);
        QCOMPARE(appAt(r, 195.0).serving, 2);
        QCOMPARE(appAt(r, 195.0).draining, 0); // 10 ms requests drain within the 1 s poll
        // The load balancer sends nothing to an instance before it is ready:
        // with 2 instances serving 300/s, a third of the requests is refused
        // from 60 s to 90 s, none after.
        std::uint64_t refusedBooting = 0, refusedAfter = 0;
        for (const auto& f : r.frames)
            (f.end <= 90.0 ? refusedBooting : refusedAfter) += f.rejections;
        QVERIFY2(std::fabs(double(refusedBooting) - 30.0 * 100.0) < 0.05 * 3000.0,
                 qPrintable(QString::number(refusedBooting)));
        QCOMPARE(refusedAfter, std::uint64_t(0));

        // Cost: instance-seconds x 0.001 USD. Two instances all along (2 x 300),
        // two from launch at 70 s (booting billed) to 190 s (2 x 120), two
        // from 100 s to 190 s (2 x 90): 1020 instance-seconds. Draining adds
        // at most the 1 s poll per retired instance.
        const double cost = r.fleets.back().cost;
        QVERIFY2(cost >= 1.020 - 1e-9 && cost <= 1.024, qPrintable(QString::number(cost, 'g', 12)));
        QCOMPARE(r.fleets.back().costRate, 2 * 3.6);
    }

    void boundsHoldTheCapacity()
    {
        // The same timeline with max 5 and min 3: the second step is clamped
        // to 5, the scale-in stops at 3.
        const auto r = testing::runSystem(scaledApp(cpuTarget(2, 5), stepUpAndDown(), 250.0));
        auto a = cpuTarget(3, 5);
        const auto r3 = testing::runSystem(scaledApp(a, stepUpAndDown(), 250.0));
        const auto events = scaling(r);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[1].detail, std::string("4 -> 5"));
        QCOMPARE(events[2].detail, std::string("5 -> 2"));
        // min 3 > the initial 2: the autoscaler starts at 3 (System clamps).
        const auto events3 = scaling(r3);
        QVERIFY(!events3.empty());
        QCOMPARE(events3.back().kind, std::string("scale_in"));
        QCOMPARE(events3.back().detail.substr(events3.back().detail.size() - 1), std::string("3"));
        int peak = 0;
        for (const auto& f : r.fleets)
            for (const auto& c : f.components)
                if (c.component == "app")
                    peak = std::max(peak, c.serving + c.booting + c.draining);
        QCOMPARE(peak, 5);
    }

    void scheduledStepsApplyAtTheirTimes()
    {
        models::AutoscaleConfig a;
        a.min = 1;
        a.max = 6;
        a.provision = kProvision;
        a.schedule = {{50.0, std::nullopt, std::nullopt, 5}, {120.0, 1, 3, std::nullopt}, {150.0, std::nullopt, std::nullopt, 1}};
        const auto r = testing::runSystem(scaledApp(a, sim::RateProfile::constant(50.0), 200.0));
        const auto events = scaling(r);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].time, 50.0);
        QCOMPARE(events[0].detail, std::string("2 -> 5"));
        QCOMPARE(events[1].time, 120.0); // the new max 3 retires 2 instances
        QCOMPARE(events[1].detail, std::string("5 -> 3"));
        QCOMPARE(events[2].time, 150.0);
        QCOMPARE(events[2].detail, std::string("3 -> 1"));
        QCOMPARE(appAt(r, 65.0).booting, 3);
        QCOMPARE(appAt(r, 75.0).serving, 5);
        QCOMPARE(appAt(r, 125.0).serving, 3);
        QCOMPARE(appAt(r, 155.0).serving, 1);
        // 2 x 50 + 5 x 70 + 3 x 30 + 1 x 50 = 590 instance-seconds (+ drains <= 1 s each).
        const double cost = r.fleets.back().cost;
        QVERIFY2(cost >= 0.590 - 1e-9 && cost <= 0.594, qPrintable(QString::number(cost, 'g', 12)));
    }

    void tracksBacklogPerInstance()
    {
        // One instance (100/s) gets 150/s with a deep backlog: the backlog
        // grows by 50 requests/s, 500 at the first evaluation (10 s). The
        // target of 10 waiting per instance asks for ceil(1 x 500 / 10) = 50,
        // clamped to max 4: 1 -> 4 at 10 s. The 4 serve from 30 s and drain the
        // backlog at 250/s; no scale-out follows.
        models::AutoscaleConfig a;
        a.targetQueue = 10.0;
        a.min = 1;
        a.max = 4;
        a.period = kPeriod;
        a.provision = kProvision;
        a.scaleInCooldown = 1000.0;
        auto c = scaledApp(a, sim::RateProfile::constant(150.0), 80.0);
        c.config.components[1].instances = 1;
        c.config.components[1].backlog = 100000;
        const auto r = testing::runSystem(c);
        const auto events = scaling(r);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].kind, std::string("scale_out"));
        QCOMPARE(events[0].time, 10.0);
        QCOMPARE(events[0].detail, std::string("1 -> 4"));
        // The backlog stays on the first instance (the balancer sends new
        // requests to the idle ones): 50/s x 30 s = 1500 at 30 s, served at
        // 100/s, gone by 45 s. Latency is back to the service time after it.
        QVERIFY(r.component("app").rejected == 0);
        QCOMPARE(appAt(r, 40.0).serving, 4);
        for (const auto& f : r.frames)
            if (f.start >= 50.0)
                QVERIFY2(f.p99 < 0.05, qPrintable(QString("p99 %1 s in [%2, %3)").arg(f.p99).arg(f.start).arg(f.end)));
    }
};

QTEST_GUILESS_MAIN(TestAutoscaling)
#include "tst_autoscaling.moc"
