#pragma once

#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// scalelab-charts, the Qt-linked chart renderer installed next to this
/// executable; nullopt when it is not there (with `quiet` false, after
/// printing why it cannot be run).
std::optional<std::string> chartsTool(bool quiet = false);

/// Runs `argv` (argv[0]: the program's path) and waits for it; its exit code,
/// or -1 after printing why it did not exit normally.
int runProgram(const std::vector<std::string>& argv);

} // namespace scalelab::cli
