#pragma once

#include "scenarios/faulttype.h"

namespace scalelab::scenarios::detail {

/// `partition: [<zone>, <zone>]`: the link between two distinct zones is cut for `for`.
class PartitionFault final : public FaultType
{
public:
    std::string_view key() const override { return "partition"; }
    FaultTarget target() const override { return FaultTarget::ZonePair; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
    void readTarget(FaultEntry& entry, Fault& fault) const override;
    std::string inertAtRunTime(const Fault& fault) const override;
};

} // namespace scalelab::scenarios::detail
