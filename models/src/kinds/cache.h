#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A cache: each lookup hits or misses (a fixed hit ratio, or an LRU over
/// Zipf-popular keys with a TTL); on a miss the caller runs the call's `miss`
/// calls. A flush empties it.
class Cache final : public Kind
{
public:
    Cache() : Kind(ComponentKind::Cache) {}
    std::optional<double> coreHourPrice() const override { return 0.103; }
    bool caches() const override { return true; }

    std::unique_ptr<detail::KindState> makeState(const ComponentConfig& c) const override;
    double demand(detail::Runtime& rt, detail::Component& c, detail::Flow&, detail::Frame& fr,
                  double cpu) const override;
    void gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const override;
    bool flush(detail::Runtime& rt, detail::Component& c) const override;

    void addPools(analytic::detail::Network& net, int component) const override;
};

} // namespace scalelab::models::kinds
