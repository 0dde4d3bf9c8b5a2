#pragma once

#include "scenarios/faulttype.h"

namespace scalelab::scenarios::detail {

/// `errors: <component>`: for `for`, a share `rate` of the component's visits fail.
class ErrorsFault final : public FaultType
{
public:
    std::string_view key() const override { return "errors"; }
    FaultTarget target() const override { return FaultTarget::Component; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
};

} // namespace scalelab::scenarios::detail
