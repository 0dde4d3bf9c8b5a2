#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace scalelab::sim {

/// Log-bucketed histogram of durations (seconds), HdrHistogram-style: values are
/// kept in nanoseconds, exact below 128 ns, and above that in buckets whose width
/// is at most 1/128 of their lower edge. A quantile is reported at its bucket's
/// midpoint, so its relative error is at most 1/256 (0.4%). Memory depends on the
/// range of values seen (about 1 KiB per factor of two), never on their number.
class LatencyHistogram
{
public:
    static constexpr int kSubBucketBits = 7;
    static constexpr double kMaxRelativeError = 1.0 / (2 << kSubBucketBits);

    void record(double seconds);
    void merge(const LatencyHistogram& other);
    void clear();

    std::uint64_t count() const { return m_count; }
    /// Exact mean of the recorded values (seconds); 0 when empty.
    double mean() const { return m_count ? m_sum / static_cast<double>(m_count) : 0.0; }
    double min() const { return m_count ? m_min : 0.0; }
    double max() const { return m_count ? m_max : 0.0; }
    /// The q-quantile (0 < q <= 1) by nearest rank, in seconds; 0 when empty.
    double quantile(double q) const;
    /// Fraction of recorded values <= seconds (within the bucket resolution).
    double fractionAtOrBelow(double seconds) const;
    /// Bytes held by the bucket array.
    std::size_t memoryBytes() const { return m_counts.capacity() * sizeof(std::uint64_t); }

    static int bucketIndex(std::uint64_t nanos);
    static double bucketMidpointSeconds(int index);
    /// The width (seconds) of the bucket that holds `seconds`: the resolution
    /// of a quantile reported there (1 ns below 128 ns, then 1/256 to 1/128
    /// of the value).
    static double bucketWidthSeconds(double seconds);

private:
    std::vector<std::uint64_t> m_counts; // covers bucket indices [m_offset, m_offset + size)
    int m_offset = 0;
    std::uint64_t m_count = 0;
    double m_sum = 0.0;
    double m_min = std::numeric_limits<double>::infinity();
    double m_max = 0.0;
    void ensure(int index);
};

} // namespace scalelab::sim
