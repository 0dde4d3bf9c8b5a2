#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A content delivery network: one edge cache per region of the study's
/// zones, in front of an origin. A caller's request reaches the edge of its
/// own region after the edge's `latency`; a hit is answered there, a miss
/// makes the step's calls (the rest of the route: the origin) from that
/// region. No machines of the study's; the bytes it serves are billed per GB.
class Cdn final : public Kind
{
public:
    Cdn() : Kind(ComponentKind::Cdn) {}
    std::string summary(const ComponentConfig& c) const override;
    std::string unkillable(const ComponentConfig&) const override { return "a cdn: no machine of the study's"; }
    bool hasMachines() const override { return false; }
    bool hasWorkerPool() const override { return false; }
    bool countedByInstances() const override { return false; }
    bool runsInCaller() const override { return true; }
    bool caches() const override { return true; }
    bool readsThrough() const override { return true; }
    bool remote() const override { return true; }
    std::string_view notApplicableHint(std::string_view key, bool step) const override
    {
        if (step && key == "cpu")
            return "a cdn's delay is its edge latency";
        if (step && key == "miss")
            return "a cdn makes its own calls on a miss: the origin is the route's next step";
        return {};
    }
    int instanceCount(const ComponentConfig&) const override { return 0; }
    /// A CDN's first price tier in North America and Europe (docs/models.md, Cost).
    std::optional<double> egressGbPrice() const override { return 0.085; }

    std::unique_ptr<detail::KindState> makeState(const ComponentConfig&) const override;
    void start(detail::Runtime& rt, detail::Component& c) const override;
    detail::Next work(detail::Runtime& rt, detail::Component& c, sim::Request&, detail::Flow&,
                      detail::Frame& fr) const override;
    void gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const override;
    double cost(const detail::Runtime&, const detail::Component& c) const override;
    bool flush(detail::Runtime& rt, detail::Component& c) const override;

    void addPools(analytic::detail::Network& net, int component) const override;
};

} // namespace scalelab::models::kinds
