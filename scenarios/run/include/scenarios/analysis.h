#pragma once

#include "models/analytic/estimate.h"
#include "scenarios/study.h"

#include <functional>
#include <optional>
#include <vector>

// A study's variants through the analytic model (models/analytic), and the
// capacity search that confirms it by simulation. Qt-free: the GUI's
// inspector calls analyzeVariant() on every edit.
namespace scalelab::scenarios {

/// The operations' shares, in the study's order.
std::vector<double> operationShares(const Study& study);

/// The highest request rate of the study's workload over its run (rate
/// points, spikes and the diurnal curve; replayed traces are not read: 0).
double peakRate(const Study& study);

/// The analytic estimate of a variant at `rps` requests/s of the study's mix.
/// Throws std::runtime_error when the variant lacks a route for an operation.
models::analytic::Estimate analyzeVariant(const Study& study, const Variant& variant, double rps);

/// A stretch of the measured run at a constant rate (after the warm-up).
struct SteadyPhase
{
    double start = 0.0; ///< s
    double end = 0.0;   ///< s
    double rps = 0.0;   ///< requests/s
};

/// The constant-rate stretches of the workload after the warm-up, at least
/// `minLength` seconds long, in time order (none for replayed traces).
std::vector<SteadyPhase> steadyPhases(const Study& study, double minLength);

/// What running variants of a study will take, estimated before the run from
/// the workload and the analytic model (docs/cli.md, "Work estimate"). An
/// event here is one visit of a request to a component: a call, its wait
/// and its service, a few entries of the engine's calendar.
struct WorkEstimate
{
    double arrivals = 0.0;          ///< requests of one replication (expected; 0 for an unreadable trace)
    double peakRate = 0.0;          ///< requests/s, the workload's highest
    double visitsPerRequest = 0.0;  ///< component visits per request over the mix, the largest of the variants
    double events = 0.0;            ///< visits over every variant and replication
    double bytesPerProcess = 0.0;   ///< memory one replication's process may reach
    double seconds = 0.0;           ///< wall-clock time at this engine's measured speed, `workers` at a time
    bool overloaded = false;        ///< a variant saturates at the peak: its backlogs fill up to their limits
};

/// The events above which the CLI refuses a study unless told to run it
/// (`--max-events`): every bundled study and test study fits under it.
inline constexpr double kDefaultMaxEvents = 1e9;

/// Estimates `replications` runs of each of `variants` (`workers` processes at
/// a time). Throws std::runtime_error when a variant lacks a route for an
/// operation (validation refuses such a study first).
WorkEstimate estimateWork(const Study& study, const std::vector<const Variant*>& variants, int replications,
                          int workers);

/// The study's SLO as the analytic model checks it.
models::analytic::SloTarget sloTarget(const Study& study);

/// The study at a constant Poisson rate of `rps` requests/s without faults:
/// `warmup` s, then `duration` s measured in bins of `bin` s (the whole
/// measured span when 0).
Study steadyStudy(const Study& study, double rps, double duration, double warmup, double bin = 0.0);

/// One probe of the simulated search: a steady run at `rps`.
struct CapacityProbe
{
    double rps = 0.0;
    double p99 = 0.0;          ///< s, simulated
    double availability = 0.0; ///< simulated
    double throughput = 0.0;   ///< successful requests/s
    bool met = false;
};

/// The capacity search: the highest rate of the study's mix that meets its
/// SLO, first by the model, then by bisection with short steady simulations
/// (`probe` runs one: the CLI runs it in a child process).
struct CapacityResult
{
    double analytic = 0.0;             ///< requests/s, by the model
    double saturation = 0.0;           ///< requests/s at which the first component saturates (model)
    std::string bottleneck;            ///< the component that saturates first (model)
    double simulated = 0.0;            ///< requests/s, the highest probe that met the SLO
    double firstMiss = 0.0;            ///< requests/s, the lowest probe that missed it (0: none did)
    std::vector<CapacityProbe> probes; ///< in the order run
};

/// Simulates the variant at a steady `rps` (Poisson, no spikes, no faults,
/// `duration` s after a `warmup`) in this process (SimGrid: one per process).
CapacityProbe probeSteady(const Study& study, const Variant& variant, double rps, double duration, double warmup);

/// Runs the search: the analytic capacity, then probes (each a call of
/// `probe`) that bracket the simulated capacity and bisect it `steps` times;
/// no probes when `probe` is empty.
CapacityResult searchCapacity(const Study& study, const Variant& variant, int steps,
                              const std::function<CapacityProbe(double rps)>& probe);

} // namespace scalelab::scenarios
