// The analytic model against hand-computed figures: Erlang C tables, M/M/1,
// M/M/1/K and Pollaczek-Khinchine closed forms, an MVA case worked by hand,
// and a three-station network (balancer, service, database) built by hand
// from its demands and hops; visit ratios with cache misses, fan-out and a
// queue; the saturation rate; bad input.
#include "models/analytic/estimate.h"
#include "models/analytic/mva.h"
#include "models/analytic/queueing.h"

#include "systemcase.h"

#include <QtTest>

#include <cmath>
#include <stdexcept>

using namespace scalelab;
using namespace scalelab::models;
using namespace scalelab::models::analytic;

namespace {

// Default network: 0.2 ms and 1.25e9 B/s in a zone; 1000 B out, 5000 B back.
constexpr double kHop = 0.0002 + 1000 / 1.25e9 + 0.0002 + 5000 / 1.25e9;

using testing::call;
using testing::component;

} // namespace

class TestAnalytic : public QObject
{
    Q_OBJECT

private slots:
    void erlangCMatchesTables_data()
    {
        QTest::addColumn<int>("servers");
        QTest::addColumn<double>("offered");
        QTest::addColumn<double>("expected");
        // Erlang C tables (e.g. Kleinrock vol. 1; c=2, a=1 is 1/3 by hand).
        QTest::newRow("c=2 a=1") << 2 << 1.0 << 1.0 / 3.0;
        QTest::newRow("c=5 a=4") << 5 << 4.0 << 0.5541;
        QTest::newRow("c=10 a=8") << 10 << 8.0 << 0.4092;
        QTest::newRow("c=1 a=0.7") << 1 << 0.7 << 0.7; // M/M/1: P(wait) = rho
    }
    void erlangCMatchesTables()
    {
        QFETCH(int, servers);
        QFETCH(double, offered);
        QFETCH(double, expected);
        QVERIFY2(std::abs(erlangC(servers, offered) - expected) < 1e-4,
                 qPrintable(QString::number(erlangC(servers, offered), 'g', 8)));
    }

    void singleServerClosedForms()
    {
        // M/M/1, lambda 8, S 0.1: Wq = rho / (mu - lambda) = 0.8 / 2.
        const QueueFigures mm1 = mmc(1, 8.0, 0.1);
        QVERIFY(std::abs(mm1.wait - 0.4) < 1e-12);
        QVERIFY(std::abs(mm1.waitSecondMoment - 2 * 0.8 / 4.0) < 1e-12);
        // M/M/1/K, K = 5, rho = 0.8: blocking (1 - rho) rho^K / (1 - rho^(K+1)).
        const double rho = 0.8;
        const QueueFigures k5 = mmc(1, 8.0, 0.1, 5);
        const double block = (1 - rho) * std::pow(rho, 5) / (1 - std::pow(rho, 6));
        QVERIFY2(std::abs(k5.blocking - block) < 1e-12, qPrintable(QString::number(k5.blocking)));
        // Little on the queue: Lq = lambda (1 - P_K) Wq, with Lq = sum (n - 1) p_n.
        double norm = 0, lq = 0;
        for (int n = 0; n <= 5; ++n)
            norm += std::pow(rho, n);
        for (int n = 2; n <= 5; ++n)
            lq += (n - 1) * std::pow(rho, n) / norm;
        QVERIFY(std::abs(8.0 * (1 - block) * k5.wait - lq) < 1e-12);
        // A large K tends to the unbounded queue.
        QVERIFY(std::abs(mmc(1, 8.0, 0.1, 2000).wait - 0.4) < 1e-9);
        // M/G/1 (Pollaczek-Khinchine): Wq = lambda E[S^2] / (2 (1 - rho)); scv 2.25.
        const QueueFigures mg1 = mgc(1, 5.0, 0.1, 2.25);
        QVERIFY(std::abs(mg1.wait - 5.0 * 0.01 * 3.25 / (2 * 0.5)) < 1e-12);
        // Unstable without a backlog bound.
        QVERIFY(!mmc(2, 30.0, 0.1).stable);
        QVERIFY(mmc(2, 30.0, 0.1, 100).blocking > 0.3);
    }

    void mvaMatchesHandComputation()
    {
        // Two single-server stations, demands 1 s and 0.5 s, no think time.
        // N=1: R = 1.5, X = 2/3. N=2: R1 = 1 (1 + 2/3), R2 = 0.5 (1 + 1/3): R = 7/3, X = 6/7.
        // N=3: Q1 = 6/7 * 5/3 = 10/7, Q2 = 6/7 * 2/3 = 4/7: R1 = 17/7, R2 = 11/14, R = 45/14, X = 14/15.
        const std::vector<MvaStation> st{{1.0, 1, false}, {0.5, 1, false}};
        QVERIFY(std::abs(mva(st, 1, 0.0).throughput - 2.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(mva(st, 2, 0.0).response - 7.0 / 3.0) < 1e-12);
        const MvaResult three = mva(st, 3, 0.0);
        QVERIFY(std::abs(three.response - 45.0 / 14.0) < 1e-12);
        QVERIFY(std::abs(three.throughput - 14.0 / 15.0) < 1e-12);
        QVERIFY(std::abs(three.utilization[0] - 14.0 / 15.0) < 1e-12);
        // Think time and a delay station: with many users X tends to 1 / Dmax.
        const std::vector<MvaStation> withDelay{{0.2, 1, false}, {0.1, 1, false}, {0.5, 1, true}};
        const MvaResult many = mva(withDelay, 200, 2.0);
        QVERIFY(std::abs(many.throughput - 5.0) < 1e-6);
        // One user sees no queue: R = sum of demands.
        QVERIFY(std::abs(mva(withDelay, 1, 2.0).response - 0.8) < 1e-12);
    }

    void threeStationNetworkByHand()
    {
        // At 50 requests/s: app rho 0.5, PS on one core: 10 ms / (1 - 0.5) = 20 ms;
        // db rho 0.25: 5 ms / 0.75; three hops there and back; the balancer's 0.1 ms.
        // The worker pools (16 threads) hold ~1.4 erlangs: no wait to speak of.
        const Estimate e = analyze(testing::threeStationChain(), Rates::mix({1.0}, 50.0));
        const double expected = 3 * kHop + 0.0001 + 0.020 + 0.005 / 0.75;
        QVERIFY2(std::abs(e.operations[0].meanResponse - expected) < 1e-7,
                 qPrintable(QString("%1 vs %2").arg(e.operations[0].meanResponse).arg(expected)));
        QVERIFY(std::abs(e.components[1].cpuUtilization - 0.5) < 1e-12);
        QVERIFY(std::abs(e.components[2].cpuUtilization - 0.25) < 1e-12);
        QCOMPARE(e.components[size_t(e.bottleneck)].name, std::string("app"));
        QVERIFY(e.stable);
        // The app's worker holds CPU plus the db call: 20 ms + hop + 6.67 ms.
        const double hold = 0.020 + kHop + 0.005 / 0.75;
        QVERIFY(std::abs(e.components[1].workerOccupancy - 50 * hold / 16) < 1e-7);
        // The first to saturate is the app; its pool fills (16 threads) before
        // its core reaches 100%: M/M/1 holds 15 in the CPU at rho = 15/16.
        QVERIFY2(e.saturation > 85 && e.saturation < 100, qPrintable(QString::number(e.saturation)));
        const Estimate below = analyze(testing::threeStationChain(), Rates::mix({1.0}, e.saturation * 0.99));
        const Estimate above = analyze(testing::threeStationChain(), Rates::mix({1.0}, e.saturation * 1.01));
        QVERIFY(below.stable);
        QVERIFY(!above.stable);
        QVERIFY(std::abs(e.headroom - (1 - 50 / e.saturation)) < 1e-12);
    }

    void visitRatiosWithMissesFanOutAndQueues()
    {
        SystemConfig cfg;
        auto cache = component("cache", ComponentKind::Cache);
        cache.hitRatio = 0.75;
        auto q = component("q", ComponentKind::MessageQueue);
        q.consumer = "worker";
        cfg.components = {component("app", ComponentKind::Service), cache, component("db", ComponentKind::SqlDatabase),
                          component("a", ComponentKind::Service), component("b", ComponentKind::Service), q,
                          component("worker", ComponentKind::Service)};
        OperationPlan op;
        op.name = "get";
        op.root = call("app");
        auto c = call("cache");
        auto d = call("db");
        d.read = sim::Distribution::constant(0.002);
        c.miss = {d};
        auto publish = call("q");
        publish.cpu = sim::Distribution::constant(0.5); // the consumer's, not the producer's
        publish.calls = {d};
        op.root.calls = {c, publish};
        op.root.parallel = {call("a"), call("b")};
        cfg.operations = {op};
        const Estimate e = analyze(cfg, Rates::mix({1.0}, 10.0));
        const auto& v = e.operations[0].visits;
        QCOMPARE(v[0], 1.0);
        QCOMPARE(v[1], 1.0);
        QVERIFY(std::abs(v[2] - (0.25 + 1.0)) < 1e-12); // misses + the consumer's call
        QCOMPARE(v[3], 1.0);
        QCOMPARE(v[4], 1.0);
        QCOMPARE(v[6], 1.0);
        QVERIFY(std::abs(e.components[6].cpuUtilization - 10 * 0.5 / 2) < 1e-12);
        // The producer does not wait for the consumer's 0.5 s.
        QVERIFY(e.operations[0].meanResponse < 0.05);
        // Fan-out to two equal branches: E[max] of two exponentials is 1.5 x the mean.
        QVERIFY(std::abs(expectedMaxOfExponentials({2.0, 2.0}) - 3.0) < 1e-12);
        QVERIFY(std::abs(expectedMaxOfExponentials({1.0, 2.0}) - (1 + 2 - 1 / 1.5)) < 1e-12);
    }

    void closedWorkloadMatchesMva()
    {
        // One core each, exponential demands: the closed model is the two-station MVA
        // plus the hops and the balancer as a delay.
        const ClosedEstimate one = analyzeClosed(testing::threeStationChain(), {1.0}, 1, 0.0);
        QVERIFY(std::abs(one.meanResponse - (3 * kHop + 0.0001 + 0.015)) < 1e-12);
        const ClosedEstimate many = analyzeClosed(testing::threeStationChain(), {1.0}, 500, 1.0);
        QVERIFY(std::abs(many.throughput - 100.0) < 1e-3); // 1 / the app's 10 ms
    }

    void badInputThrows()
    {
        SystemConfig cfg = testing::threeStationChain();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analyze(cfg, Rates::mix({1.0, 1.0}, 10.0)));
        cfg.operations[0].root.calls[0].target = "nowhere";
        try {
            analyze(cfg, Rates::mix({1.0}, 10.0));
            QFAIL("no exception");
        } catch (const std::invalid_argument& e) {
            QCOMPARE(std::string(e.what()), std::string("a call names an unknown component: nowhere"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAnalytic)
#include "tst_analytic.moc"
