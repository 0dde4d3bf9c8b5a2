#pragma once

#include "simcore/metrics.h"
#include "simcore/request.h"
#include "simcore/station.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace scalelab::sim {

/// A network link: latency (s) and bandwidth (bytes/s), up or down.
class Link
{
public:
    const std::string& name() const { return m_name; }
    double latency() const { return m_latency; }
    double bandwidth() const { return m_bandwidth; }
    bool isUp() const { return m_up; }
    /// A fat pipe gives every hop crossing it the whole bandwidth (no sharing).
    bool isFatPipe() const { return m_fatPipe; }
    /// Cuts or restores the link; hops in flight over a cut link fail.
    void setUp(bool up);

private:
    friend class Simulation;
    Link(Simulation& sim, std::string name, double latency, double bandwidth, bool fatPipe, void* link);
    Simulation* m_sim;
    std::string m_name;
    double m_latency;
    double m_bandwidth;
    bool m_fatPipe;
    void* m_link; // simgrid::s4u::Link*
    bool m_up = true;
};

/// How links are shared among the hops crossing them at once.
enum class LinkSharing { Shared, FatPipe };

/// A network zone: a group of machines that share their routes. A hop
/// between two machines crosses the links declared for the pair of their
/// zones (Simulation::setZoneRoute), so routes cost memory in the number of
/// zones squared, not in the number of machines squared. Every simulation
/// starts with one zone, `NetworkZone{}`.
struct NetworkZone
{
    std::uint32_t index = 0;
};

/// Which activities go through SimGrid (docs/engine.md, "Which path an
/// activity takes"). `Fast`: the activities whose outcome is known when they
/// start (a burst with a core to itself, a hop that nothing can slow down)
/// are entries of ScaleLab's event calendar; the rest are SimGrid activities.
/// `SimGridOnly`: every burst is an Exec and every hop a Comm, the reference
/// the fast paths are tested against.
enum class EnginePaths { Fast, SimGridOnly };

/// The paths a Simulation takes unless told: `SimGridOnly` when the
/// environment variable SCALELAB_ENGINE_PATHS is `simgrid`, else `Fast`.
EnginePaths defaultEnginePaths();

/// One simulation: the facade over SimGrid. There is one per process (SimGrid
/// allows a single engine and never resets its clock); run several in child
/// processes (simcore/subprocess.h).
///
/// Life cycle: build the platform (network zones, machines, stations, links,
/// zone routes), seal(),
/// then schedule arrivals and advance with runUntil().
class Simulation
{
public:
    explicit Simulation(EnginePaths paths = defaultEnginePaths());
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    /// True while a Simulation exists in this process.
    static bool exists();

    /// A new network zone (the first one, `NetworkZone{}`, exists already).
    NetworkZone addNetworkZone();
    /// A machine in `zone` with `cores` cores of `speed` x the reference
    /// core, and a disk of `diskBandwidth` bytes/s for reads and writes (0: no disk).
    Machine& addMachine(const std::string& name, int cores, double speed = 1.0, double diskBandwidth = 0.0,
                        NetworkZone zone = {});
    Station& addStation(const std::string& name, Machine& machine, StationConfig config = {});
    Link& addLink(const std::string& name, double latency, double bandwidth,
                  LinkSharing sharing = LinkSharing::Shared);
    /// Declares the links a hop between a machine of zone `a` and a machine of
    /// zone `b` crosses, in that order (from b to a: in reverse order); `a ==
    /// b`: between two machines of one zone. Once per pair of zones. Zones
    /// with no route declared between them are not connected: a hop between
    /// them fails (Error) at once.
    void setZoneRoute(NetworkZone a, NetworkZone b, const std::vector<Link*>& links);
    /// Builds the SimGrid platform; no more machines, links or routes after it.
    void seal();
    bool sealed() const { return m_sealed; }
    EnginePaths paths() const { return m_paths; }

    /// Simulated clock, s.
    double now() const;
    /// Runs fn at the given time (>= now) from the engine, outside any actor.
    void at(double time, std::function<void()> fn);
    /// Advances the simulation to time t (s); no-op if t <= now.
    void runUntil(double t);

    /// Moves a request's payload from one machine to another over their route:
    /// latency plus bytes over bandwidth, shared with other hops on the links.
    /// Same machine: immediate. Error if a link or an end is down, if their
    /// zones have no route, or if a link of the route is cut while the
    /// payload crosses it.
    void send(Request& request, Machine& from, Machine& to, double bytes, Handler& then);
    /// A pure delay (an external API's latency): `then` hears Ok after `seconds`.
    void delay(Request& request, double seconds, Handler& then);

    RequestPool& requests() { return m_requests; }
    const std::vector<std::unique_ptr<Station>>& stations() const { return m_stations; }
    const std::vector<std::unique_ptr<Machine>>& machines() const { return m_machines; }
    Machine* findMachine(const std::string& name) const;
    Link* findLink(const std::string& name) const;

    /// Records an event (a host went down...). Recorder::run passes new events to
    /// its observer after each slice, in order.
    void emit(RunEvent event);
    const std::vector<RunEvent>& events() const { return m_events; }

    struct Impl;
    Impl& impl() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
    RequestPool m_requests;
    std::vector<std::unique_ptr<Machine>> m_machines;
    std::vector<std::unique_ptr<Station>> m_stations;
    std::vector<std::unique_ptr<Link>> m_links;
    std::vector<RunEvent> m_events;
    EnginePaths m_paths;
    bool m_sealed = false;
};

} // namespace scalelab::sim
