#include "scenarios/faulttype.h"

#include "faultentry.h"

#include "models/fields.h"
#include "models/kinds/kind.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace scalelab::scenarios {

namespace {

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates)
{
    const std::string m = closestMatch(word, candidates);
    return m.empty() ? std::string() : "did you mean '" + m + "'?";
}

bool contains(const std::vector<std::string>& names, const std::string& name);

/// What a fault target may name: the roles, or the components of the only
/// variant, or how to declare a role.
std::string rolesHint(const FaultContext& c)
{
    if (!c.roles.empty())
        return "roles: " + joinChoices(c.roles);
    if (c.variants.size() <= 1)
        return "components: " + joinChoices(c.componentNames);
    return "name a role: declare it (roles: {NAME: what it is}) and map it in each variant's roles";
}

/// A component target names a role of the study, or a component of some
/// variant with the kind the type needs wherever the fault applies. Whether
/// it hits something in every variant is the validator's (scenarios/parity.h).
void checkComponent(FaultEntry& entry, const FaultType& type, const Fault& fault, const std::string& target)
{
    const FaultContext& c = entry.context();
    if (c.variants.empty() || contains(c.roles, target))
        return;
    const std::string key(type.key());
    const std::string path = entry.pathOf(key);
    const unsigned needs = type.targetKinds();
    bool found = false;
    for (const auto& v : c.variants) {
        const Component* component = v.find(target);
        found = found || component;
        if (!component || !fault.appliesTo(v.name) || c.kindless.count(target) ||
            (needs & models::kindBit(component->kind)))
            continue;
        std::string kinds;
        for (ComponentKind k : models::kindsIn(needs))
            kinds += (kinds.empty() ? "a " : " or a ") + std::string(kindName(k));
        entry.error({key}, path,
                    path + ": '" + target + "' is a " + std::string(kindName(component->kind)) + " in variant '" +
                        v.name + "'; " + key + " applies to " + kinds);
    }
    if (!found) {
        std::vector<std::string> known = c.roles;
        known.insert(known.end(), c.componentNames.begin(), c.componentNames.end());
        const std::string guess = didYouMean(target, known);
        entry.error({key}, path, path + ": '" + target + "' is neither a role nor a component of any variant",
                    guess.empty() ? rolesHint(c) : guess);
    }
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
        component[i] = contains(c.componentNames, names[i]) || contains(c.roles, names[i]);
        if (zone[i] || component[i])
            continue;
        std::vector<std::string> known = c.componentNames;
        known.insert(known.end(), c.zones.begin(), c.zones.end());
        const std::string at = entry.pathOf(key, i);
        entry.error({key, false, i}, at,
                    at + ": '" + names[i] + "' is neither a role, a component nor a zone; zones: " +
                        joinChoices(c.zones) + (c.roles.empty() ? "" : "; roles: " + joinChoices(c.roles)),
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
        checkComponent(entry, type, fault, *a);
        checkComponent(entry, type, fault, *b);
    } else {
        const int z = zone[0] ? 0 : 1;
        entry.error({key}, path,
                    path + " names zone '" + names[z] + "' and component '" + names[1 - z] +
                        "'; name two components or two zones");
    }
}

} // namespace

unsigned FaultType::targetKinds() const { return models::kAllKinds; }

bool FaultType::takesCapacity() const { return !namesPair(target()) && target() != FaultTarget::ZonePair; }

ComponentHit FaultType::hit(const Fault&, const Component& component) const
{
    const models::Kind& kind = models::kindOf(component.kind);
    ComponentHit h;
    h.instances = kind.hasMachines() ? kind.instanceCount(component) : 0;
    h.hit = h.instances;
    h.capacity = component.groups.empty() ? double(h.instances) * component.cores * component.speed
                                          : component.firstCapacity(h.instances);
    h.hitCapacity = h.capacity;
    return h;
}

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
        checkComponent(entry, *this, fault, *name);
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
    if (setting.type == FaultSetting::Type::CountOrShare && entry.percent(setting.key)) {
        const auto share = entry.value(setting.key, FaultSetting::Type::Fraction);
        if (share && *share <= 0.0)
            entry.error({setting.key}, entry.pathOf(setting.key),
                        entry.pathOf(setting.key) + " must be a share above 0% (got 0%)",
                        "e.g. " + std::string(setting.key) + ": 25%, or a count such as 1");
        else if (share) {
            fault.settings[std::string(setting.key)] = *share;
            fault.shares.insert(std::string(setting.key));
        }
        return;
    }
    const auto type = setting.type == FaultSetting::Type::CountOrShare ? FaultSetting::Type::Count : setting.type;
    if (const auto v = entry.value(setting.key, type))
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

int shareOfInstances(double share, int instances)
{
    if (instances <= 0)
        return 0;
    // A hair below the product: 25% of 4 is 1, not 2 by a rounding error.
    const int n = static_cast<int>(std::ceil(share * instances - 1e-9));
    return std::clamp(n, 1, instances);
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
    std::vector<std::string> keys{"at", "only"};
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
