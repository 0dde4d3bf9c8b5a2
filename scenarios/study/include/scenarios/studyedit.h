#pragma once

#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scalelab::scenarios {

// Editing one value of a study as the text the file holds, for editors that
// show any key the reader knows (the GUI's inspector) without a field per key.

/// A place in the document, key by key from the top:
/// {"variants", "monolith", "components", "app", "cores"}. A connection (an
/// arrow of the canvas) is addressed as {"variants", "monolith",
/// "connections", "app->db", "timeout"} (or "retries", "backoff"): a step key
/// of every call it stands for, read from the first, set on all.
using DocPath = std::vector<std::string>;

/// The calls a connection from -> to stands for: each call `to` of a step at
/// `from` in the variant's routes (in calls, parallel or miss, or the next
/// stage of a pipeline), in route order.
std::vector<Call*> connectionCalls(Variant& variant, std::string_view from, std::string_view to);
std::vector<const Call*> connectionCalls(const Variant& variant, std::string_view from, std::string_view to);

/// "app->db" split into ("app", "db"); nullopt without the arrow.
std::optional<std::pair<std::string, std::string>> splitConnection(std::string_view key);

/// "variants.monolith.components.app.cores": the path as diagnostics write it.
std::string joinPath(const DocPath& path);

/// The text the writer writes at `path`: a scalar as is ("20ms", "60%"), a list
/// or map in flow style ("[eu-1a, eu-1b]"); empty when the writer leaves the
/// key out (it has its default and, AsRead, was not set explicitly) or the
/// path does not exist.
std::string valueText(const Study& study, const DocPath& path, WrittenKeys keys = WrittenKeys::AsRead);

/// Every key `yamlText` writes, by path ("variants.v.components.app.cores"),
/// with its value as written there (valueText's form); keys inside lists are
/// left out. Empty when the text is not YAML. An editor tells by it a key the
/// file sets to its default (which the writer leaves out) from one left out.
std::map<std::string, std::string> valuesWritten(const std::string& yamlText);

/// The study with the value at `path` replaced by `text` read as the reader
/// reads it there (readValueAt; empty text restores the key's default), then
/// validated as a whole (validateStudy, without marks). Never throws: a YAML
/// error in `text` becomes a diagnostic at `path`.
LoadResult withValueText(const Study& study, const DocPath& path, const std::string& text);

/// Several values at once (e.g. a trace replacing the rate points), validated
/// together: the edits are applied in order, then the whole is validated.
LoadResult withValueTexts(const Study& study, const std::vector<std::pair<DocPath, std::string>>& edits);

/// The default the reader gives `key` for a component of `kind`, as the file
/// would write it ("2", "0.1ms", "round_robin", "500MB/s"); empty when the
/// default is not a plain value (unset: zones, host, autoscale, ...) or for kind.
std::string componentDefaultText(ComponentKind kind, const std::string& key);

/// What leaving `key` of `part` (docs/format.md's parts: "component", "run",
/// ...) out means, for an editor's placeholder: the default as the file writes
/// it, or what no value means ("none (no expiry)", "none, e.g. {mtbf: 2h,
/// mttr: 5min}", "required").
std::string defaultText(std::string_view part, std::string_view key, ComponentKind kind = ComponentKind::Service);

} // namespace scalelab::scenarios
