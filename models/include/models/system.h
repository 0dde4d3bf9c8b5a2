#pragma once

#include "models/componentconfig.h"
#include "models/pricing.h"
#include "models/tracesink.h"
#include "simcore/frame.h"
#include "simcore/random.h"
#include "simcore/request.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::sim {
class Recorder;
class Simulation;
} // namespace scalelab::sim

namespace scalelab::models {

/// The most requests a variant holds at once (clients' requests, the calls
/// they fan out to and queued messages' deliveries, docs/models.md
/// "Overload"): past it a new request or fan-out call is rejected, so that
/// memory stays bounded however overloaded the study.
inline constexpr std::size_t kMaxRequestsInFlight = 1'000'000;

/// A node of an operation's call tree, as the runtime executes it.
struct CallPlan : CallConfig
{
    int component = -1;             ///< index of the target component, set by System
    int connection = -1;            ///< the recorder's index of this call's connection, set by System
    std::vector<CallPlan> calls;    ///< downstream calls in sequence
    std::vector<CallPlan> parallel; ///< downstream calls at once, after `calls`
    std::vector<CallPlan> miss;     ///< caches: what the caller does on a miss
    /// Pipeline stages after the target has released its worker: each gets the
    /// request from the stage before; the last one answers the caller.
    std::vector<CallPlan> then;
    /// Bytes the caller gets back: the last stage's answer when there are stages.
    double returnedBytes() const { return then.empty() ? responseBytes : then.back().returnedBytes(); }
};

/// Zones, regions and the network between them.
struct NetworkConfig
{
    struct Zone
    {
        std::string name;
        std::string region = "default";
    };
    std::vector<Zone> zones;              ///< empty: one zone "default"
    double zoneLatency = 0.0002;          ///< s
    double crossZoneLatency = 0.001;      ///< s
    double crossRegionLatency = 0.07;     ///< s
    double zoneBandwidth = 1.25e9;        ///< bytes/s
    double crossZoneBandwidth = 6.25e8;   ///< bytes/s
    double crossRegionBandwidth = 1.25e8; ///< bytes/s
};

/// One operation's entry into the system.
struct OperationPlan
{
    std::string name;
    std::string clientClass = "default";
    CallPlan root;
};

/// Everything needed to build one variant's runtime.
struct SystemConfig
{
    std::vector<ComponentConfig> components;
    NetworkConfig network;
    std::vector<OperationPlan> operations; ///< index = Request::operation
    Pricing pricing;
    std::uint64_t seed = 1;
    std::uint32_t replication = 0;
    /// Requests in flight at once (root requests, fan-out branches and queued
    /// messages) past which new ones are rejected: kMaxRequestsInFlight, or
    /// lower to bound a run's memory further.
    std::size_t maxInFlight = kMaxRequestsInFlight;
    /// Hears the spans of the sampled requests when their root call ends; null: no tracing.
    TraceSink* traceSink = nullptr;
    /// The share of requests traced (traceSampled), 0..1.
    double traceSample = 1.0;
};

// The frame's plain records (simcore/frame.h), under the names the models use.
using Gauge = sim::Gauge;
using InstanceCounts = sim::InstanceCounts;
using FleetStatus = sim::FleetStatus;
using BreakerState = sim::BreakerState;

/// The two ends of a message between instances, as a HopShaper sees them.
struct HopEnds
{
    std::string_view fromComponent; ///< the sender's component; "" for the clients; a module's are its host's
    std::string_view toComponent;
    std::string_view fromZone;
    std::string_view toZone;
};

/// What a HopShaper does to one message.
struct HopEffect
{
    double delay = 0.0; ///< s added to the message's delivery, >= 0
    bool lost = false;  ///< it never arrives: the call that sent it fails (Error) after `delay`
};

/// Shapes the messages between instances that concern it while it is
/// registered (System::shapeHops): adds delay, or loses them.
class HopShaper
{
public:
    virtual ~HopShaper() = default;
    /// Whether messages between these ends concern it; depends on the ends only.
    virtual bool concerns(const HopEnds& ends) const = 0;
    /// The effect on a message of `bytes` it concerns, sent at `now` (s), drawn
    /// from `rng`, a stream of its own (keyed by shapeHops' subject, detail and time).
    virtual HopEffect shape(const HopEnds& ends, double bytes, double now, sim::RandomStream& rng) = 0;
};

/// The shard (0..shards-1) a NoSQL store puts key `key` (1..keys) on.
std::size_t shardOfKey(std::uint64_t key, int shards);
/// The runtime of one variant: machines for every instance, links between
/// zones, and the behaviour of every component kind, driving each request
/// through its operation's call tree. Build it before Simulation::seal(),
/// call start() after.
class System : public sim::Handler
{
public:
    System(sim::Simulation& sim, sim::Recorder& recorder, const SystemConfig& config);
    ~System() override;
    System(const System&) = delete;
    System& operator=(const System&) = delete;

    /// Starts health checks and queue consumers. Call after Simulation::seal().
    void start();

    /// Where a Source hands new requests (their operation index set).
    sim::Handler& entry();

    /// Crashes `count` running instances of a component (the first ones up);
    /// they restart after `restartAfter` seconds, or never. Returns how many
    /// were crashed (0 if the component is unknown).
    int crash(const std::string& component, int count, std::optional<double> restartAfter);
    /// Every machine in the zone goes down for `duration` seconds.
    int zoneOutage(const std::string& zone, double duration);
    /// For `duration` s every visit of the component takes `add` s more plus
    /// (factor - 1) x its service time (an external: its latency). False if unknown.
    bool slowDown(const std::string& component, double add, double factor, double duration);
    /// For `duration` s a share `rate` (0..1) of the component's visits fail.
    bool injectErrors(const std::string& component, double rate, double duration);
    /// Cuts the link between two zones for `duration` s. False if no call crosses it.
    bool partition(const std::string& zoneA, const std::string& zoneB, double duration);
    /// For `duration` s every message between instances that `shaper`
    /// concerns, sent in that window, gets the shaper's effect (shapers add
    /// up). Emits fault_start/fault_end for `subject` with `detail`. False
    /// (nothing registered) when no message of this variant can concern it.
    bool shapeHops(std::unique_ptr<HopShaper> shaper, double duration, const std::string& subject,
                   const std::string& detail);
    /// A SQL database loses its primary: writes fail for `promotion` s, then a
    /// replica is primary and the old primary rejoins as a replica.
    bool failover(const std::string& database, double promotion);
    /// A cache loses every entry (a fixed hit ratio climbs back over `capacity` misses).
    bool flushCache(const std::string& cache);
    /// A message queue's consumers stop for `duration` s; the backlog grows, then drains.
    bool consumerOutage(const std::string& queue, double duration);
    /// Every circuit breaker that has seen a call, in (caller, target) order.
    std::vector<BreakerState> breakers() const;

    /// Component figures now: queue backlog and oldest age, dead letters,
    /// cache hit ratio, stale reads, healthy instances behind each balancer.
    std::vector<Gauge> gauges() const;

    /// Instances per component and the cost so far (docs/models.md "Cost").
    FleetStatus fleet() const;

    /// Stations belong to components: "app/2" is instance 2 of app.
    static std::string componentOf(const std::string& stationName);

    void onDone(sim::Request& request, sim::Outcome outcome) override;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace scalelab::models
