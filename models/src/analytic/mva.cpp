#include "models/analytic/mva.h"

#include <algorithm>

namespace scalelab::models::analytic {

MvaResult mva(const std::vector<MvaStation>& stations, int users, double think)
{
    // Seidmann: a c-server station of demand D behaves like a single server of
    // demand D/c followed by a pure delay of D(c-1)/c.
    struct Part
    {
        double demand;
        bool delay;
    };
    std::vector<Part> queueing(stations.size()), extra(stations.size());
    for (std::size_t k = 0; k < stations.size(); ++k) {
        const MvaStation& s = stations[k];
        const int c = std::max(1, s.servers);
        if (s.delay) {
            queueing[k] = {0.0, true};
            extra[k] = {s.demand, true};
        } else {
            queueing[k] = {s.demand / c, false};
            extra[k] = {s.demand * (c - 1) / c, true};
        }
    }
    MvaResult out;
    out.residence.assign(stations.size(), 0.0);
    out.queue.assign(stations.size(), 0.0);
    out.utilization.assign(stations.size(), 0.0);
    std::vector<double> q(stations.size(), 0.0); // mean queue at the single-server part, n - 1 users
    for (int n = 1; n <= users; ++n) {
        double total = 0.0;
        for (std::size_t k = 0; k < stations.size(); ++k) {
            // Arrival theorem: an arriving user sees the network with n - 1 users.
            const double r = queueing[k].delay ? 0.0 : queueing[k].demand * (1.0 + q[k]);
            out.residence[k] = r + extra[k].demand;
            total += out.residence[k];
        }
        out.response = total;
        out.throughput = double(n) / (think + total);
        for (std::size_t k = 0; k < stations.size(); ++k) {
            q[k] = queueing[k].delay ? 0.0 : out.throughput * (out.residence[k] - extra[k].demand);
            out.queue[k] = out.throughput * out.residence[k];
        }
    }
    for (std::size_t k = 0; k < stations.size(); ++k)
        if (!stations[k].delay)
            out.utilization[k] = out.throughput * stations[k].demand / std::max(1, stations[k].servers);
    return out;
}

} // namespace scalelab::models::analytic
