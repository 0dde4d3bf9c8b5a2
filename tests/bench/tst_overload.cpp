// The engine under overload: an M/M/1 station (unbounded backlog) offered
// 1.5 times its capacity for long enough that the backlog reaches hundreds
// of thousands of requests, against the normal case (rho = 0.9), both in the
// same run. The engine's speed must stay at least half the normal case's, by
// requests (arrivals) per wall-clock second and by events (arrivals +
// completions) per second, since an overloaded run completes fewer requests
// per arrival. The server must stay busy: completions/s = mu within 1%.
#include "enginemodel.h"

#include <QtTest>

#include <cmath>
#include <cstdio>

using namespace scalelab::bench;

namespace {

constexpr double kTarget = 0.5; // overload speed / normal speed, at least

double eventRate(const RunResult& r) { return double(r.requests + r.completions) / r.wall; }

} // namespace

class TestOverload : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { std::printf("%s\n", machineLoad().c_str()); }

    void backlog()
    {
        const QueueModel normal{"M/M/1 rho 0.9", 1, 1, 900.0, 1000.0, 1000000};
        // 2M arrivals at 1500/s against 1000/s: 1333 s, a backlog of about 667k at the end.
        const QueueModel overload{"M/M/1 rho 1.5", 1, 1, 1500.0, 1000.0, 2000000};
        const int repeat = repetitions();
        const RunResult n = bestOf(repeat, [&] { return inChild([&] { return runEngine(normal); }); });
        const RunResult o =
            bestOf(repeat, [&] { return inChild([&] { return runEngine(overload, kSeed, {1.0, false}); }); });

        std::printf("\n| engine, best of %d | arrivals | completions | backlog at end | wall s | requests/s | "
                    "events/s | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
                    repeat);
        for (const auto& [name, r] : {std::pair{normal.name, n}, std::pair{overload.name, o}}) {
            std::printf("| %s | %s | %s | %s | %.2f | %s | %s | %.1f |\n", name.c_str(),
                        humanCount(double(r.requests)).c_str(), humanCount(double(r.completions)).c_str(),
                        humanCount(double(r.backlog)).c_str(), r.wall, humanCount(r.rate()).c_str(),
                        humanCount(eventRate(r)).c_str(), double(r.peakRssKiB) / 1024);
        }
        const double byRequests = o.rate() / n.rate();
        const double byEvents = eventRate(o) / eventRate(n);
        const double served = double(o.completions) / o.simulated;
        std::printf("\noverload / normal: %.2f by requests/s, %.2f by events/s (target >= %.1f); overloaded server "
                    "completed %.1f requests/s (mu = %.0f)\n",
                    byRequests, byEvents, kTarget, served, overload.mu);
        std::fflush(stdout);

        QCOMPARE(n.completions, n.requests);
        QVERIFY2(std::fabs(n.meanResponse - normal.exactMeanResponse()) <= 0.05 * normal.exactMeanResponse(),
                 "normal case: mean response off theory");
        QVERIFY2(std::fabs(served - overload.mu) <= 0.01 * overload.mu, "overload: the server is not kept busy");
        QVERIFY2(o.backlog >= 100000, "overload: the backlog did not build up");
        QVERIFY2(byRequests >= kTarget, "overload: requests/s fell below half the normal case's");
        QVERIFY2(byEvents >= kTarget, "overload: events/s fell below half the normal case's");
    }
};

QTEST_GUILESS_MAIN(TestOverload)
#include "tst_overload.moc"
