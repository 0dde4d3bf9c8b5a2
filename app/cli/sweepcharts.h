#pragma once

#include "scenarios/study.h"

#include <string>

namespace scalelab::cli {

/// Has scalelab-charts draw a finished sweep's charts from DIR/sweep.json and
/// DIR/aggregate.jsonl into DIR/charts (PNG, SVG and PDF): each metric
/// against the first parameter, a line per variant with its 95% band; cost
/// per million requests against p99 with the Pareto front; the SLO's break
/// point. Without scalelab-charts it says so and succeeds, unless the charts
/// were asked for (`required`). False after printing why they failed.
bool drawSweepCharts(const std::string& dir, bool required);

} // namespace scalelab::cli
