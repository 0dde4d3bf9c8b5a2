#pragma once

#include <string>
#include <vector>

namespace scalelab::sim {

/// One key of a stream line, described from the same list that writes and
/// reads it (framejson.h), so the reference in docs/stream.md cannot drift.
struct FieldInfo
{
    std::string key;  ///< "p99"; nested keys as "stations[].utilization"
    std::string type; ///< "string", "integer", "number", "boolean", "array"
    std::string unit; ///< "s", "requests", "fraction", "USD/h"...; empty when none applies
    std::string help; ///< one line; says when the key may be missing
};

/// The keys of each line type, in the order they are written.
std::vector<FieldInfo> startFields();
std::vector<FieldInfo> frameFields();
std::vector<FieldInfo> eventFields();
std::vector<FieldInfo> summaryFields(); ///< the keys before the report's
std::vector<FieldInfo> errorFields();

/// A Markdown table of `fields`: key, type, unit, meaning (one row a key).
std::string fieldTable(const std::vector<FieldInfo>& fields);

} // namespace scalelab::sim
