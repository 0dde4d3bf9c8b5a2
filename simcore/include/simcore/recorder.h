#pragma once

#include "simcore/histogram.h"
#include "simcore/metrics.h"
#include "simcore/request.h"

#include <string>
#include <utility>
#include <vector>

namespace scalelab::sim {

class Simulation;
class Station;

/// How long to run and how to slice the run.
struct RunSettings
{
    double duration = 60.0; ///< s of simulated time
    double warmup = 0.0;    ///< s discarded from the measured summary
    double binWidth = 1.0;  ///< s per streamed frame
};

/// The end of every request's path: counts arrivals and outcomes, measures
/// end-to-end latency into log-bucketed histograms, and cuts the run into
/// per-bin frames. Memory: O(stations + bins' frames kept by the observer).
class Recorder : public Handler
{
public:
    Recorder(Simulation& sim, RunSettings settings);

    /// Names the operations (index = Request::operation) so frames carry
    /// per-operation figures too.
    void setOperations(std::vector<std::string> names);

    /// A request entered the system (sources call this).
    void onArrival(const Request& request);
    /// A request ended: counted, its latency recorded when Ok, returned to the pool.
    void onDone(Request& request, Outcome outcome) override;
    /// Names a connection (caller -> target component; "clients" for a
    /// route's first step) and returns its index for the calls below.
    /// Call before the run; frames list connections in this order.
    int addConnection(std::string caller, std::string target);
    /// A call between components was made (a retry when `retry`) on a
    /// connection from addConnection(), or on none (-1): counted per bin.
    void onAttempt(bool retry, int connection = -1);
    /// A call made on `connection` ended in an error or was refused (Ok: nothing counted).
    void onCallFailed(int connection, Outcome outcome);
    /// A call on `connection` was not made: breaker open or bulkhead full.
    void onShortCircuit(int connection);

    /// Runs the simulation to settings().duration, bin by bin, sending each
    /// frame to the observer; returns the measured summary (after warm-up).
    MetricFrame run(RunObserver* observer = nullptr);

    const RunSettings& settings() const { return m_settings; }
    /// Latencies of successful requests that finished after the warm-up.
    const LatencyHistogram& latencies() const { return m_measured.latency; }

private:
    struct Counts
    {
        std::uint64_t arrivals = 0, completions = 0, errors = 0, rejections = 0;
        std::uint64_t attempts = 0, retries = 0;
        LatencyHistogram latency;
        void count(Outcome outcome, double latency);
        void clear();
    };
    struct ConnectionCounts
    {
        std::uint64_t calls = 0, retries = 0, errors = 0, rejected = 0, shortCircuited = 0;
    };
    struct Interval : Counts
    {
        std::vector<Counts> operations;
        std::vector<ConnectionCounts> connections;
    };
    struct StationSnapshot
    {
        std::uint64_t arrivals = 0, started = 0, completed = 0, rejected = 0, failed = 0, waited = 0;
        double waitSum = 0, busyArea = 0, queueArea = 0, coreArea = 0, provisionedArea = 0;
    };

    std::vector<StationSnapshot> snapshot(double now) const;
    MetricFrame makeFrame(double start, double end, const Interval& counts,
                          const std::vector<StationSnapshot>& from,
                          const std::vector<StationSnapshot>& to) const;

    Simulation& m_sim;
    RunSettings m_settings;
    Interval m_bin;
    Interval m_measured;
    std::vector<std::string> m_operationNames;
    std::vector<std::pair<std::string, std::string>> m_connectionNames; // (caller, target)
    std::uint64_t m_inSystem = 0; // requests that arrived and have not ended
};

} // namespace scalelab::sim
