#include "failoverfault.h"

#include "models/system.h"

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

std::string FailoverFault::inertAtRunTime(const Fault& fault) const { return fault.target + " already failing over"; }

} // namespace scalelab::scenarios::detail
