#pragma once

#include "scenarios/study.h"

#include <string>
#include <vector>

namespace scalelab::scenarios {

/// A stretch of simulated time where the study's traffic is shaped on purpose:
/// a spike (with its ramps) or a ramp of the rate profile, for the charts.
struct WorkloadBand
{
    double from = 0.0; ///< s
    double to = 0.0;   ///< s, > from
    std::string label; ///< "spike x6", "ramp to 8000 rps"
    bool ramp = false; ///< the rate is changing (a ramp), not holding
};

/// The workload's spikes (their ramps as separate bands) and the rate
/// profile's ramps, in time order, clipped to [0, duration].
std::vector<WorkloadBand> workloadBands(const Workload& workload, double duration);

} // namespace scalelab::scenarios
