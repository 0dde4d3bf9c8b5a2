#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scalelab::sim {

/// What one station did over an interval (a time bin or the measured run).
struct StationMetrics
{
    std::string name;
    int workers = 0;               ///< worker pool size (threads, or connections)
    std::uint64_t arrivals = 0;    ///< visits offered
    std::uint64_t completed = 0;   ///< visits finished
    std::uint64_t rejected = 0;    ///< refused: backlog full
    std::uint64_t failed = 0;      ///< failed: host down or execution failed
    std::uint64_t waited = 0;      ///< visits that queued before starting
    std::uint64_t started = 0;     ///< visits that got a worker
    double waitSum = 0.0;          ///< s, total time queued by started visits
    double utilization = 0.0;      ///< busy cores / cores of its machine, time-averaged
    double meanBusyWorkers = 0.0;  ///< time-averaged workers in use
    double meanQueue = 0.0;        ///< time-averaged backlog length
    double meanInSystem = 0.0;     ///< time-averaged queued + in service
    bool up = true;                ///< machine up at the end of the interval
    double provisioned = 1.0;      ///< time-averaged share of the interval its machine was provisioned (autoscaling)

    double waitProbability() const { return started ? double(waited) / double(started) : 0.0; }
    double meanWait() const { return started ? waitSum / double(started) : 0.0; }
    double blockingProbability() const { return arrivals ? double(rejected) / double(arrivals) : 0.0; }
};

/// End-to-end figures of one business operation over an interval.
struct OperationMetrics
{
    std::string name;
    std::uint64_t arrivals = 0, completions = 0, errors = 0, rejections = 0;
    double meanLatency = 0.0;                     ///< s, successful requests
    double p50 = 0.0, p95 = 0.0, p99 = 0.0;       ///< s, successful requests
};

/// Calls on one connection (caller -> target component) over an interval.
/// `calls` counts every call made, retries included; errors and rejected are
/// of those calls; short-circuited calls were never made (breaker open,
/// bulkhead full).
struct ConnectionMetrics
{
    std::string caller;                ///< component name, or "clients"
    std::string target;                ///< component name
    std::uint64_t calls = 0;           ///< calls made, retries included
    std::uint64_t retries = 0;         ///< of which retries
    std::uint64_t errors = 0;          ///< calls that ended in an error (timeouts, failures downstream included)
    std::uint64_t rejected = 0;        ///< calls the target refused (backlog full, rate limit, load shedding)
    std::uint64_t shortCircuited = 0;  ///< calls not made: the caller's breaker was open or its bulkhead full

    /// Calls made per first call (1 without retries).
    double amplification() const { return calls > retries ? double(calls) / double(calls - retries) : 1.0; }
};

/// End-to-end metrics over an interval, as streamed per time bin and summed
/// over the measured part of a run (after warm-up).
struct MetricFrame
{
    double start = 0.0;              ///< s
    double end = 0.0;                ///< s
    std::uint64_t arrivals = 0;      ///< requests that entered
    std::uint64_t completions = 0;   ///< requests that finished successfully
    std::uint64_t errors = 0;        ///< requests that ended in an error
    std::uint64_t rejections = 0;    ///< requests refused (backlog full, limiter)
    std::uint64_t inFlight = 0;      ///< requests in the system at `end`
    std::uint64_t attempts = 0;      ///< calls made between components, retries included
    std::uint64_t retries = 0;       ///< of which retries
    double meanLatency = 0.0;        ///< s, successful requests only
    double p50 = 0.0, p95 = 0.0, p99 = 0.0, p999 = 0.0; ///< s, successful requests
    std::vector<StationMetrics> stations;
    std::vector<OperationMetrics> operations; ///< per operation, when the recorder knows their names
    std::vector<ConnectionMetrics> connections; ///< per connection, in the order the system named them

    double duration() const { return end - start; }
    /// Successful requests per second.
    double throughput() const { return duration() > 0 ? double(completions) / duration() : 0.0; }
    /// completions / requests that ended (completions, errors, rejections); 1 when none ended.
    double availability() const
    {
        const std::uint64_t ended = completions + errors + rejections;
        return ended ? double(completions) / double(ended) : 1.0;
    }
};

/// Something that happened at a point in simulated time (a host went down...).
struct RunEvent
{
    double time = 0.0;   ///< s
    std::string kind;    ///< "host_down", "host_up", "link_down", "link_up", ...
    std::string subject; ///< the machine, link or component concerned
    std::string detail = {}; ///< a short human text ("slow dependency x3", "3 -> 4"); may be empty
};

/// Receives a run's frames and events as they happen; the CLI writes them out,
/// the GUI draws them. Called between simulation slices, never from inside one.
class RunObserver
{
public:
    virtual ~RunObserver() = default;
    virtual void onFrame(const MetricFrame& frame) = 0;
    virtual void onEvent(const RunEvent& event) { (void)event; }
    /// Asked after every slice; returning false stops the run early.
    virtual bool keepRunning() { return true; }
};

} // namespace scalelab::sim
