#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// The flags of `run` and `compare`; unset optionals keep the study's own settings.
struct RunOptions
{
    std::string study;                 ///< path of the study file
    std::string variant;               ///< run: the variant; empty: the study's first
    std::vector<std::string> variants; ///< compare: the variants; empty: all of them
    std::optional<std::uint64_t> seed;
    std::optional<int> replications;
    std::optional<double> duration;    ///< s
    std::optional<double> warmup;      ///< s
    std::string format = "table";      ///< table, json or csv
    std::string out;                   ///< folder for summary.json and timeseries.csv; empty: none
    bool stream = false;               ///< run: newline-delimited JSON on stdout, commands on stdin
};

} // namespace scalelab::cli
