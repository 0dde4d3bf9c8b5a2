#include "kinds/cdn.h"

#include "analytic/network.h"
#include "cachecontents.h"
#include "runtime.h"

#include <cmath>
#include <map>

namespace scalelab::models {

namespace kinds {

namespace {

struct CdnState : detail::KindState
{
    std::map<std::string, detail::CacheContents, std::less<>> edges; // by region
    double servedBytes = 0.0;
};

detail::CacheContents& edgeOf(CdnState& s, const ComponentConfig& c, const std::string& region)
{
    auto it = s.edges.find(region);
    if (it == s.edges.end())
        it = s.edges.emplace(region, detail::CacheContents(c)).first;
    return it->second;
}

} // namespace

std::string Cdn::summary(const ComponentConfig& c) const
{
    if (c.hitRatio)
        return label() + " · " + detail::number(std::round(*c.hitRatio * 1000.0) / 10.0) + "% hits";
    return label() + " · " + std::to_string(c.capacity) + " of " + std::to_string(c.keys) + " keys";
}

std::unique_ptr<detail::KindState> Cdn::makeState(const ComponentConfig&) const
{
    return std::make_unique<CdnState>();
}

void Cdn::start(detail::Runtime& rt, detail::Component& c) const
{
    // Every region has its edge from the start, cold, whether traffic comes or not.
    for (const std::string& zone : rt.zones)
        edgeOf(c.as<CdnState>(), c.cfg, rt.regionOf(zone));
}

detail::Next Cdn::work(detail::Runtime& rt, detail::Component& c, sim::Request&, detail::Flow&,
                       detail::Frame& fr) const
{
    if (c.cfg.errorRate > 0 && c.rng.uniform() < c.cfg.errorRate)
        return detail::Next::Fail;
    CdnState& s = c.as<CdnState>();
    // The edge of the caller's region answers: Kind::arrive() left the call
    // at the caller, so a miss's calls leave from that region too.
    const bool hit = edgeOf(s, c.cfg, rt.regionOf(fr.caller->zone)).lookup(c.cfg, c.rng, rt.sim.now());
    s.servedBytes += fr.plan->responseBytes;
    fr.stage = hit ? detail::Stage::Release : detail::Stage::Children;
    return detail::Next::Go;
}

void Cdn::gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const
{
    const CdnState& s = c.as<CdnState>();
    std::uint64_t lookups = 0, hits = 0;
    for (const auto& [region, edge] : s.edges) {
        lookups += edge.lookups();
        hits += edge.hits();
    }
    out.push_back({c.cfg.name, "hit_ratio", lookups ? double(hits) / double(lookups) : 0.0});
    out.push_back({c.cfg.name, "lookups", double(lookups)});
    out.push_back({c.cfg.name, "served_bytes", s.servedBytes});
    if (s.edges.size() > 1)
        for (const auto& [region, edge] : s.edges) {
            out.push_back({c.cfg.name, "hit_ratio." + region, edge.hitRatio()});
            out.push_back({c.cfg.name, "lookups." + region, double(edge.lookups())});
        }
}

double Cdn::cost(const detail::Runtime&, const detail::Component& c) const
{
    return c.as<CdnState>().servedBytes * c.cfg.egressPrice.value_or(*egressGbPrice()) / 1e9;
}

bool Cdn::flush(detail::Runtime& rt, detail::Component& c) const
{
    for (auto& [region, edge] : c.as<CdnState>().edges)
        edge.flush();
    rt.emitFault("fault_start", c.cfg.name, "cdn purge");
    return true;
}

void Cdn::addPools(analytic::detail::Network& net, int component) const
{
    // Che's approximation holds at every warm edge alike: it does not depend on the rate.
    const ComponentConfig& c = net.component(component);
    net.setHitRatio(component, c.hitRatio ? *c.hitRatio : analytic::detail::cheHitRatio(c.keys, c.zipf, c.capacity));
}

} // namespace kinds

SCALELAB_DEFINE_KIND(Cdn)

} // namespace scalelab::models
