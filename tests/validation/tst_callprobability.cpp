// A call step's `probability`: the call is made on that share of the
// caller's visits. With an external of constant latency the mean response is
// the base time plus probability x latency; a fan-out of two branches made
// with probability 0.5 each waits the latency whenever either is made (3/4
// of the visits). The analytic model weighs the calls the same way.
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

std::string probabilityStudy(const std::string& calls)
{
    return "name: probability\n"
           "operations: {work: {share: 1}}\n"
           "workload: {rate: [{at: 0s, rps: 50}]}\n"
           "run: {duration: 610s, warmup: 10s, seed: 5, bin: 10s}\n"
           "variants:\n"
           "  v:\n"
           "    components:\n"
           "      app: {kind: service, instances: 1, cores: 8, threads: 64}\n"
           "      pay: {kind: external, latency: 100ms}\n"
           "      mail: {kind: external, latency: 100ms}\n"
           "    routes:\n"
           "      work: [{app: {cpu: 1ms, " + calls + "}}]\n";
}

double relative(double a, double b) { return std::abs(a - b) / b; }

} // namespace

class TestCallProbability : public QObject
{
    Q_OBJECT

private slots:
    void aCallMadeOnAShareOfVisits()
    {
        const scenarios::Study s = testing::study(probabilityStudy("calls: [{pay: {probability: 0.3}}]"));
        const scenarios::VariantRun r = testing::run(s);
        const double expected = kHops + 0.001 + 0.3 * 0.100;
        qInfo("probability 0.3: mean %.2f ms simulated, %.2f ms expected; p50 %.2f ms, p99 %.2f ms",
              r.summary.meanLatency * 1e3, expected * 1e3, r.summary.p50 * 1e3, r.summary.p99 * 1e3);
        // 30k requests, a Bernoulli(0.3) x 100 ms part: the mean's sampling error is about 0.9%; 3% stated.
        QVERIFY2(relative(r.summary.meanLatency, expected) < 0.03, "mean: base + 0.3 x latency");
        QVERIFY2(r.summary.p50 < 0.005, "most visits make no call");
        QVERIFY2(r.summary.p99 > 0.100, "30% of them wait the latency");
        const auto e = scenarios::analyzeVariant(s, s.variants.front(), 50.0);
        QVERIFY2(relative(e.meanResponse, expected) < 0.02, "analytic mean: base + 0.3 x latency");
    }

    void aFanOutDrawsEachBranch()
    {
        const scenarios::Study s = testing::study(
            probabilityStudy("parallel: [{pay: {probability: 0.5}}, {mail: {probability: 0.5}}]"));
        const scenarios::VariantRun r = testing::run(s);
        const double expected = kHops + 0.001 + 0.75 * 0.100;
        qInfo("two branches at 0.5: mean %.2f ms simulated, %.2f ms expected", r.summary.meanLatency * 1e3,
              expected * 1e3);
        QVERIFY2(relative(r.summary.meanLatency, expected) < 0.03, "mean: base + 3/4 x latency");
    }
};

QTEST_GUILESS_MAIN(TestCallProbability)
#include "tst_callprobability.moc"
