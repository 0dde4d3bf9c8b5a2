#pragma once

#include "simcore/metrics.h"

#include <optional>
#include <string>
#include <vector>

namespace scalelab::sim {

/// A named figure of a component at a point in time (queue backlog, hit ratio...).
struct Gauge
{
    std::string component;
    std::string name;
    double value = 0.0;
};

/// A component's instances at a point in time (components with machines).
struct InstanceCounts
{
    std::string component;
    int serving = 0;  ///< in the pool and up
    int booting = 0;  ///< launched and billed, not serving yet
    int draining = 0; ///< scaled in, finishing its in-flight work (billed)
    int down = 0;     ///< provisioned but crashed or in a zone that is down
};

/// The instances and the bill at a point in time.
struct FleetStatus
{
    double cost = 0.0;     ///< USD since time 0: instance-hours and cross-zone traffic
    double costRate = 0.0; ///< USD per hour being billed now (instances only)
    std::vector<InstanceCounts> components;
    /// Provisioned instances over every component (serving, booting, draining, down).
    int provisioned() const;
};

/// A circuit breaker's state at a point in time (docs/models.md, "Circuit breakers").
struct BreakerState
{
    std::string caller; ///< component name, or "clients"
    std::string target;
    std::string state;  ///< "closed", "open" or "half_open"
};

/// One time bin of a run, whole: what the engine measured over the bin and
/// what the design looked like at its end. The unit of `run --stream` (its
/// `event` lines, then its `frame` line; docs/stream.md), of the bins passed
/// back from replication processes and of the charts.
struct Frame
{
    MetricFrame metrics;                ///< the bin's counts, latencies, operations, connections, stations
    std::vector<RunEvent> events;       ///< what happened during the bin, in time order
    std::vector<BreakerState> breakers; ///< at the bin's end; empty when no breaker has seen a call
    std::vector<Gauge> gauges;          ///< at the bin's end
    std::optional<FleetStatus> fleet;   ///< instances and bill at the bin's end, when the run knows them
};

} // namespace scalelab::sim
