#include "kinds/cache.h"

#include "analytic/network.h"
#include "cachecontents.h"
#include "runtime.h"

namespace scalelab::models {

namespace kinds {

namespace {

struct CacheState : detail::KindState
{
    explicit CacheState(const ComponentConfig& c) : contents(c) {}
    detail::CacheContents contents;
};

} // namespace

std::unique_ptr<detail::KindState> Cache::makeState(const ComponentConfig& c) const
{
    return std::make_unique<CacheState>(c);
}

double Cache::demand(detail::Runtime& rt, detail::Component& c, detail::Flow&, detail::Frame& fr, double cpu) const
{
    fr.missed = !c.as<CacheState>().contents.lookup(c.cfg, c.rng, rt.sim.now());
    return cpu;
}

void Cache::gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const
{
    const detail::CacheContents& s = c.as<CacheState>().contents;
    out.push_back({c.cfg.name, "hit_ratio", s.hitRatio()});
    out.push_back({c.cfg.name, "lookups", double(s.lookups())});
}

bool Cache::flush(detail::Runtime& rt, detail::Component& c) const
{
    c.as<CacheState>().contents.flush();
    rt.emitFault("fault_start", c.cfg.name, "cache flush");
    return true;
}

void Cache::addPools(analytic::detail::Network& net, int component) const
{
    Kind::addPools(net, component);
    const ComponentConfig& c = net.component(component);
    net.setHitRatio(component, c.hitRatio ? *c.hitRatio : analytic::detail::cheHitRatio(c.keys, c.zipf, c.capacity));
}

} // namespace kinds

SCALELAB_DEFINE_KIND(Cache)

} // namespace scalelab::models
