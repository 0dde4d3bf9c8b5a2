#pragma once

#include "scenarios/diagnostic.h"
#include "scenarios/study.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::scenarios {

/// What loading a study file gives: the study when it is valid, and every
/// problem found (errors and warnings), in file order.
struct LoadResult
{
    std::optional<Study> study;          ///< set when there is no error (warnings allowed)
    std::vector<Diagnostic> diagnostics; ///< sorted by line and column; file-wide ones first

    /// A study and no error.
    bool ok() const;
    /// The diagnostics formatted one per line ("shop.yaml:14:7: error: ...").
    std::string report() const;
};

/// A value put at a path of the document before it is read (`--set
/// variants.v1.components.app.instances=6`): the path's keys joined by dots,
/// list items by their index (`workload.rate.1.rps` or `workload.rate[1].rps`);
/// the value is YAML, read as the file's text would be.
struct Override
{
    std::string path;
    std::string value;

    /// "PATH=VALUE".
    std::string text() const;
};

/// "PATH=VALUE" as an Override; nullopt, with `error` set, without a '=' or a path.
std::optional<Override> parseOverride(std::string_view text, std::string* error = nullptr);

/// Reads and validates a study file. Never throws: an unreadable file, a YAML
/// syntax error or an invalid value becomes a diagnostic, and every problem is
/// reported at once. Also checks that the replay files it names exist (relative
/// to the study's folder). Overrides go into the document first:
/// a bad path is an error naming the valid keys at its level; a bad value
/// gets the error it would get in the file, located at its --set.
LoadResult readStudy(const std::string& path, const std::vector<Override>& overrides = {});

/// Reads and validates `yamlText` as readStudy reads the file at `path` (its
/// replay files checked relative to that file's folder): for an editor that
/// holds a study's text before it is saved.
LoadResult readStudyText(const std::string& yamlText, const std::string& path,
                         const std::vector<Override>& overrides = {});

/// Parses and validates study text; `fileName` prefixes the diagnostics and
/// becomes Study::path. Does not touch the file system.
LoadResult parseStudy(const std::string& yamlText, const std::string& fileName,
                      const std::vector<Override>& overrides = {});

/// Reads `yamlText` as the value at `path` ({"variants", "v1", "components",
/// "app", "cores"}) of `study`, as the reader reads it there; empty text puts
/// the key back to its default. Gives the edited study, or the value's
/// diagnostics (with no line: the text is not the file). The study as a whole
/// is not validated here (validator.h).
LoadResult readValueAt(const Study& study, const std::vector<std::string>& path, const std::string& yamlText);

/// The keys the reader accepts in one part of the document, in the order the
/// writer writes them. Parts: study, operation, workload, rate, spike, diurnal,
/// fault, slo, run, network, zone, latency, bandwidth, variant, component,
/// rate_limit, step. Empty for an unknown part.
std::vector<std::string> knownKeys(std::string_view part);

/// The component kinds a component key (or a route step key) applies to.
std::vector<ComponentKind> kindsForComponentKey(std::string_view key);
std::vector<ComponentKind> kindsForStepKey(std::string_view key);

} // namespace scalelab::scenarios
