#pragma once

#include "scenarios/diagnostic.h"
#include "scenarios/studyreader.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace scalelab::scenarios::detail {

/// Puts each override's value into the document tree `root` before the reader
/// reads it, creating the maps on its way when their keys are known keys of
/// their part. Returns the problems with the paths (an unknown key with the
/// valid choices at its level and the closest one, an index beyond a list).
/// What is wrong with a value is left to the reader, as in a file.
std::vector<Diagnostic> applyOverrides(YAML::Node& root, const std::vector<Override>& overrides,
                                       const std::string& file);

/// The path as the reader names it in its diagnostics: list indices in
/// brackets ("workload.rate[1].rps" for "workload.rate.1.rps").
std::string diagnosticPath(const std::string& overridePath);

/// True when a diagnostic about `path` concerns the value an override set at
/// `overridePath` (the same path, or a key or item under it).
bool underOverride(const std::string& path, const std::string& overridePath);

} // namespace scalelab::scenarios::detail
