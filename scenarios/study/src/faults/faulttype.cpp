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

bool contains(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// A Pair: two distinct names, both components (of some variant) or both zones.
void readPair(FaultEntry& entry, const FaultType& type, Fault& fault)
{
    const std::string key(type.key());
    const std::string path = entry.pathOf(key);
    const auto count = entry.items(key);
    if (!count)
        return;
    if (*count != 2) {
        entry.error({key}, path,
                    path + " must list two components or two zones, e.g. [api, db] or [eu-1a, eu-1b] (got " +
                        std::to_string(*count) + ")");
        return;
    }
    const auto a = entry.name(key, 0);
    const auto b = entry.name(key, 1);
    if (!a || !b)
        return;
    fault.target = *a;
    fault.peer = *b;
    const FaultContext& c = entry.context();
    const std::string names[2] = {*a, *b};
    bool zone[2], component[2];
    for (int i = 0; i < 2; ++i) {
        zone[i] = contains(c.zones, names[i]);
        component[i] = contains(c.componentNames, names[i]);
        if (zone[i] || component[i])
            continue;
        std::vector<std::string> known = c.componentNames;
        known.insert(known.end(), c.zones.begin(), c.zones.end());
        const std::string at = entry.pathOf(key, i);
        entry.error({key, false, i}, at,
                    at + ": '" + names[i] + "' is neither a component nor a zone; zones: " + joinChoices(c.zones),
                    didYouMean(names[i], known));
    }
    if (!(zone[0] || component[0]) || !(zone[1] || component[1]))
        return;
    if (*a == *b) {
        entry.error({key}, path, path + " names '" + *a + "' twice; name two components or two zones");
        return;
    }
    const bool components = component[0] && component[1];
    const bool zones = zone[0] && zone[1];
    if (components && zones) {
        entry.error({key}, path,
                    path + ": '" + *a + "' and '" + *b + "' are both components and zones; rename the components");
    } else if (zones) {
        fault.zonePair = true;
    } else if (components) {
        checkComponent(entry, type, *a);
        checkComponent(entry, type, *b);
    } else {
        const int z = zone[0] ? 0 : 1;
        entry.error({key}, path,
                    path + " names zone '" + names[z] + "' and component '" + names[1 - z] +
                        "'; name two components or two zones");
    }
}

} // namespace

unsigned FaultType::targetKinds() const { return models::kAllKinds; }

void FaultType::readTarget(FaultEntry& entry, Fault& fault) const
{
    // A pair of zones is read by its type, which knows why the two must differ.
    if (target() == FaultTarget::ZonePair)
        return;
    if (target() == FaultTarget::Pair) {
        readPair(entry, *this, fault);
        return;
    }
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

std::vector<std::string*> FaultType::componentNames(Fault& fault) const
{
    if (target() == FaultTarget::Component)
        return {&fault.target};
    if (target() == FaultTarget::Pair && !fault.zonePair)
        return {&fault.target, &fault.peer};
    return {};
}

std::string FaultType::inertReason(const Fault& fault, const Variant& variant) const
{
    Fault names = fault;
    for (const std::string* name : componentNames(names))
        if (!variant.find(*name))
            return "no " + *name + " in this variant";
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
    if (namesPair(t.target()))
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
