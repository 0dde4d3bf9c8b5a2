#pragma once

#include "scenarios/study.h"
#include "simcore/frame.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace scalelab::cli {

/// Creates the --out folder (and its parents) before a run, so a bad path
/// fails at once. Prints an error and returns false when it cannot.
bool prepareOutputDir(const std::string& dir);

/// Writes `dir/name`; prints an error and returns false when it cannot.
bool writeTextFile(const std::string& dir, const std::string& name, const std::string& text);

/// What `print` writes to a FILE*, as text (the CLI's tables, for summary.txt).
template <typename Print>
std::string printedText(Print print)
{
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = ::open_memstream(&buffer, &size);
    if (!out)
        return {};
    print(out);
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    return text;
}

/// DIR/summary.json: the summary as `--format json` prints it.
bool writeSummaryJson(const std::string& dir, const nlohmann::ordered_json& summary);

/// DIR/parity.csv: what each fault hits in each variant (parityreport.h);
/// nothing when the study has no faults.
bool writeParityCsv(const std::string& dir, const scenarios::Study& study);

/// DIR/`name`: the time series of one replication's bins (see timeseries.h).
bool writeTimeSeriesCsv(const std::string& dir, const std::string& name, const scenarios::Variant& variant,
                        const std::vector<sim::Frame>& bins);

/// With `--series all`: DIR/STEM-all.csv, every replication's bins, and
/// DIR/STEM-mean.csv, their per-bin mean and 95% interval (timeseries.h).
bool writeTimeSeriesAllCsv(const std::string& dir, const std::string& stem, const scenarios::Variant& variant,
                           const std::vector<const std::vector<sim::Frame>*>& replications);

} // namespace scalelab::cli
