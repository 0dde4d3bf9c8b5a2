#include "s4umodel.h"

#include "simcore/random.h"

#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include <chrono>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace scalelab::bench {

namespace {

constexpr double kFlops = 1e9; // per core and second

struct Job
{
    double created;
    double demand; // s of service at the station it is sent to
};

struct Model
{
    const QueueModel* spec;
    std::vector<sg4::Mailbox*> mailboxes;
    std::vector<sim::RandomStream> service;
    sg4::SemaphorePtr finished;
    double responseSum = 0.0;
    std::uint64_t completed = 0;
    std::uint64_t visits = 0;

    void send(int station, Job* job)
    {
        ++visits;
        job->demand = service[std::size_t(station)].exponential(1.0 / spec->mu);
        mailboxes[std::size_t(station)]->put_init(job, 0)->detach();
    }
};

void server(Model* m, int station)
{
    sg4::Mailbox* in = m->mailboxes[std::size_t(station)];
    for (;;) {
        Job* job = in->get<Job>();
        sg4::this_actor::execute(job->demand * kFlops);
        if (station + 1 < m->spec->stations) {
            m->send(station + 1, job);
            continue;
        }
        m->responseSum += sg4::Engine::get_clock() - job->created;
        delete job;
        if (++m->completed == m->spec->requests)
            m->finished->release();
    }
}

void generator(Model* m, std::uint64_t seed)
{
    sim::RandomStream arrivals(seed, "clients", 0);
    for (std::uint64_t i = 0; i < m->spec->requests; ++i) {
        sg4::this_actor::sleep_for(arrivals.exponential(1.0 / m->spec->lambda));
        m->send(0, new Job{sg4::Engine::get_clock(), 0.0});
    }
    m->finished->acquire();
}

} // namespace

RunResult runS4u(const QueueModel& spec, std::uint64_t seed)
{
    const auto t0 = std::chrono::steady_clock::now();
    static int argc = 1;
    static char name[] = "s4u-bench";
    static char* argv[] = {name, nullptr};
    xbt_log_control_set("root.thresh:critical");
    sg4::Engine engine(&argc, argv);
    sg4::NetZone* zone = sg4::create_full_zone("bench");
    sg4::Host* client = zone->create_host("client", kFlops);
    std::vector<sg4::Host*> hosts;
    for (int k = 0; k < spec.stations; ++k) {
        sg4::Host* h = zone->create_host(QueueModel::stationName(k), kFlops);
        h->set_core_count(spec.servers);
        hosts.push_back(h);
    }
    sg4::Link* link = zone->create_link("lan", 1e12);
    link->set_latency(0);
    std::vector<sg4::LinkInRoute> route{sg4::LinkInRoute(link)};
    zone->add_route(client->get_netpoint(), hosts.front()->get_netpoint(), nullptr, nullptr, route, true);
    for (std::size_t k = 0; k + 1 < hosts.size(); ++k)
        zone->add_route(hosts[k]->get_netpoint(), hosts[k + 1]->get_netpoint(), nullptr, nullptr, route, true);
    zone->seal();

    Model m;
    m.spec = &spec;
    m.finished = sg4::Semaphore::create(0);
    for (int k = 0; k < spec.stations; ++k) {
        m.mailboxes.push_back(sg4::Mailbox::by_name(QueueModel::stationName(k)));
        m.service.emplace_back(seed, QueueModel::stationName(k), 0, "service");
        for (int s = 0; s < spec.servers; ++s)
            sg4::Actor::create("server", hosts[std::size_t(k)], server, &m, k)->daemonize();
    }
    sg4::Actor::create("generator", client, generator, &m, seed);
    engine.run();

    RunResult r;
    r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.requests = spec.requests;
    r.completions = m.completed;
    r.visits = m.visits;
    r.simulated = sg4::Engine::get_clock();
    r.meanResponse = m.completed ? m.responseSum / double(m.completed) : 0.0;
    r.peakRssKiB = peakRssKiB();
    return r;
}

} // namespace scalelab::bench
