// Speed of ScaleLab's engine on three queueing models against three
// references, measured side by side in one run: a hand-written heap-based
// event loop (the practical limit), the idiomatic SimGrid S4U model (what a
// user would write by hand) and SimPy 2.3. A fourth column, the same model on
// bare SimGrid kernel timers, is a diagnostic without a target: the floor of
// stepping SimGrid once per event. Every implementation computes the
// same number of requests and its mean response must match queueing theory
// within 5%, so none wins by computing less. Fails when a target is missed:
// ScaleLab >= 5x S4U, >= 5x SimPy, and within 8x of the heap loop.
#include "enginemodel.h"
#include "heaploop.h"
#include "kerneltimermodel.h"
#include "s4umodel.h"
#include "simpymodel.h"

#include <QtTest>

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace scalelab::bench;

namespace {

constexpr double kTolerance = 0.05;    // mean response against theory
constexpr double kPeerTarget = 5.0;    // ScaleLab / S4U and ScaleLab / SimPy, at least
constexpr double kLimitTarget = 8.0;   // heap loop / ScaleLab, at most

const std::vector<QueueModel>& models()
{
    static const std::vector<QueueModel> list = {
        {"M/M/1", 1, 1, 900.0, 1000.0, 1000000},
        {"M/M/4", 1, 4, 3600.0, 1000.0, 1000000},
        {"5 x M/M/1", 5, 1, 900.0, 1000.0, 200000},
    };
    return list;
}

struct Measured
{
    explicit Measured(const char* label) : name(label) {}
    const char* name;
    RunResult result;
    bool ran = false;
};

struct Row
{
    QueueModel model;
    Measured engine{"ScaleLab engine"}, heap{"heap loop"}, timers{"SimGrid timers"}, s4u{"SimGrid S4U"},
        simpy{"SimPy 2.3"};
};

double ratio(const Measured& a, const Measured& b)
{
    return a.ran && b.ran && b.result.rate() > 0 ? a.result.rate() / b.result.rate() : std::nan("");
}

std::string formatRatio(double x) { return std::isnan(x) ? "n/a" : QByteArray::number(x, 'f', 2).toStdString(); }

} // namespace

class TestQueueingSpeed : public QObject
{
    Q_OBJECT

    std::vector<Row> m_rows;
    std::string m_simPyProblem;
    int m_repeat = 3;

private slots:
    void initTestCase()
    {
        std::printf("%s\n", machineLoad().c_str());
        m_repeat = repetitions();
        m_simPyProblem = simPyProblem();
        if (!m_simPyProblem.empty())
            std::printf("note: %s; the SimPy column is left out\n", m_simPyProblem.c_str());
        std::printf("each figure: the best of %d runs (SCALELAB_BENCH_REPEAT), each in a fresh process\n", m_repeat);
    }

    void speed_data()
    {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < models().size(); ++i)
            QTest::newRow(models()[i].name.c_str()) << int(i);
    }

    void speed()
    {
        QFETCH(int, index);
        Row row{models()[std::size_t(index)]};
        const QueueModel& m = row.model;
        const double exact = m.exactMeanResponse();
        std::printf("\n%s, rho = %.2f per station, %llu requests; exact mean response %.6g s\n", m.name.c_str(),
                    m.utilization(), static_cast<unsigned long long>(m.requests), exact);
        std::printf("  %-16s %12s %9s %14s %9s %10s\n", "implementation", "requests/s", "wall s", "mean resp s",
                    "error", "runs req/s");

        // Rounds: every implementation once per round, so a burst of load from
        // elsewhere on the machine hits them alike; each keeps its best run.
        struct Slot
        {
            Measured* measured;
            std::function<RunResult()> run;
            std::vector<RunResult> runs;
        };
        std::vector<Slot> impls = {
            {&row.engine, [&] { return inChild([&] { return runEngine(m); }); }, {}},
            {&row.heap, [&] { return inChild([&] { return runHeapLoop(m); }); }, {}},
            {&row.timers, [&] { return inChild([&] { return runKernelTimers(m); }); }, {}},
            {&row.s4u, [&] { return inChild([&] { return runS4u(m); }); }, {}},
        };
        if (m_simPyProblem.empty())
            impls.push_back({&row.simpy, [&] { return runSimPy(m); }, {}});
        for (int round = 0; round < m_repeat; ++round) {
            for (Slot& s : impls)
                s.runs.push_back(s.run());
        }

        std::string misses;
        for (Slot& s : impls) {
            Measured& slot = *s.measured;
            slot.result = s.runs.front();
            std::string spread;
            for (const RunResult& x : s.runs) {
                if (x.wall < slot.result.wall)
                    slot.result = x;
                spread.append(spread.empty() ? "" : " ").append(humanCount(x.rate()));
            }
            slot.ran = true;
            const RunResult& r = slot.result;
            const double error = (r.meanResponse - exact) / exact;
            std::printf("  %-16s %12s %9.3f %14.8g %+8.2f%% %s\n", slot.name, humanCount(r.rate()).c_str(), r.wall,
                        r.meanResponse, 100 * error, spread.c_str());
            for (const RunResult& x : s.runs) {
                if (x.completions != m.requests) {
                    misses += std::string(slot.name) + " completed " + std::to_string(x.completions) + " of " +
                              std::to_string(m.requests) + " requests; ";
                    break;
                }
            }
            if (!(std::fabs(error) <= kTolerance))
                misses += std::string(slot.name) + " mean response off theory by " +
                          QByteArray::number(100 * error, 'f', 2).toStdString() + "%; ";
        }
        std::fflush(stdout);

        // Same streams, same draws: the engine and the heap loop follow the same sample path.
        std::printf("  engine vs heap loop mean response: relative difference %.3g (same random numbers)\n",
                    std::fabs(row.engine.result.meanResponse - row.heap.result.meanResponse) / exact);

        const double vsHeap = ratio(row.engine, row.heap);
        const double vsS4u = ratio(row.engine, row.s4u);
        const double vsSimPy = ratio(row.engine, row.simpy);
        std::printf("  diagnostic: ScaleLab / bare SimGrid kernel timers %s\n",
                    formatRatio(ratio(row.engine, row.timers)).c_str());
        std::printf("  ScaleLab / heap loop %s (target >= %.3f, i.e. within %.0fx)   ScaleLab / S4U %s (target >= %.0f)"
                    "   ScaleLab / SimPy %s (target >= %.0f)\n",
                    formatRatio(vsHeap).c_str(), 1.0 / kLimitTarget, kLimitTarget, formatRatio(vsS4u).c_str(),
                    kPeerTarget, formatRatio(vsSimPy).c_str(), kPeerTarget);
        if (!(vsHeap * kLimitTarget >= 1.0))
            misses += "ScaleLab is more than " + formatRatio(kLimitTarget) + "x slower than the heap loop (" +
                      formatRatio(1.0 / vsHeap) + "x); ";
        if (!(vsS4u >= kPeerTarget))
            misses += "ScaleLab / S4U = " + formatRatio(vsS4u) + " < 5; ";
        if (row.simpy.ran && !(vsSimPy >= kPeerTarget))
            misses += "ScaleLab / SimPy = " + formatRatio(vsSimPy) + " < 5; ";
        m_rows.push_back(row);
        QVERIFY2(misses.empty(), (m.name + ": " + misses).c_str());
    }

    void cleanupTestCase()
    {
        std::printf("\nRequests per second (best of %d), and ScaleLab's ratios to each reference:\n\n", m_repeat);
        std::printf("| model | requests | ScaleLab | heap loop | SimGrid S4U | SimPy 2.3 | ScaleLab / heap loop | "
                    "ScaleLab / S4U | ScaleLab / SimPy | SimGrid timers (diagnostic) | ScaleLab / timers |\n");
        std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        auto rate = [](const Measured& x) { return x.ran ? humanCount(x.result.rate()) : std::string("n/a"); };
        for (const Row& r : m_rows) {
            std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.model.name.c_str(),
                        humanCount(double(r.model.requests)).c_str(), rate(r.engine).c_str(), rate(r.heap).c_str(),
                        rate(r.s4u).c_str(), rate(r.simpy).c_str(), formatRatio(ratio(r.engine, r.heap)).c_str(),
                        formatRatio(ratio(r.engine, r.s4u)).c_str(), formatRatio(ratio(r.engine, r.simpy)).c_str(),
                        rate(r.timers).c_str(), formatRatio(ratio(r.engine, r.timers)).c_str());
        }
        std::printf("\nMean response (s) against theory:\n\n");
        std::printf("| model | exact | ScaleLab | heap loop | SimGrid timers | SimGrid S4U | SimPy 2.3 |\n"
                    "|---|---:|---:|---:|---:|---:|---:|\n");
        auto mean = [](const Measured& x) {
            return x.ran ? QByteArray::number(x.result.meanResponse, 'g', 6).toStdString() : std::string("n/a");
        };
        for (const Row& r : m_rows) {
            std::printf("| %s | %.6g | %s | %s | %s | %s | %s |\n", r.model.name.c_str(), r.model.exactMeanResponse(),
                        mean(r.engine).c_str(), mean(r.heap).c_str(), mean(r.timers).c_str(), mean(r.s4u).c_str(),
                        mean(r.simpy).c_str());
        }
        std::fflush(stdout);
    }
};

QTEST_GUILESS_MAIN(TestQueueingSpeed)
#include "tst_queueingspeed.moc"
