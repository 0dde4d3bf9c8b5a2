#pragma once

#include "scenarios/study.h"

#include <string>
#include <string_view>

namespace scalelab::scenarios {

/// Which keys holding their default the writer writes.
enum class WrittenKeys {
    AsRead,   ///< those the file set (the structs' KeyMarks): a value the user set to its default stays set
    Canonical ///< none: the same design gives the same text however its file spelt it
};

/// The study as YAML text: the header comment, then the fields that differ
/// from their defaults (and, AsRead, those the study's file or an edit set
/// explicitly), with operations, variants, components and routes in their
/// order. Reading the text back gives the same study (marks and path aside),
/// and writing that again gives the same text. yaml-cpp keeps no comments:
/// only Study::headerComment survives a read and a write.
std::string writeStudy(const Study& study, WrittenKeys keys = WrittenKeys::AsRead);

/// One route step as the file writes it, in flow style: a bare name (`db`),
/// or `{db: {timeout: 200ms, calls: [...]}}` with every call it makes.
std::string writeStep(const Call& step, WrittenKeys keys = WrittenKeys::AsRead);

/// Writes the study to `path` atomically: a temporary file in the same folder,
/// flushed and synced to disk, then renamed over `path` (a symbolic link is
/// followed). On failure returns false, sets *error (when given) to
/// "cannot save 'path': reason", and leaves any existing file untouched.
bool saveStudy(const Study& study, const std::string& path, std::string* error = nullptr);

/// The text the writer writes for `key` of `part` (docs/format.md's parts:
/// "component", "run", "network", ...) holding its default, a component's of
/// `kind`: "2", "0.1ms", "round_robin", "{zone: 0.2ms, cross_zone: 1ms,
/// cross_region: 70ms}". Empty when the default is no value (unset, empty).
std::string defaultValueText(std::string_view part, std::string_view key, ComponentKind kind = ComponentKind::Service);

} // namespace scalelab::scenarios
