#pragma once

#include "benchmodel.h"

#include <string>

namespace scalelab::bench {

/// The interpreter the SimPy model runs under: Debian's, where python3-simpy
/// installs SimPy 2.3.
inline constexpr const char* kPython = "/usr/bin/python3";

/// Empty when kPython can import SimPy.Simulation; otherwise why not.
std::string simPyProblem();

/// Runs the model in SimPy (tests/bench/simpy_queues.py) as a subprocess of
/// kPython and parses the line it prints. Throws std::runtime_error when the
/// script fails or prints something else.
RunResult runSimPy(const QueueModel& model, std::uint64_t seed = kSeed);

} // namespace scalelab::bench
