#include "killfault.h"

#include "scenarios/quantities.h"

#include "models/kinds/kind.h"
#include "models/system.h"

#include <algorithm>

namespace scalelab::scenarios::detail {

namespace {

using T = FaultSetting::Type;

constexpr FaultSetting kSettings[] = {
    {"instances", T::CountOrShare, 1.0, {},
     "instances killed: a count >= 1, or a share of each component's instances (25%: ceil(25% x instances), at "
     "least 1)."},
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

ComponentHit KillFault::hit(const Fault& fault, const Component& component) const
{
    ComponentHit h = FaultType::hit(fault, component);
    if (!models::kindOf(component.kind).unkillable(component).empty()) {
        h.hit = 0;
        h.hitCapacity = 0.0;
        return h;
    }
    const double asked = fault.value("instances");
    h.hit = fault.shares.count("instances") ? shareOfInstances(asked, h.instances)
                                            : std::min(static_cast<int>(asked), h.instances);
    // The first instances up die first: with groups, the first group's (docs/models.md, Faults).
    if (!component.groups.empty())
        h.hitCapacity = component.firstCapacity(h.hit);
    else
        h.hitCapacity = h.instances ? h.capacity * h.hit / h.instances : 0.0;
    return h;
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
