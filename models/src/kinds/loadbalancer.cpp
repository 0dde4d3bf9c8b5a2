#include "kinds/loadbalancer.h"

#include "analytic/network.h"
#include "runtime.h"

#include <algorithm>
#include <limits>
#include <map>

namespace scalelab::models {

namespace kinds {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

/// How long failed calls eject a backend (ComponentConfig::ejectFor).
double ejection(const ComponentConfig& c)
{
    if (c.ejectFor)
        return *c.ejectFor;
    return c.healthCheck == HealthCheck::None ? kDefaultEjection : kNever;
}

/// A balancer's view of one target component's instances.
struct Backends
{
    std::vector<int> failures;     // consecutive failed health checks (or calls to a down instance) per instance
    std::vector<bool> healthy;
    std::vector<double> until;     // s; an ejected instance is tried again by a live request from then
    std::uint64_t next = 0;        // round robin position
};

struct BalancerState : detail::KindState
{
    int connections = 0;
    std::map<const detail::Component*, Backends> backends;
};

void healthCheck(detail::Runtime& rt, detail::Component& lb)
{
    for (auto& [target, b] : lb.as<BalancerState>().backends) {
        for (std::size_t i = 0; i < target->instances.size() && i < b.healthy.size(); ++i) {
            const std::string backend = lb.cfg.name + "->" + target->instances[i].machine->name();
            if (target->instances[i].machine->isUp()) {
                b.failures[i] = 0;
                if (!b.healthy[i])
                    rt.sim.emit({rt.sim.now(), "backend_readmitted", backend, {}});
                b.healthy[i] = true;
            } else if (++b.failures[i] >= lb.cfg.unhealthyThreshold) {
                if (b.healthy[i])
                    rt.sim.emit({rt.sim.now(), "backend_ejected", backend, {}});
                b.healthy[i] = false;
                b.until[i] = kNever; // out until a check finds it up
            }
        }
    }
    detail::Runtime* r = &rt;
    detail::Component* c = &lb;
    rt.sim.at(rt.sim.now() + lb.cfg.healthInterval, [r, c] { healthCheck(*r, *c); });
}

/// The balancer's view of `owner`, sized to its instances.
Backends& backendsOf(detail::Component& self, detail::Component& owner)
{
    Backends& b = self.as<BalancerState>().backends[&owner];
    if (b.healthy.size() != owner.instances.size()) {
        b.healthy.assign(owner.instances.size(), true);
        b.failures.assign(owner.instances.size(), 0);
        b.until.assign(owner.instances.size(), kNever);
    }
    return b;
}

} // namespace

std::unique_ptr<detail::KindState> LoadBalancer::makeState(const ComponentConfig&) const
{
    return std::make_unique<BalancerState>();
}

void LoadBalancer::start(detail::Runtime& rt, detail::Component& c) const
{
    if (c.cfg.healthCheck == HealthCheck::None || c.cfg.healthInterval <= 0)
        return;
    // The checks' phase: set, or drawn once per balancer from its own stream
    // (the same for a seed; other streams unperturbed).
    double offset = 0.0;
    if (c.cfg.healthOffset)
        offset = *c.cfg.healthOffset;
    else
        offset = sim::RandomStream(rt.seed, c.cfg.name, rt.replication, "health_checks").uniform() *
                 c.cfg.healthInterval;
    detail::Runtime* r = &rt;
    detail::Component* lb = &c;
    rt.sim.at(rt.sim.now() + offset, [r, lb] { healthCheck(*r, *lb); });
}

detail::Instance* LoadBalancer::choose(detail::Runtime& rt, detail::Component& self, detail::Component& owner,
                                       const detail::Instance* avoid) const
{
    std::vector<detail::Instance>& list = owner.instances;
    Backends& b = backendsOf(self, owner);
    std::vector<std::size_t> ok;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!b.healthy[i] && rt.sim.now() >= b.until[i]) {
            // Its ejection time is over: this request tries it.
            b.healthy[i] = true;
            b.failures[i] = 0;
            rt.emitReadmitted(self, list[i]);
        }
        if (b.healthy[i] && list[i].serving())
            ok.push_back(i);
    }
    // A retry goes to another instance than the one that failed, if there is one.
    if (avoid && ok.size() > 1)
        std::erase_if(ok, [&](std::size_t i) { return &list[i] == avoid; });
    if (ok.empty())
        return nullptr;
    const ComponentConfig& cfg = self.cfg;
    auto any = [&] { return ok[std::min(ok.size() - 1, std::size_t(self.rng.uniform() * double(ok.size())))]; };
    switch (cfg.policy) {
    case LbPolicy::RoundRobin:
        return &list[ok[b.next++ % ok.size()]];
    case LbPolicy::Random:
        return &list[any()];
    case LbPolicy::LeastConnections: {
        // Fewest calls in progress; ties broken round robin.
        const std::size_t offset = b.next++;
        std::size_t best = ok[offset % ok.size()];
        for (std::size_t k = 0; k < ok.size(); ++k) {
            const std::size_t i = ok[(offset + k) % ok.size()];
            if (list[i].inFlight < list[best].inFlight)
                best = i;
        }
        return &list[best];
    }
    case LbPolicy::PowerOfTwo: {
        const std::size_t a = any();
        const std::size_t c = any();
        return list[a].inFlight <= list[c].inFlight ? &list[a] : &list[c];
    }
    case LbPolicy::Weighted: {
        double total = 0;
        for (std::size_t i : ok)
            total += i < cfg.weights.size() ? cfg.weights[i] : 1.0;
        double u = self.rng.uniform() * total;
        for (std::size_t i : ok) {
            u -= i < cfg.weights.size() ? cfg.weights[i] : 1.0;
            if (u < 0)
                return &list[i];
        }
        return &list[ok.back()];
    }
    }
    return nullptr;
}

detail::Next LoadBalancer::admit(detail::Runtime& rt, detail::Component& c, sim::Request& r,
                                 detail::Frame& fr) const
{
    int& connections = c.as<BalancerState>().connections;
    if (connections >= c.cfg.connectionLimit)
        return detail::Next::Reject;
    ++connections;
    fr.admitted = true;
    rt.delay(r, c, c.cfg.overhead);
    return detail::Next::Wait;
}

void LoadBalancer::leave(detail::Component& c) const { --c.as<BalancerState>().connections; }

void LoadBalancer::backendFailed(detail::Runtime& rt, detail::Component& self, detail::Instance& backend) const
{
    // Passive ejection: re-admitted by an active check, or after eject_for by a live request.
    auto& backends = self.as<BalancerState>().backends;
    const auto it = backends.find(backend.component);
    if (it == backends.end())
        return;
    Backends& b = it->second;
    const auto i = std::size_t(backend.index);
    if (i >= b.healthy.size() || !b.healthy[i] || ++b.failures[i] < self.cfg.unhealthyThreshold)
        return;
    b.healthy[i] = false;
    b.until[i] = rt.sim.now() + ejection(self.cfg);
    rt.emitEjected(self, backend, b.failures[i]);
}

void LoadBalancer::gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const
{
    const BalancerState& s = c.as<BalancerState>();
    double healthy = 0;
    for (const auto& [target, b] : s.backends)
        for (std::size_t i = 0; i < b.healthy.size() && i < target->instances.size(); ++i)
            healthy += b.healthy[i] && target->instances[i].serving() ? 1.0 : 0.0;
    out.push_back({c.cfg.name, "healthy_backends", healthy});
    out.push_back({c.cfg.name, "connections", double(s.connections)});
}

void LoadBalancer::addPools(analytic::detail::Network& net, int component) const
{
    net.addPool(component, net.component(component).instances, 0, false); // no worker pool
}

bool LoadBalancer::spreadsAtRandom(const ComponentConfig& c) const
{
    return c.policy == LbPolicy::Random || c.policy == LbPolicy::Weighted;
}

void LoadBalancer::analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int) const
{
    n.at = n.target;
    net.cpuWork(n, std::nullopt, 0.0);
    n.delay = net.component(n.target).overhead;
    net.onFirstPool(n);
}

} // namespace kinds

SCALELAB_DEFINE_KIND(LoadBalancer)

} // namespace scalelab::models
