#include "partitionfault.h"

#include "faultentry.h"

#include "models/system.h"

namespace scalelab::scenarios::detail {

namespace {

constexpr FaultSetting kSettings[] = {lastingFor("how long the zones are cut apart, e.g. for: 60s")};

} // namespace

std::string_view PartitionFault::help() const { return "Two distinct zones whose link is cut."; }

std::span<const FaultSetting> PartitionFault::settings() const { return kSettings; }

void PartitionFault::readTarget(FaultEntry& entry, Fault& fault) const
{
    const std::string path = entry.pathOf(key());
    const auto count = entry.items(key());
    if (count && *count == 2) {
        const auto a = entry.name(key(), 0);
        const auto b = entry.name(key(), 1);
        if (a && b) {
            fault.target = *a;
            fault.peer = *b;
            checkZone(entry, key(), 0, *a);
            checkZone(entry, key(), 1, *b);
            if (*a == *b)
                entry.error({key()}, path,
                            path + " names zone '" + *a + "' twice; a partition cuts two zones apart");
        }
    } else if (count) {
        entry.error({key()}, path,
                    path + " must list two zones, e.g. [eu-1a, eu-1b] (got " + std::to_string(*count) + ")");
    }
}

bool PartitionFault::apply(models::System& system, const Fault& fault) const
{
    return system.partition(fault.target, fault.peer, fault.value("for"));
}

std::string PartitionFault::inertAtRunTime(const Fault& fault) const
{
    return "no call crosses " + fault.target + "~" + fault.peer + " in this variant";
}

} // namespace scalelab::scenarios::detail
