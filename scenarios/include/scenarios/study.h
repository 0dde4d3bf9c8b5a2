#pragma once

#include "simcore/distribution.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scalelab::scenarios {

/// Where a value came from in the study file (1-based; 0 when built in code).
struct Mark
{
    int line = 0;
    int column = 0;
};

/// A business operation, defined once for all variants.
struct Operation
{
    std::string name;
    double share = 1.0;          ///< relative weight in the mix, > 0
    std::string clientClass = "default"; ///< for per-class rate limits at a gateway
    Mark mark;
};

/// A point of the request-rate profile: from `at`, the rate is `rps`; with a
/// ramp, it moves linearly from the previous rate to `rps` over `ramp` seconds
/// starting at `at`.
struct RatePoint
{
    double at = 0.0;   ///< s
    double rps = 0.0;  ///< requests/s
    double ramp = 0.0; ///< s; 0: a step
    Mark mark;
};

/// A temporary multiplication of the rate (a marketing spike).
struct Spike
{
    double at = 0.0;       ///< s
    double duration = 0.0; ///< s ("for")
    double factor = 1.0;   ///< rate multiplier, > 0
    double ramp = 0.0;     ///< s to reach the factor and to come back
    Mark mark;
};

/// A daily curve: rate x (1 + amplitude cos(2 pi (t - peakAt) / period)).
struct Diurnal
{
    double period = 86400.0; ///< s
    double amplitude = 0.0;  ///< 0..1
    double peakAt = 0.0;     ///< s
    Mark mark;
};

enum class ArrivalKind { Poisson, Deterministic };

struct Workload
{
    ArrivalKind arrivals = ArrivalKind::Poisson;
    std::vector<RatePoint> rate;        ///< empty when replaying a trace
    std::vector<Spike> spikes;
    std::optional<Diurnal> diurnal;
    std::string replay;                 ///< CSV of time_s,rps (path as written, relative to the study)
    std::string replayTimestamps;       ///< CSV of request timestamps
    Mark mark;
};

/// A timed fault. Exactly one action is set; the failures issue extends the list.
struct Fault
{
    enum class Kind { Kill, ZoneOutage };
    Kind kind = Kind::Kill;
    double at = 0.0;        ///< s
    std::string target;     ///< component (kill) or zone (zone_outage)
    int instances = 1;      ///< kill: how many instances
    std::optional<double> restart; ///< kill: restart after (s); nullopt: never
    double duration = 0.0;  ///< zone_outage: s ("for")
    Mark mark;
};

struct Slo
{
    std::optional<double> p99;          ///< s
    std::optional<double> availability; ///< fraction of successful requests, 0..1
    Mark mark;
};

struct RunSettings
{
    double duration = 600.0;  ///< s
    double warmup = 60.0;     ///< s
    std::uint64_t seed = 1;
    int replications = 1;
    double bin = 1.0;         ///< s per time-series bin
    Mark mark;
};

struct Zone
{
    std::string name;
    std::string region = "default";
    Mark mark;
};

/// Zones, regions and the latency/bandwidth between them.
struct Network
{
    std::vector<Zone> zones;            ///< empty: one zone "default"
    double zoneLatency = 0.0002;        ///< s, within a zone
    double crossZoneLatency = 0.001;    ///< s
    double crossRegionLatency = 0.07;   ///< s
    double zoneBandwidth = 1.25e9;      ///< bytes/s (10 Gbit/s)
    double crossZoneBandwidth = 6.25e8; ///< bytes/s (5 Gbit/s)
    double crossRegionBandwidth = 1.25e8; ///< bytes/s (1 Gbit/s)
    Mark mark;
};

enum class ComponentKind {
    Entry,
    LoadBalancer,
    ApiGateway,
    Service,
    Module,
    Cache,
    MessageQueue,
    SqlDatabase,
    NosqlStore,
    External,
};

enum class LbPolicy { RoundRobin, Random, LeastConnections, PowerOfTwo, Weighted };

/// One box on the canvas. Fields apply to the kinds named in their comment;
/// the reader rejects a field set on a kind it does not apply to.
struct Component
{
    std::string name;
    ComponentKind kind = ComponentKind::Service;
    Mark mark;

    // Placement and capacity (all kinds that run on machines).
    std::vector<std::string> zones; ///< instances spread round robin; empty: the first zone
    int instances = 1;
    int cores = 2;
    double speed = 1.0;             ///< relative to the reference core
    int threads = 16;               ///< worker pool per instance
    std::size_t backlog = 1000;     ///< waiting requests per instance

    // load_balancer
    LbPolicy policy = LbPolicy::RoundRobin;
    std::vector<double> weights;    ///< weighted: per target instance
    int connectionLimit = 10000;    ///< concurrent requests through the LB
    double overhead = 0.0001;       ///< s added per request
    double healthInterval = 5.0;    ///< s between health checks
    int unhealthyThreshold = 2;     ///< failed checks before ejection

    // api_gateway
    double authOverhead = 0.0005;   ///< s of CPU per request
    struct RateLimit
    {
        std::string clientClass = "default";
        double rps = 0.0;
        double burst = 0.0;
    };
    std::vector<RateLimit> rateLimits;

    // module: runs inside this service's instances, sharing their cores
    std::string host;

    // cache
    std::optional<double> hitRatio; ///< fixed hit ratio; else emergent from the fields below
    double zipf = 0.9;              ///< key popularity exponent
    std::uint64_t keys = 100000;
    std::uint64_t capacity = 10000; ///< entries (LRU)
    std::optional<double> ttl;      ///< s

    // message_queue
    std::uint64_t queueCapacity = 100000;
    std::string consumer;           ///< service that consumes
    int concurrency = 4;            ///< consumer workers per consumer instance
    int maxAttempts = 3;            ///< then dead letter

    // sql_database
    int replicas = 0;               ///< read replicas
    int pool = 100;                 ///< connections per instance
    double replicationLag = 0.05;   ///< s
    double diskBandwidth = 5e8;     ///< bytes/s per instance

    // nosql_store
    int shards = 4;
    int replicationFactor = 3;
    double hotKeySkew = 0.0;        ///< Zipf exponent over keys; 0 uniform

    // external
    sim::Distribution latency = sim::Distribution::constant(0.05);
    double errorRate = 0.0;
};

/// One step of an operation's call tree: a call to a component, its demands,
/// and the calls it makes in turn.
struct Call
{
    std::string target;            ///< component name
    std::optional<sim::Distribution> cpu;   ///< CPU demand at the target
    std::optional<sim::Distribution> read;  ///< databases: a read query
    std::optional<sim::Distribution> write; ///< databases: a write query
    double disk = 0.0;             ///< databases: bytes from disk per query
    double requestBytes = 1000.0;  ///< payload sent to the target
    double responseBytes = 5000.0; ///< payload returned
    std::optional<double> timeout; ///< s, on this call
    std::vector<Call> calls;       ///< downstream calls, in sequence
    std::vector<Call> parallel;    ///< downstream calls at once (fan-out, wait for all)
    std::vector<Call> miss;        ///< caches: what a miss falls through to
    Mark mark;
};

/// An operation's call tree in a variant. Written as a list [a, b, c]: the
/// entry calls a, a calls b, b calls c (each step's own `calls` come first,
/// then the next step of the list). The reader turns the list into the tree:
/// `root` is a, whose last downstream call is b, and so on.
struct Route
{
    std::string operation;
    Call root;
    Mark mark;
};

struct Variant
{
    std::string name;
    std::string description;
    std::vector<Component> components; ///< in file order
    std::vector<Route> routes;
    Mark mark;

    const Component* find(const std::string& name) const;
};

/// One design study: traffic, faults and SLOs once; variants to compare on them.
struct Study
{
    std::string name;
    std::string description;
    std::string headerComment;   ///< comment lines before the first key, kept by the writer
    std::vector<Operation> operations;
    Workload workload;
    std::vector<Fault> faults;
    Slo slo;
    RunSettings run;
    Network network;
    std::vector<Variant> variants;
    std::string path;            ///< the file it was read from, if any

    const Variant* findVariant(const std::string& name) const;
};

std::string_view kindName(ComponentKind kind);
std::vector<std::string> kindNames();
std::string_view policyName(LbPolicy policy);
std::vector<std::string> policyNames();

} // namespace scalelab::scenarios
