// A step's `wait`: the visit holds its worker and no core. A service with one
// core and 8 threads that waits 50 ms per call is an M/M/8 (exponential waits)
// or M/D/8 pool of workers, not a processor shared by 8 visits: its
// throughput is bounded by threads / wait, whatever its single core.
#include "studyrun.h"

#include "scenarios/analysis.h"

#include <QtTest>

#include <cmath>
#include <string>

using namespace scalelab;

namespace {

// Default network: a zone link of 0.2 ms and 1.25e9 B/s each way; default
// payloads of 1000 B out and 5000 B back.
constexpr double kHops = 0.0002 + 1000 / 1.25e9 + 0.0002 + 5000 / 1.25e9;

std::string waitStudy(double rps, const std::string& wait, int backlog)
{
    return "name: wait\n"
           "operations: {work: {share: 1}}\n"
           "workload: {rate: [{at: 0s, rps: " + std::to_string(rps) + "}]}\n"
           "run: {duration: 620s, warmup: 20s, seed: 3, bin: 10s}\n"
           "variants:\n"
           "  v:\n"
           "    components:\n"
           "      app: {kind: service, instances: 1, cores: 1, threads: 8, backlog: " + std::to_string(backlog) + "}\n"
           "    routes:\n"
           "      work: [{app: {wait: " + wait + "}}]\n";
}

/// Erlang's C formula: P(an arrival waits) in an M/M/c queue at offered load a = lambda / mu.
double erlangC(int c, double a)
{
    double term = 1.0, sum = 0.0;
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double last = term * c / (c - a); // a^c / c! * c / (c - a)
    return last / (sum + last);
}

double relative(double a, double b) { return std::abs(a - b) / b; }

} // namespace

class TestWaitDemand : public QObject
{
    Q_OBJECT

private slots:
    void waitsAreAnMMcPoolOfWorkers()
    {
        // 120/s, exponential 50 ms waits, 8 workers: a = 6 Erlang, occupancy 0.75.
        const double rate = 120.0, mean = 0.050;
        const int threads = 8;
        const double w = erlangC(threads, rate * mean) / (threads / mean - rate);
        const double expected = kHops + w + mean;
        const scenarios::Study s = testing::study(waitStudy(rate, "exponential(50ms)", 100000));
        const scenarios::VariantRun r = testing::run(s);
        const double simMean = r.summary.meanLatency;
        qInfo("M/M/8 of waits at %.0f/s: mean %.2f ms simulated, %.2f ms Erlang C (queueing %.2f ms)", rate,
              simMean * 1e3, expected * 1e3, w * 1e3);
        // 72k requests: the mean's sampling error is about 1%; 3% stated.
        QVERIFY2(relative(simMean, expected) < 0.03, "mean response: M/M/8");
        QCOMPARE(r.summary.stations.size(), std::size_t(1));
        QVERIFY2(r.summary.stations[0].utilization < 0.001, "a wait uses no core");
        QVERIFY2(std::abs(r.summary.stations[0].meanBusyWorkers - rate * mean) < 0.15, "busy workers = lambda x wait");

        // The analytic model: a wait holds a worker, not a core.
        const auto e = scenarios::analyzeVariant(s, s.variants.front(), rate);
        qInfo("analytic: mean %.2f ms, occupancy %.3f, cpu %.3f", e.meanResponse * 1e3,
              e.components[0].workerOccupancy, e.components[0].cpuUtilization);
        QVERIFY2(relative(e.meanResponse, expected) < 0.02, "analytic mean response: M/M/8");
        QVERIFY(std::abs(e.components[0].workerOccupancy - 0.75) < 0.01);
        QVERIFY(e.components[0].cpuUtilization < 1e-9);
    }

    void throughputIsBoundedByThreadsOverWait()
    {
        // 300/s offered to 8 workers that each finish a 50 ms wait: at most 160/s,
        // and no processor sharing: each served request takes 50 ms of service.
        const scenarios::Study s = testing::study(waitStudy(300.0, "50ms", 8));
        const scenarios::VariantRun r = testing::run(s);
        const double measured = r.summary.end - r.summary.start;
        const double throughput = double(r.summary.completions) / measured;
        qInfo("overloaded: %.1f/s completed (bound 160/s), mean latency %.1f ms", throughput,
              r.summary.meanLatency * 1e3);
        QVERIFY2(relative(throughput, 160.0) < 0.01, "throughput = threads / wait");
        // Served in FIFO from a backlog of at most 8: the response is the
        // queueing, then exactly 50 ms of service (no sharing slows it), and hops.
        const double queued = r.summary.stations[0].meanWait();
        qInfo("queued %.2f ms, served %.3f ms", queued * 1e3, (r.summary.meanLatency - queued - kHops) * 1e3);
        QVERIFY(queued > 0.0 && queued <= 8 / 160.0 + 1e-3);
        QVERIFY2(std::abs(r.summary.meanLatency - queued - kHops - 0.050) < 0.0005, "no processor sharing");
    }
};

QTEST_GUILESS_MAIN(TestWaitDemand)
#include "tst_waitdemand.moc"
