#pragma once

#include "models/componentconfig.h"
#include "models/pricing.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::scenarios {

/// Where a value came from in the study file (1-based; 0 when built in code).
struct Mark
{
    int line = 0;
    int column = 0;
};

/// Where one key of a struct was written, and its value's text as written
/// (what a diagnostic quotes as "got ..."). The reader records one for every
/// key it meets, even when the value is not readable.
struct KeyMark
{
    Mark key;
    Mark value;
    std::string text;
};

/// The keys a struct was read from, by their path below it ("autoscale.max",
/// "weights[1]", "latency.zone"); empty for a struct built in code.
using KeyMarks = std::map<std::string, KeyMark, std::less<>>;

/// A business operation, defined once for all variants.
struct Operation
{
    std::string name;
    double share = 1.0;          ///< relative weight in the mix, > 0
    std::string clientClass = "default"; ///< for per-class rate limits at a gateway
    double value = 0.0;          ///< USD of revenue per successful request (conversion loss), >= 0
    Mark mark;
    KeyMarks keyMarks;
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
    KeyMarks keyMarks;
};

/// A temporary multiplication of the rate (a marketing spike).
struct Spike
{
    double at = 0.0;       ///< s
    double duration = 0.0; ///< s ("for")
    double factor = 1.0;   ///< rate multiplier, > 0
    double ramp = 0.0;     ///< s to reach the factor and to come back
    Mark mark;
    KeyMarks keyMarks;
};

/// A daily curve: rate x (1 + amplitude cos(2 pi (t - peakAt) / period)).
struct Diurnal
{
    double period = 86400.0; ///< s
    double amplitude = 0.0;  ///< 0..1
    double peakAt = 0.0;     ///< s
    Mark mark;
    KeyMarks keyMarks;
};

enum class ArrivalKind { Poisson, Deterministic };

/// The names of the arrival kinds, in the enum's order ("poisson", "deterministic").
std::vector<std::string> arrivalNames();

struct Workload
{
    ArrivalKind arrivals = ArrivalKind::Poisson;
    std::vector<RatePoint> rate;        ///< empty when replaying a trace
    std::vector<Spike> spikes;
    std::optional<Diurnal> diurnal;
    std::string replay;                 ///< CSV of time_s,rps (path as written, relative to the study)
    std::string replayTimestamps;       ///< CSV of request timestamps
    Mark mark;
    KeyMarks keyMarks;
};

/// A timed fault: one action of a fault type at `at` (docs/format.md,
/// "faults"). The type (scenarios/faulttype.h) says what the target is and
/// which settings apply.
struct Fault
{
    std::string type = "kill"; ///< the action's key: kill, zone_outage, slow, errors, partition, ...
    double at = 0.0;           ///< s
    std::string target;        ///< a component or a zone, as the type says
    std::string peer;          ///< the other name of a pair (partition: a zone)
    bool zonePair = false;     ///< a pair that may be components or zones (FaultTarget::Pair) names zones
    /// The type's settings as set, by key: "for" (s), "instances", "restart" (s),
    /// "add" (s), "factor", "rate" (0..1), "promotion" (s). A missing one
    /// takes its default (FaultSetting::byDefault).
    std::map<std::string, double, std::less<>> settings;
    Mark mark;
    KeyMarks keyMarks; ///< where `at`, the action and each setting were written

    /// The setting `key`: as set, else the type's default; nullopt when
    /// neither (a kill's restart: never).
    std::optional<double> setting(std::string_view key) const;
    /// setting(key), or 0 when it has no value.
    double value(std::string_view key) const { return setting(key).value_or(0.0); }
};

struct Slo
{
    std::optional<double> p99;          ///< s
    std::optional<double> availability; ///< fraction of successful requests, 0..1
    Mark mark;
    KeyMarks keyMarks;
};

/// What machines and cross-zone traffic cost (models::Pricing holds the
/// fields and their defaults), and where it was written.
struct Pricing : models::Pricing
{
    Mark mark;
    KeyMarks keyMarks;
};

/// The money a run puts at stake: downtime and conversion lost to latency.
struct Business
{
    double downtimeCost = 5600.0;   ///< USD per minute of downtime
    double conversionLoss = 0.2;    ///< share of an order's value lost per second above the baseline, 0..1
    std::optional<double> baselineLatency; ///< s; unset: the SLO's p99 (no conversion loss without either)
    Mark mark;
    KeyMarks keyMarks;
};

struct RunSettings
{
    double duration = 600.0;  ///< s
    double warmup = 60.0;     ///< s
    std::uint64_t seed = 1;
    int replications = 1;
    double bin = 1.0;         ///< s per time-series bin
    Mark mark;
    KeyMarks keyMarks;
};

struct Zone
{
    std::string name;
    std::string region = "default";
    Mark mark;
    KeyMarks keyMarks;
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
    KeyMarks keyMarks;
};

// The document reuses the runtime's types: the kinds and their names are
// defined once in models/kinds/registry.h, the policies in
// models/componentconfig.h; do not redefine them here. Component and Call add only where they were written (and a Call's
// children) to models::ComponentConfig / models::CallConfig.
using ComponentKind = models::ComponentKind;
using LbPolicy = models::LbPolicy;
using models::kindName;
using models::kindNames;
using models::policyName;
using models::policyNames;

/// One box on the canvas: its behaviour's parameters (models::ComponentConfig,
/// where each field is documented) and where it was written. The reader
/// rejects a field set on a kind it does not apply to.
struct Component : models::ComponentConfig
{
    Mark mark;
    KeyMarks keyMarks;
};

/// One step of an operation's call tree: a call to a component, its demands,
/// and the calls it makes in turn.
struct Call : models::CallConfig
{
    std::vector<Call> calls;       ///< downstream calls, in sequence
    std::vector<Call> parallel;    ///< downstream calls at once (fan-out, wait for all)
    std::vector<Call> miss;        ///< caches: what a miss falls through to (made by the caller)
    Mark mark;
    KeyMarks keyMarks;
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
    std::size_t length = 0; ///< steps of the list as written (the last may make calls of its own); 0 when built in code
};

/// Where a component sits on the GUI's canvas (scene units: the box's centre).
struct Position
{
    std::string component;
    double x = 0.0;
    double y = 0.0;
    Mark mark;
};

struct Variant
{
    std::string name;
    std::string description;
    std::vector<Component> components; ///< in file order
    std::vector<Route> routes;
    std::vector<Position> layout;      ///< canvas positions (`layout:`), may omit components; no effect on runs
    Mark mark;
    KeyMarks keyMarks;

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
    Pricing pricing;
    Business business;
    std::vector<Variant> variants;
    std::string path;            ///< the file it was read from, if any

    const Variant* findVariant(const std::string& name) const;
};

} // namespace scalelab::scenarios
