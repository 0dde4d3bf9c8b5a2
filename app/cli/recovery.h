#pragma once

#include "scenarios/study.h"

#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// What recovery looks at in one time bin (a row of timeseries.csv).
struct HealthBin
{
    double start = 0.0, end = 0.0; ///< s; the bin covers (start, end]
    double arrivals = 0.0, completions = 0.0, errors = 0.0, rejections = 0.0;
    double p99 = 0.0; ///< s, of the bin's successful requests
};

/// The bins of each replication from timeseries[-VARIANT]-all.csv (a first
/// column `replication`) or, without it, timeseries[-VARIANT].csv
/// (replication 0 alone); empty after printing why the file cannot be read.
std::vector<std::vector<HealthBin>> readHealthBins(const std::string& path);

/// When a bin counts as healthy again after a fault (docs/charts.md#recovery):
/// its share of failed requests at most `errorShare` and its p99 at most `p99`.
struct RecoveryLimits
{
    double errorShare = 0.0; ///< 0..1
    double p99 = 0.0;        ///< s
};

/// How long each bin-run must stay healthy to count as recovered, s.
inline constexpr double kRecoveryHold = 30.0;
/// The stretch before a fault that sets its pre-fault level, s.
inline constexpr double kPreFaultWindow = 60.0;
/// The pre-fault level's margin: a bin within 1.25x the worst pre-fault bin is back.
inline constexpr double kPreFaultMargin = 1.25;

/// The limits for a fault at `at`: the looser of the SLO's (p99, error budget
/// 1 - availability; 0.1% without one) and kPreFaultMargin x the worst bin of
/// the kPreFaultWindow seconds before the fault (bins after the warm-up only).
RecoveryLimits recoveryLimits(const std::vector<HealthBin>& bins, double at, const scenarios::Slo& slo,
                              double warmup);

/// Seconds from `at` to the start of the first bin (among those ending after
/// `at`) from which every bin is healthy for kRecoveryHold; 0 when the fault
/// left no bin unhealthy; nullopt ("never") when no such stretch fits before
/// the end of the run.
std::optional<double> recoveryTime(const std::vector<HealthBin>& bins, double at, const RecoveryLimits& limits);

/// A fault's recovery in one variant over the replications.
struct FaultRecovery
{
    std::string fault;   ///< "kill storefront"
    double at = 0.0;     ///< s
    std::string variant;
    RecoveryLimits limits; ///< replication 0's
    std::vector<std::optional<double>> times; ///< per replication; nullopt: never
};

/// Every fault of the study that applies to each variant, its recovery in
/// each replication. `bins[v]` are variant v's replications (readHealthBins).
std::vector<FaultRecovery> faultRecoveries(const scenarios::Study& study,
                                           const std::vector<const scenarios::Variant*>& variants,
                                           const std::vector<std::vector<std::vector<HealthBin>>>& bins);

/// "25 s", "25 s (20-30 s over 3 replications)", "never", "never in 1 of 3 (others 25 s)".
std::string recoveryText(const FaultRecovery& recovery);

} // namespace scalelab::cli
