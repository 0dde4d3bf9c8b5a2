#include "kinds/nosqlstore.h"

#include "analytic/network.h"
#include "runtime.h"

#include "simcore/zipf.h"

#include <cmath>

namespace scalelab::models {

namespace kinds {

namespace {

struct StoreState : detail::KindState
{
    StoreState(std::uint64_t count, double skew) : keys(count, skew) {}
    sim::ZipfSampler keys;
};

} // namespace

std::string NosqlStore::summary(const ComponentConfig& c) const
{
    return label() + " · " + std::to_string(c.shards) + " shards";
}

std::unique_ptr<detail::KindState> NosqlStore::makeState(const ComponentConfig& c) const
{
    return std::make_unique<StoreState>(c.keys, c.hotKeySkew);
}

detail::Instance* NosqlStore::pick(detail::Component& owner, detail::Frame& fr) const
{
    // The key's shard; reads from any up replica of it, writes to its first up replica.
    std::vector<detail::Instance>& list = owner.instances;
    const std::uint64_t key = owner.as<StoreState>().keys.sample(owner.rng);
    const std::size_t shard = shardOfKey(key, owner.cfg.shards);
    const auto rf = static_cast<std::size_t>(owner.cfg.replicationFactor);
    const std::size_t start = fr.isWrite ? 0 : static_cast<std::size_t>(owner.next++ % rf);
    for (std::size_t k = 0; k < rf; ++k) {
        detail::Instance& in = list[shard * rf + (start + k) % rf];
        if (in.machine->isUp())
            return &in;
    }
    return &list[shard * rf];
}

double NosqlStore::demand(detail::Runtime& rt, detail::Component& c, detail::Flow&, detail::Frame& fr,
                          double cpu) const
{
    const double demand = cpu + detail::queryCpu(fr, c.rng);
    // A replica applying another's write passes it on to no one.
    if (!fr.isWrite || (fr.caller && fr.caller->component == &c))
        return demand;
    // The other replicas of the shard apply the write too (not awaited).
    const auto rf = static_cast<std::size_t>(c.cfg.replicationFactor);
    const std::size_t shard = static_cast<std::size_t>(fr.at->index) / rf;
    for (std::size_t k = 0; k < rf; ++k) {
        detail::Instance& replica = c.instances[shard * rf + k];
        if (&replica == fr.at || !replica.machine->isUp())
            continue;
        sim::Request* copy = rt.sim.requests().acquire();
        copy->created = rt.sim.now();
        detail::Flow* cf = rt.newFlow(detail::FlowKind::Branch);
        copy->context = cf;
        cf->parent = nullptr; // fire and forget
        const CallPlan* plan = rt.derived(*fr.plan, c.cfg.name);
        detail::Frame write;
        write.plan = plan;
        write.caller = fr.at;
        write.at = &replica;
        write.isWrite = true;
        write.stage = detail::Stage::HopIn;
        ++replica.inFlight;
        cf->frames.push_back(write);
        rt.hop(*copy, *fr.at, replica, plan->requestBytes);
    }
    return demand;
}

void NosqlStore::addPools(analytic::detail::Network& net, int component) const
{
    const ComponentConfig& c = net.component(component);
    for (int s = 0; s < c.shards; ++s)
        net.addPool(component, c.replicationFactor, c.threads, c.diskBandwidth > 0, true); // calls land by key
    if (c.shards <= 0)
        return;
    // The key's shard, by the store's own hash over the Zipf popularity.
    std::vector<double>& q = net.shardShares(component);
    q.assign(std::size_t(c.shards), 0.0);
    double norm = 0.0;
    for (std::uint64_t k = 1; k <= c.keys; ++k) {
        const double w = c.hotKeySkew > 0 ? std::pow(double(k), -c.hotKeySkew) : 1.0;
        q[shardOfKey(k, c.shards)] += w;
        norm += w;
    }
    for (double& x : q)
        x /= norm;
}

void NosqlStore::analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int) const
{
    const ComponentConfig& t = net.component(n.target);
    const CallPlan& plan = *n.plan;
    n.at = n.target;
    net.queryWork(n);
    const std::vector<int>& pools = net.poolsOf(n.at);
    const std::vector<double>& q = net.shardShares(n.at);
    for (std::size_t s = 0; s < q.size(); ++s)
        if (q[s] > 0)
            n.shares.push_back({pools[s], q[s], plan.write ? double(t.replicationFactor) : 1.0});
    n.acquires = true;
}

} // namespace kinds

SCALELAB_DEFINE_KIND(NosqlStore)

} // namespace scalelab::models
