#include "faultentry.h"

#include <algorithm>

namespace scalelab::scenarios {

namespace {

/// "kill, zone_outage, ... or consumer_outage".
std::string actionList()
{
    const auto& types = faultTypes();
    std::string out;
    for (std::size_t i = 0; i < types.size(); ++i)
        out += (i == 0 ? "" : i + 1 == types.size() ? " or " : ", ") + std::string(types[i]->key());
    return out;
}

/// `only: [monolith]`: the variants the fault is for, each a variant of the study.
void readOnly(FaultEntry& entry, Fault& fault)
{
    const auto count = entry.items("only");
    if (!count)
        return;
    std::vector<std::string> variants;
    for (const Variant& v : entry.context().variants)
        variants.push_back(v.name);
    if (*count == 0)
        entry.error({"only"}, entry.pathOf("only"), entry.pathOf("only") + " names no variant",
                    "leave only out for a fault on every variant, or list some: " + joinChoices(variants));
    for (std::size_t i = 0; i < *count; ++i) {
        const auto name = entry.name("only", int(i));
        if (!name)
            continue;
        if (!variants.empty() && std::find(variants.begin(), variants.end(), *name) == variants.end()) {
            const std::string at = entry.pathOf("only", int(i));
            const std::string guess = closestMatch(*name, variants);
            entry.error({"only", false, int(i)}, at,
                        at + ": unknown variant '" + *name + "'; known: " + joinChoices(variants),
                        guess.empty() ? std::string() : "did you mean '" + guess + "'?");
            continue;
        }
        fault.only.push_back(*name);
    }
}

} // namespace

std::optional<Fault> readFault(FaultEntry& entry)
{
    const std::string& path = entry.path();
    Fault fault;
    fault.mark = entry.mark();
    if (entry.has("at")) {
        if (const auto at = entry.value("at", FaultSetting::Type::Duration))
            fault.at = *at;
    } else {
        entry.error({}, path, path + ".at is required (when the fault happens, e.g. at: 420s)");
    }
    fault.keyMarks = entry.keyMarks();
    if (entry.has("only"))
        readOnly(entry, fault);
    const FaultType* type = nullptr;
    bool several = false;
    for (const FaultType* t : faultTypes()) {
        if (!entry.has(t->key()))
            continue;
        if (type) {
            entry.error({t->key(), true}, path,
                        path + " has both " + std::string(type->key()) + " and " + std::string(t->key()) +
                            "; a fault does one thing");
            several = true;
            continue;
        }
        type = t;
    }
    if (!type || several) {
        if (!type && !entry.keysDropped())
            entry.error({}, path, path + " needs an action: " + actionList());
        return std::nullopt;
    }
    fault.type = type->key();
    for (const FaultSettingUse& use : faultSettingUses()) {
        const std::string_view key = use.setting->key;
        if (!entry.has(key) || std::find(use.types.begin(), use.types.end(), type) != use.types.end())
            continue;
        std::string names;
        for (std::size_t i = 0; i < use.types.size(); ++i)
            names += (i == 0 ? "" : ", ") + std::string(use.types[i]->key());
        const std::string keyPath = entry.pathOf(key);
        entry.error({key, true}, keyPath, keyPath + " applies to " + names + " faults only");
    }
    type->readTarget(entry, fault);
    type->readSettings(entry, fault);
    return fault;
}

} // namespace scalelab::scenarios
