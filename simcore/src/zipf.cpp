#include "simcore/zipf.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace scalelab::sim {

namespace {

// log1p(x)/x, accurate near 0.
double helper1(double x) { return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x)); }
// expm1(x)/x, accurate near 0.
double helper2(double x) { return std::fabs(x) > 1e-8 ? std::expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x)); }

} // namespace

ZipfSampler::ZipfSampler(std::uint64_t n, double exponent) : m_n(n), m_s(exponent)
{
    assert(n >= 1 && exponent >= 0);
    if (m_s > 0) {
        m_hIntegralX1 = hIntegral(1.5) - 1.0;
        m_hIntegralN = hIntegral(double(n) + 0.5);
        m_threshold = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
    }
}

double ZipfSampler::h(double x) const { return std::exp(-m_s * std::log(x)); }

double ZipfSampler::hIntegral(double x) const
{
    const double logX = std::log(x);
    return helper2((1.0 - m_s) * logX) * logX;
}

double ZipfSampler::hIntegralInverse(double x) const
{
    double t = x * (1.0 - m_s);
    if (t < -1.0)
        t = -1.0; // rounding near the lower bound
    return std::exp(helper1(t) * x);
}

std::uint64_t ZipfSampler::sample(RandomStream& rng) const
{
    if (m_s == 0.0)
        return 1 + std::min<std::uint64_t>(m_n - 1, static_cast<std::uint64_t>(rng.uniform() * double(m_n)));
    for (;;) {
        const double u = m_hIntegralN + rng.uniform() * (m_hIntegralX1 - m_hIntegralN);
        const double x = hIntegralInverse(u);
        double k = std::floor(x + 0.5);
        k = std::clamp(k, 1.0, double(m_n));
        if (k - x <= m_threshold || u >= hIntegral(k + 0.5) - h(k))
            return static_cast<std::uint64_t>(k);
    }
}

} // namespace scalelab::sim
