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
    if (!c.groups.empty()) {
        std::string text = label() + " ·";
        for (std::size_t g = 0; g < c.groups.size(); ++g)
            text += (g ? " + " : " ") + std::to_string(c.groups[g].instances) + "×" +
                    std::to_string(c.groups[g].cores.value_or(c.cores)) + "c";
        return text;
    }
    return label() + " · " + std::to_string(c.instances) + "×" + std::to_string(c.cores) + "c";
}

int Kind::scaledCount(const ComponentConfig& c) const
{
    const int g = c.scaledGroup();
    return g >= 0 ? c.groups[std::size_t(g)].instances : c.instances;
}

std::unique_ptr<detail::KindState> Kind::makeState(const ComponentConfig&) const { return nullptr; }

int Kind::machineCount(const ComponentConfig& c) const
{
    if (!c.autoscale)
        return c.instanceTotal();
    // Spare machines wait unprovisioned: the scaled group's (or all) up to max.
    const int g = c.scaledGroup();
    return g >= 0 ? c.instanceTotal() - c.groups[std::size_t(g)].instances + c.autoscale->max : c.autoscale->max;
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
    net.addPools(component, false);
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
