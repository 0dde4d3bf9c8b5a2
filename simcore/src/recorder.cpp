#include "simcore/recorder.h"

#include "simcore/simulation.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace scalelab::sim {

Recorder::Recorder(Simulation& sim, RunSettings settings) : m_sim(sim), m_settings(settings)
{
    assert(settings.duration > 0 && settings.binWidth > 0 && settings.warmup >= 0);
}

void Recorder::setOperations(std::vector<std::string> names)
{
    m_operationNames = std::move(names);
    m_bin.operations.assign(m_operationNames.size(), {});
    m_measured.operations.assign(m_operationNames.size(), {});
}

void Recorder::Counts::count(Outcome outcome, double latencySeconds)
{
    switch (outcome) {
    case Outcome::Ok:
        ++completions;
        latency.record(latencySeconds);
        break;
    case Outcome::Error:
        ++errors;
        break;
    case Outcome::Rejected:
        ++rejections;
        break;
    }
}

void Recorder::Counts::clear()
{
    arrivals = completions = errors = rejections = 0;
    attempts = retries = 0;
    latency.clear();
}

void Recorder::onArrival(const Request& request)
{
    const bool measured = request.created >= m_settings.warmup;
    ++m_inSystem;
    ++m_bin.arrivals;
    m_measured.arrivals += measured;
    if (request.operation < m_bin.operations.size()) {
        ++m_bin.operations[request.operation].arrivals;
        m_measured.operations[request.operation].arrivals += measured;
    }
}

void Recorder::onDone(Request& request, Outcome outcome)
{
    const double now = m_sim.now();
    const double latency = now - request.created;
    const bool measured = now >= m_settings.warmup;
    const bool named = request.operation < m_bin.operations.size();
    --m_inSystem;
    m_bin.count(outcome, latency);
    if (named)
        m_bin.operations[request.operation].count(outcome, latency);
    if (measured) {
        m_measured.count(outcome, latency);
        if (named)
            m_measured.operations[request.operation].count(outcome, latency);
    }
    m_sim.requests().release(&request);
}

int Recorder::addConnection(std::string caller, std::string target)
{
    m_connectionNames.emplace_back(std::move(caller), std::move(target));
    m_bin.connections.emplace_back();
    m_measured.connections.emplace_back();
    return static_cast<int>(m_connectionNames.size() - 1);
}

void Recorder::onAttempt(bool retry, int connection)
{
    const bool measured = m_sim.now() >= m_settings.warmup;
    ++m_bin.attempts;
    m_bin.retries += retry;
    m_measured.attempts += measured;
    m_measured.retries += retry && measured;
    if (connection < 0)
        return;
    assert(std::size_t(connection) < m_bin.connections.size());
    ConnectionCounts& b = m_bin.connections[std::size_t(connection)];
    ConnectionCounts& m = m_measured.connections[std::size_t(connection)];
    ++b.calls;
    b.retries += retry;
    m.calls += measured;
    m.retries += retry && measured;
}

void Recorder::onCallFailed(int connection, Outcome outcome)
{
    if (connection < 0 || outcome == Outcome::Ok)
        return;
    assert(std::size_t(connection) < m_bin.connections.size());
    const bool measured = m_sim.now() >= m_settings.warmup;
    const bool error = outcome == Outcome::Error;
    ConnectionCounts& b = m_bin.connections[std::size_t(connection)];
    ConnectionCounts& m = m_measured.connections[std::size_t(connection)];
    (error ? b.errors : b.rejected) += 1;
    (error ? m.errors : m.rejected) += measured;
}

void Recorder::onShortCircuit(int connection)
{
    if (connection < 0)
        return;
    assert(std::size_t(connection) < m_bin.connections.size());
    ++m_bin.connections[std::size_t(connection)].shortCircuited;
    m_measured.connections[std::size_t(connection)].shortCircuited += m_sim.now() >= m_settings.warmup;
}

std::vector<Recorder::StationSnapshot> Recorder::snapshot(double now) const
{
    std::vector<StationSnapshot> out;
    out.reserve(m_sim.stations().size());
    for (const auto& s : m_sim.stations()) {
        const StationCounters& c = s->counters();
        out.push_back({c.arrivals, c.started, c.completed, c.rejected, c.failed, c.waited, c.waitSum,
                       c.busy.areaUntil(now), c.queue.areaUntil(now), s->machine().busyCoreArea(now),
                       s->machine().provisionedArea(now)});
    }
    return out;
}

MetricFrame Recorder::makeFrame(double start, double end, const Interval& counts,
                                const std::vector<StationSnapshot>& from,
                                const std::vector<StationSnapshot>& to) const
{
    MetricFrame f;
    f.start = start;
    f.end = end;
    f.arrivals = counts.arrivals;
    f.completions = counts.completions;
    f.errors = counts.errors;
    f.rejections = counts.rejections;
    f.inFlight = m_inSystem;
    f.attempts = counts.attempts;
    f.retries = counts.retries;
    f.meanLatency = counts.latency.mean();
    f.p50 = counts.latency.quantile(0.50);
    f.p95 = counts.latency.quantile(0.95);
    f.p99 = counts.latency.quantile(0.99);
    f.p999 = counts.latency.quantile(0.999);
    for (std::size_t i = 0; i < counts.operations.size(); ++i) {
        const Counts& c = counts.operations[i];
        f.operations.push_back({m_operationNames[i], c.arrivals, c.completions, c.errors, c.rejections,
                                c.latency.mean(), c.latency.quantile(0.50), c.latency.quantile(0.95),
                                c.latency.quantile(0.99)});
    }
    f.connections.reserve(counts.connections.size());
    for (std::size_t i = 0; i < counts.connections.size(); ++i) {
        const ConnectionCounts& c = counts.connections[i];
        f.connections.push_back({m_connectionNames[i].first, m_connectionNames[i].second, c.calls, c.retries,
                                 c.errors, c.rejected, c.shortCircuited});
    }
    const double span = end - start;
    f.stations.reserve(to.size());
    for (std::size_t i = 0; i < to.size(); ++i) {
        const Station& s = *m_sim.stations()[i];
        const StationSnapshot& a = from[i];
        const StationSnapshot& b = to[i];
        StationMetrics m;
        m.name = s.name();
        m.workers = s.threads();
        m.arrivals = b.arrivals - a.arrivals;
        m.started = b.started - a.started;
        m.completed = b.completed - a.completed;
        m.rejected = b.rejected - a.rejected;
        m.failed = b.failed - a.failed;
        m.waited = b.waited - a.waited;
        m.waitSum = b.waitSum - a.waitSum;
        if (span > 0) {
            m.utilization = (b.coreArea - a.coreArea) / (span * s.machine().cores());
            m.meanBusyWorkers = (b.busyArea - a.busyArea) / span;
            m.meanQueue = (b.queueArea - a.queueArea) / span;
            m.meanInSystem = m.meanBusyWorkers + m.meanQueue;
            m.provisioned = (b.provisionedArea - a.provisionedArea) / span;
        } else {
            m.provisioned = s.machine().isProvisioned() ? 1.0 : 0.0;
        }
        m.up = s.machine().isUp();
        f.stations.push_back(std::move(m));
    }
    return f;
}

MetricFrame Recorder::run(RunObserver* observer)
{
    const double end = m_settings.duration;
    const double warmup = std::min(m_settings.warmup, end);
    std::vector<StationSnapshot> binStart = snapshot(m_sim.now());
    std::vector<StationSnapshot> measureStart = binStart;
    bool warmedUp = warmup <= m_sim.now();
    double t = m_sim.now();
    std::size_t delivered = 0;
    while (t < end) {
        // Bins are aligned on multiples of binWidth; the warm-up end is a slice
        // boundary too so the measured interval starts exactly there.
        double next = std::min(end, (std::floor(t / m_settings.binWidth + 1e-9) + 1) * m_settings.binWidth);
        const bool crossesWarmup = !warmedUp && warmup < next;
        const double sliceEnd = crossesWarmup ? warmup : next;
        m_sim.runUntil(sliceEnd);
        if (crossesWarmup) {
            warmedUp = true;
            measureStart = snapshot(warmup);
            m_sim.runUntil(next);
        }
        std::vector<StationSnapshot> now = snapshot(next);
        const MetricFrame frame = makeFrame(t, next, m_bin, binStart, now);
        t = next;
        binStart = std::move(now);
        if (observer) {
            for (; delivered < m_sim.events().size(); ++delivered)
                observer->onEvent(m_sim.events()[delivered]);
        }
        m_bin.clear();
        for (Counts& c : m_bin.operations)
            c.clear();
        std::fill(m_bin.connections.begin(), m_bin.connections.end(), ConnectionCounts{});
        if (observer) {
            observer->onFrame(frame);
            if (!observer->keepRunning())
                break;
        }
    }
    const double stop = m_sim.now();
    MetricFrame summary = makeFrame(warmup, std::max(stop, warmup), m_measured, measureStart, snapshot(stop));
    return summary;
}

} // namespace scalelab::sim
