#pragma once

#include <cstdint>
#include <string_view>

namespace scalelab::sim {

/// 64-bit FNV-1a hash of a name; stable across platforms and runs.
std::uint64_t stableHash(std::string_view text);

/// A pseudo-random stream (xoshiro256**), seeded from (seed, component id,
/// replication, substream). Two runs that use the same key draw the same
/// numbers, whatever other streams exist: common random numbers across designs,
/// and adding a component does not perturb the others.
class RandomStream
{
public:
    RandomStream(std::uint64_t seed, std::string_view componentId, std::uint32_t replication,
                 std::string_view substream = {});
    explicit RandomStream(std::uint64_t rawKey);

    std::uint64_t nextU64();
    /// Uniform on [0, 1).
    double uniform() { return static_cast<double>(nextU64() >> 11) * 0x1.0p-53; }
    /// Uniform on (0, 1): safe for log().
    double uniformOpen() { return (static_cast<double>(nextU64() >> 11) + 0.5) * 0x1.0p-53; }
    /// Exponential with the given mean.
    double exponential(double mean);
    /// Standard normal (Box-Muller, one value per call so the stream stays stateless).
    double normal();

private:
    std::uint64_t m_s[4];
};

} // namespace scalelab::sim
