#include "consumeroutagefault.h"

#include "models/system.h"

namespace scalelab::scenarios::detail {

namespace {

constexpr FaultSetting kSettings[] = {lastingFor("how long the fault lasts, e.g. for: 60s")};

} // namespace

std::string_view ConsumerOutageFault::help() const { return "Message queue whose consumers stop for `for`."; }

std::span<const FaultSetting> ConsumerOutageFault::settings() const { return kSettings; }

bool ConsumerOutageFault::apply(models::System& system, const Fault& fault) const
{
    return system.consumerOutage(fault.target, fault.value("for"));
}

} // namespace scalelab::scenarios::detail
