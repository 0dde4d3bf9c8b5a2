#pragma once

#include <vector>

// Closed-form queueing formulas the analytic model is built from. Rates are
// per second, times in seconds. Each is exact for its model except where the
// comment says "approximation".
namespace scalelab::models::analytic {

/// Erlang B: the probability that an arrival finds all `servers` busy in an
/// M/M/c/c loss system offered `offered` erlangs (lambda x mean service).
double erlangB(int servers, double offered);

/// Erlang C: the probability that an arrival waits in an M/M/c queue offered
/// `offered` erlangs; 1 when offered >= servers (no steady state).
double erlangC(int servers, double offered);

/// What a multi-server FIFO queue does in steady state.
struct QueueFigures
{
    double utilization = 0.0;      ///< offered load per server, lambda x S / c (may exceed 1 when capacity is finite)
    double waitProbability = 0.0;  ///< P(an admitted arrival waits)
    double wait = 0.0;             ///< s, mean time queued (admitted arrivals)
    double waitSecondMoment = 0.0; ///< s^2, E[Wq^2]
    double blocking = 0.0;         ///< P(an arrival is refused: the system holds `capacity`)
    bool stable = true;            ///< false: infinite capacity and utilization >= 1 (wait is +inf)
};

/// M/M/c (capacity 0: unbounded) or M/M/c/K (capacity K >= servers: places
/// in the system, waiting and in service), exact. A lambda of 0 gives zeros.
QueueFigures mmc(int servers, double lambda, double meanService, long capacity = 0);

/// G/G/c (or G/G/c/K) with service times of squared coefficient of variation
/// `scv` and interarrival times of `arrivalScv` (1: Poisson): the M/M/c
/// figures with the waits scaled by (arrivalScv + scv) / 2 (Allen-Cunneen;
/// exact for Poisson arrivals, c = 1 and K unbounded: the Pollaczek-Khinchine
/// mean). Approximation otherwise.
QueueFigures mgc(int servers, double lambda, double meanService, double scv, long capacity = 0,
                 double arrivalScv = 1.0);

/// The p-quantile (0 < p < 1) of a gamma distribution with this mean and
/// variance, by the Wilson-Hilferty cube-root normal approximation; the mean
/// when the variance is 0.
double gammaQuantile(double mean, double variance, double p);

/// P(X <= x) for the gamma distribution of gammaQuantile (same approximation).
double gammaCdf(double mean, double variance, double x);

/// The p-quantile of a mixture of gammas: weights (any positive scale), means and variances.
double mixtureQuantile(const std::vector<double>& weights, const std::vector<double>& means,
                       const std::vector<double>& variances, double p);

/// E[max] of independent exponential variables with these means (inclusion-
/// exclusion up to 16 terms; beyond, the largest mean times the harmonic
/// number of the count, an upper estimate).
double expectedMaxOfExponentials(const std::vector<double>& means);

} // namespace scalelab::models::analytic
