// The analytic model (models/analytic) against the simulation, at
// utilizations up to 0.8, with the tolerances stated per case: a three-station
// chain (PS cores, exact M/M/1 per station), an M/G/2 FIFO pool with heavy-
// tailed demands (Allen-Cunneen), visit ratios with cache misses, fan-out and a
// queue, and the bundled shop's three designs at steady rates.
#include "systemcase.h"

#include "models/analytic/estimate.h"
#include "scenarios/analysis.h"
#include "scenarios/runner.h"
#include "scenarios/studyreader.h"
#include "simcore/subprocess.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;

namespace {

double relative(double a, double b) { return std::abs(a - b) / b; }

} // namespace

class TestAnalyticValidation : public QObject
{
    Q_OBJECT

private slots:
    void chainAgreesWithSimulation_data()
    {
        QTest::addColumn<double>("rate");
        QTest::newRow("rho 0.5") << 50.0;
        QTest::newRow("rho 0.8") << 80.0;
    }
    void chainAgreesWithSimulation()
    {
        QFETCH(double, rate);
        testing::SystemCase c;
        c.config = testing::threeStationChain();
        c.rate = sim::RateProfile::constant(rate);
        c.run = {1000.0, 50.0, 50.0};
        const testing::SystemResult r = testing::runSystem(c);
        const models::analytic::Estimate e = models::analytic::analyze(c.config, models::analytic::Rates::mix({1.0}, rate));
        const double simMean = r.summary.meanLatency;
        const double model = e.operations[0].meanResponse;
        qInfo("chain at %.0f/s: mean %.3f ms simulated, %.3f ms analytic; app cpu %.3f vs %.3f", rate, simMean * 1e3,
              model * 1e3, r.component("app").utilization, e.components[1].cpuUtilization);
        // M/M/1-PS per station, exact in the mean for a tandem of Poisson flows
        // (Jackson): 5% covers the run's sampling error at rho 0.8.
        QVERIFY2(relative(simMean, model) < 0.05, "mean response");
        QVERIFY(std::abs(r.component("app").utilization - e.components[1].cpuUtilization) < 0.02);
        QVERIFY(std::abs(r.component("db").utilization - e.components[2].cpuUtilization) < 0.02);
    }

    void fifoPoolWithHeavyTailsIsAllenCunneen()
    {
        // threads = cores = 2: the worker pool is an M/G/2 FIFO queue; demands lognormal, cv 1.5.
        models::SystemConfig cfg;
        auto app = component("app", ComponentKind::Service);
        app.cores = 2;
        app.threads = 2;
        app.backlog = 100000;
        cfg.components = {app};
        models::OperationPlan op;
        op.name = "work";
        op.root = call("app");
        op.root.cpu = sim::Distribution::lognormal(0.020, 1.5);
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(75.0); // rho 0.75
        c.run = {2000.0, 50.0, 50.0};
        const testing::SystemResult r = testing::runSystem(c);
        const auto e = models::analytic::analyze(cfg, models::analytic::Rates::mix({1.0}, 75.0));
        const double simWait = r.component("app").meanWait();
        qInfo("M/G/2, cv 1.5, rho 0.75: wait %.2f ms simulated, %.2f ms Allen-Cunneen (M/M/2 %.2f ms)", simWait * 1e3,
              e.components[0].wait * 1e3, e.components[0].wait * 1e3 / ((1 + 2.25) / 2));
        // Allen-Cunneen is within ~10% for c = 2 at this load; heavy tails make
        // the simulated mean wait noisy too: 20%.
        QVERIFY2(relative(simWait, e.components[0].wait) < 0.20, "mean wait");
        QVERIFY(std::abs(r.component("app").utilization - 0.75) < 0.03);
    }

    void visitsMatchStationArrivals()
    {
        models::SystemConfig cfg;
        auto cache = component("cache", ComponentKind::Cache);
        cache.keys = 5000;
        cache.zipf = 0.9;
        cache.capacity = 500; // emergent hit ratio: Che's approximation
        auto q = component("q", ComponentKind::MessageQueue);
        q.consumer = "worker";
        cfg.components = {component("app", ComponentKind::Service), cache, component("db", ComponentKind::SqlDatabase),
                          component("a", ComponentKind::Service), component("b", ComponentKind::Service), q,
                          component("worker", ComponentKind::Service)};
        models::OperationPlan op;
        op.name = "get";
        op.root = call("app");
        auto cc = call("cache");
        auto d = call("db");
        d.read = sim::Distribution::constant(0.002);
        cc.miss = {d};
        auto publish = call("q");
        publish.cpu = sim::Distribution::constant(0.005);
        publish.calls = {d};
        op.root.calls = {cc, publish};
        op.root.parallel = {call("a"), call("b")};
        cfg.operations = {op};
        testing::SystemCase c;
        c.config = cfg;
        c.rate = sim::RateProfile::constant(100.0);
        c.run = {300.0, 100.0, 50.0}; // warm the LRU up
        const testing::SystemResult r = testing::runSystem(c);
        const auto e = models::analytic::analyze(cfg, models::analytic::Rates::mix({1.0}, 100.0));
        const double requests = double(r.summary.arrivals);
        for (const char* name : {"app", "cache", "db", "a", "b", "worker"}) {
            std::size_t k = 0;
            while (e.components[k].name != name)
                ++k;
            const double simulated = double(r.component(name).arrivals) / requests;
            qInfo("visits to %-6s %.4f simulated, %.4f analytic", name, simulated, e.operations[0].visits[k]);
            // Che's approximation is within 0.01 of the LRU (docs/models.md); counts within 2%.
            QVERIFY2(std::abs(simulated - e.operations[0].visits[k]) < 0.02, name);
        }
    }

    void shopAgreesWithSimulation_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<double>("rate");
        for (const char* v : {"monolith", "modular_monolith", "microservices"})
            QTest::newRow(v) << QString(v) << 800.0; // the spike's peak: busiest CPU 0.75-0.77
    }
    void shopAgreesWithSimulation()
    {
        QFETCH(QString, variant);
        QFETCH(double, rate);
        const auto loaded = scenarios::readStudy(SCALELAB_SHOP_STUDY);
        QVERIFY(loaded.ok());
        const scenarios::Study& study = *loaded.study;
        const scenarios::Variant* v = study.findVariant(variant.toStdString());
        QVERIFY(v);
        scenarios::Study steady = study;
        steady.workload = {};
        steady.workload.rate = {{0.0, rate, 0.0, {}, {}}};
        steady.faults.clear();
        steady.run.duration = 130.0;
        steady.run.warmup = 10.0;
        steady.run.bin = 120.0;
        const auto run = scenarios::variantRunFromJson(
            sim::runInChild([&] { return scenarios::variantRunToJson(scenarios::runVariant(steady, *v, 7, 0)); }));
        const auto e = scenarios::analyzeVariant(study, *v, rate);
        const sim::MetricFrame& s = run.summary;
        qInfo("%s at %.0f/s: mean %.2f ms simulated, %.2f ms analytic; p99 %.1f vs %.1f ms", qPrintable(variant), rate,
              s.meanLatency * 1e3, e.meanResponse * 1e3, s.p99 * 1e3, e.p99 * 1e3);
        // Latency: the model treats a worker's downstream wait as part of its
        // service, and round robin's smoothing of the arrivals by Allen-Cunneen's
        // (ca^2 + 1) / 2 on processor-shared cores, which overstates the wait at
        // rho 0.77 (microservices' catalog: +22% on browse). Stated tolerances:
        // 15% on the mix's mean, 25% per operation, 20% on p99 (a gamma fit).
        for (std::size_t i = 0; i < s.operations.size(); ++i)
            qInfo("  %-9s mean %.2f ms simulated, %.2f ms analytic; p99 %.1f vs %.1f ms", s.operations[i].name.c_str(),
                  s.operations[i].meanLatency * 1e3, e.operations[i].meanResponse * 1e3, s.operations[i].p99 * 1e3,
                  e.operations[i].p99 * 1e3);
        QVERIFY2(relative(s.meanLatency, e.meanResponse) < 0.15, "mean latency");
        QVERIFY2(relative(s.p99, e.p99) < 0.20, "p99");
        for (std::size_t i = 0; i < s.operations.size(); ++i) {
            QVERIFY2(relative(s.operations[i].meanLatency, e.operations[i].meanResponse) < 0.25,
                     s.operations[i].name.c_str());
        }
        // CPU utilization of the busiest instance, per component: 0.03 absolute
        // (a database's replica, a store's hottest shard).
        for (const auto& c : e.components) {
            if (!c.hasStation || c.kind == ComponentKind::LoadBalancer)
                continue;
            double busiest = 0.0;
            for (const auto& st : s.stations)
                if (models::System::componentOf(st.name) == c.name)
                    busiest = std::max(busiest, st.utilization);
            qInfo("  %-12s cpu %.3f simulated (busiest instance), %.3f analytic", c.name.c_str(), busiest, c.cpuUtilization);
            QVERIFY2(std::abs(busiest - c.cpuUtilization) < 0.03, c.name.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestAnalyticValidation)
#include "tst_analytic.moc"
