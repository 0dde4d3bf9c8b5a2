#include "heaploop.h"

#include "simcore/random.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <vector>

namespace scalelab::bench {

namespace {

struct Event
{
    double time;
    std::uint32_t request;
    std::int32_t station; // -1: an arrival
};

struct Later
{
    bool operator()(const Event& a, const Event& b) const { return a.time > b.time; }
};

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

} // namespace

RunResult runHeapLoop(const QueueModel& model, std::uint64_t seed)
{
    const auto t0 = std::chrono::steady_clock::now();
    const double meanService = 1.0 / model.mu;
    const double meanInterarrival = 1.0 / model.lambda;
    sim::RandomStream arrivals(seed, "clients", 0);
    std::vector<StationState> stations;
    for (int k = 0; k < model.stations; ++k)
        stations.push_back({0, {}, sim::RandomStream(seed, QueueModel::stationName(k), 0, "service")});

    std::vector<Event> heap;
    auto schedule = [&heap](Event e) {
        heap.push_back(e);
        std::push_heap(heap.begin(), heap.end(), Later{});
    };
    // Requests in flight: their creation time, in recycled slots.
    std::vector<double> created;
    std::vector<std::uint32_t> freeSlots;

    double now = 0.0;
    double responseSum = 0.0;
    std::uint64_t arrived = 0, completed = 0, visits = 0;
    auto enter = [&](std::int32_t k, std::uint32_t request) {
        StationState& st = stations[std::size_t(k)];
        ++visits;
        const double service = st.service.exponential(meanService);
        if (st.busy < model.servers) {
            ++st.busy;
            schedule({now + service, request, k});
        } else {
            st.queue.push_back({request, service});
        }
    };

    if (model.requests > 0)
        schedule({arrivals.exponential(meanInterarrival), 0, -1});
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), Later{});
        const Event e = heap.back();
        heap.pop_back();
        now = e.time;
        if (e.station < 0) {
            std::uint32_t slot;
            if (freeSlots.empty()) {
                slot = static_cast<std::uint32_t>(created.size());
                created.push_back(now);
            } else {
                slot = freeSlots.back();
                freeSlots.pop_back();
                created[slot] = now;
            }
            if (++arrived < model.requests)
                schedule({now + arrivals.exponential(meanInterarrival), 0, -1});
            enter(0, slot);
            continue;
        }
        StationState& st = stations[std::size_t(e.station)];
        if (st.queue.empty()) {
            --st.busy;
        } else {
            const Waiting next = st.queue.front();
            st.queue.pop_front();
            schedule({now + next.service, next.request, e.station});
        }
        if (e.station + 1 < model.stations) {
            enter(e.station + 1, e.request);
        } else {
            responseSum += now - created[e.request];
            ++completed;
            freeSlots.push_back(e.request);
        }
    }

    RunResult r;
    r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.requests = arrived;
    r.completions = completed;
    r.visits = visits;
    r.simulated = now;
    r.meanResponse = completed ? responseSum / double(completed) : 0.0;
    r.peakRssKiB = peakRssKiB();
    return r;
}

} // namespace scalelab::bench
