#pragma once

#include "scenarios/study.h"

#include <string>
#include <vector>

namespace scalelab::cli {

/// One default that moves the results and that the study leaves as it is: the
/// fields flagged models::field::Assumption (models/fields.h,
/// scenarios/studyfields.h), where the study holds their default value.
struct AssumptionRow
{
    std::string key;     ///< as the file would name it: "run.warmup", "network.latency.zone", "backlog", "request"
    std::string value;   ///< the default as the file writes it: "60s", "0.2ms", "1000", "1KB"
    std::string applies; ///< where it holds: "the run", "the network", components ("app, db"), steps ("12 of 14 steps")
    std::string help;    ///< the field's one-line help
};

/// The assumptions of `variants` of the study (every variant when empty), in
/// the order run, network, components, steps, each in its fields' order.
/// Qt-free: the CLI prints them, the GUI's Results tab and reports show them.
std::vector<AssumptionRow> assumptions(const scenarios::Study& study,
                                       const std::vector<const scenarios::Variant*>& variants = {});

} // namespace scalelab::cli
