#include "scenarios/analysis.h"

#include "scenarios/runner.h"

#include "models/kinds/kind.h"

#include <algorithm>
#include <cmath>

namespace scalelab::scenarios {

std::vector<double> operationShares(const Study& study)
{
    std::vector<double> shares;
    for (const Operation& op : study.operations)
        shares.push_back(op.share);
    return shares;
}

double peakRate(const Study& study)
{
    if (!study.workload.replay.empty() || !study.workload.replayTimestamps.empty())
        return 0.0;
    return rateProfile(study.workload, study.run.duration).maxRate(0.0, study.run.duration);
}

models::analytic::Estimate analyzeVariant(const Study& study, const Variant& variant, double rps)
{
    const models::SystemConfig config = systemConfig(study, variant, study.run.seed, 0);
    return models::analytic::analyze(config, models::analytic::Rates::mix(operationShares(study), rps));
}

namespace {

// The engine's costs, measured with scalelab-cli on a 2-core x86-64 machine
// (RelWithDebInfo; docs/cli.md, "Work estimate"): the speed of one process
// (shop.yaml: 6.95 million visits in 10.6 s, read_heavy_api.yaml: 30.2 million
// in 36.4 s, two processes at a time: 0.33 and 0.41 million a second each),
// the memory of an idle one (38 MB), of a request in flight (a million
// single-call requests: 382 MB, tests/bench/tst_studysize) and of a bin.
constexpr double kVisitsPerSecond = 3.5e5;  // component visits/s, one process
constexpr double kBaseBytes = 40.0e6;               // a replication's process before traffic
constexpr double kBytesPerRequest = 400.0;  // a request in flight, its flow
constexpr double kBytesPerVisit = 150.0;      // one call frame of a request in flight
constexpr double kBytesPerStationBin = 200.0; // one instance's figures in one bin

struct Arrivals
{
    double count = 0.0; // expected, over the run
    double peak = 0.0;  // requests/s
};

Arrivals offered(const Study& study)
{
    const Workload& w = study.workload;
    const double duration = study.run.duration;
    if (!w.replayTimestamps.empty()) {
        const auto trace = sim::loadTimestampTrace(studyFilePath(study, w.replayTimestamps));
        if (!trace.ok())
            return {};
        const auto n = std::count_if(trace.value.begin(), trace.value.end(), [&](double t) { return t < duration; });
        return {double(n), double(n) / duration}; // the mean: a trace's peak second is not known without binning
    }
    sim::RateProfile profile = rateProfile(w, duration);
    if (!w.replay.empty()) {
        auto trace = sim::loadRateTrace(studyFilePath(study, w.replay));
        if (!trace.ok())
            return {};
        profile = std::move(trace.value);
    }
    return {profile.expectedArrivals(0.0, duration), profile.maxRate(0.0, duration)};
}

} // namespace

WorkEstimate estimateWork(const Study& study, const std::vector<const Variant*>& variants, int replications,
                          int workers)
{
    WorkEstimate e;
    const Arrivals a = offered(study);
    e.arrivals = a.count;
    e.peakRate = a.peak;
    const std::vector<double> shares = operationShares(study);
    double totalShare = 0.0;
    for (double s : shares)
        totalShare += s;
    const double bins = std::ceil(study.run.duration / study.run.bin);
    for (const Variant* v : variants) {
        const models::SystemConfig config = systemConfig(study, *v, study.run.seed, 0);
        const models::analytic::Estimate at =
            models::analytic::analyze(config, models::analytic::Rates::mix(shares, std::max(a.peak, 1.0)));
        double visits = 0.0;
        double inFlight = 0.0;
        for (std::size_t i = 0; i < at.operations.size(); ++i) {
            const models::analytic::OperationEstimate& op = at.operations[i];
            double perRequest = 0.0;
            for (double n : op.visits)
                perRequest += n;
            visits += perRequest * (totalShare > 0 ? shares[i] / totalShare : 0.0);
            if (std::isfinite(op.meanResponse))
                inFlight += op.rate * op.meanResponse; // Little's law
        }
        // Saturated: the backlogs fill; every request waiting holds its flow.
        int stations = 0;
        std::size_t backlog = 0;
        for (const models::ComponentConfig& c : config.components) {
            const int machines = models::kindOf(c.kind).hasMachines() ? models::kindOf(c.kind).machineCount(c) : 0;
            stations += machines;
            backlog += std::size_t(machines) * (c.backlog + std::size_t(std::max(0, c.threads)));
        }
        if (!at.stable) {
            e.overloaded = true;
            inFlight = std::min(std::max(inFlight, double(backlog)), double(models::kMaxRequestsInFlight));
        }
        const double bytes = kBaseBytes + inFlight * (kBytesPerRequest + kBytesPerVisit * visits) +
                             bins * double(stations) * kBytesPerStationBin;
        e.visitsPerRequest = std::max(e.visitsPerRequest, visits);
        e.bytesPerProcess = std::max(e.bytesPerProcess, bytes);
        e.events += a.count * visits * double(replications);
    }
    const int runs = replications * int(variants.size());
    e.seconds = e.events / kVisitsPerSecond / double(std::clamp(workers, 1, std::max(1, runs)));
    return e;
}

std::vector<SteadyPhase> steadyPhases(const Study& study, double minLength)
{
    std::vector<SteadyPhase> out;
    if (!study.workload.replay.empty() || !study.workload.replayTimestamps.empty())
        return out;
    const double end = study.run.duration;
    const sim::RateProfile profile = rateProfile(study.workload, end);
    double t = 0.0;
    while (t < end) {
        const double next = std::min(end, profile.nextBreak(t));
        const double from = std::max(t, study.run.warmup);
        if (next - from >= minLength) {
            const double r = profile.rateAt(from);
            const double mid = profile.rateAt(0.5 * (from + next));
            const double last = profile.rateAt(next - 1e-9 * std::max(1.0, next));
            if (r > 0 && std::abs(mid - r) <= 1e-9 * r && std::abs(last - r) <= 1e-9 * r) {
                if (!out.empty() && out.back().end == from && out.back().rps == r)
                    out.back().end = next;
                else
                    out.push_back({from, next, r});
            }
        }
        if (!(next > t))
            break;
        t = next;
    }
    return out;
}

models::analytic::SloTarget sloTarget(const Study& study)
{
    models::analytic::SloTarget slo;
    slo.p99 = study.slo.p99.value_or(0.0);
    slo.availability = study.slo.availability.value_or(0.0);
    return slo;
}

Study steadyStudy(const Study& study, double rps, double duration, double warmup, double bin)
{
    Study steady = study;
    steady.workload = Workload{};
    RatePoint steadyRate;
    steadyRate.rps = rps;
    steady.workload.rate = {steadyRate};
    steady.faults.clear();
    steady.run.duration = warmup + duration;
    steady.run.warmup = warmup;
    steady.run.bin = bin > 0 ? bin : duration;
    return steady;
}

CapacityProbe probeSteady(const Study& study, const Variant& variant, double rps, double duration, double warmup)
{
    const Study steady = steadyStudy(study, rps, duration, warmup);
    const VariantRun run = runVariant(steady, variant, study.run.seed, 0);
    const sim::MetricFrame& s = run.summary;
    CapacityProbe p;
    p.rps = rps;
    p.p99 = s.p99;
    p.throughput = s.throughput();
    const double ended = double(s.completions + s.errors + s.rejections);
    p.availability = ended > 0 ? double(s.completions) / ended : 0.0;
    const models::analytic::SloTarget slo = sloTarget(study);
    // A run that falls behind (requests piling up) misses even if the ones that finished were fast.
    const bool keptUp = s.arrivals == 0 || double(s.completions + s.errors + s.rejections) >= 0.98 * double(s.arrivals);
    p.met = keptUp && (slo.p99 <= 0 || p.p99 <= slo.p99) && (slo.availability <= 0 || p.availability >= slo.availability);
    return p;
}

CapacityResult searchCapacity(const Study& study, const Variant& variant, int steps,
                              const std::function<CapacityProbe(double rps)>& probe)
{
    const models::SystemConfig config = systemConfig(study, variant, study.run.seed, 0);
    const std::vector<double> shares = operationShares(study);
    CapacityResult out;
    out.analytic = models::analytic::capacity(config, shares, sloTarget(study));
    const models::analytic::Estimate atCapacity =
        models::analytic::analyze(config, models::analytic::Rates::mix(shares, std::max(out.analytic, 1e-9)));
    out.saturation = atCapacity.saturation;
    if (atCapacity.bottleneck >= 0)
        out.bottleneck = atCapacity.components[std::size_t(atCapacity.bottleneck)].name;
    if (!probe || !(out.analytic > 0) || !std::isfinite(out.analytic))
        return out;

    // Bracket from the analytic figure: step out by 15% until one probe meets
    // the SLO and one misses it, then bisect.
    auto run = [&](double r) {
        const CapacityProbe p = probe(r);
        out.probes.push_back(p);
        return p.met;
    };
    double lo = 0.0, hi = 0.0;
    double r = out.analytic;
    if (run(r)) {
        lo = r;
        for (int i = 0; i < 6 && hi == 0.0; ++i) {
            r *= 1.15;
            (run(r) ? lo : hi) = r;
        }
    } else {
        hi = r;
        for (int i = 0; i < 6 && lo == 0.0; ++i) {
            r /= 1.15;
            (run(r) ? lo : hi) = r;
        }
    }
    if (lo > 0 && hi > 0)
        for (int i = 0; i < steps; ++i) {
            const double mid = 0.5 * (lo + hi);
            (run(mid) ? lo : hi) = mid;
        }
    out.simulated = lo;
    out.firstMiss = hi;
    return out;
}

} // namespace scalelab::scenarios
