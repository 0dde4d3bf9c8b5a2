// Speed and memory of a whole study: the bundled shop (scenarios/examples/
// shop.yaml), variant microservices, as the CLI runs it (scenarios::runVariant:
// gateway, services, databases and a NoSQL store over SimGrid hosts, Execs,
// hops over links, external calls), at its own traffic and at ten times it.
// Ten times the traffic means ten times the rate points and ten times the
// instances of every component that has them (services and gateway
// instances, database read replicas, store shards), so each instance sees the
// load it was sized for and the run does ten times the work; a database's
// primary stays one machine (writes only: 80% busy at the spike's peak).
// Reports component visits (station arrivals) per wall-clock second and the
// peak resident memory of the process that ran it (one run each unless
// SCALELAB_BENCH_REPEAT says otherwise: the 10x run takes minutes). No speed
// target: the figures are for the record; the run must be sane (>= 99% of
// requests served).
#include "benchmodel.h"

#include "scenarios/runner.h"
#include "scenarios/studyreader.h"

#include <QtTest>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace scalelab;
using namespace scalelab::bench;

namespace {

constexpr const char* kVariant = "microservices";

/// Multiplies the traffic by `factor` and the capacity with it.
void scale(scenarios::Study& study, int factor)
{
    for (scenarios::RatePoint& p : study.workload.rate)
        p.rps *= factor;
    for (scenarios::Variant& v : study.variants) {
        if (v.name != kVariant)
            continue;
        for (scenarios::Component& c : v.components) {
            switch (c.kind) {
            case models::ComponentKind::SqlDatabase:
                c.replicas *= factor; // reads spread over the replicas; one primary takes the writes
                break;
            case models::ComponentKind::NosqlStore:
                c.shards *= factor;
                break;
            case models::ComponentKind::External:
            case models::ComponentKind::Entry:
            case models::ComponentKind::Module:
                break;
            default:
                c.instances *= factor;
            }
        }
    }
}

/// Counts what the run did, frame by frame (warm-up included).
class Counter : public scenarios::VariantObserver
{
public:
    void onFrame(const sim::Frame& bin) override
    {
        const sim::MetricFrame& frame = bin.metrics;
        arrivals += frame.arrivals;
        completions += frame.completions;
        failures += frame.errors + frame.rejections;
        for (const sim::StationMetrics& s : frame.stations)
            visits += s.arrivals;
        stations = frame.stations.size();
    }
    std::uint64_t arrivals = 0, completions = 0, failures = 0, visits = 0;
    std::size_t stations = 0;
};

struct Row
{
    int factor;
    RunResult result;
    std::size_t stations;
};

} // namespace

class TestStudySpeed : public QObject
{
    Q_OBJECT

    std::vector<Row> m_rows;
    long m_parentRss = 0;

private slots:
    void initTestCase() { std::printf("%s\n", machineLoad().c_str()); }

    void microservices_data()
    {
        QTest::addColumn<int>("factor");
        QTest::newRow("1x traffic") << 1;
        QTest::newRow("10x traffic") << 10;
    }

    void microservices()
    {
        QFETCH(int, factor);
        const scenarios::LoadResult loaded = scenarios::readStudy(SCALELAB_SHOP_STUDY);
        QVERIFY2(loaded.ok(), loaded.report().c_str());
        scenarios::Study study = *loaded.study;
        scale(study, factor);
        const scenarios::Variant* variant = study.findVariant(kVariant);
        QVERIFY(variant != nullptr);

        m_parentRss = currentRssKiB();
        const RunResult r = bestOf(repetitions(1), [&] {
            return inChild([&] {
                const auto t0 = std::chrono::steady_clock::now();
                Counter counter;
                scenarios::runVariant(study, *variant, study.run.seed, 0, &counter);
                RunResult out;
                out.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                out.requests = counter.arrivals;
                out.completions = counter.completions;
                out.visits = counter.visits;
                out.errors = double(counter.failures);
                out.stations = counter.stations;
                out.simulated = study.run.duration;
                out.peakRssKiB = peakRssKiB();
                return out;
            });
        });
        const std::size_t stations = r.stations;
        std::printf("shop.yaml %s at %dx traffic: %zu stations, %llu requests, %llu visits in %.2f s: %s visits/s, "
                    "%s requests/s; peak RSS %.1f MiB (the parent process it was forked from: %.1f MiB); "
                    "%.3f%% of requests failed\n",
                    kVariant, factor, stations, static_cast<unsigned long long>(r.requests),
                    static_cast<unsigned long long>(r.visits), r.wall, humanCount(double(r.visits) / r.wall).c_str(),
                    humanCount(r.rate()).c_str(), double(r.peakRssKiB) / 1024, double(m_parentRss) / 1024,
                    100.0 * r.errors / double(r.requests));
        std::fflush(stdout);
        m_rows.push_back({factor, r, stations});
        QVERIFY2(r.requests > 0 && double(r.completions) >= 0.99 * double(r.requests),
                 "the scaled study must serve at least 99% of its requests");
    }

    void cleanupTestCase()
    {
        std::printf("\n| shop.yaml, microservices | stations | requests | visits | wall s | visits/s | requests/s | "
                    "peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (const Row& row : m_rows) {
            const RunResult& r = row.result;
            std::printf("| %dx traffic | %zu | %s | %s | %.2f | %s | %s | %.1f |\n", row.factor, row.stations,
                        humanCount(double(r.requests)).c_str(), humanCount(double(r.visits)).c_str(), r.wall,
                        humanCount(double(r.visits) / r.wall).c_str(), humanCount(r.rate()).c_str(),
                        double(r.peakRssKiB) / 1024);
        }
        std::fflush(stdout);
    }
};

QTEST_GUILESS_MAIN(TestStudySpeed)
#include "tst_studyspeed.moc"
