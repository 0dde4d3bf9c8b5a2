#include "kerneltimermodel.h"

#include "simcore/random.h"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include <chrono>
#include <deque>
#include <vector>

namespace sg4 = simgrid::s4u;
using KernelTimer = simgrid::kernel::timer::Timer;

namespace scalelab::bench {

namespace {

struct Waiting
{
    std::uint32_t request;
    double service;
};

struct StationState
{
    int busy = 0;
    std::deque<Waiting> queue;
    sim::RandomStream service;
};

struct TimerModel
{
    const QueueModel* spec;
    sim::RandomStream arrivals;
    std::vector<StationState> stations;
    std::vector<double> created;
    std::vector<std::uint32_t> freeSlots;
    double responseSum = 0.0;
    std::uint64_t arrived = 0, completed = 0, visits = 0;

    void arrive()
    {
        const double now = sg4::Engine::get_clock();
        std::uint32_t slot;
        if (freeSlots.empty()) {
            slot = static_cast<std::uint32_t>(created.size());
            created.push_back(now);
        } else {
            slot = freeSlots.back();
            freeSlots.pop_back();
            created[slot] = now;
        }
        if (++arrived < spec->requests)
            KernelTimer::set(now + arrivals.exponential(1.0 / spec->lambda), [this] { arrive(); });
        enter(0, slot, now);
    }

    void enter(int k, std::uint32_t request, double now)
    {
        StationState& st = stations[std::size_t(k)];
        ++visits;
        const double service = st.service.exponential(1.0 / spec->mu);
        if (st.busy < spec->servers) {
            ++st.busy;
            KernelTimer::set(now + service, [this, k, request] { depart(k, request); });
        } else {
            st.queue.push_back({request, service});
        }
    }

    void depart(int k, std::uint32_t request)
    {
        const double now = sg4::Engine::get_clock();
        StationState& st = stations[std::size_t(k)];
        if (st.queue.empty()) {
            --st.busy;
        } else {
            const Waiting next = st.queue.front();
            st.queue.pop_front();
            KernelTimer::set(now + next.service, [this, k, r = next.request] { depart(k, r); });
        }
        if (k + 1 < spec->stations) {
            enter(k + 1, request, now);
        } else {
            responseSum += now - created[request];
            ++completed;
            freeSlots.push_back(request);
        }
    }
};

} // namespace

RunResult runKernelTimers(const QueueModel& spec, std::uint64_t seed)
{
    const auto t0 = std::chrono::steady_clock::now();
    static int argc = 1;
    static char name[] = "timer-bench";
    static char* argv[] = {name, nullptr};
    xbt_log_control_set("root.thresh:critical");
    sg4::Engine engine(&argc, argv);
    sg4::NetZone* zone = sg4::create_full_zone("bench");
    zone->create_host("host", 1e9);
    zone->seal();

    TimerModel m{&spec, sim::RandomStream(seed, "clients", 0), {}, {}, {}};
    for (int k = 0; k < spec.stations; ++k)
        m.stations.push_back({0, {}, sim::RandomStream(seed, QueueModel::stationName(k), 0, "service")});
    if (spec.requests > 0)
        KernelTimer::set(m.arrivals.exponential(1.0 / spec.lambda), [&m] { m.arrive(); });
    engine.run();

    RunResult r;
    r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.requests = m.arrived;
    r.completions = m.completed;
    r.visits = m.visits;
    r.simulated = sg4::Engine::get_clock();
    r.meanResponse = m.completed ? m.responseSum / double(m.completed) : 0.0;
    r.peakRssKiB = peakRssKiB();
    return r;
}

} // namespace scalelab::bench
