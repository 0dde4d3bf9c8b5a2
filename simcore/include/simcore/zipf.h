#pragma once

#include "simcore/random.h"

#include <cstdint>

namespace scalelab::sim {

/// Zipf-distributed keys 1..n (cache keys, hot keys of a sharded store) with P(k) proportional to k^-s (s >= 0), by
/// rejection-inversion (Hormann and Derflinger, 1996): O(1) per draw, no table.
class ZipfSampler
{
public:
    ZipfSampler(std::uint64_t n, double exponent);
    std::uint64_t sample(RandomStream& rng) const;
    std::uint64_t size() const { return m_n; }
    double exponent() const { return m_s; }

private:
    double h(double x) const;
    double hIntegral(double x) const;
    double hIntegralInverse(double x) const;

    std::uint64_t m_n;
    double m_s;
    double m_hIntegralX1 = 0, m_hIntegralN = 0, m_threshold = 0;
};

} // namespace scalelab::sim
