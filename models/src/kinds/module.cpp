#include "kinds/module.h"

#include "analytic/network.h"
#include "runtime.h"

#include <algorithm>

namespace scalelab::models {

namespace kinds {

namespace {

struct ModuleState : detail::KindState
{
    double cpuSeconds = 0.0; // core-seconds of its host's CPU its work took (at start)
};

} // namespace

std::string Module::summary(const ComponentConfig& c) const { return "module in " + c.host; }

std::string Module::unkillable(const ComponentConfig& c) const
{
    return "a module of " + c.host + ": no machine of its own";
}

std::unique_ptr<detail::KindState> Module::makeState(const ComponentConfig&) const
{
    return std::make_unique<ModuleState>();
}

void Module::link(detail::Runtime& rt, detail::Component& c) const { c.host = rt.byName.at(c.cfg.host); }

detail::Next Module::arrive(detail::Runtime&, detail::Component& c, sim::Request&, detail::Frame& fr) const
{
    // A module called from its host (or from a sibling module) runs in-process.
    const detail::Instance* caller = fr.caller;
    if (caller && caller->component && (caller->component == c.host || caller->component->host == c.host)) {
        fr.at = fr.caller; // no hop, the caller's worker
        fr.stage = detail::Stage::Work;
    }
    return detail::Next::Go;
}

double Module::demand(detail::Runtime&, detail::Component& c, detail::Flow&, detail::Frame& fr, double cpu) const
{
    c.as<ModuleState>().cpuSeconds += cpu / fr.at->machine->speed(); // on its host's machine
    return cpu;
}

void Module::gauges(const detail::Runtime& rt, const detail::Component& c, std::vector<Gauge>& out) const
{
    // Its work runs on its host's machines: its share of their busy CPU.
    const double now = rt.sim.now();
    const double cpuSeconds = c.as<ModuleState>().cpuSeconds;
    double hostBusy = 0.0;
    for (const detail::Instance& in : c.host->instances)
        hostBusy += in.machine->busyCoreArea(now);
    out.push_back({c.cfg.name, "cpu_seconds", cpuSeconds});
    out.push_back({c.cfg.name, "cpu_share", hostBusy > 0 ? std::min(1.0, cpuSeconds / hostBusy) : 0.0});
}

void Module::analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const
{
    n.at = net.indexOf(net.component(n.target).host);
    n.local = callerAt == n.at;
    n.hops = !n.local;
    n.hosted = !n.local; // its calls count at the host too
    net.cpuWork(n, std::nullopt, 0.0);
    net.onFirstPool(n);
    n.acquires = !n.local;
}

} // namespace kinds

SCALELAB_DEFINE_KIND(Module)

} // namespace scalelab::models
