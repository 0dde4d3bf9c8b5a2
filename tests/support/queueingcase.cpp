#include "queueingcase.h"

#include "models/queuenode.h"
#include "simcore/recorder.h"
#include "simcore/simulation.h"
#include "simcore/source.h"
#include "simcore/subprocess.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace scalelab::testing {

std::string CaseResult::serialize() const
{
    std::ostringstream out;
    out.precision(17);
    out << meanResponse << ' ' << p50 << ' ' << p95 << ' ' << p99 << ' ' << meanInSystem << ' ' << utilization << ' '
        << waitProbability << ' ' << meanWait << ' ' << blocking << ' ' << throughput << ' ' << extra.size();
    for (double x : extra)
        out << ' ' << x;
    return out.str();
}

CaseResult CaseResult::parse(const std::string& text)
{
    std::istringstream in(text);
    CaseResult r;
    std::size_t n = 0;
    in >> r.meanResponse >> r.p50 >> r.p95 >> r.p99 >> r.meanInSystem >> r.utilization >> r.waitProbability >>
        r.meanWait >> r.blocking >> r.throughput >> n;
    r.extra.resize(n);
    for (double& x : r.extra)
        in >> x;
    return r;
}

std::vector<CaseResult> replicate(const std::function<CaseResult(std::uint64_t, std::uint32_t)>& run,
                                  int replications, std::uint64_t seed)
{
    // SCALELAB_VALIDATION_SEED reruns every case with another seed.
    if (const char* env = std::getenv("SCALELAB_VALIDATION_SEED"))
        seed = std::strtoull(env, nullptr, 10);
    std::vector<std::function<std::string()>> jobs;
    for (int i = 0; i < replications; ++i)
        jobs.push_back([run, seed, i] { return run(seed, static_cast<std::uint32_t>(i)).serialize(); });
    std::vector<CaseResult> out;
    for (const std::string& text : sim::runParallel(jobs))
        out.push_back(CaseResult::parse(text));
    return out;
}

CaseResult runStation(const StationCase& c, std::uint64_t seed, std::uint32_t replication)
{
    sim::Simulation s;
    sim::Machine& m = s.addMachine("server", c.cores);
    sim::Station& st = s.addStation("server", m, {c.threads, c.backlog});
    s.seal();
    sim::Recorder rec(s, {c.duration, c.warmup, c.duration / 10});
    models::QueueNode node(st, c.service, sim::RandomStream(seed, "server", replication, "service"),
                           sim::RandomStream(seed, "server", replication, "route"), rec);
    models::NodeEntry entry(node);
    sim::Source src(s, rec,
                    sim::makePoissonArrivals(sim::RateProfile::constant(c.lambda),
                                             sim::RandomStream(seed, "clients", replication)),
                    entry);
    src.start();
    const sim::MetricFrame f = rec.run();
    const sim::StationMetrics& sm = f.stations.at(0);
    CaseResult r;
    r.meanResponse = f.meanLatency;
    r.p50 = f.p50;
    r.p95 = f.p95;
    r.p99 = f.p99;
    r.meanInSystem = sm.meanInSystem;
    r.utilization = sm.utilization;
    r.waitProbability = sm.waitProbability();
    r.meanWait = sm.meanWait();
    r.blocking = sm.blockingProbability();
    r.throughput = f.throughput();
    return r;
}

std::vector<double> values(const std::vector<CaseResult>& results, double CaseResult::*field)
{
    std::vector<double> v;
    for (const auto& r : results)
        v.push_back(r.*field);
    return v;
}

std::vector<double> values(const std::vector<CaseResult>& results, std::size_t extraIndex)
{
    std::vector<double> v;
    for (const auto& r : results)
        v.push_back(r.extra.at(extraIndex));
    return v;
}

std::string check(const std::string& caseName, const std::string& metric, double exact,
                  const std::vector<double>& replications, double tolerance)
{
    const sim::ConfidenceInterval ci = sim::studentInterval(replications, 0.95);
    const sim::ConfidenceInterval wide = sim::studentInterval(replications, 0.99);
    const double rel = std::fabs(ci.mean - exact) / std::fabs(exact);
    const bool inTolerance = rel <= tolerance;
    const char* verdict = !inTolerance || !wide.contains(exact) ? "FAIL"
                          : ci.contains(exact)                  ? "ok"
                                                                : "ok (outside 95%, inside 99%)";
    std::printf("| %s | %s | %.6g | %.6g ± %.3g | %.2f%% | %.1f%% | %s |\n", caseName.c_str(), metric.c_str(), exact,
                ci.mean, ci.halfWidth, 100 * rel, 100 * tolerance, verdict);
    std::fflush(stdout);
    std::string problem;
    if (!inTolerance)
        problem += caseName + " " + metric + ": relative error " + std::to_string(rel) + " > " +
                   std::to_string(tolerance) + "; ";
    if (!wide.contains(exact))
        problem += caseName + " " + metric + ": exact " + std::to_string(exact) + " outside the 99% interval [" +
                   std::to_string(wide.low()) + ", " + std::to_string(wide.high()) + "]; ";
    return problem;
}

} // namespace scalelab::testing
