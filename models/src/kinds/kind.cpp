#include "models/kinds/kind.h"

#include "analytic/network.h"
#include "runtime.h"

#include <algorithm>

namespace scalelab::models {

std::string Kind::label() const
{
    std::string text(name());
    std::replace(text.begin(), text.end(), '_', ' ');
    return text;
}

std::string Kind::icon() const { return ":/icons/" + std::string(name()) + ".svg"; }

std::string Kind::summary(const ComponentConfig& c) const
{
    if (!hasMachines() || !countedByInstances())
        return label();
    return label() + " · " + std::to_string(c.instances) + "×" + std::to_string(c.cores) + "c";
}

std::unique_ptr<detail::KindState> Kind::makeState(const ComponentConfig&) const { return nullptr; }

int Kind::machineCount(const ComponentConfig& c) const
{
    return c.autoscale ? c.autoscale->max : c.instances; // spare machines wait unprovisioned
}

detail::Next Kind::arrive(detail::Runtime& rt, detail::Component& c, sim::Request& r, detail::Frame& fr) const
{
    if (!remote())
        return detail::Next::Go;
    // A remote service answers after its latency; the caller waits where it is.
    fr.at = fr.caller;
    fr.stage = detail::Stage::Work;
    rt.delay(r, c, c.cfg.latency.sample(c.rng));
    return detail::Next::Wait;
}

detail::Instance* Kind::pick(detail::Component&, detail::Frame&) const { return nullptr; }

detail::Instance* Kind::choose(detail::Runtime&, detail::Component&, detail::Component& owner,
                              const detail::Instance* avoid) const
{
    return detail::roundRobinAvoiding(owner, avoid, [](const detail::Instance&) { return false; });
}

detail::Next Kind::admit(detail::Runtime& rt, detail::Component& c, sim::Request& r, detail::Frame& fr) const
{
    return rt.acquireWorker(r, fr, c);
}

detail::Next Kind::work(detail::Runtime& rt, detail::Component& c, sim::Request& r, detail::Flow& f,
                        detail::Frame& fr) const
{
    return rt.compute(r, f, fr, c);
}

void Kind::addPools(analytic::detail::Network& net, int component) const
{
    if (remote())
        return; // no machines of the study's
    const ComponentConfig& c = net.component(component);
    net.addPool(component, c.instances, c.threads, false);
}

std::pair<int, int> Kind::callSpan(const ComponentConfig& c, bool) const
{
    return {0, std::max(1, instanceCount(c))};
}

void Kind::analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const
{
    if (remote()) {
        const ComponentConfig& t = net.component(n.target);
        n.at = callerAt;
        n.hops = false;
        n.delay = t.latency.mean();
        n.delayVar = t.latency.secondMoment() - n.delay * n.delay;
        n.errorRate = t.errorRate;
        return;
    }
    n.at = n.target;
    net.cpuWork(n, std::nullopt, 0.0);
    net.onFirstPool(n);
    n.acquires = true;
}

} // namespace scalelab::models
