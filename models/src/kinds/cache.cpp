#include "kinds/cache.h"

#include "analytic/network.h"
#include "runtime.h"

#include "simcore/zipf.h"

#include <list>
#include <optional>
#include <unordered_map>

namespace scalelab::models {

namespace kinds {

namespace {

struct CacheState : detail::KindState
{
    std::optional<sim::ZipfSampler> keys; // unset with a fixed hit ratio
    std::list<std::uint64_t> lru;         // most recent first
    std::unordered_map<std::uint64_t, std::pair<std::list<std::uint64_t>::iterator, double>> entries;
    std::uint64_t lookups = 0, hits = 0;
    std::uint64_t warmFills = ~std::uint64_t(0); // with hit_ratio: fills since a flush
};

} // namespace

std::unique_ptr<detail::KindState> Cache::makeState(const ComponentConfig& c) const
{
    auto state = std::make_unique<CacheState>();
    if (!c.hitRatio)
        state->keys.emplace(c.keys, c.zipf);
    return state;
}

double Cache::demand(detail::Runtime& rt, detail::Component& c, detail::Flow&, detail::Frame& fr, double cpu) const
{
    const ComponentConfig& cfg = c.cfg;
    CacheState& s = c.as<CacheState>();
    ++s.lookups;
    bool hit;
    if (cfg.hitRatio) {
        // After a flush the hit ratio climbs back as the misses refill the
        // cache: hit_ratio x fills / capacity until `capacity` fills.
        double ratio = *cfg.hitRatio;
        if (s.warmFills < cfg.capacity)
            ratio *= double(s.warmFills) / double(cfg.capacity);
        hit = c.rng.uniform() < ratio;
        if (!hit && s.warmFills < cfg.capacity)
            ++s.warmFills;
    } else {
        const std::uint64_t key = s.keys->sample(c.rng);
        const double now = rt.sim.now();
        const auto it = s.entries.find(key);
        const bool present = it != s.entries.end();
        hit = present && (!cfg.ttl || now - it->second.second <= *cfg.ttl);
        // A hit moves the entry to the front and keeps its age; a miss means
        // the caller loads the value and fills the entry now.
        const double filled = hit ? it->second.second : now;
        if (present) {
            s.lru.erase(it->second.first);
            s.entries.erase(it);
        }
        s.lru.push_front(key);
        s.entries[key] = {s.lru.begin(), filled};
        while (s.lru.size() > cfg.capacity) {
            s.entries.erase(s.lru.back());
            s.lru.pop_back();
        }
    }
    s.hits += hit;
    fr.missed = !hit;
    return cpu;
}

void Cache::gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const
{
    const CacheState& s = c.as<CacheState>();
    out.push_back({c.cfg.name, "hit_ratio", s.lookups ? double(s.hits) / double(s.lookups) : 0.0});
    out.push_back({c.cfg.name, "lookups", double(s.lookups)});
}

bool Cache::flush(detail::Runtime& rt, detail::Component& c) const
{
    CacheState& s = c.as<CacheState>();
    s.lru.clear();
    s.entries.clear();
    s.warmFills = 0;
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
