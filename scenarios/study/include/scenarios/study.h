#pragma once

#include "models/componentconfig.h"
#include "models/pricing.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
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
    std::string target;        ///< a role, a zone or a component, as the type says (scenarios/parity.h resolves it)
    std::string peer;          ///< the other name of a pair (partition: a zone)
    bool zonePair = false;     ///< a pair that may be components or zones (FaultTarget::Pair) names zones
    /// The type's settings as set, by key: "for" (s), "instances", "restart" (s),
    /// "add" (s), "factor", "rate" (0..1), "promotion" (s). A missing one
    /// takes its default (FaultSetting::byDefault).
    std::map<std::string, double, std::less<>> settings;
    /// The settings written as a share of the target's instances (instances:
    /// 25%): their value is a fraction 0..1, not a count.
    std::set<std::string, std::less<>> shares;
    /// The variants the fault is for (`only:`); empty: every variant.
    std::vector<std::string> only;
    Mark mark;
    KeyMarks keyMarks; ///< "at", the action, its settings, "only" (items: "only[1]", "partition[0]")

    /// Whether the fault is for `variant` (only: names it, or is empty).
    bool appliesTo(std::string_view variant) const;

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

/// Replications added one round at a time until a figure is known well
/// enough: its 95% interval's half-width within `halfWidth` of its mean.
struct PrecisionTarget
{
    std::string metric = "p99"; ///< a figure of the compare table (cli::VariantSummary::find)
    double halfWidth = 0.05;    ///< relative to the mean, 0..1
    int min = 3;                ///< replications before the rule is first checked
    int max = 50;               ///< replications at most, whatever the precision
    Mark mark;
    KeyMarks keyMarks;
};

struct RunSettings
{
    double duration = 600.0;  ///< s
    double warmup = 60.0;     ///< s
    std::uint64_t seed = 1;
    int replications = 1;
    std::optional<PrecisionTarget> until; ///< set: replications grow until the target, `replications` ignored
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
    std::vector<Call> then;        ///< pipeline stages once the target has released its worker
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

/// A role of the comparison (`roles:`): a part of the design that faults
/// name (the storefront, the orders database), which each variant plays with
/// components of its own.
struct Role
{
    std::string name;
    std::string description; ///< free text
    Mark mark;
};

/// Which components of a variant play a role (a variant's `roles:` entry).
struct RoleMapping
{
    std::string role;
    std::vector<std::string> components; ///< at least one, in the order written
    Mark mark;                           ///< the role's key
    std::vector<Mark> componentMarks;    ///< per component, where written (empty when built in code)
};

struct Variant
{
    std::string name;
    std::string description;
    std::vector<RoleMapping> roles;    ///< explicit mappings; a role left out is played by the component of its name
    std::vector<Component> components; ///< in file order
    std::vector<Route> routes;
    std::vector<Position> layout;      ///< canvas positions (`layout:`), may omit components; no effect on runs
    Mark mark;
    KeyMarks keyMarks;

    const Component* find(const std::string& name) const;
    /// The explicit mapping of `role`, or nullptr.
    const RoleMapping* findRole(std::string_view role) const;
};

/// One design study: traffic, faults and SLOs once; variants to compare on them.
enum class SweepSpacing { Linear, Log };

/// The names of the spacings of a range, in the enum's order ("linear", "log").
std::vector<std::string> sweepSpacingNames();

/// One swept parameter: values put at one or more paths of the study, as
/// `--set PATH=VALUE` would (scenarios/studyreader.h, Override). The values
/// are a list, or a range: linear by `step` or by `points`, geometric with spacing log.
struct SweepParameter
{
    std::string name;                ///< the results' column; empty: the first path
    std::vector<std::string> set;    ///< the paths it sets, at least one (all to the same value)
    std::vector<std::string> values; ///< the values as YAML text; empty: the range
    std::optional<double> from;      ///< range start
    std::optional<double> to;        ///< range end (included when a step lands on it)
    std::optional<double> step;      ///< linear range: from, from + step, ... up to `to`
    std::optional<int> points;       ///< range of this many points, `to` included
    SweepSpacing spacing = SweepSpacing::Linear; ///< with points: Log is geometric from..to (from > 0)
    std::string unit;                ///< appended to each range value ("ms", "s")
    Mark mark;
    KeyMarks keyMarks;

    /// The results' column name.
    std::string column() const { return name.empty() && !set.empty() ? set.front() : name; }
};

enum class SweepCombine { Grid, Zip };

/// The names of the ways to combine parameters, in the enum's order ("grid", "zip").
std::vector<std::string> sweepCombineNames();

/// A parameter sweep (docs/sweeps.md): the points are the parameters' values
/// combined as a grid (every combination) or zipped (i-th with i-th); each point
/// runs every variant for the study's replications.
struct Sweep
{
    std::vector<SweepParameter> parameters;
    SweepCombine combine = SweepCombine::Grid;
    /// Figures collected per point, variant and replication (keys of the
    /// compare table: p99, mean, availability, throughput, cost_per_million,
    /// OPERATION.p99, COMPONENT.utilization, ...).
    std::vector<std::string> metrics{"throughput", "mean", "p99", "availability", "cost_per_million"};
    Mark mark;
    KeyMarks keyMarks;
};

struct Study
{
    std::string name;
    std::string description;
    std::string headerComment;   ///< comment lines before the first key, kept by the writer
    std::vector<Operation> operations;
    std::vector<Role> roles;     ///< what faults name across variants (scenarios/parity.h)
    Workload workload;
    std::vector<Fault> faults;
    double parityTolerance = 0.10; ///< a fault's share of its role may differ this much across variants (0..1) before a warning
    Slo slo;
    RunSettings run;
    Network network;
    Pricing pricing;
    Business business;
    std::vector<Variant> variants;
    std::optional<Sweep> sweep;  ///< set: `scalelab-cli sweep` expands it; every other command ignores it
    std::string path;            ///< the file it was read from, if any

    const Variant* findVariant(const std::string& name) const;
    const Role* findRole(std::string_view name) const;
};

} // namespace scalelab::scenarios
