// Instance groups (a mixed fleet) against queueing theory and hand
// computation: a balancer over a fast and a slow instance (least connections
// against the two-queue Markov chain, round robin against E2/M/1), per-group
// utilisation in the simulation and the analytic model, two price levels
// billed, and the autoscaler growing the group it names.
#include "gim1.h"
#include "studyrun.h"

#include "scenarios/analysis.h"

#include <QtTest>

#include <cmath>
#include <string>
#include <vector>

using namespace scalelab;
using testing::erlang2M1Sojourn;
using testing::station;

namespace {

constexpr double kFast = 100.0, kSlow = 50.0; // services/s: 10 ms of CPU at speed 1 and 0.5
constexpr double kRate = 80.0;                // requests/s: 53% of the pair's capacity

std::string balanced(const std::string& policy, double duration)
{
    return "name: fleet\n"
           "operations: {work: {share: 1}}\n"
           "workload: {rate: [{at: 0s, rps: 80}]}\n"
           "network: {latency: {zone: 0s}}\n"
           "run: {duration: " + std::to_string(int(duration)) + "s, warmup: 20s, seed: 9, bin: 10s}\n"
           "variants:\n"
           "  v:\n"
           "    components:\n"
           "      lb: {kind: load_balancer, policy: " + policy + ", overhead: 0s}\n"
           "      app: {kind: service, cores: 1, threads: 1, backlog: 100000,\n"
           "            groups: [{name: old, instances: 1, speed: 0.5}, {name: new, instances: 1}]}\n"
           "    routes:\n"
           "      work: [{lb: {request: 0B, response: 0B}}, {app: {cpu: exponential(10ms), request: 0B, response: 0B}}]\n";
}

/// Join the shortest queue over two exponential servers (rates mu[0], mu[1]),
/// Poisson arrivals at `lambda`, ties split evenly: the stationary
/// distribution of (n0, n1) by Gauss-Seidel on the balance equations,
/// truncated at `cap` per queue.
struct Jsq
{
    double shareTo1 = 0.0; ///< of the arrivals, to server 1
    double meanSojourn = 0.0;
    double util[2] = {0, 0};
};

Jsq joinShortestQueue(double lambda, const double mu[2], int cap)
{
    const int n = cap + 1;
    auto at = [n](int a, int b) { return std::size_t(a * n + b); };
    // Where an arrival goes from (a, b): P(to server 0).
    auto toZero = [](int a, int b) { return a < b ? 1.0 : a > b ? 0.0 : 0.5; };
    std::vector<double> p(std::size_t(n * n), 1.0 / (n * n));
    for (int sweep = 0; sweep < 20000; ++sweep) {
        double change = 0.0;
        for (int a = 0; a < n; ++a)
            for (int b = 0; b < n; ++b) {
                double in = 0.0, out = 0.0;
                if (a < cap)
                    out += lambda * toZero(a, b);
                if (b < cap)
                    out += lambda * (1 - toZero(a, b));
                if (a > 0)
                    out += mu[0];
                if (b > 0)
                    out += mu[1];
                if (a > 0)
                    in += p[at(a - 1, b)] * lambda * toZero(a - 1, b);
                if (b > 0)
                    in += p[at(a, b - 1)] * lambda * (1 - toZero(a, b - 1));
                if (a < cap)
                    in += p[at(a + 1, b)] * mu[0];
                if (b < cap)
                    in += p[at(a, b + 1)] * mu[1];
                const double next = in / out;
                change = std::max(change, std::abs(next - p[at(a, b)]));
                p[at(a, b)] = next;
            }
        double sum = 0.0;
        for (double x : p)
            sum += x;
        for (double& x : p)
            x /= sum;
        if (change < 1e-13)
            break;
    }
    Jsq out;
    double l = 0.0;
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) {
            const double x = p[at(a, b)];
            out.shareTo1 += x * (1 - toZero(a, b));
            l += x * (a + b);
            out.util[0] += a > 0 ? x : 0.0;
            out.util[1] += b > 0 ? x : 0.0;
        }
    out.meanSojourn = l / lambda; // Little
    return out;
}

double relative(double a, double b) { return std::abs(a - b) / b; }

} // namespace

class TestFleet : public QObject
{
    Q_OBJECT

private slots:
    void leastConnectionsFavoursTheFastInstance()
    {
        const double mu[2] = {kSlow, kFast};
        const Jsq theory = joinShortestQueue(kRate, mu, 60);
        const scenarios::VariantRun lc = testing::run(testing::study(balanced("least_connections", 2020)));
        const double toFast = double(station(lc, "app/1").arrivals) /
                              double(station(lc, "app/0").arrivals + station(lc, "app/1").arrivals);
        qInfo("least connections: %.4f of the calls to the fast instance (Markov chain %.4f); mean %.2f ms "
              "(chain %.2f ms); utilisation slow %.3f (%.3f), fast %.3f (%.3f)",
              toFast, theory.shareTo1, lc.summary.meanLatency * 1e3, theory.meanSojourn * 1e3,
              station(lc, "app/0").utilization, theory.util[0], station(lc, "app/1").utilization, theory.util[1]);
        QCOMPARE(lc.summary.errors, std::uint64_t(0));
        // 160k requests: the split's sampling error is under 0.5%; 0.015 stated.
        // The balancer breaks ties in turn rather than at random: within it too.
        QVERIFY2(toFast > 0.5, "the fast instance gets more");
        QVERIFY2(std::abs(toFast - theory.shareTo1) < 0.015, "split: two-queue Markov chain");
        QVERIFY2(relative(lc.summary.meanLatency, theory.meanSojourn) < 0.04, "mean: two-queue Markov chain");

        // Round robin splits evenly whatever the speed: each instance is an E2/M/1 queue.
        const scenarios::VariantRun rr = testing::run(testing::study(balanced("round_robin", 2020)));
        const double rrTheory = 0.5 * (erlang2M1Sojourn(kRate / 2, kSlow) + erlang2M1Sojourn(kRate / 2, kFast));
        const double rrToFast = double(station(rr, "app/1").arrivals) /
                                double(station(rr, "app/0").arrivals + station(rr, "app/1").arrivals);
        qInfo("round robin: %.4f to the fast one; mean %.2f ms (E2/M/1: %.2f ms = (%.2f + %.2f) / 2)", rrToFast,
              rr.summary.meanLatency * 1e3, rrTheory * 1e3, erlang2M1Sojourn(kRate / 2, kSlow) * 1e3,
              erlang2M1Sojourn(kRate / 2, kFast) * 1e3);
        QVERIFY(std::abs(rrToFast - 0.5) < 0.001);
        // The slow instance at rho 0.8 correlates successive waits: 5% stated.
        QVERIFY2(relative(rr.summary.meanLatency, rrTheory) < 0.05, "round robin: E2/M/1 pair");
        QVERIFY2(lc.summary.meanLatency < 0.6 * rr.summary.meanLatency, "least connections beats round robin");
    }

    void perGroupUtilisation()
    {
        // Round robin: 40/s to each; the slow one is busy 0.8, the fast one 0.4.
        const scenarios::Study s = testing::study(balanced("round_robin", 620));
        const scenarios::VariantRun r = testing::run(s);
        qInfo("simulated: old %.3f, new %.3f (0.8, 0.4)", station(r, "app/0").utilization,
              station(r, "app/1").utilization);
        QVERIFY(std::abs(station(r, "app/0").utilization - 0.8) < 0.02);
        QVERIFY(std::abs(station(r, "app/1").utilization - 0.4) < 0.02);
        const auto e = scenarios::analyzeVariant(s, s.variants.front(), kRate);
        const auto& app = e.components[1];
        QCOMPARE(app.groups.size(), std::size_t(2));
        qInfo("analytic: %s %.3f of the calls, cpu %.3f; %s %.3f, cpu %.3f; mean %.2f ms (E2/M/1 pair %.2f ms)",
              app.groups[0].name.c_str(), app.groups[0].share, app.groups[0].cpuUtilization,
              app.groups[1].name.c_str(), app.groups[1].share, app.groups[1].cpuUtilization, e.meanResponse * 1e3,
              0.5 * (erlang2M1Sojourn(kRate / 2, kSlow) + erlang2M1Sojourn(kRate / 2, kFast)) * 1e3);
        QCOMPARE(app.groups[0].name, std::string("old"));
        QVERIFY(std::abs(app.groups[0].share - 0.5) < 1e-9);
        QVERIFY(std::abs(app.groups[0].cpuUtilization - 0.8) < 1e-9);
        QVERIFY(std::abs(app.groups[1].cpuUtilization - 0.4) < 1e-9);
        QVERIFY(std::abs(app.cpuUtilization - 0.8) < 1e-9); // the busiest instance
        // Allen-Cunneen's (ca^2 + cs^2) / 2 = 0.75 for Erlang-2 arrivals overstates
        // the E2/M/1 waits a little (60 against 57 ms at rho 0.8): 10% stated.
        QVERIFY(relative(e.meanResponse, 0.5 * (erlang2M1Sojourn(kRate / 2, kSlow) + erlang2M1Sojourn(kRate / 2, kFast))) < 0.10);
    }

    void twoPriceLevels()
    {
        // Per hour: old 2 x 0.05 (its own price) + new 1 x 4 cores x 0.048
        // (the service's core-hour) + shop 1 x 8 cores at the component's
        // 0.40 for its 4 cores, scaled to the group's 8: 0.80 = 1.092 USD.
        // Billed over the 300 s after warm-up: 1.092 / 12 = 0.091 USD.
        const auto s = testing::study(R"(
operations: {browse: {share: 1}}
workload: {rate: [{at: 0s, rps: 20}]}
run: {duration: 360s, warmup: 60s, bin: 10s}
variants:
  v:
    components:
      app: {kind: service, cores: 4,
            groups: [{name: old, instances: 2, cores: 2, hourly_price: 0.05}, {name: new, instances: 1}]}
      shop: {kind: service, cores: 4, hourly_price: 0.4, groups: [{name: big, instances: 1, cores: 8}]}
    routes: {browse: [{app: {cpu: 5ms, calls: [{shop: {cpu: 1ms}}]}}]}
)");
        const auto r = testing::run(s);
        const double hourly = 2 * 0.05 + 4 * 0.048 + 0.4 * 8 / 4;
        qInfo("cost %.6f USD over 300 s, %.6f expected", r.impact.cost, hourly * 300.0 / 3600.0);
        QVERIFY(std::fabs(r.impact.cost - hourly * 300.0 / 3600.0) < 1e-9);
        QCOMPARE(r.impact.peakInstances, 4.0);
    }

    void autoscalerGrowsTheNamedGroup_data()
    {
        QTest::addColumn<QString>("group");
        QTest::addColumn<QStringList>("grown");  // the scaled group's spare machines, launched at 100 s
        QTest::addColumn<QStringList>("steady"); // machines serving throughout
        QTest::newRow("named old") << "old" << QStringList{"app/1", "app/2"} << QStringList{"app/0", "app/3"};
        QTest::newRow("default: the last") << "" << QStringList{"app/2", "app/3"} << QStringList{"app/0", "app/1"};
    }

    void autoscalerGrowsTheNamedGroup()
    {
        QFETCH(QString, group);
        QFETCH(QStringList, grown);
        QFETCH(QStringList, steady);
        // A schedule sets the scaled group to 3 at 100 s (provisioned 10 s later).
        const std::string named = group.isEmpty() ? "" : ", group: " + group.toStdString();
        const auto s = testing::study(
            "operations: {browse: {share: 1}}\n"
            "workload: {rate: [{at: 0s, rps: 20}]}\n"
            "run: {duration: 300s, warmup: 0s, bin: 10s}\n"
            "variants:\n"
            "  v:\n"
            "    components:\n"
            "      app: {kind: service, cores: 2,\n"
            "            groups: [{name: old, instances: 1, speed: 0.5}, {name: new, instances: 1}],\n"
            "            autoscale: {min: 1, max: 3, provision: 10s, schedule: [{at: 100s, desired: 3}]" +
            named + "}}\n"
                    "    routes: {browse: [{app: {cpu: 5ms}}]}\n");
        const auto r = testing::run(s);
        for (const QString& name : grown) {
            const auto& st = station(r, name.toStdString());
            qInfo("%s provisioned %.3f of the run (2/3 expected), %llu calls", qPrintable(name), st.provisioned,
                  static_cast<unsigned long long>(st.completed));
            QVERIFY(std::abs(st.provisioned - 200.0 / 300.0) < 1e-6);
            QVERIFY(st.completed > 0);
        }
        for (const QString& name : steady)
            QVERIFY(std::abs(station(r, name.toStdString()).provisioned - 1.0) < 1e-9);
        QCOMPARE(r.impact.peakInstances, 4.0);
    }

    void killTakesTheFirstGroupFirst()
    {
        const auto s = testing::study(R"(
operations: {browse: {share: 1}}
workload: {rate: [{at: 0s, rps: 20}]}
run: {duration: 100s, warmup: 0s, bin: 10s}
faults: [{at: 50s, kill: app, instances: 1}]
variants:
  v:
    components:
      lb: {kind: load_balancer}
      app: {kind: service, groups: [{name: old, instances: 2, speed: 0.5}, {name: new, instances: 2}]}
    routes: {browse: [lb, {app: {cpu: 5ms}}]}
)");
        const auto r = testing::run(s);
        QVERIFY(!station(r, "app/0").up);
        for (const char* name : {"app/1", "app/2", "app/3"})
            QVERIFY(station(r, name).up);
    }
};

QTEST_GUILESS_MAIN(TestFleet)
#include "tst_fleet.moc"
