#pragma once

#include "scenarios/faulttype.h"

#include "models/fields.h"

namespace scalelab::scenarios::detail {

/// `failover: <sql_database>`: the primary is lost; writes fail for `promotion`,
/// then a replica is the primary.
class FailoverFault final : public FaultType
{
public:
    std::string_view key() const override { return "failover"; }
    FaultTarget target() const override { return FaultTarget::Component; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
    unsigned targetKinds() const override { return models::kindBit(ComponentKind::SqlDatabase); }
    std::string inertAtRunTime(const Fault& fault) const override;
    ComponentHit hit(const Fault& fault, const Component& component) const override;
};

} // namespace scalelab::scenarios::detail
