#pragma once

#include "replicator.h"

#include "scenarios/study.h"
#include "simcore/statistics.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace scalelab::cli {

/// One steady phase of a run: the analytic model against the simulation.
struct PhaseCheck
{
    double start = 0.0, end = 0.0; ///< s, the part compared (the phase minus its first settling seconds)
    double rps = 0.0;
    std::string component;         ///< the model's bottleneck
    sim::ConfidenceInterval latency, utilization, availability; ///< simulated: over the phase's bins
    double modelLatency = 0.0, modelUtilization = 0.0, modelAvailability = 1.0;
    std::vector<std::string> differs; ///< figures beyond variance plus the model's tolerance
};

/// Compares every steady phase of at least 20 s after the warm-up with the
/// analytic model at its rate. The simulated figures are means over the
/// phase's bins (all replications), the bins serving as batch means for the
/// 95% interval. A figure differs when the model lies outside that interval
/// widened by the model's own tolerance (15% on the mean latency, 0.03 on
/// utilization, 0.001 on availability: docs/analytic.md). Needs the bins.
std::vector<PhaseCheck> checkPhases(const scenarios::Study& study, const scenarios::Variant& variant,
                                    const std::vector<ReplicationResult>& results);

/// Why the analytic model does not describe a phase of this run, or empty
/// when it does: a fault acting in the phase, instances that changed in it
/// (autoscaling, crashes: from replication 0's frames), or a rate beyond the
/// model's capacity (no steady state). The model leaves these out (docs/analytic.md).
std::string modelLimits(const scenarios::Study& study, const scenarios::Variant& variant, const PhaseCheck& check,
                        const std::vector<ReplicationResult>& results);

/// The checks of each variant (compare --out DIR --series all writes them to
/// DIR/analytic.json): per phase the figures of phaseChecksJson, the model's
/// tolerances and `model_limits` (modelLimits; empty when it applies).
nlohmann::ordered_json variantChecksJson(const scenarios::Study& study, const scenarios::Variant& variant,
                                         const std::vector<PhaseCheck>& checks,
                                         const std::vector<ReplicationResult>& results);

void printPhaseChecks(std::FILE* out, const std::vector<PhaseCheck>& checks);
nlohmann::ordered_json phaseChecksJson(const std::vector<PhaseCheck>& checks);

} // namespace scalelab::cli
