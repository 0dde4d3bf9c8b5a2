#include "killfault.h"

#include "scenarios/quantities.h"

#include "models/kinds/kind.h"
#include "models/system.h"

namespace scalelab::scenarios::detail {

namespace {

using T = FaultSetting::Type;

constexpr FaultSetting kSettings[] = {
    {"instances", T::Count, 1.0, {}, "instances killed, integer >= 1."},
    {"restart", T::DurationOrNever, std::nullopt, {}, "restart after this duration, or never."},
};

} // namespace

std::string_view KillFault::help() const
{
    return "Component to kill instances of (in at least one variant; a variant without it is unaffected).";
}

std::span<const FaultSetting> KillFault::settings() const { return kSettings; }

bool KillFault::apply(models::System& system, const Fault& fault) const
{
    return system.crash(fault.target, static_cast<int>(fault.value("instances")), fault.setting("restart")) > 0;
}

std::string KillFault::inertReason(const Fault& fault, const Variant& variant) const
{
    if (std::string missing = FaultType::inertReason(fault, variant); !missing.empty())
        return missing;
    const Component& c = *variant.find(fault.target);
    if (const std::string why = models::kindOf(c.kind).unkillable(c); !why.empty())
        return fault.target + " is " + why + " to kill";
    return {};
}

std::string KillFault::inertAtRunTime(const Fault& fault) const
{
    return "no instance of " + fault.target + " up at " + formatDurationExact(fault.at);
}

} // namespace scalelab::scenarios::detail
