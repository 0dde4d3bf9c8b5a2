#pragma once

#include "models/system.h"
#include "simcore/arrivals.h"
#include "simcore/metrics.h"
#include "simcore/recorder.h"
#include "simcore/simulation.h"

#include <functional>
#include <string>
#include <vector>

namespace scalelab::testing {

/// What a run of a models::System measured.
struct SystemResult
{
    sim::MetricFrame summary;             ///< after warm-up
    std::vector<sim::MetricFrame> frames; ///< every bin
    std::vector<models::Gauge> gauges;    ///< at the end
    /// Gauges sampled at the end of every bin: [bin][gauge].
    std::vector<std::vector<models::Gauge>> gaugeFrames;
    std::vector<sim::RunEvent> events;    ///< in the order they happened
    /// Instances and cost at the end of every bin.
    std::vector<models::FleetStatus> fleets;

    double gauge(const std::string& component, const std::string& name) const;
    /// The station metrics of every instance of a component, summed (rates)
    /// or averaged (utilization).
    sim::StationMetrics component(const std::string& name) const;
};

/// One arrival stream and how long to run.
struct SystemCase
{
    models::SystemConfig config;
    sim::RateProfile rate = sim::RateProfile::constant(10.0);
    bool deterministic = false;  ///< deterministic arrivals instead of Poisson
    sim::RunSettings run{100.0, 10.0, 1.0};
    std::vector<double> operationShares; ///< empty: one operation
    /// Which activities go through SimGrid (the environment's choice unless set).
    sim::EnginePaths paths = sim::defaultEnginePaths();
    /// Called after start(), to schedule faults.
    std::function<void(sim::Simulation&, models::System&)> setup;
};

/// Builds and runs the case in a child process.
SystemResult runSystem(const SystemCase& c);

/// Convenience builders.
models::ComponentConfig component(const std::string& name, models::ComponentKind kind);
models::CallPlan call(const std::string& target);
/// lb -> app (exponential 10 ms on one core) -> db (exponential 5 ms reads on
/// one core), one operation "browse": the analytic tests' hand-computed chain.
models::SystemConfig threeStationChain();

} // namespace scalelab::testing
