#pragma once

#include "runoptions.h"

#include "scenarios/analysis.h"
#include "scenarios/study.h"

#include <string>
#include <vector>

namespace scalelab::cli {

/// "2.9 billion events (65.5 million requests x 9 visits x 5 replications)".
std::string describeWork(const scenarios::WorkEstimate& estimate, int replications, int variants);

/// Before `run` or `compare`: estimates the work of the variants' replications,
/// prints it on stderr when that is a terminal, and refuses (printError, false)
/// above options.maxEvents unless options.force.
bool checkWork(const scenarios::Study& study, const std::vector<const scenarios::Variant*>& variants,
               const RunOptions& options);

} // namespace scalelab::cli
