#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A module of a monolith: runs inside its host service's instances, sharing
/// their cores; a call from the host (or a sibling module) is in-process.
class Module final : public Kind
{
public:
    Module() : Kind(ComponentKind::Module) {}
    std::string summary(const ComponentConfig& c) const override;
    void referTo(ComponentConfig& c, const std::string& service) const override { c.host = service; }
    std::string unkillable(const ComponentConfig& c) const override;
    bool hasMachines() const override { return false; }
    bool hasWorkerPool() const override { return false; }
    bool countedByInstances() const override { return false; }
    int instanceCount(const ComponentConfig&) const override { return 0; }

    std::unique_ptr<detail::KindState> makeState(const ComponentConfig&) const override;
    void link(detail::Runtime& rt, detail::Component& c) const override;
    detail::Next arrive(detail::Runtime&, detail::Component& c, sim::Request&, detail::Frame& fr) const override;
    double demand(detail::Runtime&, detail::Component& c, detail::Flow&, detail::Frame& fr,
                  double cpu) const override;
    void gauges(const detail::Runtime& rt, const detail::Component& c, std::vector<Gauge>& out) const override;

    void addPools(analytic::detail::Network&, int) const override {}
    void analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const override;
};

} // namespace scalelab::models::kinds
