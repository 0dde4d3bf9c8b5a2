// Networks of stations, hops over links, host failures and determinism,
// against hand-computed or exact results.
#include "hopprobe.h"
#include "queueingcase.h"

#include "models/queuenode.h"
#include "simcore/framejson.h"
#include "simcore/recorder.h"
#include "simcore/replications.h"
#include "simcore/simulation.h"
#include "simcore/source.h"
#include "simcore/subprocess.h"

#include <QtTest>

#include <cmath>
#include <memory>
#include <sstream>

using namespace scalelab;
using testing::HopProbe;

namespace {

constexpr int kReplications = 20;

/// Frames as text, every number at full precision: two runs are identical
/// exactly when their texts are.
class FrameLog : public sim::RunObserver
{
public:
    std::ostringstream text;
    std::vector<sim::MetricFrame> frames;
    std::vector<sim::RunEvent> events;
    FrameLog() { text.precision(17); }
    void onEvent(const sim::RunEvent& e) override { events.push_back(e); }
    void onFrame(const sim::MetricFrame& f) override
    {
        frames.push_back(f);
        text << f.start << ' ' << f.end << ' ' << f.arrivals << ' ' << f.completions << ' ' << f.errors << ' '
             << f.rejections << ' ' << f.inFlight << ' ' << f.meanLatency << ' ' << f.p50 << ' ' << f.p99;
        for (const auto& s : f.stations)
            text << ' ' << s.name << ' ' << s.utilization << ' ' << s.meanQueue << ' ' << s.completed;
        text << '\n';
    }
};

/// The open Jackson network of the validation report: S1 -> S2 (0.6) | S3 (0.4);
/// S2 -> S3 (0.5) | exit; S3 -> S1 (0.2, feedback) | exit.
struct Jackson
{
    static constexpr double lambda0 = 1.0;
    static constexpr double mu[3] = {2.0, 1.0, 1.2};
    /// Visit rates solving lambda = lambda0 e + lambda P.
    static std::array<double, 3> rates()
    {
        const double l1 = lambda0 / (1.0 - 0.2 * (0.4 + 0.6 * 0.5));
        return {l1, 0.6 * l1, (0.4 + 0.6 * 0.5) * l1};
    }

    static testing::CaseResult run(std::uint64_t seed, std::uint32_t rep, double duration, FrameLog* log = nullptr)
    {
        sim::Simulation s;
        std::vector<sim::Station*> st;
        for (int i = 0; i < 3; ++i) {
            const std::string name = "S" + std::to_string(i + 1);
            st.push_back(&s.addStation(name, s.addMachine(name, 1), {1}));
        }
        s.seal();
        sim::Recorder rec(s, {duration, duration / 20, duration / 50});
        std::vector<std::unique_ptr<models::QueueNode>> nodes;
        for (int i = 0; i < 3; ++i) {
            const std::string& name = st[std::size_t(i)]->name();
            nodes.push_back(std::make_unique<models::QueueNode>(
                *st[std::size_t(i)], sim::Distribution::exponential(1.0 / mu[i]),
                sim::RandomStream(seed, name, rep, "service"), sim::RandomStream(seed, name, rep, "route"), rec));
        }
        nodes[0]->addRoute(*nodes[1], 0.6);
        nodes[0]->addRoute(*nodes[2], 0.4);
        nodes[1]->addRoute(*nodes[2], 0.5);
        nodes[2]->addRoute(*nodes[0], 0.2);
        models::NodeEntry entry(*nodes[0]);
        sim::Source src(s, rec,
                        sim::makePoissonArrivals(sim::RateProfile::constant(lambda0),
                                                 sim::RandomStream(seed, "clients", rep)),
                        entry);
        src.start();
        const sim::MetricFrame f = rec.run(log);
        testing::CaseResult r;
        r.meanResponse = f.meanLatency;
        r.throughput = f.throughput();
        for (const auto& sm : f.stations)
            r.extra.push_back(sm.utilization);
        for (const auto& sm : f.stations)
            r.extra.push_back(sm.meanInSystem);
        return r;
    }
};


} // namespace

class TestNetwork : public QObject
{
    Q_OBJECT

private slots:
    void jacksonNetwork()
    {
        const auto runs = testing::replicate(
            [](auto seed, auto rep) { return Jackson::run(seed, rep, 40000.0); }, kReplications);
        const auto lambda = Jackson::rates();
        std::string problems;
        double totalL = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            const double rho = lambda[i] / Jackson::mu[i];
            totalL += rho / (1 - rho);
            problems += testing::check("Jackson network", "S" + std::to_string(i + 1) + " utilization", rho,
                                       testing::values(runs, i), 0.02);
            problems += testing::check("Jackson network", "S" + std::to_string(i + 1) + " mean number in system",
                                       rho / (1 - rho), testing::values(runs, 3 + i), 0.04);
        }
        // Little's law over the whole network: R = sum(L_i) / lambda0.
        problems += testing::check("Jackson network", "end-to-end mean response (s)", totalL / Jackson::lambda0,
                                   testing::values(runs, &testing::CaseResult::meanResponse), 0.04);
        QVERIFY2(problems.empty(), problems.c_str());
    }

    void hopOverLink_data()
    {
        QTest::addColumn<double>("latency");
        QTest::addColumn<double>("bandwidth");
        QTest::addColumn<double>("bytes");
        QTest::newRow("1 ms, 1 MB/s, 250 kB") << 0.001 << 1e6 << 250e3;
        QTest::newRow("20 ms, 10 Gbit/s, 100 MB") << 0.020 << 1.25e9 << 100e6;
        QTest::newRow("50 us, 100 Mbit/s, 0 B") << 50e-6 << 12.5e6 << 0.0;
    }

    void hopOverLink()
    {
        QFETCH(double, latency);
        QFETCH(double, bandwidth);
        QFETCH(double, bytes);
        const std::string out = sim::runInChild([&] {
            sim::Simulation s;
            sim::Machine& a = s.addMachine("a", 1);
            sim::Machine& b = s.addMachine("b", 1);
            s.setZoneRoute({}, {}, {&s.addLink("ab", latency, bandwidth)});
            s.seal();
            HopProbe probe(s);
            s.at(1.0, [&] { s.send(*s.requests().acquire(), a, b, bytes, probe); });
            s.runUntil(1000.0);
            std::ostringstream o;
            o.precision(17);
            o << probe.ends.size() << ' ' << probe.ends.at(0).first - 1.0 << ' ' << int(probe.ends.at(0).second);
            return o.str();
        });
        std::istringstream in(out);
        std::size_t n = 0;
        double took = 0;
        int outcome = -1;
        in >> n >> took >> outcome;
        const double expected = latency + bytes / bandwidth;
        std::printf("| hop over a link | %s | %.9g s | %.9g s | %.2g%% | 1e-6 | %s |\n", QTest::currentDataTag(),
                    expected, took, 100 * std::fabs(took - expected) / expected,
                    std::fabs(took - expected) <= 1e-6 * expected ? "ok" : "FAIL");
        QCOMPARE(n, std::size_t(1));
        QCOMPARE(outcome, int(sim::Outcome::Ok));
        QVERIFY2(std::fabs(took - expected) <= 1e-6 * expected,
                 qPrintable(QString("took %1 s, expected %2 s").arg(took, 0, 'g', 12).arg(expected, 0, 'g', 12)));
    }

    void hopsShareAndFail()
    {
        // Two routes of equal latency over one shared 1 MB/s link: two 1 MB hops
        // started together each get half the bandwidth (2 s + latency); a hop
        // over a cut link fails. (CM02 shares a link in inverse proportion to
        // each route's latency, TCP's RTT unfairness: equal latencies, equal shares.)
        const std::string out = sim::runInChild([] {
            sim::Simulation s;
            const sim::NetworkZone za{}, zb = s.addNetworkZone(), zc = s.addNetworkZone();
            sim::Machine& a = s.addMachine("a", 1, 1.0, 0.0, za);
            sim::Machine& b = s.addMachine("b", 1, 1.0, 0.0, zb);
            sim::Machine& c = s.addMachine("c", 1, 1.0, 0.0, zc);
            sim::Link& shared = s.addLink("backbone", 0.01, 1e6);
            s.setZoneRoute(za, zb, {&shared, &s.addLink("b-nic", 0.002, 1e9)});
            s.setZoneRoute(za, zc, {&shared, &s.addLink("c-nic", 0.002, 1e9)});
            s.seal();
            HopProbe probe(s);
            s.at(0.0, [&] {
                s.send(*s.requests().acquire(), a, b, 1e6, probe);
                s.send(*s.requests().acquire(), a, c, 1e6, probe);
            });
            s.at(10.0, [&] { s.send(*s.requests().acquire(), a, b, 1e6, probe); });
            s.at(10.5, [&] { shared.setUp(false); });
            s.runUntil(20.0);
            return probe.text();
        });
        std::istringstream in(out);
        double t1, t2, t3;
        int o1, o2, o3;
        in >> t1 >> o1 >> t2 >> o2 >> t3 >> o3;
        QCOMPARE(o1, int(sim::Outcome::Ok));
        QCOMPARE(o2, int(sim::Outcome::Ok));
        // Both transfers progress at 0.5 MB/s until both finish at 2 s (+ latency).
        QVERIFY2(std::fabs(t1 - 2.012) < 1e-6, qPrintable(QString::number(t1, 'g', 12)));
        QVERIFY2(std::fabs(t2 - 2.012) < 1e-6, qPrintable(QString::number(t2, 'g', 12)));
        QVERIFY2(o3 == int(sim::Outcome::Error), out.c_str());
        QVERIFY2(std::fabs(t3 - 10.5) < 1e-6, qPrintable(QString::number(t3, 'g', 12)));
    }

    void hostFailure_data()
    {
        QTest::addColumn<int>("cores");
        QTest::addColumn<int>("threads");
        QTest::newRow("kernel timers (1 core, 1 thread)") << 1 << 1;
        QTest::newRow("Execs (2 cores, 8 threads)") << 2 << 8;
    }

    void hostFailure()
    {
        QFETCH(int, cores);
        QFETCH(int, threads);
        // Arrivals 0.8/s per core, service exp(1 s); the machine crashes at 1000 s
        // and is back at 1200 s; the run ends at 2000 s.
        const std::string out = sim::runInChild([&] {
            sim::Simulation s;
            sim::Machine& m = s.addMachine("m", cores);
            sim::Station& st = s.addStation("m", m, {threads});
            s.seal();
            sim::Recorder rec(s, {2000.0, 0.0, 10.0});
            models::QueueNode node(st, sim::Distribution::exponential(1.0), sim::RandomStream(5, "m", 0, "service"),
                                   sim::RandomStream(5, "m", 0, "route"), rec);
            models::NodeEntry entry(node);
            sim::Source src(s, rec,
                            sim::makePoissonArrivals(sim::RateProfile::constant(0.8 * cores),
                                                     sim::RandomStream(5, "clients", 0)),
                            entry);
            src.start();
            std::size_t atCrash = 0;
            s.at(1000.0, [&] {
                atCrash = std::size_t(st.busy()) + st.queueLength();
                m.turnOff();
            });
            s.at(1200.0, [&] { m.turnOn(); });
            FrameLog log;
            const sim::MetricFrame total = rec.run(&log);
            std::uint64_t downArrivals = 0, downCompletions = 0, downErrors = 0, afterCompletions = 0,
                          beforeErrors = 0, afterErrors = 0;
            for (const auto& f : log.frames) {
                if (f.start >= 1000.0 && f.end <= 1200.0) {
                    downArrivals += f.arrivals;
                    downCompletions += f.completions;
                    downErrors += f.errors;
                } else if (f.start >= 1200.0) {
                    afterCompletions += f.completions;
                    afterErrors += f.errors;
                } else {
                    beforeErrors += f.errors;
                }
            }
            std::ostringstream o;
            o << total.arrivals << ' ' << total.completions << ' ' << total.errors << ' ' << total.rejections << ' '
              << total.inFlight << ' ' << s.requests().live() << ' ' << atCrash << ' ' << downArrivals << ' '
              << downCompletions << ' ' << downErrors << ' ' << afterCompletions << ' ' << beforeErrors << ' '
              << afterErrors << ' ' << total.stations[0].failed;
            for (const auto& e : log.events)
                o << ' ' << e.kind << '@' << e.time;
            return o.str();
        });
        std::istringstream in(out);
        std::uint64_t arrivals, completions, errors, rejections, inFlight, live, atCrash, downArrivals,
            downCompletions, downErrors, afterCompletions, beforeErrors, afterErrors, stationFailed;
        in >> arrivals >> completions >> errors >> rejections >> inFlight >> live >> atCrash >> downArrivals >>
            downCompletions >> downErrors >> afterCompletions >> beforeErrors >> afterErrors >> stationFailed;
        std::string down, up;
        in >> down >> up;
        QCOMPARE(down, std::string("host_down@1000"));
        QCOMPARE(up, std::string("host_up@1200"));
        qInfo("arrivals %llu = completions %llu + errors %llu + rejections %llu + in flight %llu; at crash %llu, "
              "arrived while down %llu",
              (unsigned long long)arrivals, (unsigned long long)completions, (unsigned long long)errors,
              (unsigned long long)rejections, (unsigned long long)inFlight, (unsigned long long)atCrash,
              (unsigned long long)downArrivals);
        // Nothing lost, nothing counted twice.
        QCOMPARE(arrivals, completions + errors + rejections + inFlight);
        QCOMPARE(inFlight, live);
        QVERIFY(atCrash > 0);
        // Every visit in flight or queued at the crash fails, and so does every
        // arrival while down. A bin covers (start, end]: the crash at 1000 s
        // falls in the bin that ends then.
        QCOMPARE(errors, atCrash + downArrivals);
        QCOMPARE(beforeErrors, atCrash);
        QCOMPARE(downErrors, downArrivals);
        QCOMPARE(stationFailed, errors);
        QCOMPARE(downCompletions, std::uint64_t(0));
        QCOMPARE(afterErrors, std::uint64_t(0));
        // Service resumes: about 0.8/s per core over the last 800 s.
        const double expected = 0.8 * cores * 800;
        QVERIFY2(std::fabs(double(afterCompletions) - expected) < 0.1 * expected,
                 qPrintable(QString("completions after repair %1, expected about %2").arg(afterCompletions).arg(expected)));
    }

    void replicationsInParallel()
    {
        // M/M/1 at rho = 0.7 through the public replication helper: results come
        // back in order, over JSON, and their intervals cover theory.
        const auto runs = sim::runReplications(8, [](int rep) {
            testing::StationCase c;
            c.lambda = 0.7;
            c.service = sim::Distribution::exponential(1.0);
            c.duration = 20000.0;
            c.warmup = 1000.0;
            sim::Simulation s;
            sim::Machine& m = s.addMachine("server", 1);
            sim::Station& st = s.addStation("server", m, {1});
            s.seal();
            sim::Recorder rec(s, {c.duration, c.warmup, 1000.0});
            models::QueueNode node(st, c.service, sim::RandomStream(3, "server", std::uint32_t(rep), "service"),
                                   sim::RandomStream(3, "server", std::uint32_t(rep), "route"), rec);
            models::NodeEntry entry(node);
            sim::Source src(s, rec,
                            sim::makePoissonArrivals(sim::RateProfile::constant(c.lambda),
                                                     sim::RandomStream(3, "clients", std::uint32_t(rep))),
                            entry);
            src.start();
            return rec.run();
        });
        QCOMPARE(runs.size(), std::size_t(8));
        QVERIFY(runs[0].meanLatency != runs[1].meanLatency);
        const sim::ReplicatedSummary sum = sim::summarize(runs);
        QCOMPARE(sum.replications, std::size_t(8));
        QCOMPARE(sum.stations.size(), std::size_t(1));
        const double r = 1 / (1 - 0.7);
        std::printf("| replications (8, JSON) | M/M/1 rho=0.7 mean response | %.6g | %.6g ± %.3g |\n", r,
                    sum.meanLatency.mean, sum.meanLatency.halfWidth);
        std::printf("| replications (8, JSON) | M/M/1 rho=0.7 p95 | %.6g | %.6g ± %.3g |\n", -std::log(0.05) * r,
                    sum.p95.mean, sum.p95.halfWidth);
        QVERIFY(std::fabs(sum.meanLatency.mean - r) < 0.05 * r);
        QVERIFY(std::fabs(sum.p95.mean + std::log(0.05) * r) < -0.05 * std::log(0.05) * r);
        QVERIFY(std::fabs(sum.stations[0].utilization.mean - 0.7) < 0.02);
        QVERIFY(sum.p95.halfWidth > 0 && sum.p95.halfWidth < 0.1 * sum.p95.mean);
        // The frame that carried each replication back round-trips exactly.
        sim::Frame frame;
        frame.metrics = runs[0];
        const sim::Frame back = sim::frameFromJson(sim::toJson(frame));
        QCOMPARE(sim::toJson(back), sim::toJson(frame));
        QCOMPARE(back.metrics.meanLatency, runs[0].meanLatency);
        QCOMPARE(back.metrics.stations.at(0).waitSum, runs[0].stations.at(0).waitSum);
        QVERIFY_THROWS_EXCEPTION(sim::StreamFormatError, sim::frameFromJson("{\"start\": 1}"));
    }

    void determinism()
    {
        auto frames = [](std::uint64_t seed) {
            return sim::runInChild([seed] {
                FrameLog log;
                Jackson::run(seed, 0, 2000.0, &log);
                return log.text.str();
            });
        };
        const std::string a = frames(7);
        const std::string b = frames(7);
        const std::string c = frames(8);
        QVERIFY(a.size() > 1000);
        QVERIFY2(a == b, "the same seed must give byte-identical frames");
        QVERIFY2(a != c, "another seed must give other frames");
    }
};

QTEST_GUILESS_MAIN(TestNetwork)
#include "tst_network.moc"
