#pragma once

// Closed forms of queueing theory the validation tests compare against.

namespace scalelab::testing {

/// GI/M/1 with Erlang-2 arrivals (every other arrival of a Poisson stream:
/// round robin over two) at `lambda` per s, service rate `mu` per s: the mean
/// sojourn 1 / (mu (1 - sigma)), sigma the root in (0, 1) of
/// sigma = (2 lambda / (2 lambda + mu (1 - sigma)))^2, found by fixed-point iteration.
inline double erlang2M1Sojourn(double lambda, double mu)
{
    double sigma = 0.5;
    for (int i = 0; i < 500; ++i) {
        const double x = 2 * lambda / (2 * lambda + mu * (1 - sigma));
        sigma = x * x;
    }
    return 1.0 / (mu * (1 - sigma));
}

} // namespace scalelab::testing
