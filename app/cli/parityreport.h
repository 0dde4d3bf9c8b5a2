#pragma once

#include "scenarios/study.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace scalelab::cli {

// The fault parity table (scenarios/parity.h) in the CLI's three forms: what
// each fault hits in each variant and the share of its role's capacity.

/// "fault parity ..." and one row per fault, a column per variant; nothing
/// when the study has no faults.
void printParityTable(std::FILE* out, const scenarios::Study& study);
/// One entry per fault: label, time, spread, and per variant what it hits.
nlohmann::ordered_json parityJson(const scenarios::Study& study);
/// parity.csv: a row per fault and variant (header: fault,label,at,variant,
/// applies,components,hit,instances,share,nothing); shares as fractions.
std::string parityCsv(const scenarios::Study& study);

} // namespace scalelab::cli
