#pragma once

#include "simcore/request.h"
#include "simcore/statistics.h"

#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <vector>

namespace scalelab::sim {

class Machine;
class Simulation;

/// A station's worker pool and backlog.
struct StationConfig
{
    int threads = 1; ///< concurrent executions (worker pool), >= 1
    /// Requests that may wait for a worker; beyond it a visit is rejected.
    std::size_t backlog = std::numeric_limits<std::size_t>::max();
};

/// Monotone counters and integrals of a station since time 0.
struct StationCounters
{
    std::uint64_t arrivals = 0, started = 0, completed = 0, rejected = 0, failed = 0, waited = 0;
    double waitSum = 0.0;   ///< s
    TimeWeighted busy;      ///< workers in use
    TimeWeighted queue;     ///< backlog length
};

/// A worker pool with a bounded FIFO backlog on a Machine: one component
/// instance (or one module of a monolith, several sharing a machine). A visit
/// holds a worker for its CPU demand; threads above the machine's cores share
/// them (processor sharing), which is how a saturated server slows down.
class Station
{
public:
    Station(const Station&) = delete;
    Station& operator=(const Station&) = delete;

    const std::string& name() const { return m_name; }
    Machine& machine() const { return *m_machine; }
    int threads() const { return m_config.threads; }
    std::size_t backlogLimit() const { return m_config.backlog; }

    /// Offers a visit needing `demand` seconds of CPU on a reference core
    /// (speed 1). `then` hears of its end: Ok, Rejected (backlog full, before
    /// anything else happens) or Error (machine down now or during the visit).
    void submit(Request& request, double demand, Handler& then);

    int busy() const { return static_cast<int>(m_running.size()); }
    std::size_t queueLength() const { return m_queue.size(); }
    const StationCounters& counters() const { return m_counters; }

private:
    friend class Simulation;
    friend class Machine;
    Station(Simulation& sim, std::string name, Machine& machine, StationConfig config);

    void start(Request& request);
    void finish(Request& request, bool ok);
    void failAll();
    void startQueued();

    Simulation* m_sim;
    std::string m_name;
    Machine* m_machine;
    StationConfig m_config;
    std::vector<Request*> m_running; // position kept in Request::slot's record
    std::deque<Request*> m_queue;
    StationCounters m_counters;
};

/// A SimGrid host: an instance's cores and speed. Stations on it share its cores.
class Machine
{
public:
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    const std::string& name() const { return m_name; }
    int cores() const { return m_cores; }
    /// Speed relative to the reference core (1.0).
    double speed() const { return m_speed; }
    bool isUp() const { return m_up; }
    const std::vector<Station*>& stations() const { return m_stations; }

    /// Crash: every visit in flight or queued on its stations fails (Error) and
    /// new visits fail until turnOn().
    void turnOff();
    void turnOn();

    /// Integral of busy cores over time since 0 (core-seconds).
    double busyCoreArea(double now) const { return m_busyCores.areaUntil(now); }
    /// True when visits finish at a time known at their start (kernel timers).
    bool usesTimers() const { return m_timers; }

private:
    friend class Simulation;
    friend class Station;
    Machine(Simulation& sim, std::string name, int cores, double speed, void* host);
    void activeChanged(int delta);

    Simulation* m_sim;
    std::string m_name;
    int m_cores;
    double m_speed;
    void* m_host; // simgrid::s4u::Host*, kept opaque above simcore's sources
    bool m_up = true;
    bool m_timers = true;
    int m_active = 0;
    TimeWeighted m_busyCores;
    std::vector<Station*> m_stations;
};

} // namespace scalelab::sim
