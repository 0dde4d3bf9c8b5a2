#pragma once

// Every value of a study as text, one per line (marks and path left out): two
// studies hold the same values exactly when their dumps are equal, and a
// failing comparison shows the first line that differs.
#include "scenarios/faulttype.h"
#include "scenarios/quantities.h"
#include "scenarios/study.h"

#include <sstream>
#include <string>

namespace scalelab::scenarios::test {

inline std::string num(double v) { return formatNumber(v); }

inline std::string dist(const sim::Distribution& d)
{
    return std::string(sim::Distribution::kindName(d.kind())) + " mean=" + num(d.mean()) + " cv=" + num(d.cv()) +
           " text=" + d.describe();
}

template <typename T> std::string opt(const std::optional<T>& v)
{
    if (!v)
        return "none";
    if constexpr (std::is_same_v<T, sim::Distribution>)
        return dist(*v);
    else
        return num(*v);
}

inline void dumpCall(std::ostringstream& out, const Call& c, const std::string& indent)
{
    out << indent << "call " << c.target << " cpu=" << opt(c.cpu) << " read=" << opt(c.read)
        << " write=" << opt(c.write) << " disk=" << num(c.disk) << " request=" << num(c.requestBytes)
        << " response=" << num(c.responseBytes) << " timeout=" << opt(c.timeout) << "\n";
    if (c.retries)
        out << indent << " retries max=" << c.retries->max << " backoff=" << num(c.retries->backoff)
            << " multiplier=" << num(c.retries->multiplier) << " jitter=" << int(c.retries->jitter)
            << " budget=" << opt(c.retries->budget) << "\n";
    if (c.breaker)
        out << indent << " breaker rate=" << opt(c.breaker->failureRate) << " window=" << num(c.breaker->window)
            << " min=" << c.breaker->minCalls << " consecutive=" << (c.breaker->consecutive ? *c.breaker->consecutive : -1)
            << " open=" << num(c.breaker->openFor) << " probes=" << c.breaker->probes << "\n";
    if (c.bulkhead)
        out << indent << " bulkhead max=" << c.bulkhead->max << " queue=" << c.bulkhead->queue << "\n";
    for (const auto& [label, list] : {std::pair{"calls", &c.calls}, {"parallel", &c.parallel}, {"miss", &c.miss}, {"then", &c.then}}) {
        if (list->empty())
            continue;
        out << indent << " " << label << ":\n";
        for (const auto& child : *list)
            dumpCall(out, child, indent + "  ");
    }
}

inline std::string dumpStudy(const Study& s)
{
    std::ostringstream out;
    out << "name=" << s.name << "\ndescription=" << s.description << "\nheader=" << s.headerComment << "\n";
    for (const auto& o : s.operations)
        out << "operation " << o.name << " share=" << num(o.share) << " client=" << o.clientClass
            << " value=" << num(o.value) << "\n";
    const Workload& w = s.workload;
    out << "arrivals=" << int(w.arrivals) << " replay=" << w.replay << " timestamps=" << w.replayTimestamps << "\n";
    for (const auto& p : w.rate)
        out << "rate at=" << num(p.at) << " rps=" << num(p.rps) << " ramp=" << num(p.ramp) << "\n";
    for (const auto& p : w.spikes)
        out << "spike at=" << num(p.at) << " for=" << num(p.duration) << " factor=" << num(p.factor)
            << " ramp=" << num(p.ramp) << "\n";
    if (w.diurnal)
        out << "diurnal period=" << num(w.diurnal->period) << " amplitude=" << num(w.diurnal->amplitude)
            << " peak=" << num(w.diurnal->peakAt) << "\n";
    for (const auto& f : s.faults) {
        out << "fault type=" << f.type << " at=" << num(f.at) << " target=" << f.target << " peer=" << f.peer;
        if (f.zonePair)
            out << " zones";
        // The values in effect: a default written out or left out is the same.
        for (const FaultSetting& setting : faultTypeOf(f).settings())
            out << " " << setting.key << "=" << opt(f.setting(setting.key));
        out << "\n";
    }
    out << "slo p99=" << opt(s.slo.p99) << " availability=" << opt(s.slo.availability) << "\n";
    out << "run duration=" << num(s.run.duration) << " warmup=" << num(s.run.warmup) << " seed=" << s.run.seed
        << " replications=" << s.run.replications << " bin=" << num(s.run.bin) << "\n";
    out << "pricing";
    for (const auto& [kind, price] : s.pricing.coreHour)
        out << " " << kindName(kind) << "=" << num(price);
    out << " cross_zone=" << num(s.pricing.crossZoneGb) << " cross_region=" << num(s.pricing.crossRegionGb) << "\n";
    out << "business downtime=" << num(s.business.downtimeCost) << " conversion=" << num(s.business.conversionLoss)
        << " baseline=" << opt(s.business.baselineLatency) << "\n";
    const Network& n = s.network;
    for (const auto& z : n.zones)
        out << "zone " << z.name << " region=" << z.region << "\n";
    out << "latency " << num(n.zoneLatency) << " " << num(n.crossZoneLatency) << " " << num(n.crossRegionLatency)
        << "\nbandwidth " << num(n.zoneBandwidth) << " " << num(n.crossZoneBandwidth) << " "
        << num(n.crossRegionBandwidth) << "\n";
    for (const auto& v : s.variants) {
        out << "variant " << v.name << " description=" << v.description << "\n";
        for (const auto& c : v.components) {
            out << " component " << c.name << " kind=" << kindName(c.kind) << " zones=";
            for (const auto& z : c.zones)
                out << z << ",";
            out << " instances=" << c.instances << " cores=" << c.cores << " speed=" << num(c.speed)
                << " threads=" << c.threads << " backlog=" << c.backlog << " shed=" << opt(c.shedWait) << "\n";
            out << "  policy=" << policyName(c.policy) << " weights=";
            for (double wt : c.weights)
                out << num(wt) << ",";
            out << " connections=" << c.connectionLimit << " overhead=" << num(c.overhead)
                << " health=" << num(c.healthInterval) << " unhealthy=" << c.unhealthyThreshold << "\n";
            out << "  auth=" << num(c.authOverhead) << " limits=";
            for (const auto& l : c.rateLimits)
                out << l.clientClass << "/" << num(l.rps) << "/" << num(l.burst) << ",";
            out << " host=" << c.host << "\n";
            out << "  hit=" << opt(c.hitRatio) << " zipf=" << num(c.zipf) << " keys=" << c.keys
                << " capacity=" << c.capacity << " ttl=" << opt(c.ttl) << "\n";
            out << "  queue=" << c.queueCapacity << " consumer=" << c.consumer << " concurrency=" << c.concurrency
                << " attempts=" << c.maxAttempts << "\n";
            out << "  replicas=" << c.replicas << " pool=" << c.pool << " lag=" << num(c.replicationLag)
                << " disk=" << num(c.diskBandwidth) << "\n";
            out << "  shards=" << c.shards << " rf=" << c.replicationFactor << " skew=" << num(c.hotKeySkew) << "\n";
            out << "  latency=" << dist(c.latency) << " errors=" << num(c.errorRate) << "\n";
            if (c.failures)
                out << "  failures mtbf=" << num(c.failures->mtbf) << " mttr=" << num(c.failures->mttr) << "\n";
            out << "  hourly=" << opt(c.hourlyPrice);
            if (const auto& a = c.autoscale) {
                out << " autoscale cpu=" << opt(a->targetCpu) << " queue=" << opt(a->targetQueue)
                    << " tolerance=" << num(a->tolerance) << " min=" << a->min << " max=" << a->max
                    << " period=" << num(a->period) << " out=" << num(a->scaleOutCooldown)
                    << " in=" << num(a->scaleInCooldown) << " provision=" << num(a->provision) << " schedule=";
                for (const auto& st : a->schedule)
                    out << num(st.at) << "/" << (st.min ? std::to_string(*st.min) : "-") << "/"
                        << (st.max ? std::to_string(*st.max) : "-") << "/"
                        << (st.desired ? std::to_string(*st.desired) : "-") << ",";
            }
            if (const auto& vs = c.vertical) {
                out << " vertical sizes=";
                for (const auto& size : vs->sizes)
                    out << size.cores << "x" << num(size.speed) << "/" << opt(size.hourlyPrice) << ",";
                out << " cpu=" << opt(vs->targetCpu) << " max=" << (vs->maxCores ? std::to_string(*vs->maxCores) : "-")
                    << " tolerance=" << num(vs->tolerance) << " period=" << num(vs->period)
                    << " up=" << num(vs->scaleUpCooldown) << " down=" << num(vs->scaleDownCooldown)
                    << " provision=" << num(vs->provision) << " restart=" << num(vs->restart) << " schedule=";
                for (const auto& st : vs->schedule)
                    out << num(st.at) << "/" << st.size << ",";
            }
            out << "\n";
        }
        for (const auto& r : v.routes) {
            out << " route " << r.operation << "\n";
            dumpCall(out, r.root, "  ");
        }
        for (const auto& p : v.layout)
            out << " layout " << p.component << " x=" << num(p.x) << " y=" << num(p.y) << "\n";
    }
    return out.str();
}

} // namespace scalelab::scenarios::test
