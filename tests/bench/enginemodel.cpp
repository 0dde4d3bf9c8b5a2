#include "enginemodel.h"

#include "models/queuenode.h"
#include "simcore/arrivals.h"
#include "simcore/recorder.h"
#include "simcore/simulation.h"
#include "simcore/source.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>

namespace scalelab::bench {

namespace {

/// The first `count` arrivals of another process: every implementation
/// computes the same number of requests.
class CappedArrivals final : public sim::ArrivalProcess
{
public:
    CappedArrivals(std::unique_ptr<sim::ArrivalProcess> inner, std::uint64_t count)
        : m_inner(std::move(inner)), m_left(count)
    {
    }

    double next(double now) override
    {
        if (m_left == 0)
            return std::numeric_limits<double>::infinity();
        --m_left;
        return m_inner->next(now);
    }

private:
    std::unique_ptr<sim::ArrivalProcess> m_inner;
    std::uint64_t m_left;
};

} // namespace

RunResult runEngine(const QueueModel& model, std::uint64_t seed, EngineOptions options)
{
    const auto t0 = std::chrono::steady_clock::now();
    sim::Simulation s;
    std::vector<sim::Station*> stations;
    for (int k = 0; k < model.stations; ++k) {
        const std::string name = QueueModel::stationName(k);
        sim::Machine& machine = s.addMachine(name, model.servers);
        stations.push_back(&s.addStation(name, machine, {model.servers}));
    }
    s.seal();

    // Long enough for the last arrival (10 standard deviations after its
    // expected time) and for the system to empty after it.
    const double lastArrival = double(model.requests) / model.lambda;
    double duration = lastArrival;
    const double response = model.exactMeanResponse();
    if (options.drain && std::isfinite(response))
        duration += 10.0 * std::sqrt(double(model.requests)) / model.lambda + 100.0 * response;
    sim::Recorder recorder(s, {duration, 0.0, options.binWidth});

    std::vector<std::unique_ptr<models::QueueNode>> nodes;
    for (int k = 0; k < model.stations; ++k) {
        const std::string name = QueueModel::stationName(k);
        nodes.push_back(std::make_unique<models::QueueNode>(
            *stations[std::size_t(k)], sim::Distribution::exponential(1.0 / model.mu),
            sim::RandomStream(seed, name, 0, "service"), sim::RandomStream(seed, name, 0, "route"), recorder));
    }
    for (std::size_t k = 0; k + 1 < nodes.size(); ++k)
        nodes[k]->addRoute(*nodes[k + 1], 1.0);
    models::NodeEntry entry(*nodes.front());
    sim::Source source(s, recorder,
                       std::make_unique<CappedArrivals>(
                           sim::makePoissonArrivals(sim::RateProfile::constant(model.lambda),
                                                    sim::RandomStream(seed, "clients", 0)),
                           model.requests),
                       entry);
    source.start();
    const sim::MetricFrame summary = recorder.run();

    RunResult r;
    r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.requests = source.generated();
    r.completions = summary.completions;
    r.meanResponse = summary.meanLatency;
    r.simulated = s.now();
    for (const sim::Station* st : stations) {
        r.visits += st->counters().arrivals;
        r.backlog += st->queueLength();
    }
    r.peakRssKiB = peakRssKiB();
    return r;
}

} // namespace scalelab::bench
