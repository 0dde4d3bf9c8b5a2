#pragma once

#include "scenarios/study.h"

#include <vector>

namespace YAML {
class Emitter;
} // namespace YAML

namespace scalelab::scenarios {

/// Writes the `faults:` section, one flow map per fault: `at`, the action,
/// then the type's settings that are required or differ from their default.
void emitFaults(YAML::Emitter& out, const std::vector<Fault>& faults);

} // namespace scalelab::scenarios
