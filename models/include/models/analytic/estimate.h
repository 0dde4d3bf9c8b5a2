#pragma once

#include "models/system.h"

#include <string>
#include <vector>

// The analytic model of a variant: an open queueing network built from the
// same SystemConfig the simulation runs (docs/analytic.md). Fast (a 500-
// component system in milliseconds) and Qt-free: the GUI's inspector calls
// analyze() on every edit, the CLI's `analyze` and `capacity` print it.
//
//   models::analytic::Rates rates = models::analytic::Rates::mix(shares, 800.0);
//   models::analytic::Estimate e = models::analytic::analyze(config, rates);
//   e.components[e.bottleneck].utilization, e.saturation, e.headroom ...
//
// Every figure is a steady-state mean under Poisson arrivals. What the model
// leaves out (timeouts, retries, failures, LB connection limits, link
// contention) is listed in docs/analytic.md.
namespace scalelab::models::analytic {

/// The offered load: requests/s per operation (index = SystemConfig::operations).
struct Rates
{
    std::vector<double> perOperation; ///< requests/s

    /// `rps` split over the operations in proportion to `shares`.
    static Rates mix(const std::vector<double>& shares, double rps);
    double total() const;
};

/// One instance group's load (ComponentConfig::groups): per instance, of its busiest.
struct GroupEstimate
{
    std::string name;
    double share = 0.0;           ///< of the component's visits that land in the group
    double cpuUtilization = 0.0;  ///< busy cores / cores
    double workerOccupancy = 0.0; ///< busy workers / workers
};

/// One component's load at the given rates. Utilizations are per instance,
/// of the busiest instance (a database's primary, a store's hottest shard).
struct ComponentEstimate
{
    std::string name;
    ComponentKind kind = ComponentKind::Service;
    double arrivalRate = 0.0;      ///< calls/s to the component (all instances)
    double cpuUtilization = 0.0;   ///< busy cores / cores
    double workerOccupancy = 0.0;  ///< busy workers / workers (a queue: busy consumer slots)
    double diskUtilization = 0.0;  ///< databases: disk busy fraction
    double utilization = 0.0;      ///< the highest of the three; >= 1: saturated
    double wait = 0.0;             ///< s, mean time queued (for a CPU core or a worker) per call
    double blocking = 0.0;         ///< P(a call is rejected: the backlog is full)
    double hitRatio = -1.0;        ///< caches: the hit ratio used (fixed or Che's approximation); else -1
    /// requests/s of the whole mix at which this component reaches utilization 1
    /// (its utilization taken as proportional to the rate); +inf when unloaded.
    double saturation = 0.0;
    bool hasStation = false;       ///< runs work on machines of ours (not an external or entry)
    std::vector<GroupEstimate> groups; ///< with instance groups: each group's, in their order
};

/// One operation end to end.
struct OperationEstimate
{
    std::string name;
    double rate = 0.0;           ///< requests/s
    double meanResponse = 0.0;   ///< s, client to client (+inf when a station on its path is saturated)
    double responseVariance = 0.0; ///< s^2 (independent stages: an approximation)
    double p99 = 0.0;            ///< s, gamma fit of mean and variance (an approximation)
    double availability = 1.0;   ///< P(no rejection, no external error) (an approximation)
    std::vector<double> visits;  ///< calls to each component per request (index = component)
};

/// What the analytic model says about a variant at one set of rates.
struct Estimate
{
    double rate = 0.0;              ///< requests/s, all operations
    std::vector<ComponentEstimate> components; ///< SystemConfig order
    std::vector<OperationEstimate> operations; ///< SystemConfig order
    double meanResponse = 0.0;      ///< s, over the mix
    double p99 = 0.0;               ///< s, over the mix (mixture of the operations' fits)
    double availability = 1.0;      ///< over the mix
    int bottleneck = -1;            ///< component with the highest utilization; -1 if none is loaded
    bool stable = true;             ///< every station below utilization 1
    /// requests/s of this mix at which the first component reaches utilization 1
    /// (found on the full model: worker occupancy grows faster than the rate).
    double saturation = 0.0;
    double headroom = 0.0;          ///< 1 - rate / saturation (fraction of capacity unused; < 0: overloaded)
};

/// How far the model may be from a simulation of the same steady state where
/// it claims validity (Poisson arrivals at a constant rate, no faults, no
/// fleet changes, utilizations up to 0.8), beyond the simulation's own
/// sampling error (docs/analytic.md, "Validation").
inline constexpr double kMeanResponseTolerance = 0.15; ///< relative, mean response time
inline constexpr double kUtilizationTolerance = 0.03;  ///< absolute, CPU utilization
inline constexpr double kAvailabilityTolerance = 0.001; ///< absolute

/// Solves the model at `rates`. Throws std::invalid_argument when the config
/// is inconsistent (a call to an unknown component, a rate count that does not
/// match the operations).
Estimate analyze(const SystemConfig& config, const Rates& rates);

/// An SLO for capacity(): unset fields do not constrain.
struct SloTarget
{
    double p99 = 0.0;          ///< s; 0: none
    double availability = 0.0; ///< 0..1; 0: none
};

/// The highest total rate of this mix that keeps every station below
/// utilization `maxUtilization` and meets `slo` by the model; 0 when even a
/// trickle misses it (e.g. an external slower than the p99 target).
double capacity(const SystemConfig& config, const std::vector<double>& shares, const SloTarget& slo,
                double maxUtilization = 0.99);

/// A closed workload: `users` users, each thinking `think` s between requests
/// drawn from the mix. Solved by mean value analysis over the components' CPU
/// and disk demands (networks, externals and load balancers as delays;
/// worker pools and backlogs left out). Exact for single-core stations,
/// Seidmann's approximation for multi-core ones.
struct ClosedEstimate
{
    double throughput = 0.0;                 ///< requests/s
    double meanResponse = 0.0;               ///< s
    std::vector<double> utilization;         ///< per component (index = component), busiest-instance CPU
};
ClosedEstimate analyzeClosed(const SystemConfig& config, const std::vector<double>& shares, int users,
                             double think);

} // namespace scalelab::models::analytic
