#include "simcore/replications.h"

#include "simcore/subprocess.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

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

std::string frameToJson(const MetricFrame& f)
{
    nlohmann::ordered_json j;
    j["type"] = "frame";
    j["start"] = f.start;
    j["end"] = f.end;
    j["arrivals"] = f.arrivals;
    j["completions"] = f.completions;
    j["errors"] = f.errors;
    j["rejections"] = f.rejections;
    j["in_flight"] = f.inFlight;
    j["attempts"] = f.attempts;
    j["retries"] = f.retries;
    j["mean_latency"] = f.meanLatency;
    j["p50"] = f.p50;
    j["p95"] = f.p95;
    j["p99"] = f.p99;
    j["p999"] = f.p999;
    auto& operations = j["operations"] = nlohmann::ordered_json::array();
    for (const auto& o : f.operations) {
        nlohmann::ordered_json x;
        x["name"] = o.name;
        x["arrivals"] = o.arrivals;
        x["completions"] = o.completions;
        x["errors"] = o.errors;
        x["rejections"] = o.rejections;
        x["mean_latency"] = o.meanLatency;
        x["p50"] = o.p50;
        x["p95"] = o.p95;
        x["p99"] = o.p99;
        operations.push_back(std::move(x));
    }
    auto& connections = j["connections"] = nlohmann::ordered_json::array();
    for (const auto& c : f.connections) {
        nlohmann::ordered_json x;
        x["caller"] = c.caller;
        x["target"] = c.target;
        x["calls"] = c.calls;
        x["retries"] = c.retries;
        x["errors"] = c.errors;
        x["rejected"] = c.rejected;
        x["short_circuited"] = c.shortCircuited;
        connections.push_back(std::move(x));
    }
    auto& stations = j["stations"] = nlohmann::ordered_json::array();
    for (const auto& s : f.stations) {
        nlohmann::ordered_json o;
        o["name"] = s.name;
        o["workers"] = s.workers;
        o["arrivals"] = s.arrivals;
        o["started"] = s.started;
        o["completed"] = s.completed;
        o["rejected"] = s.rejected;
        o["failed"] = s.failed;
        o["waited"] = s.waited;
        o["wait_sum"] = s.waitSum;
        o["utilization"] = s.utilization;
        o["busy_workers"] = s.meanBusyWorkers;
        o["queue"] = s.meanQueue;
        o["in_system"] = s.meanInSystem;
        o["up"] = s.up;
        o["provisioned"] = s.provisioned;
        stations.push_back(std::move(o));
    }
    return j.dump();
}

MetricFrame frameFromJson(const std::string& text)
{
    try {
        const auto j = nlohmann::json::parse(text);
        MetricFrame f;
        f.start = j.at("start").get<double>();
        f.end = j.at("end").get<double>();
        f.arrivals = j.at("arrivals").get<std::uint64_t>();
        f.completions = j.at("completions").get<std::uint64_t>();
        f.errors = j.at("errors").get<std::uint64_t>();
        f.rejections = j.at("rejections").get<std::uint64_t>();
        f.inFlight = j.at("in_flight").get<std::uint64_t>();
        f.attempts = j.value("attempts", std::uint64_t(0));
        f.retries = j.value("retries", std::uint64_t(0));
        f.meanLatency = j.at("mean_latency").get<double>();
        f.p50 = j.at("p50").get<double>();
        f.p95 = j.at("p95").get<double>();
        f.p99 = j.at("p99").get<double>();
        f.p999 = j.at("p999").get<double>();
        if (j.contains("operations")) {
            for (const auto& x : j.at("operations")) {
                OperationMetrics o;
                o.name = x.at("name").get<std::string>();
                o.arrivals = x.at("arrivals").get<std::uint64_t>();
                o.completions = x.at("completions").get<std::uint64_t>();
                o.errors = x.at("errors").get<std::uint64_t>();
                o.rejections = x.at("rejections").get<std::uint64_t>();
                o.meanLatency = x.at("mean_latency").get<double>();
                o.p50 = x.at("p50").get<double>();
                o.p95 = x.at("p95").get<double>();
                o.p99 = x.at("p99").get<double>();
                f.operations.push_back(std::move(o));
            }
        }
        if (j.contains("connections")) {
            for (const auto& x : j.at("connections")) {
                ConnectionMetrics c;
                c.caller = x.at("caller").get<std::string>();
                c.target = x.at("target").get<std::string>();
                c.calls = x.at("calls").get<std::uint64_t>();
                c.retries = x.at("retries").get<std::uint64_t>();
                c.errors = x.at("errors").get<std::uint64_t>();
                c.rejected = x.at("rejected").get<std::uint64_t>();
                c.shortCircuited = x.at("short_circuited").get<std::uint64_t>();
                f.connections.push_back(std::move(c));
            }
        }
        for (const auto& o : j.at("stations")) {
            StationMetrics s;
            s.name = o.at("name").get<std::string>();
            s.workers = o.value("workers", 0);
            s.arrivals = o.at("arrivals").get<std::uint64_t>();
            s.started = o.at("started").get<std::uint64_t>();
            s.completed = o.at("completed").get<std::uint64_t>();
            s.rejected = o.at("rejected").get<std::uint64_t>();
            s.failed = o.at("failed").get<std::uint64_t>();
            s.waited = o.at("waited").get<std::uint64_t>();
            s.waitSum = o.at("wait_sum").get<double>();
            s.utilization = o.at("utilization").get<double>();
            s.meanBusyWorkers = o.at("busy_workers").get<double>();
            s.meanQueue = o.at("queue").get<double>();
            s.meanInSystem = o.at("in_system").get<double>();
            s.up = o.at("up").get<bool>();
            s.provisioned = o.value("provisioned", 1.0);
            f.stations.push_back(std::move(s));
        }
        return f;
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("malformed frame: ") + e.what());
    }
}

std::vector<MetricFrame> runReplications(int replications, const std::function<MetricFrame(int)>& job,
                                         unsigned workers)
{
    std::vector<std::function<std::string()>> jobs;
    for (int r = 0; r < replications; ++r)
        jobs.push_back([&job, r] { return frameToJson(job(r)); });
    std::vector<MetricFrame> out;
    for (const auto& text : runParallel(jobs, workers))
        out.push_back(frameFromJson(text));
    return out;
}

} // namespace scalelab::sim
