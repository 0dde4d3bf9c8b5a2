#include "cli/variantsummary.h"

#include "simcore/histogram.h"

#include "models/system.h"
#include "scenarios/faulttype.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace scalelab::cli {

namespace {

double ratio(std::uint64_t a, std::uint64_t b) { return b ? double(a) / double(b) : 0.0; }

Figure makeFigure(std::string key, std::string label, Unit unit, std::vector<double> values)
{
    Figure f;
    f.key = std::move(key);
    f.label = std::move(label);
    f.unit = unit;
    f.values = std::move(values);
    f.interval = sim::studentInterval(f.values);
    return f;
}

/// A latency percentile: the same figure, its interval widened to its resolution.
Figure makePercentile(std::string key, std::string label, std::vector<double> values)
{
    Figure f = makeFigure(std::move(key), std::move(label), Unit::Seconds, std::move(values));
    f.resolution = sim::LatencyHistogram::bucketWidthSeconds(f.interval.mean);
    f.interval = withResolution(f.interval, f.resolution);
    return f;
}

template <typename Get> std::vector<double> perRun(const std::vector<scenarios::VariantRun>& runs, Get get)
{
    std::vector<double> v;
    v.reserve(runs.size());
    for (const auto& r : runs)
        v.push_back(get(r.summary));
    return v;
}

Unit gaugeUnit(const std::string& gauge)
{
    // A gauge of one part of a component ("hit_ratio.eu") has its figure's unit.
    const std::string name = gauge.substr(0, gauge.find('.'));
    if (name == "hit_ratio" || name == "cpu_share")
        return Unit::Load;
    if (name == "oldest_age")
        return Unit::Seconds;
    if (name.ends_with("_bytes"))
        return Unit::Bytes;
    return Unit::Count;
}

/// Fault `index`'s recovery over the replications; the note tells what the
/// times alone do not (docs/models.md, "Resilience metrics").
Figure recoveryFigure(std::size_t index, const std::vector<scenarios::VariantRun>& runs)
{
    using Status = scenarios::Recovery::Status;
    std::vector<double> values;
    std::size_t counts[4] = {};
    std::string reason;
    for (const auto& r : runs) {
        const scenarios::Recovery rec = index < r.recoveries.size() ? r.recoveries[index] : scenarios::Recovery{};
        ++counts[std::size_t(rec.status)];
        if (rec.status == Status::NotApplied) {
            if (reason.empty())
                reason = rec.reason;
            continue;
        }
        values.push_back(rec.seconds);
    }
    const std::size_t n = runs.size();
    auto share = [n](std::size_t k, const std::string& what) {
        return k == n ? what : what + " in " + std::to_string(k) + " of " + std::to_string(n);
    };
    const std::size_t notApplied = counts[std::size_t(Status::NotApplied)];
    const std::size_t notRecovered = counts[std::size_t(Status::NotRecovered)];
    std::vector<std::string> notes;
    if (notApplied)
        notes.push_back(share(notApplied, "n/a (" + reason + ")"));
    if (notRecovered)
        notes.push_back(share(notRecovered, "not recovered by end"));
    if (counts[std::size_t(Status::NoImpact)] == n)
        notes.push_back("no impact");
    Figure f = makeFigure("recovery_time." + std::to_string(index + 1), "", Unit::Span, std::move(values));
    for (const std::string& note : notes)
        f.note += (f.note.empty() ? "" : "; ") + note;
    return f;
}

/// Retry amplification, time within the SLO, error-budget burn and the time
/// to recover after each fault (docs/models.md, "Resilience metrics").
void addResilienceFigures(const scenarios::Study& study, const std::vector<scenarios::VariantRun>& runs,
                          std::vector<Figure>& figures)
{
    using sim::MetricFrame;
    figures.push_back(makeFigure("retry_amplification", "retry amplification", Unit::Count,
                                 perRun(runs, [](const MetricFrame& f) {
                                     // calls made / calls a run without retries would make
                                     return f.attempts > f.retries ? double(f.attempts) / double(f.attempts - f.retries)
                                                                   : 1.0;
                                 })));
    if (study.slo.p99 || study.slo.availability) {
        std::vector<double> inSlo;
        for (const auto& r : runs)
            inSlo.push_back(r.timeInSlo);
        figures.push_back(makeFigure("time_in_slo", "time within SLO", Unit::Ratio, std::move(inSlo)));
    }
    if (study.slo.availability && *study.slo.availability < 1.0) {
        const double budget = 1.0 - *study.slo.availability;
        figures.push_back(makeFigure("error_budget_burn", "error budget burn", Unit::Count,
                                     perRun(runs, [budget](const MetricFrame& f) {
                                         const std::uint64_t ended = f.completions + f.errors + f.rejections;
                                         return ended ? double(f.errors + f.rejections) / double(ended) / budget : 0.0;
                                     })));
    }
    for (std::size_t i = 0; i < study.faults.size(); ++i) {
        const scenarios::Fault& fault = study.faults[i];
        figures.push_back(recoveryFigure(i, runs));
        figures.back().label =
            "recovery after fault " + std::to_string(i + 1) + " (" + scenarios::faultLabel(fault) + ")";
    }
}

/// Per-connection calls, retry amplification, failed and short-circuited
/// calls (docs/models.md, "Traffic per connection").
std::vector<ConnectionFigures> connectionFigures(const std::vector<scenarios::VariantRun>& runs)
{
    using sim::ConnectionMetrics;
    using sim::MetricFrame;
    std::vector<ConnectionFigures> out;
    const std::vector<ConnectionMetrics>& list = runs.front().summary.connections;
    for (std::size_t i = 0; i < list.size(); ++i) {
        // Connection i of every replication: the same variant names them in the same order.
        auto at = [i](const MetricFrame& f) -> const ConnectionMetrics& { return f.connections.at(i); };
        ConnectionFigures c;
        c.caller = list[i].caller;
        c.target = list[i].target;
        const std::string key = c.name();
        c.calls = makeFigure(key + ".calls", key + " calls", Unit::PerSecond, perRun(runs, [&](const MetricFrame& f) {
                                 return f.duration() > 0 ? double(at(f).calls) / f.duration() : 0.0;
                             }));
        c.amplification = makeFigure(key + ".amplification", key + " retry amplification", Unit::Count,
                                     perRun(runs, [&](const MetricFrame& f) { return at(f).amplification(); }));
        c.failed = makeFigure(key + ".failed", key + " failed calls", Unit::Ratio, perRun(runs, [&](const MetricFrame& f) {
                                  return ratio(at(f).errors + at(f).rejected, at(f).calls);
                              }));
        c.shortCircuited = makeFigure(key + ".short_circuited", key + " short-circuited calls", Unit::PerSecond,
                                      perRun(runs, [&](const MetricFrame& f) {
                                          return f.duration() > 0 ? double(at(f).shortCircuited) / f.duration() : 0.0;
                                      }));
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

bool ConnectionFigures::eventful() const
{
    return amplification.interval.mean > 1.0 || failed.interval.mean > 0.0 || shortCircuited.interval.mean > 0.0;
}

bool VariantSummary::sloMet() const
{
    return std::all_of(slo.begin(), slo.end(), [](const SloCheck& c) { return c.met; });
}

const Figure* VariantSummary::find(std::string_view key) const
{
    for (const Figure& f : figures)
        if (f.key == key)
            return &f;
    for (const Figure& f : costs)
        if (f.key == key)
            return &f;
    for (const OperationFigures& o : operations)
        for (const Figure* f : o.all())
            if (f->key == key)
                return f;
    for (const ComponentFigures& c : components)
        for (const Figure* f : {&c.utilization, &c.occupancy, &c.queue})
            if (f->key == key)
                return f;
    for (const ComponentFigures& c : components)
        if (c.provisioned && c.provisioned->key == key)
            return &*c.provisioned;
    for (const Figure& f : gauges)
        if (f.key == key)
            return &f;
    for (const ConnectionFigures& c : connections)
        for (const Figure* f : {&c.calls, &c.amplification, &c.failed, &c.shortCircuited})
            if (f->key == key)
                return f;
    return nullptr;
}

std::vector<ComponentLayout> componentLayout(const scenarios::Variant& variant, const sim::MetricFrame& frame)
{
    std::vector<ComponentLayout> out;
    for (const scenarios::Component& c : variant.components) {
        ComponentLayout layout;
        layout.name = c.name;
        layout.kind = std::string(models::kindName(c.kind));
        layout.autoscaled = c.autoscale.has_value();
        for (std::size_t i = 0; i < frame.stations.size(); ++i)
            if (models::System::componentOf(frame.stations[i].name) == c.name) {
                layout.stations.push_back(i);
                layout.workers = frame.stations[i].workers;
            }
        if (!layout.stations.empty())
            out.push_back(std::move(layout));
    }
    return out;
}

double provisionedOf(const ComponentLayout& component, const sim::MetricFrame& frame)
{
    if (!component.autoscaled)
        return double(component.stations.size());
    double sum = 0.0;
    for (std::size_t i : component.stations)
        sum += frame.stations.at(i).provisioned;
    return sum;
}

double utilizationOf(const ComponentLayout& component, const sim::MetricFrame& frame)
{
    // Per provisioned instance: an autoscaler's spare machines do not dilute it.
    const double instances = provisionedOf(component, frame);
    if (instances <= 0.0)
        return 0.0;
    double sum = 0.0;
    for (std::size_t i : component.stations)
        sum += frame.stations.at(i).utilization;
    return sum / instances;
}

double occupancyOf(const ComponentLayout& component, const sim::MetricFrame& frame)
{
    const double capacity = double(component.workers) * provisionedOf(component, frame);
    if (capacity <= 0.0)
        return 0.0;
    double busy = 0.0;
    for (std::size_t i : component.stations)
        busy += frame.stations.at(i).meanBusyWorkers;
    return busy / capacity;
}

double queueOf(const ComponentLayout& component, const sim::MetricFrame& frame)
{
    double sum = 0.0;
    for (std::size_t i : component.stations)
        sum += frame.stations.at(i).meanQueue;
    return sum;
}

VariantSummary summarizeVariant(const scenarios::Study& study, const scenarios::Variant& variant,
                                const std::vector<scenarios::VariantRun>& runs)
{
    using sim::MetricFrame;
    VariantSummary s;
    s.variant = variant.name;
    s.replications = runs.size();
    if (runs.empty())
        return s;

    // The same figures as sim::summarize, one value per replication so that
    // compare can pair them.
    auto add = [&](const char* key, const char* label, Unit unit, auto get) {
        s.figures.push_back(makeFigure(key, label, unit, perRun(runs, get)));
    };
    add("offered", "offered load", Unit::PerSecond, [](const MetricFrame& f) {
        return f.duration() > 0 ? double(f.arrivals) / f.duration() : 0.0;
    });
    add("throughput", "throughput", Unit::PerSecond, [](const MetricFrame& f) { return f.throughput(); });
    add("mean", "latency mean", Unit::Seconds, [](const MetricFrame& f) { return f.meanLatency; });
    auto percentile = [&](const char* key, const char* label, auto get) {
        s.figures.push_back(makePercentile(key, label, perRun(runs, get)));
    };
    percentile("p50", "latency p50", [](const MetricFrame& f) { return f.p50; });
    percentile("p95", "latency p95", [](const MetricFrame& f) { return f.p95; });
    percentile("p99", "latency p99", [](const MetricFrame& f) { return f.p99; });
    percentile("p999", "latency p99.9", [](const MetricFrame& f) { return f.p999; });
    // Outcomes over the requests that ended after the warm-up, not over its
    // arrivals: requests that arrived during the warm-up end after it, so
    // completions / arrivals can exceed 1. These three add up to 1.
    add("error_rate", "error rate", Unit::Ratio,
        [](const MetricFrame& f) { return ratio(f.errors, f.completions + f.errors + f.rejections); });
    add("rejection_rate", "rejection rate", Unit::Ratio,
        [](const MetricFrame& f) { return ratio(f.rejections, f.completions + f.errors + f.rejections); });
    add("availability", "availability", Unit::Ratio,
        [](const MetricFrame& f) { return ratio(f.completions, f.completions + f.errors + f.rejections); });
    addResilienceFigures(study, runs, s.figures);

    auto cost = [&](const char* key, const char* label, Unit unit, auto get) {
        std::vector<double> values;
        for (const auto& r : runs)
            values.push_back(get(r.impact));
        s.costs.push_back(makeFigure(key, label, unit, std::move(values)));
    };
    using scenarios::RunImpact;
    cost("cost_total", "cost", Unit::Usd, [](const RunImpact& i) { return i.cost; });
    cost("cost_per_million", "cost per million requests", Unit::Usd,
         [](const RunImpact& i) { return i.costPerMillion; });
    cost("peak_instances", "peak instances", Unit::Count, [](const RunImpact& i) { return i.peakInstances; });
    cost("downtime", "downtime (min)", Unit::Count, [](const RunImpact& i) { return i.downtimeMinutes; });
    cost("downtime_cost", "downtime cost", Unit::Usd, [](const RunImpact& i) { return i.downtimeCost; });
    cost("conversion_loss", "conversion loss", Unit::Usd, [](const RunImpact& i) { return i.conversionLoss; });
    cost("money_lost", "money lost", Unit::Usd, [](const RunImpact& i) { return i.moneyLost(); });

    const std::vector<sim::OperationMetrics>& ops = runs.front().summary.operations;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        // Operation i of every replication (the same study: the same operations).
        auto op = [i](const MetricFrame& f) -> const sim::OperationMetrics& { return f.operations.at(i); };
        OperationFigures o;
        o.name = ops[i].name;
        o.throughput = makeFigure(o.name + ".throughput", o.name + " throughput", Unit::PerSecond,
                                  perRun(runs, [&](const MetricFrame& f) {
                                      return f.duration() > 0 ? double(op(f).completions) / f.duration() : 0.0;
                                  }));
        o.mean = makeFigure(o.name + ".mean", o.name + " latency mean", Unit::Seconds,
                            perRun(runs, [&](const MetricFrame& f) { return op(f).meanLatency; }));
        o.p50 = makePercentile(o.name + ".p50", o.name + " p50",
                               perRun(runs, [&](const MetricFrame& f) { return op(f).p50; }));
        o.p99 = makePercentile(o.name + ".p99", o.name + " p99",
                               perRun(runs, [&](const MetricFrame& f) { return op(f).p99; }));
        o.availability =
            makeFigure(o.name + ".availability", o.name + " availability", Unit::Ratio,
                       perRun(runs, [&](const MetricFrame& f) {
                           const sim::OperationMetrics& m = op(f);
                           return ratio(m.completions, m.completions + m.errors + m.rejections);
                       }));
        s.operations.push_back(std::move(o));
    }

    for (const ComponentLayout& layout : componentLayout(variant, runs.front().summary)) {
        ComponentFigures c;
        c.name = layout.name;
        c.kind = layout.kind;
        c.instances = int(layout.stations.size());
        c.workers = layout.workers;
        c.utilization = makeFigure(c.name + ".utilization", c.name + " cpu utilization", Unit::Load,
                                   perRun(runs, [&](const MetricFrame& f) { return utilizationOf(layout, f); }));
        c.occupancy = makeFigure(c.name + ".occupancy", c.name + " worker occupancy", Unit::Load,
                                 perRun(runs, [&](const MetricFrame& f) { return occupancyOf(layout, f); }));
        c.queue = makeFigure(c.name + ".queue", c.name + " waiting requests", Unit::Count,
                             perRun(runs, [&](const MetricFrame& f) { return queueOf(layout, f); }));
        if (layout.autoscaled)
            c.provisioned = makeFigure(c.name + ".instances", c.name + " instances (time-averaged)", Unit::Count,
                                       perRun(runs, [&](const MetricFrame& f) { return provisionedOf(layout, f); }));
        s.components.push_back(std::move(c));
    }
    for (const ComponentFigures& c : s.components) {
        for (const Figure* f : {&c.utilization, &c.occupancy}) {
            const std::string resource = f == &c.utilization ? "utilization" : "occupancy";
            if (f->interval.mean > (s.bottleneck ? s.bottleneck->value : 0.0)) // an idle system has none
                s.bottleneck = Bottleneck{c.name, resource, f->interval.mean};
        }
    }

    // Gauges, keyed component.name, in the order the first replication lists them.
    for (const models::Gauge& g : runs.front().gauges) {
        std::vector<double> values;
        for (const auto& r : runs) {
            const auto it = std::find_if(r.gauges.begin(), r.gauges.end(), [&](const models::Gauge& o) {
                return o.component == g.component && o.name == g.name;
            });
            values.push_back(it == r.gauges.end() ? 0.0 : it->value);
        }
        s.gauges.push_back(makeFigure(g.component + "." + g.name, g.component + " " + g.name, gaugeUnit(g.name),
                                      std::move(values)));
    }

    s.connections = connectionFigures(runs);

    if (study.slo.p99) {
        const Figure& p99 = *s.find("p99");
        const double target = *study.slo.p99;
        s.slo.push_back({"p99", target, p99.interval.mean, p99.interval.mean <= target,
                         p99.interval.n > 1 && p99.interval.contains(target)});
    }
    if (study.slo.availability) {
        const Figure& a = *s.find("availability");
        const double target = *study.slo.availability;
        s.slo.push_back({"availability", target, a.interval.mean, a.interval.mean >= target,
                         a.interval.n > 1 && a.interval.contains(target)});
    }
    return s;
}

sim::ConfidenceInterval withResolution(sim::ConfidenceInterval interval, double resolution)
{
    if (interval.n > 1 && std::isfinite(interval.halfWidth))
        interval.halfWidth = std::max(interval.halfWidth, resolution / 2.0);
    return interval;
}

std::optional<Difference> difference(const Figure& base, const Figure& other)
{
    if (base.values.size() != other.values.size() || base.values.empty())
        return std::nullopt;
    std::vector<double> d;
    d.reserve(base.values.size());
    for (std::size_t i = 0; i < base.values.size(); ++i)
        d.push_back(other.values[i] - base.values[i]);
    Difference out;
    // Each percentile may be off by half its bucket, so their difference by
    // the two halves together.
    out.resolution = base.resolution + other.resolution;
    out.interval = withResolution(sim::studentInterval(d), out.resolution);
    out.significant = std::isfinite(out.interval.halfWidth) && (out.interval.low() > 0.0 || out.interval.high() < 0.0);
    // Replications in the same buckets have no spread, so a one-bucket shift
    // could still look significant: below two buckets' width a difference is
    // within the resolution.
    if (out.resolution > 0.0) {
        const double threshold = 4.0 * sim::LatencyHistogram::kMaxRelativeError *
                                 std::max(std::fabs(base.interval.mean), std::fabs(other.interval.mean));
        out.significant = out.significant && std::fabs(out.interval.mean) > threshold;
    }
    return out;
}

} // namespace scalelab::cli
