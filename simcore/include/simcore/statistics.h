#pragma once

#include <cstddef>
#include <vector>

namespace scalelab::sim {

/// Integral of a piecewise-constant signal over simulated time (queue length,
/// busy workers). Time-average = area / elapsed.
class TimeWeighted
{
public:
    /// The signal takes value from time now on.
    void set(double now, double value)
    {
        m_area += m_value * (now - m_last);
        m_last = now;
        m_value = value;
    }
    void add(double now, double delta) { set(now, m_value + delta); }
    /// Area under the signal from time 0 to now.
    double areaUntil(double now) const { return m_area + m_value * (now - m_last); }
    double value() const { return m_value; }

private:
    double m_area = 0.0;
    double m_last = 0.0;
    double m_value = 0.0;
};

/// Mean and variance of observations (Welford).
class RunningStats
{
public:
    void add(double x);
    std::size_t count() const { return m_n; }
    double mean() const { return m_mean; }
    /// Unbiased sample variance; 0 with fewer than two observations.
    double variance() const;

private:
    std::size_t m_n = 0;
    double m_mean = 0.0;
    double m_m2 = 0.0;
};

/// A mean with the half-width of its two-sided confidence interval.
struct ConfidenceInterval
{
    double mean = 0.0;
    double halfWidth = 0.0; ///< +inf when fewer than two observations
    std::size_t n = 0;
    double low() const { return mean - halfWidth; }
    double high() const { return mean + halfWidth; }
    bool contains(double x) const { return x >= low() && x <= high(); }
};

/// Student-t confidence interval on the mean of independent observations
/// (one per replication), at the given level (0.95 by default).
ConfidenceInterval studentInterval(const std::vector<double>& values, double level = 0.95);

} // namespace scalelab::sim
