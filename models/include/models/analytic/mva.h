#pragma once

#include <vector>

namespace scalelab::models::analytic {

/// One station of a closed network for mean value analysis.
struct MvaStation
{
    double demand = 0.0; ///< s per user interaction (visits x mean service)
    int servers = 1;     ///< > 1: Seidmann's approximation (a queue of demand/c plus a delay of demand(c-1)/c)
    bool delay = false;  ///< an infinite server (think, network, external calls): no queueing
};

/// What a closed network does with `users` circulating.
struct MvaResult
{
    double throughput = 0.0;       ///< interactions/s
    double response = 0.0;         ///< s, time in the system per interaction (think excluded)
    std::vector<double> residence; ///< s per interaction, per station
    std::vector<double> queue;     ///< mean number at each station
    std::vector<double> utilization; ///< per server, per station (0 for delays)
};

/// Exact mean value analysis (Reiser and Lavenberg) of a closed single-class
/// product-form network: `users` users, each thinking `think` seconds between
/// interactions. Exact for single-server and delay stations; multi-server
/// stations use Seidmann's approximation. O(users x stations).
MvaResult mva(const std::vector<MvaStation>& stations, int users, double think);

} // namespace scalelab::models::analytic
