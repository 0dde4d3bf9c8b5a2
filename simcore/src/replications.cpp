#include "simcore/replications.h"

#include "simcore/framejson.h"
#include "simcore/subprocess.h"

namespace scalelab::sim {

namespace {

double ratio(std::uint64_t a, std::uint64_t b) { return b ? double(a) / double(b) : 0.0; }

ConfidenceInterval over(const std::vector<MetricFrame>& runs, double level,
                        const std::function<double(const MetricFrame&)>& get)
{
    std::vector<double> v;
    v.reserve(runs.size());
    for (const auto& r : runs)
        v.push_back(get(r));
    return studentInterval(v, level);
}

} // namespace

ReplicatedSummary summarize(const std::vector<MetricFrame>& runs, double level)
{
    ReplicatedSummary s;
    s.replications = runs.size();
    if (runs.empty())
        return s;
    s.throughput = over(runs, level, [](const MetricFrame& f) { return f.throughput(); });
    s.meanLatency = over(runs, level, [](const MetricFrame& f) { return f.meanLatency; });
    s.p50 = over(runs, level, [](const MetricFrame& f) { return f.p50; });
    s.p95 = over(runs, level, [](const MetricFrame& f) { return f.p95; });
    s.p99 = over(runs, level, [](const MetricFrame& f) { return f.p99; });
    s.p999 = over(runs, level, [](const MetricFrame& f) { return f.p999; });
    // Over the requests that ended in the measured interval (not arrivals: some
    // that arrived in the warm-up end after it), so the rates and the success
    // rate add up to 1.
    auto ended = [](const MetricFrame& f) { return f.completions + f.errors + f.rejections; };
    s.errorRate = over(runs, level, [&](const MetricFrame& f) { return ratio(f.errors, ended(f)); });
    s.rejectionRate = over(runs, level, [&](const MetricFrame& f) { return ratio(f.rejections, ended(f)); });
    for (std::size_t i = 0; i < runs.front().stations.size(); ++i) {
        ReplicatedSummary::StationFigure fig;
        fig.name = runs.front().stations[i].name;
        fig.utilization = over(runs, level, [i](const MetricFrame& f) { return f.stations.at(i).utilization; });
        fig.meanQueue = over(runs, level, [i](const MetricFrame& f) { return f.stations.at(i).meanQueue; });
        s.stations.push_back(std::move(fig));
    }
    return s;
}

std::vector<MetricFrame> runReplications(int replications, const std::function<MetricFrame(int)>& job,
                                         unsigned workers)
{
    std::vector<std::function<std::string()>> jobs;
    for (int r = 0; r < replications; ++r)
        jobs.push_back([&job, r] {
            Frame frame;
            frame.metrics = job(r);
            return toJson(frame);
        });
    std::vector<MetricFrame> out;
    for (const auto& text : runParallel(jobs, workers))
        out.push_back(frameFromJson(text).metrics);
    return out;
}

} // namespace scalelab::sim
