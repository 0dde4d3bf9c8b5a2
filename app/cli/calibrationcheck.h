#pragma once

// A study imported from traces, run again and set beside the traces: the
// calibration table `import traces --check` prints and `report --calibrate`
// puts in the review.
#include "import/calibration.h"
#include "import/traces.h"
#include "scenarios/study.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace scalelab::cli {

/// Observed (the traces) and simulated figures per operation and per component.
struct CalibrationTable
{
    std::vector<std::string> operations; ///< the study's, in its order
    std::vector<std::string> components; ///< the variant's, in its order
    std::map<std::string, import::CalibrationFigures> observedOperations, simulatedOperations;
    std::map<std::string, import::CalibrationFigures> observedComponents, simulatedComponents;
    std::uint64_t seed = 0;
    int replications = 0;
    double duration = 0.0; ///< s, the run's (the traced period)
};

/// Runs `variant` `replications` times (seed `run.seed`, in parallel, every
/// request traced) and sums up its spans and the traces' the same way over
/// `period` s; each simulated figure is the mean over the replications.
/// Throws std::exception when a simulation fails.
CalibrationTable calibrate(const scenarios::Study& study, const scenarios::Variant& variant,
                           const import::TraceInput& traces, double period, int replications);

/// The table's rows as text cells: a header row (`title`, count obs / sim,
/// mean ms, p50 ms, p99 ms, throughput /s), then one row per name, each cell
/// "observed / simulated (+d%)".
std::vector<std::vector<std::string>> calibrationRows(const std::string& title, const std::vector<std::string>& names,
                                                      const std::map<std::string, import::CalibrationFigures>& observed,
                                                      const std::map<std::string, import::CalibrationFigures>& simulated);

} // namespace scalelab::cli
