#pragma once

#include "runoptions.h"

#include <string>
#include <vector>

namespace scalelab::cli {

/// The flags of `export-charts`.
struct ExportChartsOptions
{
    RunOptions run;                   ///< study, variants, seed, replications, duration, warm-up; out: the folder
    std::vector<std::string> formats; ///< "png", "pdf", "svg"
    int width = 1200;                 ///< px (PNG, SVG) or points (PDF)
    int height = 700;
};

/// `export-charts STUDY --out DIR`: runs the variants like `compare` (or `run`
/// for one), then has scalelab-charts render the standard charts headless
/// (docs/charts.md): DIR/VARIANT-CHART.EXT per variant, DIR/compare-CHART.EXT
/// overlaid when there are several, DIR/summary.txt (the CLI table),
/// DIR/summary.json and DIR/index.md listing them.
int runExportCharts(const ExportChartsOptions& options);

} // namespace scalelab::cli
