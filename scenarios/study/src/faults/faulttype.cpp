#include "scenarios/faulttype.h"

#include "faultentry.h"

#include "models/fields.h"

#include <algorithm>
#include <cassert>

namespace scalelab::scenarios {

namespace {

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates)
{
    const std::string m = closestMatch(word, candidates);
    return m.empty() ? std::string() : "did you mean '" + m + "'?";
}

/// A component target must exist in some variant, with the kind the type
/// needs wherever it exists; a variant without it is warned about.
void checkComponent(FaultEntry& entry, const FaultType& type, const std::string& target)
{
    const FaultContext& c = entry.context();
    if (c.variants.empty())
        return;
    const std::string key(type.key());
    const std::string path = entry.pathOf(key);
    const unsigned needs = type.targetKinds();
    std::vector<const Variant*> without;
    for (const auto& v : c.variants) {
        const Component* found = v.find(target);
        if (!found) {
            without.push_back(&v);
        } else if (!c.kindless.count(target) && !(needs & models::kindBit(found->kind))) {
            std::string kinds;
            for (ComponentKind k : models::kindsIn(needs))
                kinds += (kinds.empty() ? "a " : " or a ") + std::string(kindName(k));
            entry.error({key}, path,
                        path + ": '" + target + "' is a " + std::string(kindName(found->kind)) + " in variant '" +
                            v.name + "'; " + key + " applies to " + kinds);
        }
    }
    if (without.size() == c.variants.size())
        entry.error({key}, path, path + ": no variant has a component '" + target + "'",
                    didYouMean(target, c.componentNames));
    else
        for (const Variant* v : without)
            entry.warning({key}, path,
                          path + ": variant '" + v->name + "' has no component '" + target +
                              "'; the fault does nothing there");
}

} // namespace

unsigned FaultType::targetKinds() const { return models::kAllKinds; }

void FaultType::readTarget(FaultEntry& entry, Fault& fault) const
{
    // A pair of zones is read by its type, which knows why the two must differ.
    if (target() == FaultTarget::ZonePair)
        return;
    const auto name = entry.name(key());
    if (!name)
        return;
    fault.target = *name;
    if (target() == FaultTarget::Zone)
        checkZone(entry, key(), -1, *name);
    else
        checkComponent(entry, *this, *name);
}

void FaultType::readSettings(FaultEntry& entry, Fault& fault) const
{
    for (const FaultSetting& s : settings())
        readSetting(entry, s, fault);
}

std::string FaultType::inertReason(const Fault& fault, const Variant& variant) const
{
    if (target() == FaultTarget::Component && !variant.find(fault.target))
        return "no " + fault.target + " in this variant";
    return {};
}

std::string FaultType::inertAtRunTime(const Fault&) const { return "it did nothing in this variant"; }

const FaultSetting* FaultType::setting(std::string_view key) const
{
    for (const FaultSetting& s : settings())
        if (s.key == key)
            return &s;
    return nullptr;
}

void FaultType::readSetting(FaultEntry& entry, const FaultSetting& setting, Fault& fault)
{
    if (!entry.has(setting.key)) {
        if (!setting.required.empty())
            entry.error({}, entry.path(),
                        entry.pathOf(setting.key) + " is required (" + std::string(setting.required) + ")");
        return;
    }
    if (const auto v = entry.value(setting.key, setting.type))
        fault.settings[std::string(setting.key)] = *v;
}

void FaultType::checkZone(FaultEntry& entry, std::string_view key, int item, const std::string& zone)
{
    const std::vector<std::string>& zones = entry.context().zones;
    if (std::find(zones.begin(), zones.end(), zone) != zones.end())
        return;
    const std::string path = entry.pathOf(key, item);
    entry.error({key, false, item}, path, path + ": unknown zone '" + zone + "'; known: " + joinChoices(zones),
                didYouMean(zone, zones));
}

const FaultType* findFaultType(std::string_view key)
{
    for (const FaultType* t : faultTypes())
        if (t->key() == key)
            return t;
    return nullptr;
}

const FaultType& faultTypeOf(const Fault& fault)
{
    const FaultType* t = findFaultType(fault.type);
    assert(t && "Fault::type names no registered fault type");
    return *t;
}

std::string faultLabel(const Fault& fault)
{
    const FaultType& t = faultTypeOf(fault);
    std::string label = std::string(t.key()) + " " + fault.target;
    if (t.target() == FaultTarget::ZonePair)
        label += "~" + fault.peer;
    return label;
}

std::vector<FaultSettingUse> faultSettingUses()
{
    std::vector<FaultSettingUse> uses;
    for (const FaultType* t : faultTypes())
        for (const FaultSetting& s : t->settings()) {
            auto it = std::find_if(uses.begin(), uses.end(), [&](const auto& u) { return u.setting->key == s.key; });
            if (it == uses.end())
                it = uses.insert(uses.end(), FaultSettingUse{&s, {}});
            it->types.push_back(t);
        }
    return uses;
}

std::vector<std::string> faultKeys()
{
    std::vector<std::string> keys{"at"};
    auto add = [&](std::string_view key) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            keys.emplace_back(key);
    };
    for (const FaultType* t : faultTypes()) {
        add(t->key());
        for (const FaultSetting& s : t->settings())
            add(s.key);
    }
    return keys;
}

} // namespace scalelab::scenarios
