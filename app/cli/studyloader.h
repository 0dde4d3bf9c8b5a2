#pragma once

#include "runoptions.h"

#include <CLI/CLI.hpp>

#include "scenarios/study.h"
#include "scenarios/studyreader.h"

#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// Reads and validates a study file and prints its diagnostics on stderr,
/// compiler style. Returns the study when it has no error (warnings allowed);
/// otherwise prints a closing error line and returns nullopt (exit code 2).
/// `report` receives the diagnostics as printed, when given.
/// `sets` are --set PATH=VALUE overrides, put into the document before it is
/// read (scenarios::Override).
std::optional<scenarios::Study> loadStudy(const std::string& path, const std::vector<std::string>& sets,
                                          std::string* report = nullptr);

/// Adds the STUDY argument and the repeatable --set PATH=VALUE to `cmd`.
void addStudyArguments(CLI::App* cmd, std::string& study, std::vector<std::string>& sets);

/// Adds only the repeatable --set PATH=VALUE to `cmd`, each checked as it is parsed.
CLI::Option* addSetOption(CLI::App* cmd, std::vector<std::string>& sets);

/// --set PATH=VALUE flags as overrides (each checked by addStudyArguments).
std::vector<scenarios::Override> overridesOf(const std::vector<std::string>& sets);

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
