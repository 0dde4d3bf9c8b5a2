#pragma once

#include "simcore/distribution.h"
#include "simcore/statistics.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace scalelab::testing {

/// One station fed by Poisson arrivals: M/M/c, M/G/1, M/M/1/K, processor sharing.
struct StationCase
{
    double lambda = 1.0;                 ///< arrivals/s
    sim::Distribution service;           ///< service time on a reference core
    int cores = 1;
    int threads = 1;                     ///< > cores: processor sharing
    std::size_t backlog = std::numeric_limits<std::size_t>::max();
    double duration = 10000.0;           ///< s per replication
    double warmup = 500.0;               ///< s
};

/// What one replication measured (after warm-up).
struct CaseResult
{
    double meanResponse = 0, p50 = 0, p95 = 0, p99 = 0;
    double meanInSystem = 0, utilization = 0;
    double waitProbability = 0, meanWait = 0, blocking = 0;
    double throughput = 0;
    std::vector<double> extra; ///< case-specific values (per-station figures of a network)

    std::string serialize() const;
    static CaseResult parse(const std::string& text);
};

/// Runs `replications` independent replications (seed, replication index) in
/// parallel child processes.
std::vector<CaseResult> replicate(const std::function<CaseResult(std::uint64_t seed, std::uint32_t rep)>& run,
                                  int replications, std::uint64_t seed = 2026);

/// A single-station replication.
CaseResult runStation(const StationCase& c, std::uint64_t seed, std::uint32_t replication);

/// A field's value in each replication.
std::vector<double> values(const std::vector<CaseResult>& results, double CaseResult::*field);
std::vector<double> values(const std::vector<CaseResult>& results, std::size_t extraIndex);

/// Checks an exact value against the replications' mean: it must lie within
/// the relative tolerance and within the 99% Student-t interval. Prints a row
/// of the validation table (docs/validation.md) with the 95% interval and
/// whether the exact value falls inside it. Returns what failed, or "".
///
/// Why 99% for the assertion: a suite of ~30 checks each at 95% misses some by
/// design (and t-intervals over few skewed replications under-cover); the
/// table still shows every 95% miss.
std::string check(const std::string& caseName, const std::string& metric, double exact,
                  const std::vector<double>& replications, double tolerance);

} // namespace scalelab::testing
