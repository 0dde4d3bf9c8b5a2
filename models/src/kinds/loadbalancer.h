#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A load balancer: spreads its calls over the next component's instances by
/// policy, caps its concurrent connections, ejects backends its health
/// checks (or failed calls) find down. Its machines add `overhead` per call.
class LoadBalancer final : public Kind
{
public:
    LoadBalancer() : Kind(ComponentKind::LoadBalancer) {}
    std::string_view baseName() const override { return "lb"; }
    bool hasWorkerPool() const override { return false; }
    std::optional<double> coreHourPrice() const override { return 0.0113; }

    std::unique_ptr<detail::KindState> makeState(const ComponentConfig&) const override;
    void start(detail::Runtime& rt, detail::Component& c) const override;
    detail::Instance* choose(detail::Runtime& rt, detail::Component& self, detail::Component& owner,
                             const detail::Instance* avoid) const override;
    detail::Next admit(detail::Runtime& rt, detail::Component& c, sim::Request& r,
                       detail::Frame& fr) const override;
    void leave(detail::Component& c) const override;
    void backendFailed(detail::Runtime& rt, detail::Component& self, detail::Instance& backend) const override;
    void gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const override;

    void addPools(analytic::detail::Network& net, int component) const override;
    bool spreadsAtRandom(const ComponentConfig& c) const override;
    void analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const override;
};

} // namespace scalelab::models::kinds
