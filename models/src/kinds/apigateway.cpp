#include "kinds/apigateway.h"

#include "analytic/network.h"
#include "runtime.h"

#include <algorithm>
#include <map>

namespace scalelab::models {

namespace kinds {

namespace {

struct GatewayState : detail::KindState
{
    struct Bucket
    {
        double rps, burst, tokens, last;
    };
    std::map<std::string, Bucket> buckets; // per client class
};

} // namespace

std::unique_ptr<detail::KindState> ApiGateway::makeState(const ComponentConfig& c) const
{
    auto state = std::make_unique<GatewayState>();
    for (const auto& limit : c.rateLimits)
        state->buckets[limit.clientClass] = {limit.rps, limit.burst, limit.burst, 0.0};
    return state;
}

detail::Instance* ApiGateway::choose(detail::Runtime& rt, detail::Component& self, detail::Component& owner,
                                     const detail::Instance* avoid) const
{
    const int threshold = self.cfg.unhealthyThreshold;
    if (self.cfg.ejectFor) {
        // Ejected for a set time: then a live request tries the instance again.
        return detail::roundRobinAvoiding(owner, avoid, [&](detail::Instance& in) {
            if (in.passiveMisses < threshold)
                return false;
            if (rt.sim.now() < in.ejectedUntil)
                return true;
            in.passiveMisses = 0;
            rt.emitReadmitted(self, in);
            return false;
        });
    }
    // Skipped until its machine is up again.
    return detail::roundRobinAvoiding(owner, avoid, [threshold](detail::Instance& in) {
        if (in.machine->isUp()) {
            in.passiveMisses = 0;
            return false;
        }
        return in.passiveMisses >= threshold;
    });
}

detail::Next ApiGateway::admit(detail::Runtime& rt, detail::Component& c, sim::Request& r, detail::Frame& fr) const
{
    auto& buckets = c.as<GatewayState>().buckets;
    if (!buckets.empty()) {
        const auto it = buckets.find(rt.operations.at(r.operation).clientClass);
        if (it != buckets.end()) {
            auto& b = it->second;
            const double now = rt.sim.now();
            b.tokens = std::min(b.burst, b.tokens + (now - b.last) * b.rps);
            b.last = now;
            if (b.tokens < 1.0)
                return detail::Next::Reject;
            b.tokens -= 1.0;
        }
    }
    return rt.acquireWorker(r, fr, c);
}

double ApiGateway::demand(detail::Runtime&, detail::Component& c, detail::Flow&, detail::Frame&, double cpu) const
{
    return cpu + c.cfg.authOverhead;
}

void ApiGateway::backendFailed(detail::Runtime& rt, detail::Component& self, detail::Instance& backend) const
{
    // The gateway skips the instance until it is up again, or for eject_for (choose()).
    if (++backend.passiveMisses == self.cfg.unhealthyThreshold) {
        rt.emitEjected(self, backend, backend.passiveMisses);
        if (self.cfg.ejectFor)
            backend.ejectedUntil = rt.sim.now() + *self.cfg.ejectFor;
    }
}

void ApiGateway::analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const
{
    Kind::analyticCall(net, n, callerAt);
    net.cpuWork(n, std::nullopt, net.component(n.target).authOverhead);
}

} // namespace kinds

SCALELAB_DEFINE_KIND(ApiGateway)

} // namespace scalelab::models
