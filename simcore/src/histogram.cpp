#include "simcore/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace scalelab::sim {

namespace {
constexpr int kSub = 1 << LatencyHistogram::kSubBucketBits;

std::uint64_t toNanos(double seconds)
{
    const double ns = std::max(0.0, seconds) * 1e9;
    return ns >= 9.2e18 ? std::uint64_t(9.2e18) : static_cast<std::uint64_t>(std::llround(ns));
}
} // namespace

int LatencyHistogram::bucketIndex(std::uint64_t nanos)
{
    if (nanos < kSub)
        return static_cast<int>(nanos);
    const int msb = 63 - std::countl_zero(nanos);
    const int shift = msb - kSubBucketBits;
    const auto mantissa = static_cast<int>((nanos >> shift) & (kSub - 1));
    return (shift + 1) * kSub + mantissa;
}

double LatencyHistogram::bucketMidpointSeconds(int index)
{
    if (index < kSub)
        return index * 1e-9;
    const int shift = index / kSub - 1;
    const int mantissa = index % kSub;
    const double lower = std::ldexp(double(kSub + mantissa), shift);
    const double width = std::ldexp(1.0, shift);
    return (lower + (width - 1.0) / 2.0) * 1e-9;
}

double LatencyHistogram::bucketWidthSeconds(double seconds)
{
    const int index = bucketIndex(toNanos(seconds));
    return index < kSub ? 1e-9 : std::ldexp(1.0, index / kSub - 1) * 1e-9;
}

void LatencyHistogram::ensure(int index)
{
    if (m_counts.empty()) {
        m_offset = index;
        m_counts.assign(1, 0);
        return;
    }
    if (index < m_offset) {
        // Grow downwards by at least a factor-of-two range so repeated growth stays cheap.
        const int newOffset = std::max(0, std::min(index, m_offset - kSub));
        m_counts.insert(m_counts.begin(), static_cast<std::size_t>(m_offset - newOffset), 0);
        m_offset = newOffset;
    } else if (index >= m_offset + static_cast<int>(m_counts.size())) {
        const auto need = static_cast<std::size_t>(index - m_offset + 1);
        m_counts.resize(std::max(need, m_counts.size() + kSub), 0);
    }
}

void LatencyHistogram::record(double seconds)
{
    const int index = bucketIndex(toNanos(seconds));
    if (index < m_offset || index >= m_offset + static_cast<int>(m_counts.size()))
        ensure(index);
    ++m_counts[static_cast<std::size_t>(index - m_offset)];
    ++m_count;
    m_sum += seconds;
    m_min = std::min(m_min, seconds);
    m_max = std::max(m_max, seconds);
}

void LatencyHistogram::merge(const LatencyHistogram& other)
{
    if (other.m_count == 0)
        return;
    ensure(other.m_offset);
    ensure(other.m_offset + static_cast<int>(other.m_counts.size()) - 1);
    for (std::size_t i = 0; i < other.m_counts.size(); ++i)
        m_counts[static_cast<std::size_t>(other.m_offset - m_offset) + i] += other.m_counts[i];
    m_count += other.m_count;
    m_sum += other.m_sum;
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
}

void LatencyHistogram::clear()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_count = 0;
    m_sum = 0;
    m_min = std::numeric_limits<double>::infinity();
    m_max = 0;
}

double LatencyHistogram::quantile(double q) const
{
    if (m_count == 0)
        return 0.0;
    const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * double(m_count))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (seen >= rank) {
            const double mid = bucketMidpointSeconds(m_offset + static_cast<int>(i));
            return std::clamp(mid, m_min, m_max);
        }
    }
    return m_max;
}

double LatencyHistogram::fractionAtOrBelow(double seconds) const
{
    if (m_count == 0)
        return 0.0;
    const auto nanos = static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds) * 1e9));
    const int index = bucketIndex(nanos);
    std::uint64_t below = 0;
    for (std::size_t i = 0; i < m_counts.size() && m_offset + static_cast<int>(i) <= index; ++i)
        below += m_counts[i];
    return double(below) / double(m_count);
}

} // namespace scalelab::sim
