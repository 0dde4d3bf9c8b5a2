#include "models/analytic/queueing.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace scalelab::models::analytic {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double normalQuantile(double p)
{
    double lo = -40.0, hi = 40.0;
    for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
        const double mid = 0.5 * (lo + hi);
        (normalCdf(mid) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace

double erlangB(int servers, double offered)
{
    // B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): stable for any c.
    double b = 1.0;
    for (int k = 1; k <= servers; ++k)
        b = offered * b / (k + offered * b);
    return b;
}

double erlangC(int servers, double offered)
{
    if (offered <= 0.0)
        return 0.0;
    if (offered >= servers)
        return 1.0;
    const double b = erlangB(servers, offered);
    return servers * b / (servers - offered * (1.0 - b));
}

QueueFigures mmc(int servers, double lambda, double meanService, long capacity)
{
    QueueFigures q;
    const int c = std::max(1, servers);
    const double a = lambda * meanService;
    q.utilization = a / c;
    if (lambda <= 0.0 || meanService <= 0.0)
        return q;
    const double drain = c / meanService; // c mu: the rate the queue empties at with every server busy
    if (capacity <= 0) {
        if (a >= c) {
            q.stable = false;
            q.waitProbability = 1.0;
            q.wait = q.waitSecondMoment = kInf;
            return q;
        }
        const double pw = erlangC(c, a);
        q.waitProbability = pw;
        q.wait = pw / (drain - lambda);
        q.waitSecondMoment = 2.0 * pw / ((drain - lambda) * (drain - lambda));
        return q;
    }
    // M/M/c/K: p_n proportional to a^n / n! up to c, then a^c / c! rho^(n - c).
    // Terms in logs: K may be thousands and a large.
    const long K = std::max<long>(capacity, c);
    std::vector<double> logTerm(std::size_t(K) + 1);
    logTerm[0] = 0.0;
    const double logA = std::log(a);
    for (long n = 1; n <= K; ++n)
        logTerm[std::size_t(n)] = logTerm[std::size_t(n - 1)] + logA - std::log(double(std::min<long>(n, c)));
    const double top = *std::max_element(logTerm.begin(), logTerm.end());
    double norm = 0.0;
    for (double& t : logTerm)
        norm += (t = std::exp(t - top));
    double admitted = 0.0, waits = 0.0, w1 = 0.0, w2 = 0.0;
    for (long n = 0; n < K; ++n) {
        const double p = logTerm[std::size_t(n)] / norm;
        admitted += p;
        if (n >= c) {
            // An arrival that finds n >= c waits for n - c + 1 departures at rate c mu (PASTA).
            const double k = double(n - c + 1);
            waits += p;
            w1 += p * k / drain;
            w2 += p * k * (k + 1.0) / (drain * drain);
        }
    }
    q.blocking = logTerm[std::size_t(K)] / norm;
    if (admitted > 0.0) {
        q.waitProbability = waits / admitted;
        q.wait = w1 / admitted;
        q.waitSecondMoment = w2 / admitted;
    }
    return q;
}

QueueFigures mgc(int servers, double lambda, double meanService, double scv, long capacity)
{
    QueueFigures q = mmc(servers, lambda, meanService, capacity);
    const double f = (1.0 + std::max(0.0, scv)) / 2.0;
    if (q.stable) {
        q.wait *= f;
        q.waitSecondMoment *= f * f;
    }
    return q;
}

double gammaQuantile(double mean, double variance, double p)
{
    if (!std::isfinite(mean))
        return kInf;
    if (variance <= 0.0 || mean <= 0.0)
        return std::max(0.0, mean);
    const double k = mean * mean / variance; // shape; scale = mean / k
    const double v = 1.0 / (9.0 * k);
    const double x = 1.0 - v + normalQuantile(p) * std::sqrt(v);
    return mean * std::max(0.0, x * x * x);
}

double gammaCdf(double mean, double variance, double x)
{
    if (!std::isfinite(mean))
        return 0.0;
    if (variance <= 0.0 || mean <= 0.0)
        return x >= mean ? 1.0 : 0.0;
    if (x <= 0.0)
        return 0.0;
    const double k = mean * mean / variance;
    const double v = 1.0 / (9.0 * k);
    return normalCdf((std::cbrt(x / mean) - (1.0 - v)) / std::sqrt(v));
}

double mixtureQuantile(const std::vector<double>& weights, const std::vector<double>& means,
                       const std::vector<double>& variances, double p)
{
    double total = 0.0, hi = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0.0)
            continue;
        total += weights[i];
        hi = std::max(hi, gammaQuantile(means[i], variances[i], p));
    }
    if (total <= 0.0 || !std::isfinite(hi))
        return total <= 0.0 ? 0.0 : kInf;
    // The mixture's quantile lies below the largest component quantile.
    double lo = 0.0;
    for (int it = 0; it < 100 && hi - lo > 1e-9 * hi; ++it) {
        const double mid = 0.5 * (lo + hi);
        double cdf = 0.0;
        for (std::size_t i = 0; i < weights.size(); ++i)
            if (weights[i] > 0.0)
                cdf += weights[i] * gammaCdf(means[i], variances[i], mid);
        (cdf / total < p ? lo : hi) = mid;
    }
    return hi;
}

double expectedMaxOfExponentials(const std::vector<double>& means)
{
    if (means.empty())
        return 0.0;
    if (means.size() > 16) {
        double h = 0.0;
        for (std::size_t k = 1; k <= means.size(); ++k)
            h += 1.0 / double(k);
        return *std::max_element(means.begin(), means.end()) * h;
    }
    // E[max] = sum over non-empty subsets S of (-1)^(|S|+1) / sum_{i in S} 1/m_i.
    const std::size_t n = means.size();
    double sum = 0.0;
    for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
        double rate = 0.0;
        int bits = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (mask & (1u << i)) {
                ++bits;
                rate += means[i] > 0.0 ? 1.0 / means[i] : kInf;
            }
        const double term = std::isinf(rate) ? 0.0 : 1.0 / rate;
        sum += (bits % 2 ? term : -term);
    }
    return sum;
}

} // namespace scalelab::models::analytic
