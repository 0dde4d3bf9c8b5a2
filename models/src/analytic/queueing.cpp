#include "models/analytic/queueing.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace scalelab::models::analytic {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

/// Acklam's rational approximation (relative error 1.2e-9), one Newton step on erfc.
double normalQuantile(double p)
{
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                   1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01,  -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    p = std::clamp(p, 1e-300, 1.0 - 1e-16);
    double x;
    if (p < 0.02425) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double e = normalCdf(x) - p;
    const double u = e * std::sqrt(2 * 3.14159265358979323846) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
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
    // Normalised over n <= c the terms sum to 1 with p_c = Erlang B; above c
    // they are B rho^j: a geometric tail, summed until it no longer counts.
    const long K = std::max<long>(capacity, c);
    const double rho = a / c;
    const double b = erlangB(c, a);
    const long tail = K - c; // states above c
    const double geometric = rho == 1.0 ? double(tail) : rho * (1.0 - std::pow(rho, double(tail))) / (1.0 - rho);
    const double norm = 1.0 + b * geometric;
    const double pK = b * std::pow(rho, double(tail)) / norm;
    // Arrivals that find n = c + j (j = 0 .. tail - 1) wait for j + 1 departures at rate c mu (PASTA).
    double waits = 0.0, w1 = 0.0, w2 = 0.0, term = 1.0;
    for (long j = 0; j < tail; ++j) {
        const double k = double(j + 1);
        waits += term;
        w1 += term * k;
        w2 += term * k * (k + 1.0);
        term *= rho;
        if (rho < 1.0 && term * k * k < 1e-17 * w2)
            break;
    }
    const double scale = b / norm;
    const double admitted = 1.0 - pK;
    q.blocking = pK;
    if (admitted > 0.0) {
        q.waitProbability = scale * waits / admitted;
        q.wait = scale * w1 / drain / admitted;
        q.waitSecondMoment = scale * w2 / (drain * drain) / admitted;
    }
    return q;
}

QueueFigures mgc(int servers, double lambda, double meanService, double scv, long capacity, double arrivalScv)
{
    QueueFigures q = mmc(servers, lambda, meanService, capacity);
    const double f = (std::max(0.0, arrivalScv) + std::max(0.0, scv)) / 2.0;
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
