#pragma once

#include "runoptions.h"

#include "models/analytic/estimate.h"
#include "scenarios/analysis.h"
#include "scenarios/study.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <utility>

namespace scalelab::cli {

// The analytic model's figures for people (aligned tables, ms, percentages)
// and for tools (JSON in SI units; +inf, a saturated station, as null).

/// The study and the variant `analyze` and `capacity` name; nullopt after
/// printing why not (diagnostics, an unknown variant).
std::optional<std::pair<scenarios::Study, const scenarios::Variant*>> loadVariant(const AnalysisOptions& options);

/// A utilization as "65.0 %", or "saturated" at 1 and above.
std::string formatLoadOrSaturated(double utilization);

/// `analyze`: the mix's figures, per operation, per component, the bottleneck.
void printEstimateTable(std::FILE* out, const scenarios::Study& study, const std::string& variant,
                        const models::analytic::Estimate& estimate, const std::string& rateNote);
nlohmann::ordered_json estimateJson(const std::string& variant, const models::analytic::Estimate& estimate);

/// `capacity`: the analytic capacity, the probes, the simulated capacity.
void printCapacityTable(std::FILE* out, const scenarios::Study& study, const std::string& variant,
                        const scenarios::CapacityResult& result, double probeSeconds);
nlohmann::ordered_json capacityJson(const std::string& variant, const scenarios::CapacityResult& result,
                                    double probeSeconds);

} // namespace scalelab::cli
