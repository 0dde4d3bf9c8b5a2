#pragma once

#include "scenarios/study.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace scalelab::cli {

// The fault parity table (scenarios/parity.h) in the CLI's three forms: what
// each fault hits in each variant and the share of its role's capacity. The
// GUI shows the same cells (parityRows) in its Faults tab and under a comparison.

/// The title line above the table.
inline constexpr const char* kParityTitle =
    "fault parity: what each fault hits (instances hit/instances at the start = share of the role's capacity)";
/// The table as cells: a header (fault, at, a column per variant, spread when
/// there are several) and one row per fault; empty when the study has no faults.
std::vector<std::vector<std::string>> parityRows(const scenarios::Study& study);
/// The title and the table; nothing when the study has no faults.
void printParityTable(std::FILE* out, const scenarios::Study& study);
/// One entry per fault: label, time, spread, and per variant what it hits.
nlohmann::ordered_json parityJson(const scenarios::Study& study);
/// parity.csv: a row per fault and variant (header: fault,label,at,variant,
/// applies,components,hit,instances,share,nothing); shares as fractions.
std::string parityCsv(const scenarios::Study& study);

} // namespace scalelab::cli
