#pragma once

#include "scenarios/faulttype.h"

namespace scalelab::scenarios::detail {

/// `slow: <component>`: for `for`, each visit takes `add` + (`factor` - 1) x its
/// service time more; `add` or `factor` is required.
class SlowFault final : public FaultType
{
public:
    std::string_view key() const override { return "slow"; }
    FaultTarget target() const override { return FaultTarget::Component; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
    void readSettings(FaultEntry& entry, Fault& fault) const override;
};

} // namespace scalelab::scenarios::detail
