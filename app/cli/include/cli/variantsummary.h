#pragma once

#include "cli/unit.h"

#include "scenarios/runner.h"
#include "scenarios/study.h"
#include "simcore/metrics.h"
#include "simcore/statistics.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::cli {

/// One figure of a variant: its value in each replication and the 95%
/// Student-t interval over them (half-width +inf with one replication).
struct Figure
{
    std::string key;   ///< "p99", "app.utilization", "cache.hit_ratio"
    std::string label; ///< "latency p99"
    Unit unit = Unit::Count;
    std::vector<double> values; ///< one per replication, SI units
    /// The Student-t interval, widened for a percentile to at least its
    /// resolution (withResolution).
    sim::ConfidenceInterval interval;
    /// A latency percentile's resolution: the width (s) of the histogram
    /// bucket holding its mean. 0 for a figure measured exactly.
    double resolution = 0.0;
    /// What the number alone does not say: "no impact", "not recovered by
    /// end", "n/a (no catalog in this variant)" (values empty). Usually empty.
    std::string note;
};


/// A component's load, aggregated over its instances (stations "name/i").
struct ComponentFigures
{
    std::string name;
    std::string kind;
    int instances = 0;   ///< stations (for a SQL database: primary and replicas)
    int workers = 0;     ///< worker pool per instance (threads; a SQL database's pool)
    Figure utilization;  ///< busy cores / cores, mean over instances
    Figure occupancy;    ///< busy workers / workers, over all instances
    Figure queue;        ///< waiting requests (time-averaged), summed over instances
    std::optional<Figure> provisioned; ///< autoscaled: provisioned instances, time-averaged
};

/// One business operation's end-to-end figures.
struct OperationFigures
{
    std::string name;
    Figure throughput;   ///< successful requests/s
    Figure mean;         ///< s, mean latency of the successful requests
    Figure p50, p99;     ///< s, successful requests
    Figure availability; ///< successful / ended (successful + errors + rejections)

    /// Every figure, in the order the reports list them.
    std::array<const Figure*, 5> all() const { return {&throughput, &mean, &p50, &p99, &availability}; }
};

/// Calls on one connection (caller -> target, docs/models.md "Traffic per
/// connection") over the measured run.
struct ConnectionFigures
{
    std::string caller;    ///< component name, or "clients" for a route's first step
    std::string target;    ///< component name
    Figure calls;          ///< calls made per second, retries included
    Figure amplification;  ///< calls made / first calls (1: no retries)
    Figure failed;         ///< share of the calls made that ended in an error or were refused
    Figure shortCircuited; ///< calls per second not made (breaker open, bulkhead full)

    /// "caller->target", the prefix of the figures' keys.
    std::string name() const { return caller + "->" + target; }
    /// Something to look at: retries, failed or short-circuited calls (means over replications).
    bool eventful() const;
};

/// The component working hardest: the highest of CPU utilization and
/// worker-pool occupancy (means over replications).
struct Bottleneck
{
    std::string component;
    std::string resource; ///< "utilization" (CPU) or "occupancy" (worker pool)
    double value = 0.0;   ///< fraction
};

/// One service-level objective against the mean over replications.
struct SloCheck
{
    std::string key;     ///< "p99" or "availability"
    double target = 0.0; ///< s, or a fraction
    double value = 0.0;  ///< the mean over replications
    bool met = false;
    bool marginal = false; ///< the 95% interval contains the target: more replications would tell
};

/// What `run` reports for a variant: core figures, per-component load, the
/// bottleneck, the gauges at the end of the run and the SLO verdict.
struct VariantSummary
{
    std::string variant;
    std::size_t replications = 0;
    /// offered, throughput, mean, p50, p95, p99, p999, error_rate, rejection_rate,
    /// availability. The last three are shares of the requests that ended after
    /// the warm-up (they add up to 1).
    std::vector<Figure> figures;
    /// cost_total, cost_per_million, peak_instances, downtime (minutes),
    /// downtime_cost, conversion_loss, money_lost (scenarios::RunImpact).
    std::vector<Figure> costs;
    std::vector<OperationFigures> operations; ///< in the study's order (when the frames carry them)
    std::vector<ComponentFigures> components; ///< those with worker pools, in file order
    std::optional<Bottleneck> bottleneck;
    std::vector<Figure> gauges; ///< "component.name", at the end of each replication
    std::vector<SloCheck> slo;  ///< empty when the study sets no SLO
    std::vector<ConnectionFigures> connections; ///< every connection, in the order routes name them

    bool sloMet() const;
    /// A figure by key among the core figures, the operations', the components',
    /// the gauges and the connections'; nullptr if absent.
    const Figure* find(std::string_view key) const;
};

/// Reduces the replications of one variant (in replication order) to its summary.
VariantSummary summarizeVariant(const scenarios::Study& study, const scenarios::Variant& variant,
                                const std::vector<scenarios::VariantRun>& runs);

/// A percentile's interval that cannot collapse below its resolution: a
/// reported percentile is its bucket's midpoint and the true value may lie
/// anywhere in the bucket, so with two replications or more the half-width is
/// at least half the bucket's width (`resolution`, s). Replications that land
/// in one bucket would otherwise print "± 0.00". An unknown interval (one
/// replication) stays unknown.
sim::ConfidenceInterval withResolution(sim::ConfidenceInterval interval, double resolution);

/// The paired difference of a figure between two variants (other - base,
/// replication by replication, which share their traffic): its 95% interval,
/// and whether that interval excludes 0. For percentiles the interval is at
/// least half the two figures' resolutions together (each may be off by half
/// its bucket), and a difference within two buckets is not significant.
struct Difference
{
    sim::ConfidenceInterval interval;
    bool significant = false;
    double resolution = 0.0; ///< s, the sum of the two percentiles' resolutions; 0 otherwise
};
std::optional<Difference> difference(const Figure& base, const Figure& other);

/// How a variant's stations group into components, for per-bin figures.
struct ComponentLayout
{
    std::string name;
    std::string kind;
    int workers = 0;                  ///< per instance
    std::vector<std::size_t> stations; ///< indices into MetricFrame::stations
    bool autoscaled = false;          ///< figures are per provisioned instance, not per station
};
std::vector<ComponentLayout> componentLayout(const scenarios::Variant& variant, const sim::MetricFrame& frame);

/// A component's CPU utilization, worker-pool occupancy and waiting requests in one frame.
double utilizationOf(const ComponentLayout& component, const sim::MetricFrame& frame);
/// Instances of the component in the frame: its stations, or for an autoscaled
/// component the time-averaged count of provisioned ones.
double provisionedOf(const ComponentLayout& component, const sim::MetricFrame& frame);
double occupancyOf(const ComponentLayout& component, const sim::MetricFrame& frame);
double queueOf(const ComponentLayout& component, const sim::MetricFrame& frame);

} // namespace scalelab::cli
