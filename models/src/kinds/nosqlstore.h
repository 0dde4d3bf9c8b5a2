#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A NoSQL store: keys hashed onto `shards`, each kept by
/// `replication_factor` instances; a read goes to any up replica of the key's
/// shard, a write to its first up replica, which copies it to the others.
class NosqlStore final : public Kind
{
public:
    NosqlStore() : Kind(ComponentKind::NosqlStore) {}
    std::string_view baseName() const override { return "store"; }
    std::string summary(const ComponentConfig& c) const override;
    bool countedByInstances() const override { return false; }
    bool hasDisk() const override { return true; }
    bool instancesTalk() const override { return true; }
    std::string_view notApplicableHint(std::string_view key, bool step) const override
    {
        return !step && key == "instances" ? "a nosql_store has shards x replication_factor instances" : "";
    }
    int instanceCount(const ComponentConfig& c) const override { return c.shards * c.replicationFactor; }
    std::optional<double> coreHourPrice() const override { return 0.10; }

    std::unique_ptr<detail::KindState> makeState(const ComponentConfig& c) const override;
    int machineCount(const ComponentConfig& c) const override { return instanceCount(c); }
    detail::Instance* pick(detail::Component& owner, detail::Frame& fr) const override;
    double demand(detail::Runtime& rt, detail::Component& c, detail::Flow&, detail::Frame& fr,
                  double cpu) const override;

    void addPools(analytic::detail::Network& net, int component) const override;
    void analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const override;
};

} // namespace scalelab::models::kinds
