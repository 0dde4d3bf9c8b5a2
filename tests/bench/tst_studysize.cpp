// Memory against the size of a study: a route of D services called one after
// the other (a chain, each step calling the next) and one service calling D
// services at once (a fan-out), for D = 1000, 2000 and 4000, each run in its
// own process (scenarios::runVariant, 10 requests/s for 3 s: every request
// still in flight at the end of the deepest chains, so the requests in flight
// are the same few dozen at every size). The memory must grow
// linearly with D: the growth per added service from 2000 to 4000 at most 1.3
// times the growth from 1000 to 2000 (a memory quadratic in D gives 2),
// counting everything the study takes from the child's start (read, built
// and run), SimGrid's routing included: routes are kept per pair of network
// zones, not per pair of machines (docs/performance.md). Reports the peak
// resident memory and the time to read, build and run each study.
// Then memory under overload: 2000 single-threaded instances of 1 s of work
// offered 400,000 requests/s, their backlogs (1000 each) larger than the
// in-flight limit (models::kMaxRequestsInFlight): the limit is reached at
// 2.5 s, after which requests are rejected; a 10 s run must peak within 10%
// of a 5 s run's memory (twice the arrivals, the same million in flight).
#include "benchmodel.h"

#include "models/system.h"
#include "scenarios/runner.h"
#include "scenarios/studyreader.h"

#include <QtTest>

#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace scalelab;
using namespace scalelab::bench;

namespace {

constexpr double kSlopeTarget = 1.3; // growth per step, 2000 -> 4000 over 1000 -> 2000, at most
const std::vector<int> kSizes{1000, 2000, 4000};

/// The study text: `size` services s0.. and, for a fan-out, a front calling them all.
std::string studyText(int size, bool fanOut)
{
    std::string components = fanOut ? "front: {kind: service}, " : "";
    std::string steps;
    for (int i = 0; i < size; ++i) {
        components += "s" + std::to_string(i) + ": {kind: service}" + (i + 1 < size ? ", " : "");
        steps += "s" + std::to_string(i) + (i + 1 < size ? ", " : "");
    }
    const std::string route = fanOut ? "[{front: {parallel: [" + steps + "]}}]" : "[" + steps + "]";
    return "operations: {op: {share: 1}}\n"
           "workload: {rate: [{at: 0s, rps: 10}]}\n"
           "run: {duration: 3s, warmup: 1s}\n"
           "variants: {v: {components: {" +
           components + "}, routes: {op: " + route + "}}}\n";
}

/// 2000 instances, 1 thread and 1000 backlog slots each, 1 s a request, offered 400k/s.
std::string overloadText(int seconds)
{
    return "operations: {op: {share: 1}}\n"
           "workload: {rate: [{at: 0s, rps: 400000}], arrivals: deterministic}\n"
           "run: {duration: " +
           std::to_string(seconds) +
           "s, warmup: 1s}\n"
           "variants: {v: {components: {app: {kind: service, instances: 2000, cores: 1, threads: 1, backlog: 1000}}, "
           "routes: {op: [{app: {cpu: 1s}}]}}}\n";
}

/// Starts a memory measurement in a forked child: gives back the free heap it
/// inherited (malloc_trim) and resets the peak (/proc/self/clear_refs), so
/// that the peak that follows shows what the study takes, whatever the
/// parent's heap held. Returns the resident memory now (KiB).
long resetPeak()
{
    ::malloc_trim(0);
    if (FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
        std::fputs("5", f);
        std::fclose(f);
    }
    return currentRssKiB();
}

/// The peak resident memory (KiB) since resetPeak(): VmHWM.
long peakSinceReset()
{
    long kib = 0;
    if (FILE* f = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f))
            if (std::sscanf(line, "VmHWM: %ld", &kib) == 1)
                break;
        std::fclose(f);
    }
    return kib;
}

/// Reads and runs the study in a child process; the study took (read, built
/// and run) `peakRssKiB - startRssKiB`.
RunResult runText(const std::string& text, const std::string& name)
{
    return inChild([&] {
        const long start = resetPeak();
        const auto t0 = std::chrono::steady_clock::now();
        const scenarios::LoadResult loaded = scenarios::parseStudy(text, name);
        if (!loaded.ok())
            qFatal("%s", loaded.report().c_str());
        const scenarios::Study& study = *loaded.study;
        const scenarios::VariantRun run = scenarios::runVariant(study, study.variants.front(), study.run.seed, 0, nullptr);
        RunResult out;
        out.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        out.peakRssKiB = peakSinceReset();
        out.startRssKiB = start;
        out.requests = run.summary.arrivals;
        out.completions = run.summary.completions;
        out.errors = double(run.summary.rejections);
        return out;
    });
}

RunResult runStudy(int size, bool fanOut)
{
    return runText(studyText(size, fanOut), std::string(fanOut ? "fanout" : "chain") + std::to_string(size) + ".yaml");
}

} // namespace

class TestStudySize : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { std::printf("%s\n", machineLoad().c_str()); }

    void linearInSize_data()
    {
        QTest::addColumn<bool>("fanOut");
        QTest::newRow("chain") << false;
        QTest::newRow("fan-out") << true;
    }

    void linearInSize()
    {
        QFETCH(bool, fanOut);
        const long parent = currentRssKiB();
        std::vector<double> taken; // KiB: what each study took, from its process's start
        std::printf("\n| %s of D services | peak RSS MiB | of which the study MiB | read, build and run s |\n"
                    "|---:|---:|---:|---:|\n",
                    fanOut ? "fan-out" : "chain");
        for (int size : kSizes) {
            const RunResult r = runStudy(size, fanOut);
            const double study = double(r.peakRssKiB - r.startRssKiB);
            taken.push_back(study);
            std::printf("| %d | %.1f | %.1f | %.2f |\n", size, double(r.peakRssKiB) / 1024, study / 1024, r.wall);
            std::fflush(stdout);
        }
        const double first = (taken[1] - taken[0]) / (kSizes[1] - kSizes[0]);
        const double second = (taken[2] - taken[1]) / (kSizes[2] - kSizes[1]);
        std::printf("\nKiB per added service: %.1f from %d to %d, %.1f from %d to %d: ratio %.2f (target <= %.1f; the "
                    "parent process it was forked from: %.1f MiB)\n",
                    first, kSizes[0], kSizes[1], second, kSizes[1], kSizes[2], second / first, kSlopeTarget,
                    double(parent) / 1024);
        std::fflush(stdout);
        QVERIFY2(first > 0.0, "memory did not grow with the study");
        QVERIFY2(second <= kSlopeTarget * first, "memory grows faster than the size of the study");
    }

    void overloadIsBounded()
    {
        const RunResult shorter = runText(overloadText(5), "overload5.yaml");
        const RunResult longer = runText(overloadText(10), "overload10.yaml");
        std::printf("\n| overloaded run | arrivals after warm-up | rejected | peak RSS MiB | build and run s |\n"
                    "|---|---:|---:|---:|---:|\n");
        for (const auto& [name, r] : {std::pair{"5 s", shorter}, std::pair{"10 s", longer}})
            std::printf("| %s | %s | %s | %.1f | %.2f |\n", name, humanCount(double(r.requests)).c_str(),
                        humanCount(r.errors).c_str(), double(r.peakRssKiB) / 1024, r.wall);
        const double growth = double(longer.peakRssKiB) / double(shorter.peakRssKiB);
        std::printf("\npeak memory, 10 s run / 5 s run: %.3f (target <= 1.10); about %.2f KiB a request in flight\n",
                    growth, double(longer.peakRssKiB) / double(models::kMaxRequestsInFlight));
        std::fflush(stdout);
        QVERIFY2(longer.errors > 1e6, "the run never reached the in-flight limit");
        QVERIFY2(growth <= 1.10, "memory keeps growing under overload");
    }
};

QTEST_GUILESS_MAIN(TestStudySize)
#include "tst_studysize.moc"
