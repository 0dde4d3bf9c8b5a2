#include "slowfault.h"

#include "faultentry.h"

#include "models/system.h"

namespace scalelab::scenarios::detail {

namespace {

using T = FaultSetting::Type;

constexpr FaultSetting kSettings[] = {
    {"add", T::Duration, 0.0, {}, "seconds added to every visit (duration >= 0)."},
    {"factor", T::Multiplier, 1.0, {}, "service time (latency) multiplier, >= 1."},
    lastingFor("how long the fault lasts, e.g. for: 60s"),
};

} // namespace

std::string_view SlowFault::help() const
{
    return "Slow dependency: component whose visits take add + (factor - 1) x service time longer. Component (in "
           "at least one variant; a variant without it is unaffected).";
}

std::span<const FaultSetting> SlowFault::settings() const { return kSettings; }

void SlowFault::readSettings(FaultEntry& entry, Fault& fault) const
{
    readSetting(entry, kSettings[0], fault);
    readSetting(entry, kSettings[1], fault);
    if (!entry.has("add") && !entry.has("factor"))
        entry.error({}, entry.path(),
                    entry.path() + " needs add or factor (e.g. add: 200ms, or factor: 3 for three times slower)");
    readSetting(entry, kSettings[2], fault);
}

bool SlowFault::apply(models::System& system, const Fault& fault) const
{
    return system.slowDown(fault.target, fault.value("add"), fault.value("factor"), fault.value("for"));
}

} // namespace scalelab::scenarios::detail
