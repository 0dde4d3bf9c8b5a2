#include "simcore/statistics.h"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>

namespace scalelab::sim {

void RunningStats::add(double x)
{
    ++m_n;
    const double delta = x - m_mean;
    m_mean += delta / double(m_n);
    m_m2 += delta * (x - m_mean);
}

double RunningStats::variance() const { return m_n > 1 ? m_m2 / double(m_n - 1) : 0.0; }

ConfidenceInterval studentInterval(const std::vector<double>& values, double level)
{
    RunningStats stats;
    for (double v : values)
        stats.add(v);
    ConfidenceInterval ci;
    ci.n = stats.count();
    ci.mean = stats.mean();
    if (ci.n < 2) {
        ci.halfWidth = std::numeric_limits<double>::infinity();
        return ci;
    }
    const boost::math::students_t dist(double(ci.n - 1));
    const double t = boost::math::quantile(dist, 0.5 + level / 2.0);
    ci.halfWidth = t * std::sqrt(stats.variance() / double(ci.n));
    return ci;
}

} // namespace scalelab::sim
