#include "zoneoutagefault.h"

#include "models/system.h"

namespace scalelab::scenarios::detail {

namespace {

constexpr FaultSetting kSettings[] = {lastingFor("how long the zone is out, e.g. for: 120s")};

} // namespace

std::string_view ZoneOutageFault::help() const
{
    return "Zone taken out (a name from network.zones; 'default' when none are declared).";
}

std::span<const FaultSetting> ZoneOutageFault::settings() const { return kSettings; }

bool ZoneOutageFault::apply(models::System& system, const Fault& fault) const
{
    return system.zoneOutage(fault.target, fault.value("for")) > 0;
}

std::string ZoneOutageFault::inertAtRunTime(const Fault& fault) const
{
    return "no machine of this variant up in " + fault.target;
}

} // namespace scalelab::scenarios::detail
