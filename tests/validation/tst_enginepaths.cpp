// The engine's fast paths against SimGrid (docs/engine.md, "Which path an
// activity takes"): the same randomised workload, run once with the fast paths
// (bursts with a core to themselves and hops that nothing can slow down on
// ScaleLab's calendar) and once with every burst an Exec and every hop a Comm
// (EnginePaths::SimGridOnly), each in its own child process. Every activity's
// end (which request, which step, the outcome, the time) must agree, times to
// 1e-9 relative. SimGrid itself ends, in one step, every activity due within
// its time precision (surf/precision, 1 ns) of that step: a Comm or an Exec
// may end up to 1 ns before its exact time, which the calendar keeps. So the
// tolerance is 1e-9 of the time, and never less than 1 ns.
#include "simcore/random.h"
#include "simcore/simulation.h"
#include "simcore/subprocess.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace scalelab;

namespace {

constexpr double kTolerance = 1e-9; // relative, on every end time
constexpr double kSimGridPrecision = 1e-9; // s: SimGrid's surf/precision, the floor of the tolerance

/// One activity's end: step `step` of request `request`.
struct End
{
    int request = 0;
    int step = 0;
    int outcome = 0;
    double time = 0.0;
};

std::string format(const std::vector<End>& ends)
{
    std::string text;
    char line[96];
    for (const End& e : ends) {
        std::snprintf(line, sizeof line, "%d %d %d %.17g\n", e.request, e.step, e.outcome, e.time);
        text += line;
    }
    return text;
}

std::vector<End> parse(const std::string& text)
{
    std::vector<End> ends;
    std::istringstream in(text);
    End e;
    while (in >> e.request >> e.step >> e.outcome >> e.time)
        ends.push_back(e);
    return ends;
}

/// A randomised platform and workload, all drawn from `seed`: machines of 1-4
/// cores at speeds 0.5-2 with 1-6 threads (some above their cores: processor
/// sharing), two zones joined by a shared link, each zone's fat pipe, payloads
/// of 0 bytes or up to 2 MB; requests that hop from the clients to a machine,
/// compute, hop to another (or the same) machine, compute and hop back; machine
/// crashes and link cuts at random times.
class Workload : public sim::Handler
{
public:
    explicit Workload(std::uint64_t seed) : m_rng(seed, "enginepaths", 0, "platform"), m_seed(seed) {}

    std::string run(sim::EnginePaths paths)
    {
        sim::Simulation s(paths);
        m_sim = &s;
        const int zones = 2;
        std::vector<sim::Link*> zoneLinks;
        for (int z = 0; z < zones; ++z)
            zoneLinks.push_back(&s.addLink("zone" + std::to_string(z), latency(), bandwidth(),
                                           sim::LinkSharing::FatPipe));
        sim::Link& across = s.addLink("across", latency(), bandwidth(), sim::LinkSharing::Shared);
        m_links = {zoneLinks[0], zoneLinks[1], &across};

        const std::vector<sim::NetworkZone> networkZones{sim::NetworkZone{}, s.addNetworkZone()};
        for (int za = 0; za < zones; ++za)
            for (int zb = za; zb < zones; ++zb)
                s.setZoneRoute(networkZones[std::size_t(za)], networkZones[std::size_t(zb)],
                               {za == zb ? zoneLinks[std::size_t(za)] : &across});

        m_clients = &s.addMachine("clients", 1);
        m_zoneOf[m_clients] = 0;
        const int machines = 3 + int(m_rng.uniform() * 3);
        for (int i = 0; i < machines; ++i) {
            const int cores = 1 + int(m_rng.uniform() * 4);
            const double speed = 0.5 + 1.5 * m_rng.uniform();
            // Drawn in this order: cores, speed, threads, zone.
            const int threads = 1 + int(m_rng.uniform() * 6);
            const int zone = int(m_rng.uniform() * zones);
            sim::Machine& m = s.addMachine("m" + std::to_string(i), cores, speed, 0.0, networkZones[std::size_t(zone)]);
            m_stations.push_back(&s.addStation(m.name(), m, {threads, 50}));
            m_zoneOf[&m] = zone;
        }
        s.seal();

        // Requests: Poisson arrivals; each request's steps drawn when it arrives.
        m_rate = 200.0 + 800.0 * m_rng.uniform();
        m_zeroShare = m_rng.uniform();
        scheduleArrival(m_rng.exponential(1.0 / m_rate));
        // Faults: crashes (down 5-200 ms) and link cuts (5-100 ms).
        for (sim::Station* st : m_stations) {
            sim::Machine* m = &st->machine();
            for (double t = m_rng.exponential(0.4); t < kDuration; t += m_rng.exponential(0.4)) {
                const double down = 0.005 + 0.195 * m_rng.uniform();
                s.at(t, [m] { m->turnOff(); });
                s.at(t + down, [m] { m->turnOn(); });
                t += down;
            }
        }
        for (sim::Link* l : m_links) {
            for (double t = m_rng.exponential(0.3); t < kDuration; t += m_rng.exponential(0.3)) {
                const double down = 0.005 + 0.095 * m_rng.uniform();
                s.at(t, [l] { l->setUp(false); });
                s.at(t + down, [l] { l->setUp(true); });
                t += down;
            }
        }
        s.runUntil(kDuration + 60.0); // every request has ended by then
        return format(m_ends);
    }

    void onDone(sim::Request& r, sim::Outcome outcome) override
    {
        Plan& p = m_plans[std::size_t(r.tag)];
        m_ends.push_back({int(r.tag), p.step, int(outcome), m_sim->now()});
        if (outcome != sim::Outcome::Ok || ++p.step == 5) {
            m_sim->requests().release(&r);
            return;
        }
        next(r, p);
    }

    std::size_t requests() const { return m_plans.size(); }

private:
    static constexpr double kDuration = 3.0;

    struct Plan
    {
        sim::Station* first = nullptr;
        sim::Station* second = nullptr;
        double demand[2] = {0, 0};
        double bytes[3] = {0, 0, 0};
        int step = 0;
    };

    double latency() { return m_rng.uniform() < 0.2 ? 0.0 : 0.0002 + 0.002 * m_rng.uniform(); }
    double bandwidth() { return 1e6 + 1e9 * m_rng.uniform(); }

    void scheduleArrival(double t)
    {
        if (t >= kDuration)
            return;
        m_sim->at(t, [this] {
            arrive();
            scheduleArrival(m_sim->now() + m_rng.exponential(1.0 / m_rate));
        });
    }

    void arrive()
    {
        Plan p;
        p.first = m_stations[std::size_t(m_rng.uniform() * double(m_stations.size()))];
        p.second = m_stations[std::size_t(m_rng.uniform() * double(m_stations.size()))];
        for (double& d : p.demand)
            d = m_rng.exponential(0.004);
        for (double& b : p.bytes)
            b = m_rng.uniform() < m_zeroShare ? 0.0 : std::floor(2e6 * m_rng.uniform());
        m_plans.push_back(p);
        sim::Request* r = m_sim->requests().acquire();
        r->tag = std::int64_t(m_plans.size() - 1);
        r->created = m_sim->now();
        next(*r, m_plans.back());
    }

    void next(sim::Request& r, Plan& p)
    {
        switch (p.step) {
        case 0:
            m_sim->send(r, *m_clients, p.first->machine(), p.bytes[0], *this);
            break;
        case 1:
            p.first->submit(r, p.demand[0], *this);
            break;
        case 2:
            m_sim->send(r, p.first->machine(), p.second->machine(), p.bytes[1], *this);
            break;
        case 3:
            p.second->submit(r, p.demand[1], *this);
            break;
        case 4:
            m_sim->send(r, p.second->machine(), *m_clients, p.bytes[2], *this);
            break;
        }
    }

    sim::RandomStream m_rng;
    std::uint64_t m_seed;
    sim::Simulation* m_sim = nullptr;
    sim::Machine* m_clients = nullptr;
    std::vector<sim::Station*> m_stations;
    std::vector<sim::Link*> m_links;
    std::map<const sim::Machine*, int> m_zoneOf;
    std::vector<Plan> m_plans;
    std::vector<End> m_ends;
    double m_rate = 0.0;
    double m_zeroShare = 0.0;
};

std::string runWay(std::uint64_t seed, sim::EnginePaths paths)
{
    return sim::runInChild([seed, paths] { return Workload(seed).run(paths); });
}

/// Checks two runs' ends against each other: same activities, same outcomes,
/// times within kTolerance (relative); returns the largest relative difference.
double compareEnds(const std::vector<End>& fast, const std::vector<End>& simgrid)
{
    // Ends at the same time may be reported in another order: compare by (request, step).
    std::map<std::pair<int, int>, End> reference;
    for (const End& e : simgrid)
        reference[{e.request, e.step}] = e;
    [&] { QCOMPARE(fast.size(), simgrid.size()); }();
    double worst = 0.0;
    for (const End& e : fast) {
        const auto it = reference.find({e.request, e.step});
        if (it == reference.end()) {
            QTest::qFail(qPrintable(QString("request %1 step %2 ended only on the fast paths").arg(e.request).arg(e.step)),
                         __FILE__, __LINE__);
            return 1.0;
        }
        const End& ref = it->second;
        const double diff =
            std::fabs(e.time - ref.time) / std::max(kSimGridPrecision / kTolerance, std::fabs(ref.time));
        worst = std::max(worst, diff);
        if (e.outcome != ref.outcome || diff > kTolerance) {
            QTest::qFail(qPrintable(QString("request %1 step %2: fast paths outcome %3 at %4 s, SimGrid outcome %5 "
                                            "at %6 s")
                                        .arg(e.request)
                                        .arg(e.step)
                                        .arg(e.outcome)
                                        .arg(e.time, 0, 'g', 17)
                                        .arg(ref.outcome)
                                        .arg(ref.time, 0, 'g', 17)),
                         __FILE__, __LINE__);
            return 1.0;
        }
    }
    return worst;
}

/// A small platform for hand-computed cases: clients and a server in one zone
/// (a fat pipe of 2 ms and 1 MB/s) and a second server across a shared link.
struct Pair
{
    sim::Simulation sim;
    sim::Machine& clients;
    sim::Machine& server;
    sim::Link& zone;
    explicit Pair(sim::EnginePaths paths)
        : sim(paths), clients(sim.addMachine("clients", 1)), server(sim.addMachine("server", 1)),
          zone(sim.addLink("zone", 0.002, 1e6, sim::LinkSharing::FatPipe))
    {
        sim.setZoneRoute({}, {}, {&zone});
        sim.seal();
    }
};

/// Records each end as "outcome@time".
struct Log : sim::Handler
{
    sim::Simulation* sim = nullptr;
    std::ostringstream text;
    void onDone(sim::Request&, sim::Outcome o) override
    {
        char line[64];
        std::snprintf(line, sizeof line, "%d@%.9f ", int(o), sim->now());
        text << line;
    }
};

} // namespace

class TestEnginePaths : public QObject
{
    Q_OBJECT

private slots:
    void randomWorkloads_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed = 1; seed <= 24; ++seed)
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }

    void randomWorkloads()
    {
        QFETCH(quint64, seed);
        const std::vector<End> fast = parse(runWay(seed, sim::EnginePaths::Fast));
        const std::vector<End> simgrid = parse(runWay(seed, sim::EnginePaths::SimGridOnly));
        QVERIFY(fast.size() > 500); // the workload is not trivial
        int failed = 0;
        for (const End& e : simgrid)
            failed += e.outcome != 0;
        QVERIFY2(failed > 0, "crashes and cuts must fail some activities");
        const double worst = compareEnds(fast, simgrid);
        QVERIFY(worst <= kTolerance);
        qInfo("%zu ends, %d failed; largest difference %.3g of the time", fast.size(), failed, worst);
    }

    // Hand-computed: a hop over a fat pipe takes latency + bytes / bandwidth;
    // a zero-byte hop its latency; a hop whose link is cut on the way fails at
    // the cut; a hop offered while the link is down fails at once. Both ways.
    void hopTimes_data()
    {
        QTest::addColumn<int>("paths");
        QTest::newRow("fast") << int(sim::EnginePaths::Fast);
        QTest::newRow("simgrid") << int(sim::EnginePaths::SimGridOnly);
    }

    void hopTimes()
    {
        QFETCH(int, paths);
        const std::string text = sim::runInChild([paths] {
            Pair p{sim::EnginePaths(paths)};
            Log log;
            log.sim = &p.sim;
            sim::Request* a = p.sim.requests().acquire();
            sim::Request* b = p.sim.requests().acquire();
            sim::Request* c = p.sim.requests().acquire();
            sim::Request* d = p.sim.requests().acquire();
            p.sim.at(0.0, [&] { p.sim.send(*a, p.clients, p.server, 3000, log); }); // 2 ms + 3 ms
            p.sim.at(0.001, [&] { p.sim.send(*b, p.server, p.clients, 0, log); });  // 2 ms
            p.sim.at(0.010, [&] { p.sim.send(*c, p.clients, p.server, 5000, log); }); // cut at 12 ms
            p.sim.at(0.012, [&] { p.zone.setUp(false); });
            p.sim.at(0.013, [&] { p.sim.send(*d, p.clients, p.server, 0, log); }); // down: fails at once
            p.sim.runUntil(1.0);
            return log.text.str();
        });
        QCOMPARE(QString::fromStdString(text), QString("0@0.003000000 0@0.005000000 1@0.012000000 1@0.013000000 "));
    }
};

QTEST_GUILESS_MAIN(TestEnginePaths)
#include "tst_enginepaths.moc"
