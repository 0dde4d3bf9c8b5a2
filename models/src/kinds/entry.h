#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// Where clients sit: the operations' traffic enters here. No machines.
class Entry final : public Kind
{
public:
    Entry() : Kind(ComponentKind::Entry) {}
    std::string_view baseName() const override { return "clients"; }
    bool hasMachines() const override { return false; }
    bool hasWorkerPool() const override { return false; }
    bool countedByInstances() const override { return false; }
    bool hostsClients() const override { return true; }
    int instanceCount(const ComponentConfig&) const override { return 0; }
    void addPools(analytic::detail::Network&, int) const override {}
    void analyticCall(analytic::detail::Network&, analytic::detail::Node& n, int callerAt) const override;
};

} // namespace scalelab::models::kinds
