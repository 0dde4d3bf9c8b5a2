#include "errorsfault.h"

#include "models/system.h"

namespace scalelab::scenarios::detail {

namespace {

constexpr FaultSetting kSettings[] = {
    {"rate", FaultSetting::Type::Fraction, std::nullopt, "the share of calls that fail, e.g. rate: 20%",
     "share of visits that fail, 0..1 or a percentage."},
    lastingFor("how long the fault lasts, e.g. for: 60s"),
};

} // namespace

std::string_view ErrorsFault::help() const
{
    return "Error injection: component whose visits fail with probability rate. Component (in at least one "
           "variant; a variant without it is unaffected).";
}

std::span<const FaultSetting> ErrorsFault::settings() const { return kSettings; }

bool ErrorsFault::apply(models::System& system, const Fault& fault) const
{
    return system.injectErrors(fault.target, fault.value("rate"), fault.value("for"));
}

} // namespace scalelab::scenarios::detail
