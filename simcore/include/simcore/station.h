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
/// instance (or one module of a monolith, several sharing a machine). A
/// request holds a worker from the moment it is granted until it releases it:
/// through its CPU bursts and, in a synchronous service, while it waits for
/// its downstream calls (thread-per-request: a slow dependency exhausts the
/// pool). Threads above the machine's cores share them (processor sharing).
class Station
{
public:
    Station(const Station&) = delete;
    Station& operator=(const Station&) = delete;

    const std::string& name() const { return m_name; }
    Machine& machine() const { return *m_machine; }
    int threads() const { return m_config.threads; }
    std::size_t backlogLimit() const { return m_config.backlog; }

    /// A whole visit: acquire a worker, compute `demand` seconds of reference
    /// CPU, release. `then` hears Ok, Rejected (backlog full, before anything
    /// else happens) or Error (machine down now or during the visit).
    void submit(Request& request, double demand, Handler& then);

    /// Asks for a worker. `then` hears Ok once it is granted (at once, or when
    /// it reaches the head of the backlog), Rejected when the backlog is full,
    /// Error when the machine is or goes down first. On Ok, request.grantEpoch
    /// identifies the grant for release().
    void acquire(Request& request, Handler& then);
    /// Gives a worker back. A grant from before a crash (another epoch) is void.
    void release(std::uint32_t grantEpoch);
    /// Changes on every crash: workers granted before it are gone.
    std::uint32_t epoch() const { return m_epoch; }

    /// Workers held now.
    int busy() const { return m_held; }
    std::size_t queueLength() const { return m_queue.size(); }
    /// When the oldest waiting request reached the backlog (s); now when none waits.
    double oldestEnqueued(double now) const { return m_queue.empty() ? now : m_queue.front()->enqueued; }
    const StationCounters& counters() const { return m_counters; }

private:
    friend class Simulation;
    friend class Machine;
    Station(Simulation& sim, std::string name, Machine& machine, StationConfig config);

    void grant(Request& request);
    void crash(std::vector<Request*>& failed);
    void startQueued();

    // submit() = acquire -> compute -> release, without allocating.
    struct VisitGranted : Handler
    {
        Station* station;
        void onDone(Request& request, Outcome outcome) override;
    };
    struct VisitDone : Handler
    {
        Station* station;
        void onDone(Request& request, Outcome outcome) override;
    };

    Simulation* m_sim;
    std::string m_name;
    Machine* m_machine;
    StationConfig m_config;
    int m_held = 0;
    std::uint32_t m_epoch = 1;
    std::deque<Request*> m_queue; // each with its acquire handler in Request::then
    StationCounters m_counters;
    VisitGranted m_visitGranted;
    VisitDone m_visitDone;
};

/// A SimGrid host: an instance's cores, speed and (optionally) disk. Stations
/// on it share its cores.
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
    bool hasDisk() const { return m_disk != nullptr; }
    const std::vector<Station*>& stations() const { return m_stations; }

    /// A CPU burst of `demand` seconds on a reference core. `then` hears Ok,
    /// or Error if the machine is down now or goes down meanwhile. The caller
    /// is expected to hold a worker of a station on this machine.
    void compute(Request& request, double demand, Handler& then);
    /// Reads or writes `bytes` on the machine's disk (SimGrid Disk, shared
    /// bandwidth). Error if the machine is down or has no disk.
    void diskIo(Request& request, double bytes, bool write, Handler& then);

    /// Crash: every worker granted on its stations is void, every queued
    /// request and every computation or disk access in flight fails (Error),
    /// and new requests fail until turnOn().
    void turnOff();
    void turnOn();

    /// CPU bursts in flight now.
    int computing() const { return static_cast<int>(m_computing.size()); }
    /// Integral of busy cores over time since 0 (core-seconds).
    double busyCoreArea(double now) const { return m_busyCores.areaUntil(now); }
    /// True when bursts finish at a time known at their start (kernel timers).
    bool usesTimers() const { return m_timers; }

    /// Provisioned: the instance exists and is billed (booting, serving or
    /// draining). Machines are provisioned from creation; an autoscaler keeps
    /// its spare machines unprovisioned until it launches them.
    bool isProvisioned() const { return m_provisioned.value() > 0.0; }
    void setProvisioned(bool provisioned);
    /// Integral of the provisioned state over time since 0 (s).
    double provisionedArea(double now) const { return m_provisioned.areaUntil(now); }

private:
    friend class Simulation;
    friend class Station;
    Machine(Simulation& sim, std::string name, int cores, double speed, void* host, void* disk);
    void finishCompute(Request& request, bool ok);

    Simulation* m_sim;
    std::string m_name;
    int m_cores;
    double m_speed;
    void* m_host; // simgrid::s4u::Host*, kept opaque above simcore's sources
    void* m_disk; // simgrid::s4u::Disk*, or null
    std::uint32_t m_zone = 0;  // its network zone's index: routes are per pair of zones
    bool m_up = true;
    bool m_timers = true;
    TimeWeighted m_busyCores;
    TimeWeighted m_provisioned;
    std::vector<Station*> m_stations;
    std::vector<Request*> m_computing; // position kept in the in-flight record
    std::vector<Request*> m_diskIo;
};

} // namespace scalelab::sim
