#pragma once

#include "models/fields.h"
#include "scenarios/study.h"

#include <string_view>
#include <vector>

namespace scalelab::scenarios {

// The document's sections, described once as models/fields.h describes the
// component and the call step: the reader, writer, validator, JSON Schema,
// docs tables and GUI inspector walk these parts.

using models::Custom;
using models::FieldInfo;
using models::FieldType;
using models::Group;
using models::PartInfo;

struct OperationFields
{
    using Struct = Operation;
    static constexpr PartInfo part{"operation",
                                   "A business operation, defined once for all variants. Every variant needs a route for it.",
                                   "{share: 0.75}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "share", .type = Number, .help = "relative weight in the traffic mix; shares need not sum to 1",
           .range = models::above(0), .flags = models::field::Always},
          &Struct::share);
        v({.key = "client", .type = Name, .help = "the client class, matched by an api_gateway's rate_limits"},
          &Struct::clientClass);
        v({.key = "value", .type = Number,
           .help = "revenue per successful request (order value x orders per request); conversion loss counts against it",
           .range = models::atLeast(0), .unit = "USD"},
          &Struct::value);
    }
};

struct RateFields
{
    using Struct = RatePoint;
    static constexpr PartInfo part{
        "rate",
        "A point of the rate profile: from `at` the rate is `rps`; with `ramp` it moves linearly from the previous rate "
        "over `ramp`. Points strictly increase in time; before the first the rate is 0.",
        "{at: 0s, rps: 100}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace models::field;
        v({.key = "at", .type = Duration, .help = "when the rate applies (from the start)", .flags = Required | Always,
           .note = "when the rate applies, e.g. at: 0s"},
          &Struct::at);
        v({.key = "rps", .type = Number, .help = "requests per second", .range = {.min = 0, .max = 1e6},
           .unit = "requests/s", .flags = Required | Always, .note = "requests/s, e.g. rps: 100"},
          &Struct::rps);
        v({.key = "ramp", .type = Duration, .help = "time to move from the previous rate; 0: a step"}, &Struct::ramp);
    }
};

struct SpikeFields
{
    using Struct = Spike;
    static constexpr PartInfo part{"spike", "A temporary multiplication of the rate.", "{at: 300s, for: 60s, factor: 5}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using namespace models::field;
        v({.key = "at", .type = Duration, .help = "when it starts", .flags = Required | Always}, &Struct::at);
        v({.key = "for", .type = Duration, .help = "how long it lasts", .range = models::above(0),
           .flags = Required | Always},
          &Struct::duration);
        v({.key = "factor", .type = Number, .help = "rate multiplier", .range = {.min = 0, .minExclusive = true, .max = 1000},
           .flags = Required | Always},
          &Struct::factor);
        v({.key = "ramp", .type = Duration, .help = "time to reach the factor and to come back"}, &Struct::ramp);
    }
};

struct DiurnalFields
{
    using Struct = Diurnal;
    static constexpr PartInfo part{"diurnal",
                                   "A daily curve: rate x (1 + amplitude cos(2 pi (t - peak_at) / period)).",
                                   "{period: 24h, amplitude: 0.5}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "period", .type = Duration, .help = "period of the curve", .range = models::above(0)},
          &Struct::period);
        v({.key = "amplitude", .type = Fraction, .help = "relative swing around the rate"}, &Struct::amplitude);
        v({.key = "peak_at", .type = Duration, .help = "time of the peak"}, &Struct::peakAt);
    }
};

struct WorkloadFields
{
    using Struct = Workload;
    static constexpr PartInfo part{
        "workload",
        "The traffic: exactly one of rate, replay, replay_timestamps; spikes and a diurnal curve shape a rate or a "
        "replayed rate.",
        "{rate: [{at: 0s, rps: 100}]}", false};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "arrivals", .type = Enum, .help = "how requests arrive at the current rate; not with replay_timestamps",
           .choices = arrivalNames},
          &Struct::arrivals);
        v({.key = "rate", .type = List, .help = "the rate profile, at least one point",
           .flags = models::field::Fitted, .unset = "none (a replay instead)",
           .example = "[{at: 0s, rps: 100}, {at: 5min, rps: 300, ramp: 60s}]",
           .item = Map},
          &Struct::rate, RateFields{});
        v({.key = "spikes", .type = List, .help = "temporary multiplications of the rate; not with replay_timestamps",
           .flags = models::field::Fitted, .unset = "none", .example = "[{at: 120s, for: 300s, factor: 8}]",
           .item = Map},
          &Struct::spikes, SpikeFields{});
        v({.key = "diurnal", .type = Map, .help = "a daily curve on the rate; not with replay_timestamps",
           .unset = "none", .example = "{period: 24h, amplitude: 0.5}"},
          &Struct::diurnal, DiurnalFields{});
        v({.key = "replay", .type = Text, .help = "CSV of time_s,rps rows, a piecewise-constant rate (relative to the study's folder)",
           .unset = "none", .note = "a CSV file of time_s,rps rows"},
          &Struct::replay);
        v({.key = "replay_timestamps", .type = Text,
           .help = "CSV of request timestamps, replayed exactly (relative to the study's folder)", .unset = "none",
           .note = "a CSV file of request timestamps"},
          &Struct::replayTimestamps);
    }
};

struct SloFields
{
    using Struct = Slo;
    static constexpr PartInfo part{"slo", "Service level objectives the runs are judged against.",
                                   "{p99: 400ms, availability: 99.9%}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "p99", .type = Duration, .help = "99th percentile latency target", .range = models::above(0),
           .unset = "none"},
          &Struct::p99);
        v({.key = "availability", .type = Fraction, .help = "share of successful requests",
           .flags = models::field::Percent, .unset = "none"},
          &Struct::availability);
    }
};

struct PrecisionFields
{
    using Struct = PrecisionTarget;
    static constexpr PartInfo part{
        "until",
        "Stopping on precision: replications are added one round at a time until the metric's 95% interval is "
        "within half_width of its mean (in every variant, at every sweep point), or max.",
        "{metric: p99, half_width: 2%, min: 3, max: 50}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "metric", .type = Text,
           .help = "the figure to know well: a key of the compare table (p99, mean, availability, browse.p99, ...)"},
          &Struct::metric);
        v({.key = "half_width", .type = Fraction,
           .help = "the target: the interval's half-width relative to the mean", .range = models::above(0),
           .flags = models::field::Percent},
          &Struct::halfWidth);
        v({.key = "min", .type = Integer, .help = "replications before the target is first checked",
           .range = {.min = 2, .max = 100000}},
          &Struct::min);
        v({.key = "max", .type = Integer, .help = "replications at most", .range = {.min = 2, .max = 100000}},
          &Struct::max);
    }
};

struct RunFields
{
    using Struct = RunSettings;
    static constexpr PartInfo part{"run", "How the simulation runs.", "{duration: 600s, warmup: 60s}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "duration", .type = Duration, .help = "simulated time", .range = models::above(0)}, &Struct::duration);
        v({.key = "warmup", .type = Duration, .help = "left out of the statistics; shorter than duration",
           .flags = models::field::Assumption},
          &Struct::warmup);
        v({.key = "seed", .type = Integer, .help = "random seed: same study and seed give identical results",
           .range = models::atLeast(0)},
          &Struct::seed);
        v({.key = "replications", .type = Integer, .help = "independent replications (confidence intervals)",
           .range = {.min = 1, .max = 100000}},
          &Struct::replications);
        v({.key = "until", .type = Map,
           .help = "replications until a figure's 95% interval is narrow enough (replaces replications)",
           .unset = "none: run.replications", .example = "{metric: p99, half_width: 2%, min: 3, max: 50}"},
          &Struct::until, PrecisionFields{});
        v({.key = "bin", .type = Duration, .help = "time-series bin, at most duration", .range = models::above(0)},
          &Struct::bin);
    }
};

struct ZoneFields
{
    using Struct = Zone;
    static constexpr PartInfo part{"zone", "A zone.", "{region: eu}"};
    template <typename V> static void fields(V&& v)
    {
        v({.key = "region", .type = FieldType::Name, .help = "the region the zone is in"}, &Struct::region);
    }
};

struct LatencyFields
{
    using Struct = Network;
    static constexpr PartInfo part{"latency", "Network latency by distance.", "{zone: 200us, cross_zone: 1ms}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using models::field::Assumption;
        v({.key = "zone", .type = Duration, .help = "within a zone", .flags = Assumption}, &Struct::zoneLatency);
        v({.key = "cross_zone", .type = Duration, .help = "between zones of a region", .flags = Assumption},
          &Struct::crossZoneLatency);
        v({.key = "cross_region", .type = Duration, .help = "between regions", .flags = Assumption},
          &Struct::crossRegionLatency);
    }
};

struct BandwidthFields
{
    using Struct = Network;
    static constexpr PartInfo part{"bandwidth", "Network bandwidth by distance.", "{zone: 10Gbps, cross_zone: 5Gbps}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using models::field::BitRate;
        v({.key = "zone", .type = Bandwidth, .help = "within a zone", .range = models::above(0),
           .flags = BitRate | models::field::Assumption},
          &Struct::zoneBandwidth);
        v({.key = "cross_zone", .type = Bandwidth, .help = "between zones of a region", .range = models::above(0),
           .flags = BitRate},
          &Struct::crossZoneBandwidth);
        v({.key = "cross_region", .type = Bandwidth, .help = "between regions", .range = models::above(0),
           .flags = BitRate},
          &Struct::crossRegionBandwidth);
    }
};

struct NetworkFields
{
    using Struct = Network;
    static constexpr PartInfo part{"network", "Zones, regions and the latency and bandwidth between them.",
                                   "{zones: {eu-1a: {region: eu}}}", false};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "zones", .type = Map,
           .help = "zones by name; when declared, components' zones and zone outages must name them",
           .flags = models::field::Fitted, .unset = "one zone, default", .example = "{eu-1a: {region: eu}}",
           .item = Map},
          &Struct::zones, ZoneFields{});
        v({.key = "latency", .type = Map, .help = "latency within a zone, between zones, between regions"},
          Group<LatencyFields>{});
        v({.key = "bandwidth", .type = Map, .help = "bandwidth within a zone, between zones, between regions"},
          Group<BandwidthFields>{});
    }
};

struct PricingFields
{
    using Struct = Pricing;
    static constexpr PartInfo part{
        "pricing", "What machines and cross-zone traffic cost, in USD (docs/models.md, Cost).",
        "{core_hour: {service: 0.048}, cross_zone: 0.02}", false};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "core_hour", .type = Map,
           .help = "USD per core-hour by component kind (kinds with machines); unnamed kinds keep their default",
           .range = models::atLeast(0), .example = "{service: 0.048, sql_database: 0.12}", .item = Number},
          Custom{});
        v({.key = "cross_zone", .type = Number, .help = "USD per GB between zones of a region",
           .range = models::atLeast(0), .unit = "USD per GB"},
          &Struct::crossZoneGb);
        v({.key = "cross_region", .type = Number, .help = "USD per GB between regions", .range = models::atLeast(0),
           .unit = "USD per GB"},
          &Struct::crossRegionGb);
    }
};

struct BusinessFields
{
    using Struct = Business;
    static constexpr PartInfo part{"business",
                                   "The money at stake: downtime and conversion lost to latency (docs/models.md, Business impact).",
                                   "{downtime_cost: 5600, conversion_loss: 20%}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "downtime_cost", .type = Number, .help = "USD per minute of downtime", .range = models::atLeast(0),
           .unit = "USD per minute"},
          &Struct::downtimeCost);
        v({.key = "conversion_loss", .type = Fraction,
           .help = "share of an order's value lost per second of latency above the baseline",
           .flags = models::field::Percent},
          &Struct::conversionLoss);
        v({.key = "baseline_latency", .type = Duration,
           .help = "latency without conversion loss; without it and without a p99 SLO, no conversion loss",
           .range = models::above(0), .unset = "slo.p99"},
          &Struct::baselineLatency);
    }
};

struct SweepParameterFields
{
    using Struct = SweepParameter;
    static constexpr PartInfo part{
        "parameter",
        "One swept parameter: the paths it sets (as --set PATH=VALUE) and its values: a list, a range by step or by "
        "points, or a log range (points with spacing: log).",
        "{set: [variants.v1.components.app.instances], from: 2, to: 16, step: 2}"};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "name", .type = Name, .help = "the results' column", .unset = "the first path"}, &Struct::name);
        v({.key = "set", .type = List,
           .help = "the paths it sets, all to the same value (list items by index: workload.rate.0.rps)",
           .flags = models::field::Required, .example = "[variants.v1.components.app.instances]", .item = Text},
          &Struct::set);
        v({.key = "values", .type = List, .help = "the values, as written in the study (2, 250ms, least_connections)",
           .unset = "the range", .example = "[2, 4, 8]", .item = Text},
          &Struct::values);
        v({.key = "from", .type = Number, .help = "range start", .unset = "none"}, &Struct::from);
        v({.key = "to", .type = Number, .help = "range end", .unset = "none"}, &Struct::to);
        v({.key = "step", .type = Number, .help = "linear range: the step from `from` up to `to`",
           .range = models::above(0), .unset = "none"},
          &Struct::step);
        v({.key = "points", .type = Integer, .help = "range of this many points, `from` and `to` included",
           .range = {.min = 2, .max = 100000}, .unset = "none"},
          &Struct::points);
        v({.key = "spacing", .type = Enum, .help = "a range by points: linear, or log (geometric, from > 0)",
           .choices = sweepSpacingNames},
          &Struct::spacing);
        v({.key = "unit", .type = Text, .help = "appended to each range value (ms, s, %)"}, &Struct::unit);
    }
};

struct SweepFields
{
    using Struct = Sweep;
    static constexpr PartInfo part{
        "sweep",
        "A parameter sweep for `scalelab-cli sweep` (docs/sweeps.md): points from the parameters, every variant "
        "at each point; other commands ignore it.",
        "{parameters: [{set: [run.seed], values: [1, 2]}]}", false};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "parameters", .type = List, .help = "the swept parameters, at least one",
           .flags = models::field::Required, .fix = "e.g. parameters: [{set: [run.seed], values: [1, 2]}]",
           .item = Map},
          &Struct::parameters, SweepParameterFields{});
        v({.key = "combine", .type = Enum,
           .help = "grid: every combination of the values; zip: the i-th value of each (equal lengths)",
           .choices = sweepCombineNames},
          &Struct::combine);
        v({.key = "metrics", .type = List, .help = "figures collected (keys of the compare table)",
           .example = "[p99, cost_per_million, browse.p99]", .item = Text},
          &Struct::metrics);
    }
};

struct VariantFields
{
    using Struct = Variant;
    static constexpr PartInfo part{"variant", "One design to compare.",
                                   "{components: {app: {kind: service}}, routes: {browse: [app]}}", false};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        v({.key = "description", .type = Text, .help = "free text"}, &Struct::description);
        v({.key = "roles", .type = Map,
           .help = "the components that play each of the study's roles (a component or a list); a role left out is "
                   "played by the component of its name",
           .example = "{storefront: [app], orders-db: db}", .item = List},
          Custom{});
        v({.key = "components", .type = Map, .help = "components by name, at least one, in the order of the canvas",
           .flags = models::field::Required, .fix = "e.g. components: {app: {kind: service}}", .item = Map,
           .part = "component"},
          Custom{});
        v({.key = "routes", .type = Map, .help = "a route (call chain) for every operation", .item = List,
           .part = "route"},
          Custom{});
        v({.key = "layout", .type = Map,
           .help = "canvas positions [x, y] of components by name (written by the GUI; no effect on runs)",
           .item = List},
          Custom{});
    }
};

/// The top level of the study file.
struct StudyFields
{
    using Struct = Study;
    static constexpr PartInfo part{
        "study",
        "One design study: the traffic, faults and SLOs once, and named variants (designs) to compare on them.",
        "{name: shop, operations: {...}, workload: {...}, variants: {...}}", false};
    template <typename V> static void fields(V&& v)
    {
        using enum FieldType;
        using models::field::Required;
        v({.key = "name", .type = Text, .help = "the study's name"}, &Struct::name);
        v({.key = "description", .type = Text, .help = "free text"}, &Struct::description);
        v({.key = "operations", .type = Map, .help = "the business operations by name, at least one",
           .flags = Required, .example = "{browse: {share: 0.7}, checkout: {share: 0.3}}", .fix = "e.g. operations: {browse: {share: 1}}", .item = Map, .part = "operation"},
          Custom{});
        v({.key = "workload", .type = Map, .help = "the traffic", .flags = Required,
           .fix = "e.g. workload: {rate: [{at: 0s, rps: 100}]}"},
          &Struct::workload, WorkloadFields{});
        v({.key = "roles", .type = Map,
           .help = "the parts of the design that faults name, with what each is for; each variant says which of its "
                   "components play them",
           .example = "{storefront: serves the pages, orders-db: the orders' database}", .item = Text},
          Custom{});
        v({.key = "faults", .type = List, .help = "timed faults", .item = Map, .part = "fault"}, Custom{});
        v({.key = "parity_tolerance", .type = Fraction,
           .help = "how far a fault's share of its role's capacity may differ between variants before a warning "
                   "(percentage points)",
           .flags = models::field::Percent},
          &Struct::parityTolerance);
        v({.key = "slo", .type = Map, .help = "targets the runs are judged against"}, &Struct::slo, SloFields{});
        v({.key = "run", .type = Map, .help = "duration, warm-up, seed, replications, bin"}, &Struct::run, RunFields{});
        v({.key = "network", .type = Map, .help = "zones, regions, latency and bandwidth"}, &Struct::network,
          NetworkFields{});
        v({.key = "variants", .type = Map, .help = "the designs by name, at least one", .flags = Required,
           .fix = "e.g. variants: {v1: {components: {app: {kind: service}}, routes: {browse: [app]}}}",
           .item = Map, .part = "variant"},
          Custom{});
        v({.key = "pricing", .type = Map, .help = "what machines and traffic cost"}, &Struct::pricing, PricingFields{});
        v({.key = "business", .type = Map, .help = "the money downtime and latency cost"}, &Struct::business,
          BusinessFields{});
        v({.key = "sweep", .type = Map, .help = "a parameter sweep (scalelab-cli sweep)", .unset = "none"},
          &Struct::sweep, SweepFields{});
    }
};

/// Calls f(Part{}) for every part of the document, the top level first.
template <typename F> void forEachPart(F&& f)
{
    f(StudyFields{});
    f(OperationFields{});
    f(WorkloadFields{});
    f(RateFields{});
    f(SpikeFields{});
    f(DiurnalFields{});
    f(SloFields{});
    f(RunFields{});
    f(PrecisionFields{});
    f(NetworkFields{});
    f(ZoneFields{});
    f(LatencyFields{});
    f(BandwidthFields{});
    f(PricingFields{});
    f(BusinessFields{});
    f(SweepFields{});
    f(SweepParameterFields{});
    f(VariantFields{});
    f(models::ComponentFields{});
    f(models::RateLimitFields{});
    f(models::InstanceGroupFields{});
    f(models::FailureFields{});
    f(models::AutoscaleFields{});
    f(models::AutoscaleStepFields{});
    f(models::HpaRulesFields{});
    f(models::HpaPolicyFields{});
    f(models::VerticalFields{});
    f(models::SizeFields{});
    f(models::ResizeFields{});
    f(models::CallFields{});
    f(models::RetryFields{});
    f(models::BreakerFields{});
    f(models::BulkheadFields{});
}

/// A part of the document with its fields, for the schema, the docs and editors.
struct PartFields
{
    PartInfo info;
    std::vector<FieldInfo> fields;
};

/// Every part of the study file that has keys: study, operation, workload,
/// rate, ..., component, step, retries, ... (the faults' keys come from the
/// reader's fault section).
const std::vector<PartFields>& studyParts();

/// The part named `name`, or null.
const PartFields* findPart(std::string_view name);

} // namespace scalelab::scenarios
