#include "failoverfault.h"

#include "models/system.h"

#include <algorithm>

namespace scalelab::scenarios::detail {

namespace {

constexpr FaultSetting kSettings[] = {
    {"promotion", FaultSetting::Type::PositiveDuration, 30.0, {}, "seconds without a primary (duration > 0)."},
};

} // namespace

std::string_view FailoverFault::help() const
{
    return "SQL database whose primary is lost; writes fail during the promotion, then a replica is primary.";
}

std::span<const FaultSetting> FailoverFault::settings() const { return kSettings; }

bool FailoverFault::apply(models::System& system, const Fault& fault) const
{
    return system.failover(fault.target, fault.value("promotion"));
}

ComponentHit FailoverFault::hit(const Fault& fault, const Component& component) const
{
    // The primary: writes fail while a replica is promoted; reads go on.
    ComponentHit h = FaultType::hit(fault, component);
    h.hit = std::min(1, h.instances);
    h.hitCapacity = h.instances ? h.capacity / h.instances : 0.0;
    return h;
}

std::string FailoverFault::inertAtRunTime(const Fault& fault) const { return fault.target + " already failing over"; }

} // namespace scalelab::scenarios::detail
