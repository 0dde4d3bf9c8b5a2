#pragma once

#include "variantsummary.h"

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

void printCompareTable(std::FILE* out, const scenarios::Study& study, const std::vector<VariantSummary>& variants);
void printCompareCsv(std::FILE* out, const std::vector<VariantSummary>& variants);
nlohmann::ordered_json compareJson(const scenarios::Study& study, const std::vector<VariantSummary>& variants);

} // namespace scalelab::cli
