#pragma once

#include "recovery.h"

#include "scenarios/study.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace scalelab::cli {

/// `text` with &, <, >, " escaped for HTML and SVG.
std::string escapeXml(const std::string& text);

/// A section of the review report: its HTML (pictures inline) and, for the
/// PDF, the same with each picture an <img> of a file written beside it.
struct ReportSection
{
    std::string html;
    std::string pdfHtml;
    std::vector<std::pair<std::string, std::string>> files; ///< (name, SVG text) the PDF's <img>s show
};

/// Recovery per fault (docs/charts.md#recovery): a table (fault, variant,
/// time to recover over the replications, the limits that count as
/// recovered) and a bar chart. `runEnd`: s, the end of the run.
ReportSection recoverySection(const std::vector<FaultRecovery>& recoveries, double runEnd);

/// The analytic model against the simulation per variant and steady phase,
/// from compare's analytic.json (or run's summary.json `analytic`): the
/// numbers, the model's tolerance and a verdict per row, "model does not
/// apply" with the reason where it does not.
ReportSection analyticSection(const nlohmann::ordered_json& variants);

} // namespace scalelab::cli
