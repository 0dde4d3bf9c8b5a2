#include "kinds/external.h"

#include "analytic/network.h"
#include "runtime.h"

namespace scalelab::models {

namespace kinds {

detail::Next External::arrive(detail::Runtime& rt, detail::Component& c, sim::Request& r, detail::Frame& fr) const
{
    fr.at = fr.caller;
    fr.stage = detail::Stage::Work;
    rt.delay(r, c, c.cfg.latency.sample(c.rng));
    return detail::Next::Wait;
}

detail::Next External::work(detail::Runtime&, detail::Component& c, sim::Request&, detail::Flow&,
                            detail::Frame& fr) const
{
    if (c.cfg.errorRate > 0 && c.rng.uniform() < c.cfg.errorRate)
        return detail::Next::Fail;
    fr.stage = detail::Stage::Children;
    return detail::Next::Go;
}

void External::analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const
{
    const ComponentConfig& t = net.component(n.target);
    n.at = callerAt;
    n.hops = false;
    n.delay = t.latency.mean();
    n.delayVar = t.latency.secondMoment() - n.delay * n.delay;
    n.errorRate = t.errorRate;
}

} // namespace kinds

SCALELAB_DEFINE_KIND(External)

} // namespace scalelab::models
