// Speed of the analytic model (models/analytic): a 500-component system
// solved in under 50 ms, so the GUI's inspector can recompute it on every
// edit. The system: a gateway in front of 166 services, each with its own
// cache (hit ratio 0.9) and SQL database (a primary and a replica; misses
// read it, every fifth operation writes), one operation per service. Times
// analyze() (traffic equations, every station, and the saturation rate by
// bisection on the full model), best of 20. Checks the answer is sane: 1%
// past the saturation rate the model is unstable.
#include "models/analytic/estimate.h"

#include <QtTest>

#include <chrono>
#include <cstdio>

using namespace scalelab;
using namespace scalelab::models;

namespace {

constexpr double kTargetMs = 50.0;
constexpr int kServices = 166;

SystemConfig bigSystem()
{
    SystemConfig cfg;
    ComponentConfig gateway;
    gateway.name = "gateway";
    gateway.kind = ComponentKind::ApiGateway;
    gateway.instances = 40;
    cfg.components.push_back(gateway);
    for (int i = 0; i < kServices; ++i) {
        const std::string n = std::to_string(i);
        ComponentConfig s;
        s.name = "svc" + n;
        s.instances = 2 + i % 3;
        ComponentConfig c;
        c.name = "cache" + n;
        c.kind = ComponentKind::Cache;
        c.hitRatio = 0.9;
        ComponentConfig d;
        d.name = "db" + n;
        d.kind = ComponentKind::SqlDatabase;
        d.replicas = 1;
        cfg.components.insert(cfg.components.end(), {s, c, d});
        OperationPlan op;
        op.name = "op" + n;
        op.root.target = "gateway";
        CallPlan svc;
        svc.target = s.name;
        svc.cpu = sim::Distribution::lognormal(0.005 + 0.0001 * (i % 20), 0.8);
        CallPlan cache;
        cache.target = c.name;
        cache.cpu = sim::Distribution::constant(0.0002);
        CallPlan miss;
        miss.target = d.name;
        miss.read = sim::Distribution::constant(0.002);
        cache.miss = {miss};
        svc.calls = {cache};
        if (i % 5 == 0) {
            CallPlan write;
            write.target = d.name;
            write.write = sim::Distribution::constant(0.004);
            svc.calls.push_back(write);
        }
        op.root.calls = {svc};
        cfg.operations.push_back(op);
    }
    return cfg;
}

template <typename F>
double bestMs(int repeat, F&& f)
{
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

} // namespace

class TestAnalyticSpeed : public QObject
{
    Q_OBJECT

private slots:
    void fiveHundredComponents()
    {
        const SystemConfig cfg = bigSystem();
        QCOMPARE(cfg.components.size(), std::size_t(1 + 3 * kServices)); // 499
        const std::vector<double> shares(cfg.operations.size(), 1.0);
        const analytic::Rates rates = analytic::Rates::mix(shares, 20000.0);
        analytic::Estimate e;
        const double full = bestMs(20, [&] { e = analytic::analyze(cfg, rates); });
        std::printf("\n| analytic model, best of 20 | components | ms | target ms | ratio |\n|---|---:|---:|---:|---:|\n");
        std::printf("| analyze (estimate + saturation) | %zu | %.2f | %.0f | %.2f |\n", cfg.components.size(), full,
                    kTargetMs, full / kTargetMs);
        std::printf("saturation %.0f/s, bottleneck %s at %.1f %% (20000/s)\n", e.saturation,
                    e.components[std::size_t(e.bottleneck)].name.c_str(),
                    100 * e.components[std::size_t(e.bottleneck)].utilization);
        std::fflush(stdout);
        QVERIFY(e.stable);
        const analytic::Estimate at = analytic::analyze(cfg, analytic::Rates::mix(shares, e.saturation * 1.01));
        QVERIFY2(!at.stable, "1% past the saturation rate is still stable");
        QVERIFY2(full <= kTargetMs, "500 components took longer than 50 ms");
    }
};

QTEST_GUILESS_MAIN(TestAnalyticSpeed)
#include "tst_analyticspeed.moc"
