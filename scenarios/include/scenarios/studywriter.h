#pragma once

#include "scenarios/study.h"

#include <string>

namespace scalelab::scenarios {

/// The study as YAML text: the header comment, then only the fields that differ
/// from their defaults, with operations, variants, components and routes in
/// their order. Reading the text back gives the same study (marks and path
/// aside), and writing that again gives the same text. yaml-cpp keeps no
/// comments: only Study::headerComment survives a read and a write.
std::string writeStudy(const Study& study);

/// Writes the study to `path` atomically: a temporary file in the same folder,
/// flushed and synced to disk, then renamed over `path` (a symbolic link is
/// followed). On failure returns false, sets *error (when given) to
/// "cannot save 'path': reason", and leaves any existing file untouched.
bool saveStudy(const Study& study, const std::string& path, std::string* error = nullptr);

/// A component as a flow map, with every key of a plain value written even
/// where it holds its default ("{kind: service, instances: 1, cores: 2, ...}");
/// keys whose default is "not set" (zones, host, autoscale, ...) only when set.
std::string writeComponentKeys(const Component& component);

} // namespace scalelab::scenarios
