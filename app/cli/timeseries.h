#pragma once

#include "scenarios/study.h"
#include "simcore/frame.h"

#include <ostream>
#include <string>
#include <vector>

namespace scalelab::cli {

/// The header of timeseries.csv for a variant whose frames list these stations.
std::vector<std::string> timeSeriesColumns(const scenarios::Variant& variant, const sim::Frame& first);

/// Writes one CSV row per bin: start, end (s); arrivals, completions, errors,
/// rejections (requests in the bin); throughput (1/s); p50, p95, p99, p999 (s);
/// then for each component with a worker pool `name.utilization` (CPU) and
/// `name.occupancy` (worker pool), fractions; then each gauge
/// `component.gauge` at the bin's end.
void writeTimeSeries(std::ostream& out, const scenarios::Variant& variant, const std::vector<sim::Frame>& bins);

/// The rows of writeTimeSeries for every replication, each led by its index
/// in a first column `replication` (0-based).
void writeTimeSeriesReplications(std::ostream& out, const scenarios::Variant& variant,
                                 const std::vector<const std::vector<sim::Frame>*>& replications);

/// Per bin: start, end, the number of replications, then for each column of
/// writeTimeSeries after `end` its mean over the replications and
/// `column.half_width`, the half-width of its 95% Student-t interval (empty
/// with one replication).
void writeTimeSeriesMean(std::ostream& out, const scenarios::Variant& variant,
                         const std::vector<const std::vector<sim::Frame>*>& replications);

} // namespace scalelab::cli
