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

/// The study's SLO as the analytic model checks it.
models::analytic::SloTarget sloTarget(const Study& study);

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
