#pragma once

#include "models/componentconfig.h"
#include "models/kinds/kind.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace scalelab::models {

// Every field of the study file is described once, here (the component's and
// the call step's) or in scenarios/studyfields.h (the document's sections).
// The reader, the writer, the validator, the JSON Schema, the docs tables and
// the GUI inspector all walk the same descriptions (docs/format.md, "How the
// field tables are made").

/// What a field holds, as the study file writes it (docs/format.md, "Values").
enum class FieldType {
    Integer,      ///< a whole number
    Number,       ///< a finite number
    Duration,     ///< seconds, written with a unit (250ms)
    Fraction,     ///< 0..1, written as a number or a percentage
    Bandwidth,    ///< bytes/s, written with a unit (10Gbps, 500MB/s)
    Bytes,        ///< bytes, written with a unit (2KB)
    Distribution, ///< a random time (lognormal(8ms, cv=0.5))
    Name,         ///< a name: of a component, a zone, a client class
    Text,         ///< free text or a path
    Enum,         ///< one of `choices`
    List,         ///< a list of `item`s, or of maps of a nested part
    Map,          ///< a map: a nested part, or named entries of one
};

/// Bounds of a number (of each item of a list). A fraction is always within 0..1.
struct FieldRange
{
    std::optional<double> min;
    bool minExclusive = false; ///< > min rather than >= min
    std::optional<double> max;
};

constexpr FieldRange atLeast(double min) { return {min, false, std::nullopt}; }
constexpr FieldRange above(double min) { return {min, true, std::nullopt}; }

/// Details of reading and writing beyond the type.
namespace field {
inline constexpr unsigned Required = 1u << 0; ///< a missing key is an error
inline constexpr unsigned Always = 1u << 1;   ///< written even when it holds its default
inline constexpr unsigned Percent = 1u << 2;  ///< a fraction written as a percentage (60%), else as a number
inline constexpr unsigned BitRate = 1u << 3;  ///< a bandwidth written in bits/s (10Gbps), else in bytes/s
inline constexpr unsigned Fitted = 1u << 4;   ///< a collection on one line when it fits in 100 columns
/// A default that moves the results quietly: every output lists it when the
/// study leaves it as it is (cli/assumptions.h).
inline constexpr unsigned Assumption = 1u << 5;
} // namespace field

/// One key of the study file: what it holds and what it means.
struct FieldInfo
{
    std::string_view key;
    FieldType type = FieldType::Number;
    std::string_view help;       ///< one line: docs, schema, inspector tips
    FieldRange range{};
    std::string_view unit{};     ///< of a plain number ("requests/s", "USD per GB"); other types carry theirs
    unsigned kinds = 0;          ///< component and step keys: the kinds it applies to (bit i: ComponentKind i)
    unsigned flags = 0;          ///< field::Required, ...
    std::string_view unset{};    ///< what leaving out a key whose default is no value means ("none (no expiry)")
    std::string_view example{};  ///< a value to suggest ("200ms")
    std::string_view note{};     ///< a required key: why, in the message ("is required (...)"); text: what it holds
    std::string_view fix{};      ///< a hint: for a missing required key (then reported at its map's key), or a bad value
    std::vector<std::string> (*choices)() = nullptr; ///< Enum: the names, in the enum's order
    /// List: the type of its items. Map: unset for a nested part; else its
    /// entries are named ({name: value}) and this is the type of their values.
    std::optional<FieldType> item{};
    std::string_view none{};     ///< a word that clears an optional field whose default is set ("none")
    std::string_view part{};     ///< Map, or List of maps: the nested part's name (filled in by fieldsOf)

    bool has(unsigned flag) const { return (flags & flag) != 0; }
};

/// A part of the document: a map with its own keys ("autoscale", "run").
struct PartInfo
{
    std::string_view name;
    std::string_view help;
    std::string_view example;     ///< "{mtbf: 2h, mttr: 5min}": for "must be a map such as ..."
    bool flow = true;             ///< written as a flow map ({a: 1}), else one key per line
    std::string_view needs{};     ///< set: one error "<part> needs ..." for all its missing required keys
    std::string_view shorthand{}; ///< in a list, a bare value stands for this key's (sizes: [4, 8] are cores)
};

/// A field the part's owner reads and writes by its own code; its key, type
/// and help are still described (docs, schema, known keys).
struct Custom
{
};

/// A map whose keys live in the enclosing struct (network.latency).
template <typename Part> struct Group
{
};

// A part is a type with:
//   using Struct = ...;                 the struct its fields live in
//   static constexpr PartInfo part;
//   template <typename V> static void fields(V&& v);
// fields() calls, in the order the writer writes them,
//   v(info, &Struct::member)            a value,
//   v(info, &Struct::member, SubPart{}) a nested part (Sub, std::optional<Sub>, std::vector<Sub>),
//   v(info, Group<SubPart>{})           a map of the struct's own fields,
//   v(info, Custom{})                   a key the owner handles.

// ---- component kinds -----------------------------------------------------------

constexpr unsigned kindBit(ComponentKind kind) { return 1u << static_cast<unsigned>(kind); }

/// Every kind, those the registry holds now and those it will hold.
inline constexpr unsigned kAllKinds = ~0u;
// A kind's own fields name it; the fields kinds share name a trait of the
// kinds (Kind::hasMachines, Kind::caches, ...), so a new kind takes them by
// declaring the trait.
inline constexpr unsigned kEntry = kindBit(ComponentKind::Entry);
inline constexpr unsigned kLb = kindBit(ComponentKind::LoadBalancer);
inline constexpr unsigned kGateway = kindBit(ComponentKind::ApiGateway);
inline constexpr unsigned kService = kindBit(ComponentKind::Service);
inline constexpr unsigned kModule = kindBit(ComponentKind::Module);
inline constexpr unsigned kQueue = kindBit(ComponentKind::MessageQueue);
inline constexpr unsigned kSql = kindBit(ComponentKind::SqlDatabase);
inline constexpr unsigned kNosql = kindBit(ComponentKind::NosqlStore);

/// The kinds whose module has `trait` (&Kind::hasMachines, &Kind::caches, ...).
unsigned kindsWith(bool (Kind::*trait)() const);

/// The kinds in a mask, in enum order.
std::vector<ComponentKind> kindsIn(unsigned mask);

/// Why `key` does not apply to `kind` where that needs saying ("a sql_database's
/// worker pool is its pool"); empty otherwise. `step`: a route step's key.
std::string_view notApplicableHint(ComponentKind kind, std::string_view key, bool step);

// ---- the parts models describes ------------------------------------------------

struct FailureFields
{
    using Struct = FailurePolicy;
    static constexpr PartInfo part{
        "failures", "Random failures of every instance: exponential up times of mean mtbf, down times of mean mttr.",
        "{mtbf: 2h, mttr: 5min}", true,
        "needs both mtbf and mttr (mean time between failures and to repair, e.g. {mtbf: 2h, mttr: 5min})"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "mtbf", .type = Duration, .help = "mean time between failures (mean up time)", .range = above(0),
           .flags = Required | Always},
          &Struct::mtbf);
        v({.key = "mttr", .type = Duration, .help = "mean time to repair (mean down time)", .range = above(0),
           .flags = Required | Always},
          &Struct::mttr);
    }
};

struct RetryFields
{
    using Struct = RetryPolicy;
    static constexpr PartInfo part{"retries", "Retries of a failed attempt (error, refusal, timeout).",
                                   "{max: 3, backoff: 50ms, multiplier: 2, jitter: full, budget: 10%}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "max", .type = Integer, .help = "retries after the first attempt", .range = atLeast(1),
           .flags = Required | Always, .note = "retries after the first attempt, e.g. max: 3"},
          &Struct::max);
        v({.key = "backoff", .type = Duration, .help = "wait before the first retry"}, &Struct::backoff);
        v({.key = "multiplier", .type = Number, .help = "backoff growth per retry", .range = atLeast(1)},
          &Struct::multiplier);
        v({.key = "jitter", .type = Enum, .help = "randomisation of the backoff", .choices = jitterNames},
          &Struct::jitter);
        v({.key = "budget", .type = Fraction, .help = "retries allowed per first attempt (a token bucket)",
           .unset = "none (unlimited)", .example = "10%"},
          &Struct::budget);
        v({.key = "instance",
           .type = Enum,
           .help = "where a retry goes: another instance than the one that failed, when there is one (other), or "
                   "wherever the caller's policy picks (any)",
           .choices = retryTargetNames},
          &Struct::instance);
    }
};

struct BreakerFields
{
    using Struct = BreakerPolicy;
    static constexpr PartInfo part{"breaker", "A circuit breaker on the calls from the caller component to this one.",
                                   "{failure_rate: 50%, window: 10s, open: 30s}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "failure_rate", .type = Fraction, .help = "opens when failures / calls in the window reach it",
           .range = above(0), .fix = "none turns the failure-rate rule off", .none = "none"},
          &Struct::failureRate);
        v({.key = "window", .type = Duration, .help = "sliding window of the failure rate", .range = above(0)},
          &Struct::window);
        v({.key = "min_calls", .type = Integer, .help = "calls in the window before the rate counts",
           .range = atLeast(1)},
          &Struct::minCalls);
        v({.key = "consecutive", .type = Integer, .help = "opens after this many failures in a row",
           .range = atLeast(1), .unset = "none"},
          &Struct::consecutive);
        v({.key = "open", .type = Duration, .help = "time open before half-open", .range = above(0)},
          &Struct::openFor);
        v({.key = "probes", .type = Integer, .help = "half-open trial calls; all must succeed to close",
           .range = atLeast(1)},
          &Struct::probes);
    }
};

struct BulkheadFields
{
    using Struct = BulkheadPolicy;
    static constexpr PartInfo part{"bulkhead", "A cap on calls outstanding from the caller component to this one.",
                                   "{max: 20, queue: 0}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "max", .type = Integer, .help = "calls outstanding at once", .range = atLeast(1),
           .flags = Required | Always, .note = "concurrent calls allowed, e.g. max: 20"},
          &Struct::max);
        v({.key = "queue", .type = Integer, .help = "calls that may wait for a slot; beyond, refused",
           .range = atLeast(0)},
          &Struct::queue);
    }
};

struct RateLimitFields
{
    using Struct = ComponentConfig::RateLimit;
    static constexpr PartInfo part{"rate_limit", "A token bucket for one client class.",
                                   "{client: mobile, rps: 100, burst: 20}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "client", .type = Name, .help = "the client class (an operation's client)"}, &Struct::clientClass);
        v({.key = "rps", .type = Number, .help = "sustained requests per second", .range = above(0),
           .unit = "requests/s", .flags = Required | Always, .note = "the sustained requests/s allowed"},
          &Struct::rps);
        v({.key = "burst", .type = Number, .help = "bucket size", .range = atLeast(0), .unit = "requests"},
          &Struct::burst);
    }
};

struct InstanceGroupFields
{
    using Struct = InstanceGroup;
    static constexpr PartInfo part{"group",
                                   "Some of the component's instances, with their own cores, speed and price "
                                   "(unset: the component's).",
                                   "{name: old, instances: 2, speed: 0.5}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "name", .type = Name, .help = "the group's name (autoscale.group names it)",
           .flags = Required | Always, .note = "the group's name"},
          &Struct::name);
        v({.key = "instances", .type = Integer, .help = "instances (machines) of the group",
           .range = {.min = 1, .max = 10000}, .flags = Always},
          &Struct::instances);
        v({.key = "cores", .type = Integer, .help = "cores per instance", .range = atLeast(1),
           .unset = "the component's"},
          &Struct::cores);
        v({.key = "speed", .type = Number, .help = "core speed relative to the reference core", .range = above(0),
           .unset = "the component's"},
          &Struct::speed);
        v({.key = "hourly_price", .type = Number, .help = "USD per instance-hour", .range = atLeast(0),
           .unit = "USD per hour", .unset = "the component's, for the group's cores"},
          &Struct::hourlyPrice);
    }
};

struct AutoscaleStepFields
{
    using Struct = AutoscaleConfig::Step;
    static constexpr PartInfo part{"schedule", "A scheduled scaling step: from `at`, new bounds and/or a capacity to set now.",
                                   "{at: 300s, min: 8}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "at", .type = Duration, .help = "when the step applies (from the start)", .flags = Required | Always,
           .note = "when the step applies"},
          &Struct::at);
        v({.key = "min", .type = Integer, .help = "new lower bound (instances; a sql_database: read replicas)",
           .range = atLeast(0), .unset = "unchanged"},
          &Struct::min);
        v({.key = "max", .type = Integer, .help = "new upper bound, at most the autoscale max", .range = atLeast(1),
           .unset = "unchanged"},
          &Struct::max);
        v({.key = "desired", .type = Integer, .help = "capacity to set now, clamped to the bounds",
           .range = atLeast(0), .unset = "unchanged"},
          &Struct::desired);
    }
};

struct HpaPolicyFields
{
    using Struct = HpaPolicy;
    static constexpr PartInfo part{"hpa_policy",
                                   "An HPA scaling policy: at most `pods` instances, or `percent` % of the capacity "
                                   "at the period's start, added (removed) within `period`; one of pods and percent.",
                                   "{pods: 4, period: 15s}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "pods", .type = Integer, .help = "instances added (removed) at most per period; not with percent",
           .range = atLeast(1), .unset = "none"},
          &Struct::pods);
        v({.key = "percent", .type = Number,
           .help = "percent of the capacity at the period's start added (removed) at most per period; not with pods",
           .range = above(0), .unit = "%", .unset = "none"},
          &Struct::percent);
        v({.key = "period", .type = Duration, .help = "the window the change is counted over (periodSeconds)",
           .range = {.min = 0, .minExclusive = true, .max = 1800}},
          &Struct::period);
    }
};

struct HpaRulesFields
{
    using Struct = HpaRules;
    static constexpr PartInfo part{
        "hpa_rules",
        "The HPA's rules for one direction (Kubernetes' behavior.scaleUp / scaleDown): stabilization window, rate "
        "policies and which one applies. Unset: Kubernetes' defaults for the direction.",
        "{stabilization: 300s, policies: [{percent: 100, period: 15s}]}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "stabilization", .type = Duration,
           .help = "window of past recommendations: scaling up takes the lowest, scaling down the highest",
           .range = {.min = 0, .max = 3600}, .unset = "0s up, 300s down"},
          &Struct::stabilization);
        v({.key = "policies", .type = List, .help = "limits on the change per period",
           .unset = "up: 4 pods or 100% per 15s; down: 100% per 15s", .item = Map},
          &Struct::policies, HpaPolicyFields{});
        v({.key = "select", .type = Enum,
           .help = "the policy allowing the largest change (max), the smallest (min), or no scaling (disabled)",
           .choices = hpaSelectNames},
          &Struct::select);
    }
};

struct AutoscaleFields
{
    using Struct = AutoscaleConfig;
    static constexpr PartInfo part{
        "autoscale",
        "Horizontal autoscaling of a service's instances or a sql_database's read replicas: target tracking on CPU "
        "or backlog, cooldowns, provisioning delay, scheduled steps (docs/models.md, Autoscaling).",
        "{target_cpu: 60%, min: 2, max: 10, provision: 90s}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "target_cpu", .type = Fraction, .help = "target busy share of the serving instances' cores; not with target_queue",
           .range = above(0), .flags = Percent, .unset = "none"},
          &Struct::targetCpu);
        v({.key = "target_queue", .type = Number,
           .help = "target waiting requests per serving instance; not with target_cpu", .range = above(0),
           .unit = "requests", .unset = "none"},
          &Struct::targetQueue);
        v({.key = "tolerance", .type = Fraction, .help = "no action while metric / target is within 1 +- tolerance",
           .flags = Percent},
          &Struct::tolerance);
        v({.key = "min", .type = Integer, .help = "fewest instances (a sql_database: read replicas, may be 0)",
           .range = atLeast(0), .flags = Always},
          &Struct::min);
        v({.key = "max", .type = Integer, .help = "most instances: that many machines exist, the spare ones unprovisioned",
           .range = {.min = 1, .max = 10000}, .flags = Required | Always, .note = "the most instances it may launch",
           .fix = "e.g. autoscale: {target_cpu: 60%, min: 2, max: 10}"},
          &Struct::max);
        v({.key = "period", .type = Duration, .help = "time between evaluations", .range = above(0)}, &Struct::period);
        v({.key = "scale_out_cooldown", .type = Duration, .help = "time after a scale-out before the next one"},
          &Struct::scaleOutCooldown);
        v({.key = "scale_in_cooldown", .type = Duration, .help = "time after any scaling before a scale-in"},
          &Struct::scaleInCooldown);
        v({.key = "provision", .type = Duration, .help = "launch (billed) to serving"}, &Struct::provision);
        v({.key = "controller", .type = Enum,
           .help = "how decisions are damped: cooldowns, or Kubernetes' HorizontalPodAutoscaler (hpa: "
                   "stabilization windows and rate policies, scale_up and scale_down)",
           .choices = autoscaleControllerNames},
          &Struct::controller);
        v({.key = "scale_up", .type = Map, .help = "controller hpa: the rules for scaling up (behavior.scaleUp)"},
          &Struct::scaleUp, HpaRulesFields{});
        v({.key = "scale_down", .type = Map, .help = "controller hpa: the rules for scaling down (behavior.scaleDown)"},
          &Struct::scaleDown, HpaRulesFields{});
        v({.key = "schedule", .type = List, .help = "scheduled steps, in time order", .unset = "none",
           .item = Map},
          &Struct::schedule, AutoscaleStepFields{});
        v({.key = "group", .type = Name,
           .help = "with instance groups: the group it launches and retires; min and max bound that group",
           .unset = "the last group"},
          &Struct::group);
    }
};

struct SizeFields
{
    using Struct = VerticalScaleConfig::Size;
    static constexpr PartInfo part{
        "size", "A size of the ladder. A bare number in sizes means that many cores at the component's speed.",
        "{cores: 8, speed: 1.5}", true, {}, "cores"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "cores", .type = Integer, .help = "cores of the size", .range = atLeast(1), .flags = field::Always},
          &Struct::cores);
        v({.key = "speed", .type = Number, .help = "core speed relative to the reference core", .range = above(0)},
          &Struct::speed);
        v({.key = "hourly_price", .type = Number, .help = "USD per hour of this size", .range = atLeast(0),
           .unit = "USD per hour", .unset = "pricing.core_hour x cores"},
          &Struct::hourlyPrice);
    }
};

struct ResizeFields
{
    using Struct = VerticalScaleConfig::Step;
    static constexpr PartInfo part{"resize", "A scheduled resize: at `at`, go to the size with these cores (and speed).",
                                   "{at: 600s, cores: 16}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "at", .type = Duration, .help = "when the resize starts (the new size is launched)",
           .flags = Required | Always, .note = "when the resize starts"},
          &Struct::at);
        v({.key = "cores", .type = Integer, .help = "cores of the size to go to; one of sizes", .range = atLeast(1)},
          Custom{});
        v({.key = "speed", .type = Number, .help = "speed of the size to go to, when two sizes have the same cores",
           .range = above(0)},
          Custom{});
    }
};

struct VerticalFields
{
    using Struct = VerticalScaleConfig;
    static constexpr PartInfo part{
        "vertical",
        "Vertical scaling of a sql_database's primary: a ladder of sizes, target tracking on the primary's CPU, "
        "scheduled resizes; a resize launches the new size, then switches over (docs/models.md, Vertical scaling).",
        "{sizes: [4, 8, 16], target_cpu: 60%, restart: 30s}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        v({.key = "sizes", .type = List,
           .help = "the sizes the primary may take, smallest first (capacity = cores x speed); the component's own "
                   "cores and speed are added if absent",
           .flags = Required, .note = "the sizes the primary may take",
           .fix = "e.g. sizes: [4, 8, 16] (cores), or [{cores: 8, speed: 1.5}]", .item = Map, .part = "size"},
          Custom{});
        v({.key = "target_cpu", .type = Fraction, .help = "target busy share of the primary's cores",
           .range = above(0), .flags = Percent, .unset = "none"},
          &Struct::targetCpu);
        v({.key = "max", .type = Integer, .help = "most cores target tracking may give the primary",
           .range = atLeast(1), .unset = "the largest size"},
          &Struct::maxCores);
        v({.key = "tolerance", .type = Fraction, .help = "no action while metric / target is within 1 +- tolerance",
           .flags = Percent},
          &Struct::tolerance);
        v({.key = "period", .type = Duration, .help = "time between evaluations", .range = above(0)}, &Struct::period);
        v({.key = "scale_up_cooldown", .type = Duration, .help = "time after a resize before a bigger one"},
          &Struct::scaleUpCooldown);
        v({.key = "scale_down_cooldown", .type = Duration, .help = "time after a resize before a smaller one"},
          &Struct::scaleDownCooldown);
        v({.key = "provision", .type = Duration, .help = "launch of the new size (billed from then) to the switch-over"},
          &Struct::provision);
        v({.key = "restart", .type = Duration,
           .help = "length of the switch-over: writes fail (every query without read replicas)"},
          &Struct::restart);
        v({.key = "schedule", .type = List, .help = "scheduled resizes, in time order", .unset = "none", .item = Map,
           .part = "resize"},
          Custom{});
    }
};

/// A component's keys (models::ComponentConfig), in the order the writer writes them.
struct ComponentFields
{
    using Struct = ComponentConfig;
    static constexpr PartInfo part{
        "component", "One box of the canvas. kind decides which keys apply; a key set on a kind it does not apply to is an error.",
        "{kind: service, instances: 2}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace field;
        const unsigned machines = kindsWith(&Kind::hasMachines);
        const unsigned counted = kindsWith(&Kind::countedByInstances);
        const unsigned pools = kindsWith(&Kind::hasWorkerPool);
        const unsigned caching = kindsWith(&Kind::caches);
        const unsigned remote = kindsWith(&Kind::remote);
        v({.key = "kind", .type = Enum, .help = "what the box is; decides which other keys apply", .kinds = kAllKinds,
           .flags = Required | Always, .unset = "required", .choices = kindNames},
          &Struct::kind);
        v({.key = "zones", .type = List,
           .help = "zones the instances are spread over: instance i in zones[i mod n]; for the entry, where the "
                   "clients sit",
           .kinds = machines | kEntry, .unset = "the first zone", .item = Name},
          &Struct::zones);
        v({.key = "instances", .type = Integer, .help = "instances (machines)", .range = {.min = 1, .max = 10000},
           .kinds = counted},
          &Struct::instances);
        v({.key = "groups", .type = List,
           .help = "a mixed fleet: groups of instances with their own cores, speed and price; not with instances",
           .kinds = counted & pools, .unset = "none (instances alike)",
           .example = "[{name: old, instances: 2, speed: 0.5}, {name: new, instances: 2}]", .item = Map},
          &Struct::groups, InstanceGroupFields{});
        v({.key = "cores", .type = Integer, .help = "cores per instance", .range = atLeast(1), .kinds = machines,
           .flags = Assumption},
          &Struct::cores);
        v({.key = "speed", .type = Number, .help = "core speed relative to the reference core (CPU demands are for speed 1)",
           .range = above(0), .kinds = machines},
          &Struct::speed);
        v({.key = "threads", .type = Integer,
           .help = "worker pool per instance: calls served at once; above cores they share the cores",
           .range = atLeast(1), .kinds = pools & ~kSql, .flags = Assumption},
          &Struct::threads);
        v({.key = "backlog", .type = Integer,
           .help = "requests that may wait per instance when every worker is busy; beyond, refused",
           .range = atLeast(0), .kinds = pools, .flags = Assumption},
          &Struct::backlog);
        v({.key = "shed_wait", .type = Duration,
           .help = "load shedding: refuse new work while the oldest waiting request has waited longer",
           .range = above(0), .kinds = pools, .unset = "none (no shedding)", .example = "200ms"},
          &Struct::shedWait);
        v({.key = "policy", .type = Enum, .help = "how the load balancer picks a target instance", .kinds = kLb,
           .choices = policyNames},
          &Struct::policy);
        v({.key = "weights", .type = List, .help = "one weight per target instance; policy weighted only (and required by it)",
           .range = above(0), .kinds = kLb, .unset = "none (weighted only)", .example = "[3, 1]", .item = Number},
          &Struct::weights);
        v({.key = "connection_limit", .type = Integer, .help = "concurrent requests through the load balancer",
           .range = atLeast(1), .kinds = kLb},
          &Struct::connectionLimit);
        v({.key = "overhead", .type = Duration, .help = "delay added per request", .kinds = kLb, .flags = Assumption},
          &Struct::overhead);
        v({.key = "health_check", .type = Enum,
           .help = "active health checks every health_interval, or none (failed calls still eject a backend)",
           .kinds = kLb, .choices = healthCheckNames},
          &Struct::healthCheck);
        v({.key = "health_interval", .type = Duration, .help = "time between health checks", .range = above(0),
           .kinds = kLb},
          &Struct::healthInterval);
        v({.key = "health_offset", .type = Duration,
           .help = "time from the start to the first health check (the checks' phase)", .range = atLeast(0),
           .kinds = kLb, .unset = "random in [0, health_interval), the same for a seed"},
          &Struct::healthOffset);
        v({.key = "unhealthy_threshold", .type = Integer,
           .help = "failed checks (or calls to a down instance) in a row before an instance is ejected",
           .range = atLeast(1), .kinds = kLb | kGateway},
          &Struct::unhealthyThreshold);
        v({.key = "eject_for", .type = Duration,
           .help = "how long failed calls eject an instance; then a live request may try it again",
           .range = above(0), .kinds = kLb | kGateway,
           .unset = "until an active check finds it up (30s with health_check: none; a gateway: until it is up)"},
          &Struct::ejectFor);
        v({.key = "auth_overhead", .type = Duration, .help = "CPU per request for authentication", .kinds = kGateway,
           .flags = Assumption},
          &Struct::authOverhead);
        v({.key = "rate_limits", .type = List, .help = "token buckets per client class; a client no operation uses gets a warning",
           .kinds = kGateway, .unset = "none", .example = "[{client: free, rps: 50}]", .item = Map},
          &Struct::rateLimits, RateLimitFields{});
        v({.key = "host", .type = Name, .help = "the service (of the same variant) this module runs in", .kinds = kModule,
           .unset = "required: a service"},
          &Struct::host);
        v({.key = "hit_ratio", .type = Fraction, .help = "a fixed hit ratio; unset, it emerges from zipf, keys, capacity and ttl",
           .kinds = caching, .unset = "emergent (from zipf, keys, capacity)"},
          &Struct::hitRatio);
        v({.key = "zipf", .type = Number, .help = "key popularity exponent (Zipf)", .range = atLeast(0), .kinds = caching},
          &Struct::zipf);
        v({.key = "keys", .type = Integer, .help = "key space: distinct keys requested", .range = atLeast(1),
           .kinds = caching | kNosql},
          &Struct::keys);
        v({.key = "capacity", .type = Integer, .help = "entries the cache holds (LRU)", .range = atLeast(1),
           .kinds = caching},
          &Struct::capacity);
        v({.key = "ttl", .type = Duration, .help = "time an entry lives", .range = above(0), .kinds = caching,
           .unset = "none (no expiry)", .example = "5min"},
          &Struct::ttl);
        v({.key = "queue_capacity", .type = Integer, .help = "messages the queue holds", .range = atLeast(1),
           .kinds = kQueue},
          &Struct::queueCapacity);
        v({.key = "consumer", .type = Name, .help = "the service (of the same variant) that processes the messages",
           .kinds = kQueue, .unset = "required: a service"},
          &Struct::consumer);
        v({.key = "concurrency", .type = Integer, .help = "consumer workers per consumer instance", .range = atLeast(1),
           .kinds = kQueue},
          &Struct::concurrency);
        v({.key = "max_attempts", .type = Integer, .help = "deliveries before a message goes to the dead letters",
           .range = atLeast(1), .kinds = kQueue},
          &Struct::maxAttempts);
        v({.key = "replicas", .type = Integer, .help = "read replicas", .range = {.min = 0, .max = 10000}, .kinds = kSql},
          &Struct::replicas);
        v({.key = "pool", .type = Integer, .help = "connections per instance: the worker pool of queries",
           .range = atLeast(1), .kinds = kSql},
          &Struct::pool);
        v({.key = "replication_lag", .type = Duration, .help = "delay before a write reaches the replicas", .kinds = kSql},
          &Struct::replicationLag);
        v({.key = "disk_bandwidth", .type = Bandwidth, .help = "disk bandwidth per instance", .range = above(0),
           .kinds = kSql | kNosql},
          &Struct::diskBandwidth);
        v({.key = "shards", .type = Integer, .help = "shards", .range = atLeast(1), .kinds = kNosql}, &Struct::shards);
        v({.key = "replication_factor", .type = Integer, .help = "copies of each shard", .range = atLeast(1),
           .kinds = kNosql},
          &Struct::replicationFactor);
        v({.key = "hot_key_skew", .type = Number, .help = "Zipf exponent of key popularity across shards; 0 is uniform",
           .range = atLeast(0), .kinds = kNosql},
          &Struct::hotKeySkew);
        v({.key = "latency", .type = Distribution, .help = "response time of the whole call, which no machine of the study serves",
           .kinds = remote},
          &Struct::latency);
        v({.key = "error_rate", .type = Fraction, .help = "share of calls that fail", .kinds = remote},
          &Struct::errorRate);
        v({.key = "failures", .type = Map, .help = "random failures of each instance", .kinds = machines,
           .unset = "none", .example = "{mtbf: 2h, mttr: 5min}"},
          &Struct::failures, FailureFields{});
        v({.key = "autoscale", .type = Map,
           .help = "autoscaling: a service's instances, a sql_database's read replicas", .kinds = kService | kSql,
           .unset = "none", .example = "{target_cpu: 60%, min: 2, max: 10, provision: 90s}"},
          &Struct::autoscale, AutoscaleFields{});
        v({.key = "hourly_price", .type = Number, .help = "USD per instance-hour", .range = atLeast(0),
           .kinds = machines, .unset = "pricing.core_hour of the kind x cores"},
          &Struct::hourlyPrice);
        v({.key = "egress_price", .type = Number, .help = "USD per GB of responses served to its callers",
           .range = atLeast(0), .unit = "USD per GB", .kinds = kindsWith(&Kind::billsEgress),
           .unset = "the kind's list price (docs/models.md, Cost)"},
          &Struct::egressPrice);
        v({.key = "vertical", .type = Map, .help = "vertical scaling of the primary (cores, speed)", .kinds = kSql,
           .unset = "none", .example = "{sizes: [4, 8, 16], target_cpu: 60%, restart: 30s}"},
          &Struct::vertical, VerticalFields{});
    }
};

/// A route step's keys (models::CallConfig, and the call tree the document
/// keeps beside it), in the order the writer writes them.
struct CallFields
{
    using Struct = CallConfig;
    static constexpr PartInfo part{
        "step",
        "A call's settings. read, write and disk apply to sql_database and nosql_store steps, miss to cache steps, "
        "cpu to every kind but entry and external.",
        "{cpu: 8ms}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        const unsigned machines = kindsWith(&Kind::hasMachines);
        const unsigned cacheAside = kindsWith(&Kind::caches) & ~kindsWith(&Kind::readsThrough);
        v({.key = "cpu", .type = Distribution, .help = "CPU demand at the target per call (on a reference core)",
           .kinds = machines | kModule, .unset = "none"},
          &Struct::cpu);
        v({.key = "wait",
           .type = Distribution,
           .help = "time per call the target holds its worker without using a core (a lock, I/O or a call not "
                   "drawn), after its cpu",
           .kinds = machines | kModule,
           .unset = "none"},
          &Struct::wait);
        v({.key = "read", .type = Distribution, .help = "a read query's demand", .kinds = kSql | kNosql, .unset = "none"},
          &Struct::read);
        v({.key = "write", .type = Distribution, .help = "a write query's demand", .kinds = kSql | kNosql,
           .unset = "none"},
          &Struct::write);
        v({.key = "disk", .type = Bytes, .help = "bytes from or to disk per query", .kinds = kSql | kNosql},
          &Struct::disk);
        v({.key = "request", .type = Bytes, .help = "payload sent to the target", .kinds = kAllKinds,
           .flags = field::Assumption},
          &Struct::requestBytes);
        v({.key = "response", .type = Bytes, .help = "payload returned", .kinds = kAllKinds, .flags = field::Assumption},
          &Struct::responseBytes);
        v({.key = "probability",
           .type = Fraction,
           .help = "share of the caller's visits that make this call (drawn per visit); 1: every visit",
           .kinds = kAllKinds},
          &Struct::probability);
        v({.key = "timeout", .type = Duration, .help = "the caller gives up on each attempt after it", .range = above(0),
           .kinds = kAllKinds, .unset = "none"},
          &Struct::timeout);
        v({.key = "calls", .type = List, .help = "calls the target makes, in sequence, before the next step of the route",
           .kinds = kAllKinds, .unset = "none", .item = Map, .part = "route_step"},
          Custom{});
        v({.key = "parallel", .type = List, .help = "calls the target makes at once (fan-out); it waits for all",
           .kinds = kAllKinds, .unset = "none", .item = Map, .part = "route_step"},
          Custom{});
        v({.key = "miss", .type = List, .help = "what a cache miss falls through to (made by the caller)",
           .kinds = cacheAside, .unset = "none", .item = Map, .part = "route_step"},
          Custom{});
        v({.key = "then",
           .type = List,
           .help = "a pipeline: stages the request goes on to, one after the other, once the target has released "
                   "its worker; the last answers the caller",
           .kinds = kAllKinds,
           .unset = "none",
           .item = Map,
           .part = "route_step"},
          Custom{});
        v({.key = "retries", .type = Map, .help = "retry a failed attempt (error, refusal, timeout)", .kinds = kAllKinds,
           .unset = "none"},
          &Struct::retries, RetryFields{});
        v({.key = "breaker", .type = Map, .help = "a circuit breaker on caller -> this component", .kinds = kAllKinds,
           .unset = "none"},
          &Struct::breaker, BreakerFields{});
        v({.key = "bulkhead", .type = Map, .help = "a cap on calls outstanding from the caller to this component",
           .kinds = kAllKinds, .unset = "none"},
          &Struct::bulkhead, BulkheadFields{});
    }
};

// ---- reading the descriptions --------------------------------------------------

namespace detail {
struct CollectFields
{
    std::vector<FieldInfo>& out;
    void operator()(const FieldInfo& f, Custom) const { out.push_back(f); }
    template <typename M> void operator()(const FieldInfo& f, M) const { out.push_back(f); }
    template <typename M, typename Sub> void operator()(const FieldInfo& f, M, Sub) const { add(f, Sub::part.name); }
    template <typename Sub> void operator()(const FieldInfo& f, Group<Sub>) const { add(f, Sub::part.name); }
    void add(FieldInfo f, std::string_view part) const
    {
        f.part = part;
        out.push_back(f);
    }
};
} // namespace detail

/// The fields of a part, each with `part` set to its nested part's name.
template <typename Part> std::vector<FieldInfo> fieldsOf()
{
    std::vector<FieldInfo> out;
    Part::fields(detail::CollectFields{out});
    return out;
}

/// The field of a part with this key, or nullopt.
template <typename Part> std::optional<FieldInfo> fieldOf(std::string_view key)
{
    for (const FieldInfo& f : fieldsOf<Part>())
        if (f.key == key)
            return f;
    return std::nullopt;
}

} // namespace scalelab::models
