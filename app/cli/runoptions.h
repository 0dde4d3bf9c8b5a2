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
    std::vector<std::string> sets;     ///< --set PATH=VALUE overrides
    std::string variant;               ///< run: the variant; empty: the study's first
    std::vector<std::string> variants; ///< compare: the variants; empty: all of them
    std::optional<std::uint64_t> seed;
    std::optional<int> replications;
    std::optional<double> duration;    ///< s
    std::optional<double> warmup;      ///< s
    std::string format = "table";      ///< table, json or csv
    std::string out;                   ///< folder for summary.json and timeseries.csv; empty: none
    std::string series = "first";      ///< with out: "first" (replication 0's bins) or "all" (and every replication's, their mean)
    bool stream = false;               ///< NDJSON on stdout for a front end (run: frames, commands on stdin; compare: progress, result)
    double maxEvents = 1e9;            ///< (scenarios::kDefaultMaxEvents) refuse a study estimated above this many events (workcheck.h)
    bool force = false;                ///< run whatever the estimate
    std::string traceOut;              ///< run: replication 0's requests as OTLP JSON lines; empty: none
    double traceSample = 1.0;          ///< run: the share of requests traced, 0..1
};

} // namespace scalelab::cli

namespace scalelab::cli {

/// The flags of `analyze` and `capacity`.
struct AnalysisOptions
{
    std::string study;           ///< path of the study file
    std::vector<std::string> sets; ///< --set PATH=VALUE overrides
    std::string variant;         ///< empty: the study's first
    std::optional<double> rps;   ///< analyze: requests/s; unset: the workload's peak
    int users = 0;               ///< analyze: > 0, a closed workload of this many users (MVA)
    double think = 0.0;          ///< analyze: s between a user's requests
    int steps = 5;               ///< capacity: bisection steps after bracketing
    double probe = 60.0;         ///< capacity: s measured per probe
    bool analyticOnly = false;   ///< capacity: no simulation
    std::string format = "table"; ///< table or json
};

} // namespace scalelab::cli
