#include "cachecontents.h"

namespace scalelab::models::detail {

CacheContents::CacheContents(const ComponentConfig& c)
{
    if (!c.hitRatio)
        m_keys.emplace(c.keys, c.zipf);
}

bool CacheContents::lookup(const ComponentConfig& c, sim::RandomStream& rng, double now)
{
    ++m_lookups;
    bool hit;
    if (c.hitRatio) {
        // After a flush the hit ratio climbs back as the misses refill the
        // cache: hit_ratio x fills / capacity until `capacity` fills.
        double ratio = *c.hitRatio;
        if (m_warmFills < c.capacity)
            ratio *= double(m_warmFills) / double(c.capacity);
        hit = rng.uniform() < ratio;
        if (!hit && m_warmFills < c.capacity)
            ++m_warmFills;
    } else {
        const std::uint64_t key = m_keys->sample(rng);
        const auto it = m_entries.find(key);
        const bool present = it != m_entries.end();
        hit = present && (!c.ttl || now - it->second.second <= *c.ttl);
        // A hit moves the entry to the front and keeps its age; a miss means
        // the caller loads the value and fills the entry now.
        const double filled = hit ? it->second.second : now;
        if (present) {
            m_lru.erase(it->second.first);
            m_entries.erase(it);
        }
        m_lru.push_front(key);
        m_entries[key] = {m_lru.begin(), filled};
        while (m_lru.size() > c.capacity) {
            m_entries.erase(m_lru.back());
            m_lru.pop_back();
        }
    }
    m_hits += hit;
    return hit;
}

void CacheContents::flush()
{
    m_lru.clear();
    m_entries.clear();
    m_warmFills = 0;
}

} // namespace scalelab::models::detail
