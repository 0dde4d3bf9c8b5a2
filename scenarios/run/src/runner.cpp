#include "scenarios/runner.h"

#include "scenarios/faulttype.h"
#include "scenarios/parity.h"
#include "scenarios/slotracker.h"

#include "simcore/framejson.h"
#include "simcore/recorder.h"
#include "simcore/simulation.h"
#include "simcore/source.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <set>
#include <stdexcept>

namespace scalelab::scenarios {

namespace {

/// The base rate: steps, and ramps that reach `rps` over `ramp` seconds from `at`.
double baseRate(const std::vector<RatePoint>& points, double t, bool before)
{
    double rate = 0.0;
    for (const RatePoint& p : points) {
        if (t < p.at || (before && t == p.at && p.ramp == 0.0))
            break;
        if (p.ramp > 0.0 && t < p.at + p.ramp)
            return rate + (p.rps - rate) * (t - p.at) / p.ramp;
        rate = p.rps;
    }
    return rate;
}

double spikeFactor(const std::vector<Spike>& spikes, double t, bool before)
{
    double factor = 1.0;
    for (const Spike& s : spikes) {
        const double end = s.at + s.duration;
        double f = 1.0;
        if (s.ramp > 0.0) {
            if (t >= s.at && t < s.at + s.ramp)
                f = 1.0 + (s.factor - 1.0) * (t - s.at) / s.ramp;
            else if (t >= s.at + s.ramp && t < end - s.ramp)
                f = s.factor;
            else if (t >= end - s.ramp && t < end)
                f = 1.0 + (s.factor - 1.0) * (end - t) / s.ramp;
        } else if ((before ? t > s.at : t >= s.at) && (before ? t <= end : t < end)) {
            f = s.factor;
        }
        factor *= f;
    }
    return factor;
}

double diurnalFactor(const std::optional<Diurnal>& d, double t)
{
    if (!d)
        return 1.0;
    return 1.0 + d->amplitude * std::cos(2.0 * std::numbers::pi * (t - d->peakAt) / d->period);
}

models::CallPlan compile(const Call& call)
{
    models::CallPlan plan;
    static_cast<models::CallConfig&>(plan) = call;
    for (const Call& c : call.calls)
        plan.calls.push_back(compile(c));
    for (const Call& c : call.parallel)
        plan.parallel.push_back(compile(c));
    for (const Call& c : call.miss)
        plan.miss.push_back(compile(c));
    for (const Call& c : call.then)
        plan.then.push_back(compile(c));
    return plan;
}

/// The recorder, telling the impact meter about every request's end first.
class MeteredRecorder : public sim::Recorder
{
public:
    MeteredRecorder(sim::Simulation& sim, sim::RunSettings settings, ImpactMeter& meter)
        : sim::Recorder(sim, settings), m_sim(sim), m_meter(meter)
    {
    }
    void onDone(sim::Request& request, sim::Outcome outcome) override
    {
        m_meter.onRequestEnd(request, outcome, m_sim.now());
        sim::Recorder::onDone(request, outcome);
    }

private:
    sim::Simulation& m_sim;
    ImpactMeter& m_meter;
};

/// Turns the recorder's frames and events into whole frames for the observer.
class Adapter : public sim::RunObserver
{
public:
    Adapter(VariantObserver* observer, const models::System& system, SloTracker& slo, ImpactMeter& meter,
            double warmup)
        : m_observer(observer), m_system(system), m_slo(slo), m_meter(meter), m_warmup(warmup)
    {
    }
    void onFrame(const sim::MetricFrame& metrics) override
    {
        m_slo.onFrame(metrics);
        m_meter.onFrame(metrics);
        sim::FleetStatus fleet = m_system.fleet();
        if (metrics.end > m_warmup)
            m_peak = std::max(m_peak, fleet.provisioned());
        if (!m_observer)
            return;
        m_frame.metrics = metrics;
        m_frame.breakers = m_system.breakers();
        m_frame.gauges = m_system.gauges();
        m_frame.fleet = std::move(fleet);
        m_observer->onFrame(m_frame);
        m_frame.events.clear();
    }
    int peak() const { return m_peak; }
    void onEvent(const sim::RunEvent& event) override
    {
        if (m_observer)
            m_frame.events.push_back(event);
    }
    bool keepRunning() override { return !m_observer || m_observer->keepRunning(); }

private:
    VariantObserver* m_observer;
    const models::System& m_system;
    SloTracker& m_slo;
    ImpactMeter& m_meter;
    double m_warmup;
    int m_peak = 0;
    sim::Frame m_frame; ///< the bin being gathered: its events arrive before its metrics
};

} // namespace

std::string studyFilePath(const Study& study, const std::string& file)
{
    namespace fs = std::filesystem;
    const fs::path p(file);
    if (p.is_absolute() || study.path.empty())
        return file;
    return (fs::path(study.path).parent_path() / p).string();
}

sim::RateProfile rateProfile(const Workload& workload, double duration)
{
    std::set<double> breaks{0.0};
    for (const RatePoint& p : workload.rate) {
        breaks.insert(p.at);
        breaks.insert(p.at + p.ramp);
    }
    for (const Spike& s : workload.spikes) {
        for (double t : {s.at, s.at + s.ramp, s.at + s.duration - s.ramp, s.at + s.duration})
            breaks.insert(t);
    }
    if (workload.diurnal) {
        const double step = workload.diurnal->period / 96.0;
        for (double t = 0.0; t < duration; t += step)
            breaks.insert(t);
    }
    std::vector<sim::RateProfile::Point> points;
    auto rate = [&](double t, bool before) {
        return baseRate(workload.rate, t, before) * spikeFactor(workload.spikes, t, before) *
               diurnalFactor(workload.diurnal, t);
    };
    for (double t : breaks) {
        if (t < 0 || t > duration)
            continue;
        if (!points.empty()) {
            // The piece before t is linear; close it with its value just before t,
            // then start the next piece at t (a step when the two differ).
            const double left = rate(t, true);
            points.push_back({t, left, true});
            const double right = rate(t, false);
            if (right != left)
                points.push_back({t, right, false});
        } else {
            points.push_back({t, rate(t, false), false});
        }
    }
    return sim::RateProfile(std::move(points));
}

models::SystemConfig systemConfig(const Study& study, const Variant& variant, std::uint64_t seed,
                                  std::uint32_t replication)
{
    models::SystemConfig cfg;
    for (const Component& c : variant.components)
        cfg.components.push_back(c);
    for (const Zone& z : study.network.zones)
        cfg.network.zones.push_back({z.name, z.region});
    cfg.network.zoneLatency = study.network.zoneLatency;
    cfg.network.crossZoneLatency = study.network.crossZoneLatency;
    cfg.network.crossRegionLatency = study.network.crossRegionLatency;
    cfg.network.zoneBandwidth = study.network.zoneBandwidth;
    cfg.network.crossZoneBandwidth = study.network.crossZoneBandwidth;
    cfg.network.crossRegionBandwidth = study.network.crossRegionBandwidth;
    for (const Operation& op : study.operations) {
        models::OperationPlan plan;
        plan.name = op.name;
        plan.clientClass = op.clientClass;
        const auto route = std::find_if(variant.routes.begin(), variant.routes.end(),
                                        [&](const Route& r) { return r.operation == op.name; });
        if (route == variant.routes.end())
            throw std::runtime_error("variant " + variant.name + " has no route for operation " + op.name);
        plan.root = compile(route->root);
        cfg.operations.push_back(std::move(plan));
    }
    cfg.pricing = study.pricing;
    cfg.seed = seed;
    cfg.replication = replication;
    return cfg;
}

VariantRun runVariant(const Study& study, const Variant& variant, std::uint64_t seed, std::uint32_t replication,
                      VariantObserver* observer)
{
    const RunSettings& rs = study.run;
    sim::Simulation s;
    ImpactMeter meter(study);
    MeteredRecorder recorder(s, {rs.duration, rs.warmup, rs.bin}, meter);
    std::vector<std::string> operationNames;
    for (const Operation& op : study.operations)
        operationNames.push_back(op.name);
    recorder.setOperations(std::move(operationNames));
    models::SystemConfig config = systemConfig(study, variant, seed, replication);
    if (observer) {
        config.maxInFlight = observer->maxInFlight();
        config.traceSink = observer->traceSink();
        config.traceSample = observer->traceSample();
    }
    models::System system(s, recorder, config);
    s.seal();
    system.start();

    const Workload& w = study.workload;
    std::unique_ptr<sim::ArrivalProcess> arrivals;
    // Arrivals are keyed by the study, not the variant: every variant sees the same ones.
    const sim::RandomStream arrivalStream(seed, "clients", replication);
    if (!w.replayTimestamps.empty()) {
        auto trace = sim::loadTimestampTrace(studyFilePath(study, w.replayTimestamps));
        if (!trace.ok())
            throw std::runtime_error(trace.errors.front().format());
        arrivals = sim::makeTraceArrivals(std::move(trace.value));
    } else {
        sim::RateProfile profile = rateProfile(w, rs.duration);
        if (!w.replay.empty()) {
            auto trace = sim::loadRateTrace(studyFilePath(study, w.replay));
            if (!trace.ok())
                throw std::runtime_error(trace.errors.front().format());
            profile = trace.value;
        }
        arrivals = w.arrivals == ArrivalKind::Deterministic ? sim::makeDeterministicArrivals(std::move(profile))
                                                            : sim::makePoissonArrivals(std::move(profile), arrivalStream);
    }
    std::vector<double> shares;
    for (const Operation& op : study.operations)
        shares.push_back(op.share);
    sim::Source source(s, recorder, std::move(arrivals), system.entry(), shares,
                       sim::RandomStream(seed, "operation-mix", replication));
    if (observer && observer->maxArrivals() > 0)
        source.setLimit(observer->maxArrivals());
    source.start();

    // Each fault acts at its time on what it stands for in this variant (a
    // role's components, scenarios/parity.h); one that does nothing here is
    // reported as such (SloTracker::setInert), not charged with violations.
    SloTracker slo(study, study.faults);
    for (std::size_t i = 0; i < study.faults.size(); ++i) {
        const Fault& f = study.faults[i];
        std::string why = faultInertReason(study, f, variant);
        if (!why.empty()) {
            slo.setInert(i, why);
            continue;
        }
        const FaultType& type = faultTypeOf(f);
        s.at(f.at, [&system, &slo, &type, i, f, parts = resolveFault(study, f, variant)] {
            bool acted = false;
            for (const Fault& part : parts)
                acted = type.apply(system, part) || acted;
            if (!acted)
                slo.setInert(i, type.inertAtRunTime(parts.size() == 1 ? parts.front() : f));
        });
    }

    // The bill after warm-up: what was spent by its end is left out.
    double costAtWarmup = 0.0;
    if (rs.warmup > 0.0 && rs.warmup < rs.duration)
        s.at(rs.warmup, [&] { costAtWarmup = system.fleet().cost; });

    Adapter adapter(observer, system, slo, meter, rs.warmup);
    VariantRun out;
    out.summary = recorder.run(&adapter);
    out.gauges = system.gauges();
    out.timeInSlo = slo.timeInSlo();
    out.recoveries = slo.recoveries();
    RunImpact& impact = out.impact;
    impact.cost = system.fleet().cost - costAtWarmup;
    impact.costPerMillion = out.summary.arrivals ? impact.cost / double(out.summary.arrivals) * 1e6 : 0.0;
    impact.peakInstances = adapter.peak();
    impact.downtimeMinutes = meter.downtimeMinutes();
    impact.downtimeCost = meter.downtimeCost();
    impact.conversionLoss = meter.conversionLoss();
    return out;
}

sim::StreamStart streamStart(const Study& study, const Variant& variant)
{
    sim::StreamStart start;
    start.study = study.name;
    start.file = study.path;
    start.variant = variant.name;
    start.duration = study.run.duration;
    start.warmup = study.run.warmup;
    start.bin = study.run.bin;
    start.seed = study.run.seed;
    for (const Operation& op : study.operations)
        start.operations.push_back(op.name);
    for (const Component& c : variant.components)
        start.components.push_back({c.name, std::string(models::kindName(c.kind))});
    return start;
}

std::string variantRunToJson(const VariantRun& run)
{
    nlohmann::json j;
    sim::Frame summary;
    summary.metrics = run.summary;
    j["summary"] = nlohmann::json::parse(sim::toJson(summary));
    nlohmann::json g = nlohmann::json::array();
    for (const auto& gauge : run.gauges)
        g.push_back({gauge.component, gauge.name, gauge.value});
    j["gauges"] = g;
    j["time_in_slo"] = run.timeInSlo;
    nlohmann::json recoveries = nlohmann::json::array();
    for (const Recovery& r : run.recoveries)
        recoveries.push_back({r.seconds, recoveryStatusKey(r.status), r.reason});
    j["recoveries"] = recoveries;
    const RunImpact& i = run.impact;
    j["impact"] = {i.cost, i.costPerMillion, i.peakInstances, i.downtimeMinutes, i.downtimeCost, i.conversionLoss};
    return j.dump();
}

VariantRun variantRunFromJson(const std::string& text)
{
    const auto j = nlohmann::json::parse(text);
    VariantRun run;
    run.summary = sim::frameFromJson(j.at("summary").dump()).metrics;
    for (const auto& g : j.at("gauges"))
        run.gauges.push_back({g[0].get<std::string>(), g[1].get<std::string>(), g[2].get<double>()});
    run.timeInSlo = j.value("time_in_slo", 1.0);
    for (const auto& r : j.value("recoveries", nlohmann::json::array()))
        run.recoveries.push_back(
            {recoveryStatusFromKey(r[1].get<std::string>()), r[0].get<double>(), r[2].get<std::string>()});
    if (j.contains("impact")) {
        const auto& i = j.at("impact");
        run.impact = {i[0].get<double>(), i[1].get<double>(), i[2].get<double>(),
                      i[3].get<double>(), i[4].get<double>(), i[5].get<double>()};
    }
    return run;
}

} // namespace scalelab::scenarios
