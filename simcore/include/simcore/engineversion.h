#pragma once

#include <string>

namespace scalelab::sim {

/// The engine library this process runs on, as `--version` prints it: "SimGrid 3.32.0".
std::string engineVersion();

} // namespace scalelab::sim
