#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A SQL database: a primary takes the writes, read replicas (`replicas`,
/// autoscaled) the reads with a replication lag (stale reads after a
/// request's own write); `pool` connections per instance; a failover
/// promotes a replica; vertical scaling resizes the primary.
class SqlDatabase final : public Kind
{
public:
    SqlDatabase() : Kind(ComponentKind::SqlDatabase) {}
    std::string_view baseName() const override { return "db"; }
    std::string summary(const ComponentConfig& c) const override;
    bool countedByInstances() const override { return false; }
    bool hasDisk() const override { return true; }
    std::string_view notApplicableHint(std::string_view key, bool step) const override;
    int instanceCount(const ComponentConfig& c) const override { return 1 + c.replicas; }
    int scaledCount(const ComponentConfig& c) const override { return c.replicas; }
    std::optional<double> coreHourPrice() const override { return 0.12; }

    std::unique_ptr<detail::KindState> makeState(const ComponentConfig&) const override;
    int machineCount(const ComponentConfig& c) const override;
    int workers(const ComponentConfig& c) const override { return c.pool; }
    int firstScaled() const override { return 1; } // the primary stays out of autoscaling
    void built(detail::Runtime& rt, detail::Component& c) const override;
    bool pinned(const detail::Component& c, int index) const override;
    void start(detail::Runtime&, detail::Component& c) const override;
    detail::Next arrive(detail::Runtime&, detail::Component& c, sim::Request&, detail::Frame& fr) const override;
    detail::Instance* pick(detail::Component& owner, detail::Frame& fr) const override;
    double demand(detail::Runtime& rt, detail::Component& c, detail::Flow& f, detail::Frame& fr,
                  double cpu) const override;
    void gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const override;
    bool failover(detail::Runtime& rt, detail::Component& c, double promotion) const override;

    void addPools(analytic::detail::Network& net, int component) const override;
    std::pair<int, int> callSpan(const ComponentConfig& c, bool write) const override;
    void analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const override;
};

} // namespace scalelab::models::kinds
