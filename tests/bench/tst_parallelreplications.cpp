// Parallel replications: the same four replications of the M/M/1 engine
// model (2M requests each) through sim::runParallel with 1 worker and with 2
// workers (one child process per replication). The speed-up on 2 cores must
// be at least 1.7. Runs alternate (1, 2, 1, 2...) and the best of each is
// kept (5 rounds unless SCALELAB_BENCH_REPEAT says otherwise), so a burst of
// load from elsewhere hits both sides alike.
#include "enginemodel.h"

#include "simcore/subprocess.h"

#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace scalelab;
using namespace scalelab::bench;

namespace {

constexpr double kTarget = 1.7;
constexpr int kReplications = 4;

} // namespace

class TestParallelReplications : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { std::printf("%s\n", machineLoad().c_str()); }

    void speedUp()
    {
        if (sim::availableCores() < 2)
            QSKIP("needs at least 2 cores");
        const QueueModel model{"M/M/1", 1, 1, 900.0, 1000.0, 2000000};
        std::vector<std::function<std::string()>> jobs;
        for (int i = 0; i < kReplications; ++i)
            jobs.push_back([model, i] { return runEngine(model, kSeed + std::uint64_t(i)).serialize(); });

        bool incomplete = false;
        auto timed = [&](unsigned workers) {
            const auto t0 = std::chrono::steady_clock::now();
            const std::vector<std::string> out = sim::runParallel(jobs, workers);
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            for (const std::string& text : out) {
                const RunResult r = RunResult::parse(text);
                incomplete = incomplete || r.completions != model.requests;
            }
            return wall;
        };
        const int repeat = repetitions(5);
        double one = 0, two = 0;
        std::printf("runs (s): ");
        for (int i = 0; i < repeat; ++i) {
            const double a = timed(1);
            const double b = timed(2);
            std::printf("[1 worker %.2f, 2 workers %.2f] ", a, b);
            one = i == 0 ? a : std::min(one, a);
            two = i == 0 ? b : std::min(two, b);
        }
        const double speedUp = one / two;
        const double requests = double(kReplications) * double(model.requests);
        std::printf("\n\n| %d replications x %s requests, best of %d | wall s | requests/s |\n|---|---:|---:|\n"
                    "| runParallel, 1 worker | %.2f | %s |\n| runParallel, 2 workers | %.2f | %s |\n\n"
                    "speed-up on %u cores: %.2f (target >= %.1f)\n",
                    kReplications, humanCount(double(model.requests)).c_str(), repeat, one,
                    humanCount(requests / one).c_str(), two, humanCount(requests / two).c_str(),
                    sim::availableCores(), speedUp, kTarget);
        std::fflush(stdout);
        QVERIFY2(!incomplete, "a replication did not complete its requests");
        QVERIFY2(speedUp >= kTarget, "parallel replications: speed-up below 1.7 on 2 cores");
    }
};

QTEST_GUILESS_MAIN(TestParallelReplications)
#include "tst_parallelreplications.moc"
