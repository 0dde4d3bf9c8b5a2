#pragma once

#include "simcore/random.h"

#include <string>
#include <string_view>
#include <vector>

namespace scalelab::sim {

/// A non-negative random quantity (a service demand or a delay, in seconds).
/// Value type: cheap to copy for the analytic kinds; sampling is a switch.
class Distribution
{
public:
    enum class Kind { Constant, Exponential, Uniform, Lognormal, Gamma, Empirical };

    Distribution() = default;
    static Distribution constant(double value);
    static Distribution exponential(double mean);
    static Distribution uniform(double low, double high);
    /// Lognormal by its mean and coefficient of variation (stddev / mean).
    static Distribution lognormal(double mean, double cv);
    /// Gamma by its mean and coefficient of variation: shape 1/cv^2, scale mean*cv^2.
    static Distribution gamma(double mean, double cv);
    /// Resamples the given observations uniformly (bootstrap). Must not be empty.
    static Distribution empiricalSamples(std::vector<double> samples);
    /// A histogram: edges.size() == weights.size() + 1, edges increasing; uniform
    /// within a bin.
    static Distribution empiricalHistogram(std::vector<double> edges, std::vector<double> weights);

    /// Parses "constant(8ms)", "8ms", "exponential(5ms)", "uniform(1ms, 3ms)",
    /// "lognormal(8ms, cv=0.5)", "gamma(10ms, cv=2)", "empirical(1ms, 2ms, 4ms)".
    struct Parsed;
    static Parsed parse(std::string_view text);

    double sample(RandomStream& rng) const;
    Kind kind() const { return m_kind; }
    double mean() const { return m_mean; }
    /// Coefficient of variation (stddev / mean); 0 for a constant.
    double cv() const { return m_cv; }
    /// Second moment E[X^2], as the Pollaczek-Khinchine formula needs it.
    double secondMoment() const { return m_mean * m_mean * (1.0 + m_cv * m_cv); }
    /// The same distribution with every value multiplied by factor (> 0).
    Distribution scaled(double factor) const;
    /// Canonical text, parseable by parse(): "lognormal(8ms, cv=0.5)".
    std::string describe() const;

    static std::string_view kindName(Kind kind);

private:
    Kind m_kind = Kind::Constant;
    double m_mean = 0.0;
    double m_cv = 0.0;
    double m_a = 0.0; // kind-specific: uniform low, lognormal mu, gamma shape
    double m_b = 0.0; // kind-specific: uniform high, lognormal sigma, gamma scale
    std::vector<double> m_points;  // empirical: sorted samples, or histogram edges
    std::vector<double> m_cumulative; // empirical histogram: cumulative weights (normalised)
    void computeEmpiricalMoments();
};

struct Distribution::Parsed
{
    Distribution value;
    std::string error;      ///< empty on success
    std::size_t column = 0; ///< 0-based offset of the problem
    bool ok() const { return error.empty(); }
};

} // namespace scalelab::sim
