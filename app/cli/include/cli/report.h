#pragma once

#include "cli/variantsummary.h"

#include "scenarios/study.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace scalelab::cli {

// The three forms of a summary: an aligned table for people (fixed precision,
// durations in ms, rates per second), CSV and JSON for tools (SI units: s,
// 1/s, fractions; full precision). A comparison puts the variants side by
// side, the first one being the baseline of the paired differences.

/// "met", "missed", or "none" when the study sets no SLO.
std::string sloVerdict(const VariantSummary& summary);

void printRunTable(std::FILE* out, const scenarios::Study& study, const VariantSummary& summary);
void printRunCsv(std::FILE* out, const VariantSummary& summary);
nlohmann::ordered_json runJson(const scenarios::Study& study, const VariantSummary& summary);

/// The two lines above a comparison's table: the study, variants and runs;
/// the baseline and what '*' means.
std::vector<std::string> compareHeading(const scenarios::Study& study, const std::vector<VariantSummary>& variants);
/// A comparison's table as cells: a header row ("", the variants, "B - A"
/// per difference), then per figure its label, a cell per variant and a cell
/// per difference against the first; a row with a label alone heads a group
/// ("per operation"), whose rows' labels are indented by two spaces.
/// printCompareTable prints it aligned; `compare --stream` sends it as is.
std::vector<std::vector<std::string>> compareRows(const std::vector<VariantSummary>& variants);
void printCompareTable(std::FILE* out, const scenarios::Study& study, const std::vector<VariantSummary>& variants);
void printCompareCsv(std::FILE* out, const std::vector<VariantSummary>& variants);
nlohmann::ordered_json compareJson(const scenarios::Study& study, const std::vector<VariantSummary>& variants);

} // namespace scalelab::cli
