#pragma once

#include <cstdint>

namespace scalelab::cli {

struct SelfCheckOptions
{
    std::uint64_t requests = 1000000;
    double utilization = 0.9;
    std::uint64_t seed = 1;
};

/// Simulates an M/M/1 queue (mu = 1000/s) in a child process, prints the engine's
/// speed and the simulated means against theory; returns 0 when they agree
/// within 5%, 1 otherwise.
int runSelfCheck(const SelfCheckOptions& options);

} // namespace scalelab::cli
