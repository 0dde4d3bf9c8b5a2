// A step's `then`: a pipeline of stations. Each stage serves the request,
// releases its worker and hands the request on; the request's latency is the
// sum of the stages'. Three M/M/1 stations in tandem (Poisson arrivals,
// exponential service, no network time) form a Jackson tandem: the mean
// sojourn is the sum of the three M/M/1 sojourns, and each station is busy
// for its own service only. As nested calls, the first station's worker would
// stay held while the others serve.
#include "gim1.h"
#include "studyrun.h"

#include "scenarios/analysis.h"

#include <QtTest>

#include <cmath>
#include <string>

using namespace scalelab;
using testing::erlang2M1Sojourn;
using testing::station;

namespace {

constexpr double kRate = 50.0; // requests/s
constexpr double kMeanA = 0.008, kMeanB = 0.012, kMeanC = 0.005; // s

std::string header(double duration)
{
    return "name: pipeline\n"
           "operations: {work: {share: 1}}\n"
           "workload: {rate: [{at: 0s, rps: 50}]}\n"
           "network: {latency: {zone: 0s}}\n"
           "run: {duration: " + std::to_string(int(duration)) + "s, warmup: 20s, seed: 5, bin: 10s}\n"
           "variants:\n"
           "  v:\n"
           "    components:\n"
           "      a: {kind: service, cores: 1, threads: 1, backlog: 100000}\n"
           "      b: {kind: service, cores: 1, threads: 1, backlog: 100000}\n"
           "      c: {kind: service, cores: 1, threads: 1, backlog: 100000}\n";
}

// Zero payloads: the hops cost nothing.
const std::string kA = "a: {cpu: exponential(8ms), request: 0B, response: 0B";
const std::string kB = "{b: {cpu: exponential(12ms), request: 0B, response: 0B}}";
const std::string kC = "{c: {cpu: exponential(5ms), request: 0B, response: 0B}}";

double mm1(double mean) { return 1.0 / (1.0 / mean - kRate); }

double relative(double a, double b) { return std::abs(a - b) / b; }

} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT

private slots:
    void tandemOfMM1IsTheSumOfTheStations()
    {
        const scenarios::Study s = testing::study(header(2020) + "    routes:\n      work: [{" + kA + ", then: [" +
                                                  kB + ", " + kC + "]}}]\n");
        const double expected = mm1(kMeanA) + mm1(kMeanB) + mm1(kMeanC);
        const scenarios::VariantRun r = testing::run(s);
        qInfo("tandem of three M/M/1 at %.0f/s: mean %.2f ms simulated, %.2f ms Jackson (%.2f + %.2f + %.2f)", kRate,
              r.summary.meanLatency * 1e3, expected * 1e3, mm1(kMeanA) * 1e3, mm1(kMeanB) * 1e3, mm1(kMeanC) * 1e3);
        QCOMPARE(r.summary.errors, std::uint64_t(0));
        // 100k requests; the busiest station (rho 0.6) correlates successive
        // sojourns: the mean's sampling error is about 1.5%; 4% stated.
        QVERIFY2(relative(r.summary.meanLatency, expected) < 0.04, "mean sojourn = sum of M/M/1 sojourns");
        // Each station is busy for its own service only: rho = lambda x E[S].
        for (const auto& [name, mean] : {std::pair{"a/0", kMeanA}, {"b/0", kMeanB}, {"c/0", kMeanC}}) {
            const sim::StationMetrics& st = station(r, name);
            qInfo("%s: busy workers %.3f, cpu %.3f, rho %.3f", name, st.meanBusyWorkers, st.utilization, kRate * mean);
            QVERIFY2(std::abs(st.meanBusyWorkers - kRate * mean) < 0.02, name);
        }

        // The analytic model adds the stages' responses, and holds no worker for them.
        const auto e = scenarios::analyzeVariant(s, s.variants.front(), kRate);
        qInfo("analytic: mean %.2f ms, a's occupancy %.3f", e.meanResponse * 1e3, e.components[0].workerOccupancy);
        QVERIFY2(relative(e.meanResponse, expected) < 0.01, "analytic: Jackson tandem");
        QVERIFY(std::abs(e.components[0].workerOccupancy - kRate * kMeanA) < 0.005);
    }

    void nestedCallsHoldTheFirstWorker()
    {
        // The same stations as nested calls, at 20/s: a's one worker waits for
        // b and c, so at most one request is ever at b or c (no queue there)
        // and a is busy for S_a + S_b + S_c per request: 20 x 25 ms = 0.5,
        // where the pipeline's a would be busy 20 x 8 ms = 0.16.
        std::string text = header(620) + "    routes:\n      work: [{" + kA + ", calls: [" + kB + ", " + kC + "]}}]\n";
        text.replace(text.find("rps: 50"), 7, "rps: 20");
        const scenarios::VariantRun r = testing::run(testing::study(text));
        const sim::StationMetrics& a = station(r, "a/0");
        const double held = 20.0 * (kMeanA + kMeanB + kMeanC);
        qInfo("nested at 20/s: a's busy workers %.3f (20 x (S_a + S_b + S_c) = %.3f; as a pipeline %.3f)",
              a.meanBusyWorkers, held, 20.0 * kMeanA);
        QVERIFY(std::abs(a.meanBusyWorkers - held) < 0.03);
    }

    void balancerStageSpreadsTheStage()
    {
        // a, then a balancer over two b's (round robin: Erlang-2 arrivals at
        // each): the mean is a's M/M/1 sojourn plus b's E2/M/1 sojourn.
        const scenarios::Study s = testing::study(
            header(2020) + "      lb: {kind: load_balancer, overhead: 0s}\n"
                           "    routes:\n      work: [{" +
            kA + ", then: [{lb: {request: 0B, response: 0B, calls: [{b: {cpu: exponential(30ms), request: 0B, "
                 "response: 0B}}]}}]}}]\n");
        // b has one instance in this header; two for this case.
        scenarios::Study two = s;
        for (auto& c : two.variants.front().components)
            if (c.name == "b")
                c.instances = 2;
        const scenarios::VariantRun r = testing::run(two);
        const double expected = mm1(kMeanA) + erlang2M1Sojourn(kRate / 2, 1 / 0.030);
        qInfo("a then lb -> 2 x b: mean %.2f ms simulated, %.2f ms (M/M/1 %.2f + E2/M/1 %.2f)",
              r.summary.meanLatency * 1e3, expected * 1e3, mm1(kMeanA) * 1e3, erlang2M1Sojourn(kRate / 2, 1 / 0.030) * 1e3);
        QCOMPARE(r.summary.errors, std::uint64_t(0));
        QVERIFY2(relative(r.summary.meanLatency, expected) < 0.04, "M/M/1 + E2/M/1");
        QVERIFY(std::abs(station(r, "a/0").meanBusyWorkers - kRate * kMeanA) < 0.02);
    }

    void queueStageHandsOnAtOnce()
    {
        // a, then a queue whose consumer d works 20 ms per message, then c:
        // the request waits for a and c only, and c gets each request once
        // (the consumer does not go on to the stages).
        const scenarios::Study s = testing::study(
            header(620) + "      q: {kind: message_queue, consumer: d}\n"
                          "      d: {kind: service, threads: 16}\n"
                          "    routes:\n      work: [{" +
            kA + ", then: [{q: {cpu: 20ms, request: 0B, response: 0B}}, " + kC + "]}}]\n");
        const scenarios::VariantRun r = testing::run(s);
        const double expected = mm1(kMeanA) + mm1(kMeanC);
        const auto& a = station(r, "a/0");
        qInfo("a, queue, c: mean %.2f ms simulated, %.2f ms (M/M/1 a + M/M/1 c); a %llu, c %llu, d %llu visits",
              r.summary.meanLatency * 1e3, expected * 1e3, static_cast<unsigned long long>(a.arrivals),
              static_cast<unsigned long long>(station(r, "c/0").arrivals),
              static_cast<unsigned long long>(station(r, "d/0").arrivals));
        QCOMPARE(r.summary.errors, std::uint64_t(0));
        QVERIFY2(relative(r.summary.meanLatency, expected) < 0.05, "the consumer's work is not waited for");
        QVERIFY(std::abs(double(station(r, "c/0").arrivals) - double(a.arrivals)) <= 10);
        QVERIFY(std::abs(double(station(r, "d/0").arrivals) - double(a.arrivals)) <= 10);
    }

    void aFailedStageFailsTheRequest()
    {
        // An external stage failing 25% of its calls: those requests end as
        // errors and never reach the stage after it.
        const scenarios::Study s = testing::study(
            header(620) + "      ext: {kind: external, latency: 1ms, error_rate: 25%}\n"
                          "    routes:\n      work: [{" +
            kA + ", then: [ext, " + kC + "]}}]\n");
        const scenarios::VariantRun r = testing::run(s);
        const double ended = double(r.summary.completions + r.summary.errors);
        const double failed = double(r.summary.errors) / ended;
        const sim::StationMetrics& c = station(r, "c/0");
        qInfo("errors %.4f of requests (25%% expected); c saw %.4f of a's arrivals", failed,
              double(c.arrivals) / double(station(r, "a/0").arrivals));
        // 30k requests: the binomial share's sd is 0.25%; 1.5% stated.
        QVERIFY(std::abs(failed - 0.25) < 0.015);
        QVERIFY(std::abs(double(c.arrivals) / double(station(r, "a/0").arrivals) - 0.75) < 0.015);
    }

    void aTimedOutStageFailsTheRequest()
    {
        // b takes 20 ms; its stage gives up after 10 ms: every request is an error.
        const scenarios::Study s = testing::study(header(120) + "    routes:\n      work: [{" + kA +
                                                  ", then: [{b: {cpu: 20ms, timeout: 10ms}}, " + kC + "]}}]\n");
        const scenarios::VariantRun r = testing::run(s);
        qInfo("timed out: %llu errors, %llu completions", static_cast<unsigned long long>(r.summary.errors),
              static_cast<unsigned long long>(r.summary.completions));
        QCOMPARE(r.summary.completions, std::uint64_t(0));
        QVERIFY(r.summary.errors > 4000);
        QCOMPARE(station(r, "c/0").arrivals, std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
