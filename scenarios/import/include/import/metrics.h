#pragma once

#include "scenarios/diagnostic.h"
#include "scenarios/study.h"

#include <string>
#include <utility>
#include <vector>

namespace scalelab::import {

/// A request rate over time, as a metrics system recorded it.
struct RateSeries
{
    std::vector<std::pair<double, double>> points; ///< (s since the first sample, requests/s), in time order
    double step = 0.0;                             ///< s between samples (the smallest gap)
    std::vector<scenarios::Diagnostic> diagnostics;
    bool ok() const;
};

/// Reads a rate series: the JSON a Prometheus `query_range` returns (a
/// matrix; several series are summed sample by sample) or a CSV of
/// `time,rps` rows (Unix seconds or seconds from 0; a header row is
/// allowed). A sample that is not a number is skipped with a warning at its
/// place; a file of neither form is an error.
RateSeries readRateSeries(const std::string& path);

/// Makes `series` the traffic of `operation`: the workload's rate profile
/// becomes the series over the operation's share of the mix (so the
/// operation sees the series' rate), one step per sample, and the run lasts
/// the series. False, with `error` set, when the study has no such operation.
bool applyRateSeries(scenarios::Study& study, const std::string& operation, const RateSeries& series,
                     std::string* error);

} // namespace scalelab::import
