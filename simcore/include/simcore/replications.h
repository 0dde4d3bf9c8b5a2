#pragma once

#include "simcore/metrics.h"
#include "simcore/statistics.h"

#include <functional>
#include <string>
#include <vector>

namespace scalelab::sim {

/// Measured summaries of independent replications, reduced to 95% Student-t
/// intervals on each figure (means and percentiles alike: one value per
/// replication, the interval over replications).
struct ReplicatedSummary
{
    std::size_t replications = 0;
    ConfidenceInterval throughput;    ///< successful requests/s
    ConfidenceInterval meanLatency;   ///< s
    ConfidenceInterval p50, p95, p99, p999; ///< s
    ConfidenceInterval errorRate;     ///< errors / requests that ended
    ConfidenceInterval rejectionRate; ///< rejections / requests that ended
    struct StationFigure
    {
        std::string name;
        ConfidenceInterval utilization;
        ConfidenceInterval meanQueue;
    };
    std::vector<StationFigure> stations;
};

ReplicatedSummary summarize(const std::vector<MetricFrame>& runs, double level = 0.95);

/// Runs `replications` simulations, each in its own child process, at most one
/// per core at once: job(r) builds and runs replication r and returns its
/// measured summary, passed back as a frame (simcore/framejson.h). Results
/// come back in replication order.
std::vector<MetricFrame> runReplications(int replications, const std::function<MetricFrame(int)>& job,
                                         unsigned workers = 0);

} // namespace scalelab::sim
