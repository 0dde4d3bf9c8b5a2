#pragma once

#include "scenarios/faulttype.h"

namespace scalelab::scenarios::detail {

/// `kill: <component>`: crashes running instances of a component, restarted
/// after `restart` or never; a module or an external has no machine to crash.
class KillFault final : public FaultType
{
public:
    std::string_view key() const override { return "kill"; }
    FaultTarget target() const override { return FaultTarget::Component; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
    ComponentHit hit(const Fault& fault, const Component& component) const override;
    std::string inertReason(const Fault& fault, const Variant& variant) const override;
    std::string inertAtRunTime(const Fault& fault) const override;
};

} // namespace scalelab::scenarios::detail
