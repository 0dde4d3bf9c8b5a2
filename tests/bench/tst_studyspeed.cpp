// Speed where users are: studies, as the CLI runs them, against the engine's
// own fast path, all measured in one run (docs/performance.md, item 2).
//
// - `scalelab-cli selfcheck`: M/M/1 (1M requests) through the engine's queueing
//   model, the reference every ratio below is taken against;
// - the same M/M/1 written as a study (one service, cores 1, threads 1,
//   exponential(1ms) of CPU at 900 requests/s, network latencies and payloads
//   zero) run with `scalelab-cli run` (the whole process: reading the study,
//   the run, the summary): requests/s, >= 50% of selfcheck's;
// - the bundled shop (scenarios/examples/shop.yaml), variant microservices,
//   as `scenarios::runVariant` runs it, at its own traffic and at ten times it
//   (every rate point x 10, and the instances of the gateway and services,
//   the SQL read replicas and the store's shards x 10: each instance sees the
//   load it was sized for; a database's primary stays one machine). Visits
//   (station arrivals) per second: >= 15% of selfcheck's requests/s at 1x,
//   >= 10% at 10x; peak memory at 10x within 1.2x of 1x;
// - `scalelab-cli compare` of shop (3 variants x 3 replications) over
//   `scalelab-cli run` of one variant, one replication: no worse than before
//   the fast paths (kCompareBefore, measured on this machine).
// Fails when a target is missed.
#include "benchmodel.h"

#include "scenarios/runner.h"
#include "scenarios/studyreader.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace scalelab;
using namespace scalelab::bench;

namespace {

constexpr const char* kVariant = "microservices";
constexpr double kStudyTarget = 0.50;     // M/M/1 study / selfcheck, requests/s
constexpr double kShop1xTarget = 0.15;    // shop visits/s at 1x / selfcheck requests/s
constexpr double kShop10xTarget = 0.10;   // the same at 10x
constexpr double kMemoryTarget = 1.2;     // peak RSS at 10x / at 1x
// compare of shop / one variant's run, before the fast paths (best of 3 each,
// load < 1, this machine), and what the noise of single runs on this shared
// 2-core machine allows on top of it.
constexpr double kCompareBefore = 5.46;
constexpr double kCompareNoise = 1.15;

constexpr const char* kMm1Study = R"(name: mm1 as a study
operations: {op: {share: 1}}
workload:
  rate: [{at: 0s, rps: 900}]
run: {duration: 1111s, warmup: 10s, seed: 1, replications: 1}
network:
  latency: {zone: 0s, cross_zone: 0s, cross_region: 0s}
variants:
  v:
    components:
      server: {kind: service, instances: 1, cores: 1, threads: 1}
    routes:
      op: [{server: {cpu: exponential(1ms), request: 0B, response: 0B}}]
)";

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

/// Runs scalelab-cli with `args`; its standard output, and the wall time (s).
QByteArray runCli(const QStringList& args, double* wall)
{
    QProcess cli;
    QElapsedTimer timer;
    timer.start();
    cli.start(SCALELAB_CLI, args);
    const bool done = cli.waitForFinished(1800 * 1000);
    *wall = double(timer.nsecsElapsed()) * 1e-9;
    if (!done || cli.exitCode() != 0)
        qFatal("scalelab-cli %s failed: %s", qPrintable(args.join(' ')), cli.readAllStandardError().constData());
    return cli.readAllStandardOutput();
}

double bestWall(const QStringList& args)
{
    double best = 0;
    for (int i = 0; i < repetitions(3); ++i) {
        double wall = 0;
        runCli(args, &wall);
        if (i == 0 || wall < best)
            best = wall;
    }
    return best;
}

} // namespace

class TestStudySpeed : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    double m_selfcheck = 0;  // requests/s
    double m_study = 0;      // requests/s
    RunResult m_shop[2];     // 1x, 10x
    double m_compare = 0, m_single = 0; // wall s

private slots:
    void initTestCase()
    {
        std::printf("%s\n", machineLoad().c_str());
        QVERIFY(m_dir.isValid());
    }

    void selfcheck()
    {
        const QRegularExpression rate(R"(: (\d+) requests/s)");
        for (int i = 0; i < repetitions(3); ++i) {
            double wall = 0;
            const QString out = QString::fromUtf8(runCli({"selfcheck", "--requests", "1000000"}, &wall));
            const QRegularExpressionMatch m = rate.match(out);
            QVERIFY2(m.hasMatch(), qPrintable(out));
            m_selfcheck = std::max(m_selfcheck, m.captured(1).toDouble());
        }
        std::printf("selfcheck: M/M/1, 1M requests: %s requests/s\n", humanCount(m_selfcheck).c_str());
    }

    void mm1Study()
    {
        const QString path = m_dir.filePath("mm1.yaml");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kMm1Study);
        file.close();
        // Timed as a user runs it; the requests counted once from the frames
        // of `run --stream` (the same seed: the same arrivals).
        const QRegularExpression arrivals(R"("type":"frame".*?"arrivals":(\d+))");
        double wall = 0;
        std::uint64_t requests = 0;
        for (const QByteArray& line : runCli({"run", path, "--stream"}, &wall).split('\n'))
            if (const QRegularExpressionMatch m = arrivals.match(QString::fromUtf8(line)); m.hasMatch())
                requests += m.captured(1).toULongLong();
        const double best = bestWall({"run", path});
        QVERIFY(requests > 900000);
        m_study = double(requests) / best;
        std::printf("M/M/1 as a study (scalelab-cli run): %llu requests in %.2f s: %s requests/s\n",
                    static_cast<unsigned long long>(requests), best, humanCount(m_study).c_str());
    }

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
        std::printf("shop.yaml %s at %dx traffic: %llu stations, %llu requests, %llu visits in %.2f s: %s visits/s; "
                    "peak RSS %.1f MiB; %.3f%% of requests failed\n",
                    kVariant, factor, static_cast<unsigned long long>(r.stations),
                    static_cast<unsigned long long>(r.requests), static_cast<unsigned long long>(r.visits), r.wall,
                    humanCount(double(r.visits) / r.wall).c_str(), double(r.peakRssKiB) / 1024,
                    100.0 * r.errors / double(r.requests));
        std::fflush(stdout);
        m_shop[factor == 1 ? 0 : 1] = r;
        QVERIFY2(r.requests > 0 && double(r.completions) >= 0.99 * double(r.requests),
                 "the scaled study must serve at least 99% of its requests");
    }

    void compare()
    {
        const QString shop = SCALELAB_SHOP_STUDY;
        m_single = bestWall({"run", shop, "--variant", kVariant, "--set", "run.replications=1"});
        m_compare = bestWall({"compare", shop});
        std::printf("shop.yaml: compare (3 variants x 3 replications) %.2f s, run of %s (1 replication) %.2f s\n",
                    m_compare, kVariant, m_single);
    }

    void targets()
    {
        QVERIFY(m_selfcheck > 0 && m_study > 0 && m_shop[0].wall > 0 && m_shop[1].wall > 0 && m_single > 0);
        const double study = m_study / m_selfcheck;
        const double shop1 = double(m_shop[0].visits) / m_shop[0].wall / m_selfcheck;
        const double shop10 = double(m_shop[1].visits) / m_shop[1].wall / m_selfcheck;
        const double memory = double(m_shop[1].peakRssKiB) / double(m_shop[0].peakRssKiB);
        const double compare = m_compare / m_single;
        std::printf("\n| measure | figure | ratio | target | holds |\n|---|---:|---:|---|---|\n");
        auto row = [](const char* what, const std::string& figure, double ratio, const char* target, bool holds) {
            std::printf("| %s | %s | %.3f | %s | %s |\n", what, figure.c_str(), ratio, target, holds ? "yes" : "no");
            return holds;
        };
        bool ok = true;
        ok &= row("selfcheck, M/M/1 (reference)", humanCount(m_selfcheck) + " requests/s", 1.0, "", true);
        ok &= row("M/M/1 study, scalelab-cli run / selfcheck", humanCount(m_study) + " requests/s", study, ">= 0.50",
                  study >= kStudyTarget);
        ok &= row("shop microservices 1x, visits/s / selfcheck requests/s",
                  humanCount(double(m_shop[0].visits) / m_shop[0].wall) + " visits/s", shop1, ">= 0.15",
                  shop1 >= kShop1xTarget);
        ok &= row("shop microservices 10x, visits/s / selfcheck requests/s",
                  humanCount(double(m_shop[1].visits) / m_shop[1].wall) + " visits/s", shop10, ">= 0.10",
                  shop10 >= kShop10xTarget);
        char mem[64];
        std::snprintf(mem, sizeof mem, "%.1f / %.1f MiB", double(m_shop[1].peakRssKiB) / 1024,
                      double(m_shop[0].peakRssKiB) / 1024);
        ok &= row("peak RSS 10x / 1x", mem, memory, "<= 1.2", memory <= kMemoryTarget);
        char cmp[64];
        std::snprintf(cmp, sizeof cmp, "%.2f s / %.2f s", m_compare, m_single);
        char before[48];
        std::snprintf(before, sizeof before, "<= %.2f (%.1f before)", kCompareBefore * kCompareNoise, kCompareBefore);
        ok &= row("compare of shop / one variant's run", cmp, compare, before,
                  compare <= kCompareBefore * kCompareNoise);
        std::fflush(stdout);
        QVERIFY2(ok, "a target is missed (table above)");
    }
};

QTEST_GUILESS_MAIN(TestStudySpeed)
#include "tst_studyspeed.moc"
