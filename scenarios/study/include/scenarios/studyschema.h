#pragma once

#include <string>
#include <string_view>

namespace scalelab::scenarios {

// What the field descriptions (models/fields.h, studyfields.h) tell readers
// outside the program: editors and the format reference.

/// The JSON Schema (draft 2020-12) of the study file. The checked-in
/// scenarios/schema/study.schema.json is this text; `scalelab-cli schema`
/// prints it.
std::string studySchema();

/// The markdown table of one part's keys (key, type, default, the kinds a key
/// applies to, rule), as docs/format.md shows it; empty for an unknown part.
std::string fieldTable(std::string_view part);

/// `markdown` with the table between each line `<!-- fields: PART -->` and
/// the next line `<!-- end fields -->` made anew (unchanged where they are
/// current, and all of it when a table has no end line).
std::string withFieldTables(const std::string& markdown);

} // namespace scalelab::scenarios
