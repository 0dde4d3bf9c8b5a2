#pragma once

#include "scenarios/faulttype.h"

namespace scalelab::scenarios::detail {

/// `zone_outage: <zone>`: every machine of the zone down for `for`.
class ZoneOutageFault final : public FaultType
{
public:
    std::string_view key() const override { return "zone_outage"; }
    FaultTarget target() const override { return FaultTarget::Zone; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
    std::string inertAtRunTime(const Fault& fault) const override;
};

} // namespace scalelab::scenarios::detail
