#pragma once

#include "runoptions.h"

#include "scenarios/study.h"

#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// Reads and validates a study file and prints its diagnostics on stderr,
/// compiler style. Returns the study when it has no error (warnings allowed);
/// otherwise prints a closing error line and returns nullopt (exit code 2).
/// `report` receives the diagnostics as printed, when given.
std::optional<scenarios::Study> loadStudy(const std::string& path, std::string* report = nullptr);

/// Applies --seed, --replications, --duration and --warmup to the study's run
/// settings. Returns false, after printing why, when the result is
/// inconsistent (a warm-up not shorter than the duration).
bool applyOverrides(scenarios::Study& study, const RunOptions& options);

/// The variants named, in the order given, or every variant of the study when
/// `names` is empty. Prints an error (with the known names) and returns an
/// empty list when a name is unknown.
std::vector<const scenarios::Variant*> selectVariants(const scenarios::Study& study,
                                                      const std::vector<std::string>& names);

} // namespace scalelab::cli
