// Memory against run length: the M/M/1 engine model (rho = 0.9) for 10M and
// then 100M requests, each in its own process; the peak resident memory
// (ru_maxrss) of the longer run must stay within 10% of the shorter one's:
// the engine keeps histograms and per-bin frames, never per-request samples.
// When the 10M run says 100M would take longer than 3 minutes, the second run
// is 30M requests instead, and the output says so.
#include "enginemodel.h"

#include <QtTest>

#include <cmath>
#include <cstdio>

using namespace scalelab::bench;

namespace {

constexpr double kGrowthTarget = 1.10;  // peak memory, long run / short run, at most
constexpr double kLongRunBudget = 180.0; // s of wall time for the long run
constexpr std::uint64_t kShort = 10'000'000;
constexpr std::uint64_t kLong = 100'000'000;
constexpr std::uint64_t kFallback = 30'000'000;

QueueModel mm1(std::uint64_t requests) { return {"M/M/1", 1, 1, 900.0, 1000.0, requests}; }

} // namespace

class TestRunLength : public QObject
{
    Q_OBJECT

    RunResult m_short;
    long m_parentRss = 0;

private slots:
    void initTestCase() { std::printf("%s\n", machineLoad().c_str()); }

    // Two test functions, so neither comes near Qt Test's 5-minute limit per
    // function when the benchmark is run by hand.
    void shortRun()
    {
        m_parentRss = currentRssKiB();
        const QueueModel model = mm1(kShort);
        m_short = inChild([&] { return runEngine(model); });
        QCOMPARE(m_short.completions, m_short.requests);
        QVERIFY2(std::fabs(m_short.meanResponse - model.exactMeanResponse()) <= 0.05 * model.exactMeanResponse(),
                 "10M run: mean response off theory");
    }

    void longRun()
    {
        QVERIFY2(m_short.wall > 0, "the 10M run did not complete");
        const RunResult& a = m_short;
        const double projected = a.wall * double(kLong) / double(kShort);
        const bool fallback = projected > kLongRunBudget;
        if (fallback)
            std::printf("note: 100M requests would take about %.0f s here (> %.0f s): running %lluM instead\n",
                        projected, kLongRunBudget, static_cast<unsigned long long>(kFallback / 1000000));
        const QueueModel model = mm1(fallback ? kFallback : kLong);
        const RunResult b = inChild([&] { return runEngine(model); });

        const double exact = model.exactMeanResponse();
        std::printf("\n| M/M/1 rho 0.9, engine | requests | wall s | requests/s | mean response s (exact %.4g) | "
                    "peak RSS MiB |\n|---|---:|---:|---:|---:|---:|\n",
                    exact);
        for (const RunResult* r : {&a, &b}) {
            std::printf("| | %s | %.2f | %s | %.6g | %.1f |\n", humanCount(double(r->requests)).c_str(), r->wall,
                        humanCount(r->rate()).c_str(), r->meanResponse, double(r->peakRssKiB) / 1024);
        }
        const double growth = double(b.peakRssKiB) / double(a.peakRssKiB);
        std::printf("\npeak memory %s / %s requests: %.3f (target <= %.2f); the parent these processes were "
                    "forked from holds %.1f MiB\n",
                    humanCount(double(b.requests)).c_str(), humanCount(double(a.requests)).c_str(), growth,
                    kGrowthTarget, double(m_parentRss) / 1024);
        std::fflush(stdout);

        QCOMPARE(b.completions, b.requests);
        QVERIFY2(std::fabs(b.meanResponse - exact) <= 0.05 * exact, "long run: mean response off theory");
        QVERIFY2(growth <= kGrowthTarget, "peak memory grows with the number of requests");
    }
};

QTEST_GUILESS_MAIN(TestRunLength)
#include "tst_runlength.moc"
