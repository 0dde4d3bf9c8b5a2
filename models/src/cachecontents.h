#pragma once

#include "models/componentconfig.h"

#include "simcore/random.h"
#include "simcore/zipf.h"

#include <cstdint>
#include <list>
#include <optional>
#include <unordered_map>
#include <utility>

namespace scalelab::models::detail {

/// What a cache holds, looked up one request at a time: with `hit_ratio`, a
/// fixed ratio that climbs back after a flush as the misses refill it; else an
/// LRU of `capacity` entries over `keys` Zipf(`zipf`)-popular keys, each
/// living `ttl` s. Any kind that caches (Kind::caches) keeps one per store.
class CacheContents
{
public:
    explicit CacheContents(const ComponentConfig& c);

    /// One lookup at `now` (s) with the component's settings: true on a hit;
    /// a miss fills the entry (the caller loads the value).
    bool lookup(const ComponentConfig& c, sim::RandomStream& rng, double now);
    /// Loses every entry.
    void flush();

    std::uint64_t lookups() const { return m_lookups; }
    std::uint64_t hits() const { return m_hits; }
    /// Hits / lookups so far; 0 before the first lookup.
    double hitRatio() const { return m_lookups ? double(m_hits) / double(m_lookups) : 0.0; }

private:
    std::optional<sim::ZipfSampler> m_keys; // unset with a fixed hit ratio
    std::list<std::uint64_t> m_lru;         // most recent first
    std::unordered_map<std::uint64_t, std::pair<std::list<std::uint64_t>::iterator, double>> m_entries;
    std::uint64_t m_lookups = 0, m_hits = 0;
    std::uint64_t m_warmFills = ~std::uint64_t(0); // with hit_ratio: fills since a flush
};

} // namespace scalelab::models::detail
