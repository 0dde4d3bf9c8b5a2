#include "scenarios/studywriter.h"

#include "scenarios/quantities.h"

#include "faults/faultwriter.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <tuple>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace scalelab::scenarios {

namespace {

using YAML::BeginMap;
using YAML::BeginSeq;
using YAML::Emitter;
using YAML::EndMap;
using YAML::EndSeq;
using YAML::Key;
using YAML::Value;

// Collections whose flow form fits in this many columns are written on one line.
constexpr std::size_t kLineWidth = 100;

bool sameDistribution(const sim::Distribution& a, const sim::Distribution& b)
{
    return a.kind() == b.kind() && a.mean() == b.mean() && a.cv() == b.cv() && a.describe() == b.describe();
}

std::string distributionText(const sim::Distribution& d)
{
    using K = sim::Distribution::Kind;
    if (d.kind() == K::Constant)
        return formatDurationExact(d.mean()); // "8ms" reads back as constant(8ms)
    const std::string text = d.describe();
    const auto back = sim::Distribution::parse(text);
    if (back.ok() && sameDistribution(back.value, d))
        return text;
    // describe() keeps 6 significant digits; where the parameters are the mean
    // and cv, write them exactly. (Uniform bounds and empirical samples are not
    // exposed by Distribution: their text is describe()'s.)
    const std::string name(sim::Distribution::kindName(d.kind()));
    switch (d.kind()) {
    case K::Exponential:
        return name + "(" + formatDurationExact(d.mean()) + ")";
    case K::Lognormal:
    case K::Gamma:
        return name + "(" + formatDurationExact(d.mean()) + ", cv=" + formatNumber(d.cv()) + ")";
    default:
        return text;
    }
}

// Text that yaml-cpp reads back unchanged: a literal block only when the text
// ends with exactly one newline (block chomping would change anything else).
void emitText(Emitter& out, const std::string& text)
{
    if (text.find('\n') != std::string::npos) {
        const bool literalSafe = text.back() == '\n' && (text.size() < 2 || text[text.size() - 2] != '\n') &&
                                 text.front() != ' ' && text.front() != '\t' &&
                                 text.find('\r') == std::string::npos;
        out << (literalSafe ? YAML::Literal : YAML::DoubleQuoted);
    }
    out << text;
}

// Writes a collection in flow style when it fits on its line, else in block style.
template <typename Body> void emitFitted(Emitter& out, std::size_t prefix, Body body)
{
    Emitter probe;
    body(probe, true);
    body(out, prefix + probe.size() <= kLineWidth);
}

std::size_t prefixOf(int depth, const std::string& key)
{
    return static_cast<std::size_t>(depth) * 2 + key.size() + 2;
}

void emitStep(Emitter& out, const Call& c, std::size_t ownCalls);

void emitSteps(Emitter& out, const std::vector<Call>& steps)
{
    out << YAML::Flow << BeginSeq;
    for (const auto& s : steps)
        emitStep(out, s, s.calls.size());
    out << EndSeq;
}

// A step's retries, breaker and bulkhead, each only with its non-default keys.
void emitResilience(Emitter& out, const Call& c)
{
    if (c.retries) {
        static const models::RetryPolicy d;
        const auto& r = *c.retries;
        out << Key << "retries" << Value << YAML::Flow << BeginMap;
        out << Key << "max" << Value << std::to_string(r.max);
        if (r.backoff != d.backoff)
            out << Key << "backoff" << Value << formatDurationExact(r.backoff);
        if (r.multiplier != d.multiplier)
            out << Key << "multiplier" << Value << formatNumber(r.multiplier);
        if (r.jitter != d.jitter)
            out << Key << "jitter" << Value << std::string(models::jitterName(r.jitter));
        if (r.budget)
            out << Key << "budget" << Value << formatNumber(*r.budget);
        out << EndMap;
    }
    if (c.breaker) {
        static const models::BreakerPolicy d;
        const auto& b = *c.breaker;
        out << Key << "breaker" << Value << YAML::Flow << BeginMap;
        if (b.failureRate != d.failureRate)
            out << Key << "failure_rate" << Value << (b.failureRate ? formatNumber(*b.failureRate) : "none");
        if (b.window != d.window)
            out << Key << "window" << Value << formatDurationExact(b.window);
        if (b.minCalls != d.minCalls)
            out << Key << "min_calls" << Value << std::to_string(b.minCalls);
        if (b.consecutive)
            out << Key << "consecutive" << Value << std::to_string(*b.consecutive);
        if (b.openFor != d.openFor)
            out << Key << "open" << Value << formatDurationExact(b.openFor);
        if (b.probes != d.probes)
            out << Key << "probes" << Value << std::to_string(b.probes);
        out << EndMap;
    }
    if (c.bulkhead) {
        static const models::BulkheadPolicy d;
        out << Key << "bulkhead" << Value << YAML::Flow << BeginMap << Key << "max" << Value
            << std::to_string(c.bulkhead->max);
        if (c.bulkhead->queue != d.queue)
            out << Key << "queue" << Value << std::to_string(c.bulkhead->queue);
        out << EndMap;
    }
}

// One step of a route: a bare name, or {name: {settings}}. `ownCalls` of its
// calls are written under `calls`; a route's chain continues with the rest.
void emitStep(Emitter& out, const Call& c, std::size_t ownCalls)
{
    static const Call defaults;
    const bool plain = !c.cpu && !c.read && !c.write && c.disk == defaults.disk &&
                       c.requestBytes == defaults.requestBytes && c.responseBytes == defaults.responseBytes &&
                       !c.timeout && !c.retries && !c.breaker && !c.bulkhead && ownCalls == 0 && c.parallel.empty() &&
                       c.miss.empty();
    if (plain) {
        out << c.target;
        return;
    }
    out << YAML::Flow << BeginMap << Key << c.target << Value << YAML::Flow << BeginMap;
    if (c.cpu)
        out << Key << "cpu" << Value << distributionText(*c.cpu);
    if (c.read)
        out << Key << "read" << Value << distributionText(*c.read);
    if (c.write)
        out << Key << "write" << Value << distributionText(*c.write);
    if (c.disk != defaults.disk)
        out << Key << "disk" << Value << formatBytes(c.disk);
    if (c.requestBytes != defaults.requestBytes)
        out << Key << "request" << Value << formatBytes(c.requestBytes);
    if (c.responseBytes != defaults.responseBytes)
        out << Key << "response" << Value << formatBytes(c.responseBytes);
    if (c.timeout)
        out << Key << "timeout" << Value << formatDurationExact(*c.timeout);
    emitResilience(out, c);
    if (ownCalls > 0) {
        out << Key << "calls" << Value;
        emitSteps(out, std::vector<Call>(c.calls.begin(), c.calls.begin() + static_cast<std::ptrdiff_t>(ownCalls)));
    }
    if (!c.parallel.empty()) {
        out << Key << "parallel" << Value;
        emitSteps(out, c.parallel);
    }
    if (!c.miss.empty()) {
        out << Key << "miss" << Value;
        emitSteps(out, c.miss);
    }
    out << EndMap << EndMap;
}

// The tree back to the list form [a, b, c]: follow each step's last call.
void emitRoute(Emitter& out, const Route& r, bool flow)
{
    std::vector<const Call*> chain;
    for (const Call* c = &r.root;; c = &c->calls.back()) {
        chain.push_back(c);
        if (c->calls.empty())
            break;
    }
    out << (flow ? YAML::Flow : YAML::Block) << BeginSeq;
    for (std::size_t i = 0; i < chain.size(); ++i)
        emitStep(out, *chain[i], i + 1 < chain.size() ? chain[i]->calls.size() - 1 : 0);
    out << EndSeq;
}

void emitAutoscale(Emitter& out, const models::AutoscaleConfig& a)
{
    static const models::AutoscaleConfig d;
    out << Key << "autoscale" << Value << YAML::Flow << BeginMap;
    if (a.targetCpu)
        out << Key << "target_cpu" << Value << formatPercent(*a.targetCpu);
    if (a.targetQueue)
        out << Key << "target_queue" << Value << formatNumber(*a.targetQueue);
    if (a.tolerance != d.tolerance)
        out << Key << "tolerance" << Value << formatPercent(a.tolerance);
    out << Key << "min" << Value << std::to_string(a.min) << Key << "max" << Value << std::to_string(a.max);
    for (const auto& [key, v, def] : {std::tuple<const char*, double, double>{"period", a.period, d.period},
                                      {"scale_out_cooldown", a.scaleOutCooldown, d.scaleOutCooldown},
                                      {"scale_in_cooldown", a.scaleInCooldown, d.scaleInCooldown},
                                      {"provision", a.provision, d.provision}})
        if (v != def)
            out << Key << key << Value << formatDurationExact(v);
    if (!a.schedule.empty()) {
        out << Key << "schedule" << Value << YAML::Flow << BeginSeq;
        for (const auto& s : a.schedule) {
            out << YAML::Flow << BeginMap << Key << "at" << Value << formatDurationExact(s.at);
            for (const auto& [key, v] : {std::pair<const char*, std::optional<int>>{"min", s.min},
                                         {"max", s.max},
                                         {"desired", s.desired}})
                if (v)
                    out << Key << key << Value << std::to_string(*v);
            out << EndMap;
        }
        out << EndSeq;
    }
    out << EndMap;
}

void emitVertical(Emitter& out, const models::VerticalScaleConfig& v)
{
    static const models::VerticalScaleConfig d;
    out << Key << "vertical" << Value << YAML::Flow << BeginMap;
    out << Key << "sizes" << Value << YAML::Flow << BeginSeq;
    for (const auto& size : v.sizes) {
        if (size.speed == 1.0 && !size.hourlyPrice) {
            out << std::to_string(size.cores);
            continue;
        }
        out << YAML::Flow << BeginMap << Key << "cores" << Value << std::to_string(size.cores);
        if (size.speed != 1.0)
            out << Key << "speed" << Value << formatNumber(size.speed);
        if (size.hourlyPrice)
            out << Key << "hourly_price" << Value << formatNumber(*size.hourlyPrice);
        out << EndMap;
    }
    out << EndSeq;
    if (v.targetCpu)
        out << Key << "target_cpu" << Value << formatPercent(*v.targetCpu);
    if (v.maxCores)
        out << Key << "max" << Value << std::to_string(*v.maxCores);
    if (v.tolerance != d.tolerance)
        out << Key << "tolerance" << Value << formatPercent(v.tolerance);
    for (const auto& [key, value, def] : {std::tuple<const char*, double, double>{"period", v.period, d.period},
                                          {"scale_up_cooldown", v.scaleUpCooldown, d.scaleUpCooldown},
                                          {"scale_down_cooldown", v.scaleDownCooldown, d.scaleDownCooldown},
                                          {"provision", v.provision, d.provision},
                                          {"restart", v.restart, d.restart}})
        if (value != def)
            out << Key << key << Value << formatDurationExact(value);
    if (!v.schedule.empty()) {
        out << Key << "schedule" << Value << YAML::Flow << BeginSeq;
        for (const auto& step : v.schedule) {
            const auto& size = v.sizes.at(step.size);
            out << YAML::Flow << BeginMap << Key << "at" << Value << formatDurationExact(step.at) << Key << "cores"
                << Value << std::to_string(size.cores);
            if (size.speed != 1.0)
                out << Key << "speed" << Value << formatNumber(size.speed);
            out << EndMap;
        }
        out << EndSeq;
    }
    out << EndMap;
}

void emitPricing(Emitter& out, const Pricing& p)
{
    static const Pricing d;
    if (p.coreHour == d.coreHour && p.crossZoneGb == d.crossZoneGb && p.crossRegionGb == d.crossRegionGb)
        return;
    out << Key << "pricing" << Value << YAML::Block << BeginMap;
    if (p.coreHour != d.coreHour) {
        out << Key << "core_hour" << Value << YAML::Flow << BeginMap;
        for (const auto& [kind, price] : p.coreHour)
            if (price != d.coreHour.at(kind))
                out << Key << std::string(kindName(kind)) << Value << formatNumber(price);
        out << EndMap;
    }
    if (p.crossZoneGb != d.crossZoneGb)
        out << Key << "cross_zone" << Value << formatNumber(p.crossZoneGb);
    if (p.crossRegionGb != d.crossRegionGb)
        out << Key << "cross_region" << Value << formatNumber(p.crossRegionGb);
    out << EndMap;
}

void emitBusiness(Emitter& out, const Business& b)
{
    static const Business d;
    if (b.downtimeCost == d.downtimeCost && b.conversionLoss == d.conversionLoss && !b.baselineLatency)
        return;
    out << Key << "business" << Value << YAML::Flow << BeginMap;
    if (b.downtimeCost != d.downtimeCost)
        out << Key << "downtime_cost" << Value << formatNumber(b.downtimeCost);
    if (b.conversionLoss != d.conversionLoss)
        out << Key << "conversion_loss" << Value << formatPercent(b.conversionLoss);
    if (b.baselineLatency)
        out << Key << "baseline_latency" << Value << formatDurationExact(*b.baselineLatency);
    out << EndMap;
}

// all: also the keys that hold their default (a plain value), for editors that show defaults.
void emitComponent(Emitter& out, const Component& c, bool flow, bool all = false)
{
    static const Component d;
    out << (flow ? YAML::Flow : YAML::Block) << BeginMap;
    out << Key << "kind" << Value << std::string(kindName(c.kind));
    auto number = [&](const char* key, double v, double def) {
        if (all || v != def)
            out << Key << key << Value << formatNumber(v);
    };
    auto integer = [&](const char* key, auto v, auto def) {
        if (all || v != def)
            out << Key << key << Value << std::to_string(v);
    };
    auto duration = [&](const char* key, double v, double def) {
        if (all || v != def)
            out << Key << key << Value << formatDurationExact(v);
    };
    if (!c.zones.empty()) {
        out << Key << "zones" << Value << YAML::Flow << BeginSeq;
        for (const auto& z : c.zones)
            out << z;
        out << EndSeq;
    }
    integer("instances", c.instances, d.instances);
    integer("cores", c.cores, d.cores);
    number("speed", c.speed, d.speed);
    integer("threads", c.threads, d.threads);
    integer("backlog", c.backlog, d.backlog);
    if (c.shedWait)
        out << Key << "shed_wait" << Value << formatDurationExact(*c.shedWait);
    if (all || c.policy != d.policy)
        out << Key << "policy" << Value << std::string(policyName(c.policy));
    if (!c.weights.empty()) {
        out << Key << "weights" << Value << YAML::Flow << BeginSeq;
        for (double w : c.weights)
            out << formatNumber(w);
        out << EndSeq;
    }
    integer("connection_limit", c.connectionLimit, d.connectionLimit);
    duration("overhead", c.overhead, d.overhead);
    duration("health_interval", c.healthInterval, d.healthInterval);
    integer("unhealthy_threshold", c.unhealthyThreshold, d.unhealthyThreshold);
    duration("auth_overhead", c.authOverhead, d.authOverhead);
    if (!c.rateLimits.empty()) {
        static const Component::RateLimit dl;
        out << Key << "rate_limits" << Value << YAML::Flow << BeginSeq;
        for (const auto& l : c.rateLimits) {
            out << YAML::Flow << BeginMap;
            if (l.clientClass != dl.clientClass)
                out << Key << "client" << Value << l.clientClass;
            out << Key << "rps" << Value << formatNumber(l.rps);
            if (l.burst != dl.burst)
                out << Key << "burst" << Value << formatNumber(l.burst);
            out << EndMap;
        }
        out << EndSeq;
    }
    if (c.host != d.host)
        out << Key << "host" << Value << c.host;
    if (c.hitRatio)
        out << Key << "hit_ratio" << Value << formatNumber(*c.hitRatio);
    number("zipf", c.zipf, d.zipf);
    integer("keys", c.keys, d.keys);
    integer("capacity", c.capacity, d.capacity);
    if (c.ttl)
        out << Key << "ttl" << Value << formatDurationExact(*c.ttl);
    integer("queue_capacity", c.queueCapacity, d.queueCapacity);
    if (c.consumer != d.consumer)
        out << Key << "consumer" << Value << c.consumer;
    integer("concurrency", c.concurrency, d.concurrency);
    integer("max_attempts", c.maxAttempts, d.maxAttempts);
    integer("replicas", c.replicas, d.replicas);
    integer("pool", c.pool, d.pool);
    duration("replication_lag", c.replicationLag, d.replicationLag);
    if (all || c.diskBandwidth != d.diskBandwidth)
        out << Key << "disk_bandwidth" << Value << formatByteRate(c.diskBandwidth);
    integer("shards", c.shards, d.shards);
    integer("replication_factor", c.replicationFactor, d.replicationFactor);
    number("hot_key_skew", c.hotKeySkew, d.hotKeySkew);
    if (all || !sameDistribution(c.latency, d.latency))
        out << Key << "latency" << Value << distributionText(c.latency);
    if (all || c.errorRate != d.errorRate)
        out << Key << "error_rate" << Value << formatNumber(c.errorRate);
    if (c.failures)
        out << Key << "failures" << Value << YAML::Flow << BeginMap << Key << "mtbf" << Value
            << formatDurationExact(c.failures->mtbf) << Key << "mttr" << Value << formatDurationExact(c.failures->mttr)
            << EndMap;
    if (c.autoscale)
        emitAutoscale(out, *c.autoscale);
    if (c.hourlyPrice)
        out << Key << "hourly_price" << Value << formatNumber(*c.hourlyPrice);
    if (c.vertical)
        emitVertical(out, *c.vertical);
    out << EndMap;
}

void emitWorkload(Emitter& out, const Workload& w)
{
    static const Spike ds;
    static const Diurnal dd;
    out << Key << "workload" << Value << YAML::Block << BeginMap;
    if (w.arrivals == ArrivalKind::Deterministic)
        out << Key << "arrivals" << Value << "deterministic";
    if (!w.rate.empty()) {
        out << Key << "rate" << Value;
        emitFitted(out, prefixOf(1, "rate"), [&](Emitter& e, bool flow) {
            e << (flow ? YAML::Flow : YAML::Block) << BeginSeq;
            for (const auto& p : w.rate) {
                e << YAML::Flow << BeginMap << Key << "at" << Value << formatDurationExact(p.at);
                e << Key << "rps" << Value << formatNumber(p.rps);
                if (p.ramp != 0.0)
                    e << Key << "ramp" << Value << formatDurationExact(p.ramp);
                e << EndMap;
            }
            e << EndSeq;
        });
    }
    if (!w.spikes.empty()) {
        out << Key << "spikes" << Value;
        emitFitted(out, prefixOf(1, "spikes"), [&](Emitter& e, bool flow) {
            e << (flow ? YAML::Flow : YAML::Block) << BeginSeq;
            for (const auto& s : w.spikes) {
                e << YAML::Flow << BeginMap << Key << "at" << Value << formatDurationExact(s.at);
                e << Key << "for" << Value << formatDurationExact(s.duration);
                e << Key << "factor" << Value << formatNumber(s.factor);
                if (s.ramp != ds.ramp)
                    e << Key << "ramp" << Value << formatDurationExact(s.ramp);
                e << EndMap;
            }
            e << EndSeq;
        });
    }
    if (w.diurnal) {
        out << Key << "diurnal" << Value << YAML::Flow << BeginMap;
        if (w.diurnal->period != dd.period)
            out << Key << "period" << Value << formatDurationExact(w.diurnal->period);
        if (w.diurnal->amplitude != dd.amplitude)
            out << Key << "amplitude" << Value << formatNumber(w.diurnal->amplitude);
        if (w.diurnal->peakAt != dd.peakAt)
            out << Key << "peak_at" << Value << formatDurationExact(w.diurnal->peakAt);
        out << EndMap;
    }
    if (!w.replay.empty()) {
        out << Key << "replay" << Value;
        emitText(out, w.replay);
    }
    if (!w.replayTimestamps.empty()) {
        out << Key << "replay_timestamps" << Value;
        emitText(out, w.replayTimestamps);
    }
    out << EndMap;
}

void emitNetwork(Emitter& out, const Network& n)
{
    static const Network d;
    static const Zone dz;
    out << Key << "network" << Value << YAML::Block << BeginMap;
    if (!n.zones.empty()) {
        out << Key << "zones" << Value;
        emitFitted(out, prefixOf(1, "zones"), [&](Emitter& e, bool flow) {
            e << (flow ? YAML::Flow : YAML::Block) << BeginMap;
            for (const auto& z : n.zones) {
                e << Key << z.name << Value << YAML::Flow << BeginMap;
                if (z.region != dz.region)
                    e << Key << "region" << Value << z.region;
                e << EndMap;
            }
            e << EndMap;
        });
    }
    auto triple = [&](const char* key, const std::array<double, 3>& v, const std::array<double, 3>& def,
                      std::string (*format)(double)) {
        if (v == def)
            return;
        static const std::array<const char*, 3> names{"zone", "cross_zone", "cross_region"};
        out << Key << key << Value << YAML::Flow << BeginMap;
        for (std::size_t i = 0; i < 3; ++i)
            if (v[i] != def[i])
                out << Key << names[i] << Value << format(v[i]);
        out << EndMap;
    };
    triple("latency", {n.zoneLatency, n.crossZoneLatency, n.crossRegionLatency},
           {d.zoneLatency, d.crossZoneLatency, d.crossRegionLatency}, formatDurationExact);
    triple("bandwidth", {n.zoneBandwidth, n.crossZoneBandwidth, n.crossRegionBandwidth},
           {d.zoneBandwidth, d.crossZoneBandwidth, d.crossRegionBandwidth}, formatBitRate);
    out << EndMap;
}

bool networkIsDefault(const Network& n)
{
    static const Network d;
    return n.zones.empty() && n.zoneLatency == d.zoneLatency && n.crossZoneLatency == d.crossZoneLatency &&
           n.crossRegionLatency == d.crossRegionLatency && n.zoneBandwidth == d.zoneBandwidth &&
           n.crossZoneBandwidth == d.crossZoneBandwidth && n.crossRegionBandwidth == d.crossRegionBandwidth;
}

void emitVariant(Emitter& out, const Variant& v)
{
    out << Key << v.name << Value << YAML::Block << BeginMap;
    if (!v.description.empty()) {
        out << Key << "description" << Value;
        emitText(out, v.description);
    }
    out << Key << "components" << Value << YAML::Block << BeginMap;
    for (const auto& c : v.components) {
        out << Key << c.name << Value;
        emitFitted(out, prefixOf(3, c.name), [&](Emitter& e, bool flow) { emitComponent(e, c, flow); });
    }
    out << EndMap;
    if (!v.routes.empty()) {
        out << Key << "routes" << Value << YAML::Block << BeginMap;
        for (const auto& r : v.routes) {
            out << Key << r.operation << Value;
            emitFitted(out, prefixOf(3, r.operation), [&](Emitter& e, bool flow) { emitRoute(e, r, flow); });
        }
        out << EndMap;
    }
    if (!v.layout.empty()) {
        out << Key << "layout" << Value << YAML::Block << BeginMap;
        for (const auto& p : v.layout)
            out << Key << p.component << Value << YAML::Flow << BeginSeq << formatNumber(p.x) << formatNumber(p.y)
                << EndSeq;
        out << EndMap;
    }
    out << EndMap;
}

std::string headerText(const std::string& comment)
{
    if (comment.empty())
        return {};
    std::string out;
    std::size_t start = 0;
    while (true) {
        const auto end = comment.find('\n', start);
        const std::string line = comment.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out += line.empty() ? "#\n" : "# " + line + "\n";
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out + "\n";
}

} // namespace

std::string writeStudy(const Study& study)
{
    static const Operation defaultOp;
    static const RunSettings defaultRun;

    Emitter out;
    out.SetIndent(2);
    out << YAML::Block << BeginMap;
    if (!study.name.empty()) {
        out << Key << "name" << Value;
        emitText(out, study.name);
    }
    if (!study.description.empty()) {
        out << Key << "description" << Value;
        emitText(out, study.description);
    }
    if (!study.operations.empty()) {
        out << Key << "operations" << Value << YAML::Block << BeginMap;
        for (const auto& op : study.operations) {
            out << Key << op.name << Value << YAML::Flow << BeginMap;
            out << Key << "share" << Value << formatNumber(op.share);
            if (op.clientClass != defaultOp.clientClass)
                out << Key << "client" << Value << op.clientClass;
            if (op.value != defaultOp.value)
                out << Key << "value" << Value << formatNumber(op.value);
            out << EndMap;
        }
        out << EndMap;
    }
    emitWorkload(out, study.workload);
    if (!study.faults.empty())
        emitFaults(out, study.faults);
    if (study.slo.p99 || study.slo.availability) {
        out << Key << "slo" << Value << YAML::Flow << BeginMap;
        if (study.slo.p99)
            out << Key << "p99" << Value << formatDurationExact(*study.slo.p99);
        if (study.slo.availability)
            out << Key << "availability" << Value << formatPercent(*study.slo.availability);
        out << EndMap;
    }
    const RunSettings& r = study.run;
    if (r.duration != defaultRun.duration || r.warmup != defaultRun.warmup || r.seed != defaultRun.seed ||
        r.replications != defaultRun.replications || r.bin != defaultRun.bin) {
        out << Key << "run" << Value << YAML::Flow << BeginMap;
        if (r.duration != defaultRun.duration)
            out << Key << "duration" << Value << formatDurationExact(r.duration);
        if (r.warmup != defaultRun.warmup)
            out << Key << "warmup" << Value << formatDurationExact(r.warmup);
        if (r.seed != defaultRun.seed)
            out << Key << "seed" << Value << std::to_string(r.seed);
        if (r.replications != defaultRun.replications)
            out << Key << "replications" << Value << std::to_string(r.replications);
        if (r.bin != defaultRun.bin)
            out << Key << "bin" << Value << formatDurationExact(r.bin);
        out << EndMap;
    }
    if (!networkIsDefault(study.network))
        emitNetwork(out, study.network);
    emitPricing(out, study.pricing);
    emitBusiness(out, study.business);
    if (!study.variants.empty()) {
        out << Key << "variants" << Value << YAML::Block << BeginMap;
        for (const auto& v : study.variants)
            emitVariant(out, v);
        out << EndMap;
    }
    out << EndMap;
    return headerText(study.headerComment) + out.c_str() + "\n";
}

bool saveStudy(const Study& study, const std::string& path, std::string* error)
{
    namespace fs = std::filesystem;
    auto fail = [&](const std::string& reason, int err) {
        if (error)
            *error = "cannot save '" + path + "': " + reason + (err ? std::string(": ") + std::strerror(err) : "");
        return false;
    };
    const std::string text = writeStudy(study);

    fs::path target(path);
    std::error_code ec;
    if (fs::is_symlink(target, ec)) {
        const fs::path resolved = fs::weakly_canonical(target, ec);
        if (!ec)
            target = resolved;
    }
    const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();

    // A fresh name next to the target, created exclusively; the kernel applies the umask.
    static std::atomic<unsigned> counter{0};
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        tmp = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                      std::to_string(counter++)))
                  .string();
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0)
        return fail("cannot create a temporary file in '" + dir.string() + "'", errno);
    auto abandon = [&](const std::string& reason, int err) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(reason, err);
    };
    struct stat existing{};
    if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode))
        ::fchmod(fd, existing.st_mode & 07777); // keep the permissions of the file it replaces

    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return abandon("cannot write '" + tmp + "'", errno);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return abandon("cannot sync '" + tmp + "'", errno);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail("cannot close '" + tmp + "'", err);
    }
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail("cannot replace it", err);
    }
    // Make the rename itself durable.
    const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return true;
}

std::string writeComponentKeys(const Component& component)
{
    Emitter out;
    emitComponent(out, component, true, true);
    return out.c_str();
}

} // namespace scalelab::scenarios
