#pragma once

#include "charts/chartexport.h"

#include <QString>

#include <vector>

namespace scalelab::charts {

/// `scalelab-charts --sweep DIR`: every chart of a finished sweep into `out`
/// (each metric against the first parameter per combination of the others,
/// cost against p99 with its Pareto front). Returns the exit code.
int drawSweep(const QString& sweepDir, const QString& out, const std::vector<ExportFormat>& formats, int width,
              int height);

} // namespace scalelab::charts
