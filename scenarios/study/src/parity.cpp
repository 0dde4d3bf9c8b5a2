#include "scenarios/parity.h"

#include "scenarios/faulttype.h"

#include "models/fields.h"
#include "models/kinds/kind.h"

#include <algorithm>
#include <cstdio>

namespace scalelab::scenarios {

namespace {

/// The components a name of a fault stands for in a variant: a role's, or the component itself.
std::vector<std::string> namedComponents(const Study& study, const Variant& variant, const std::string& name)
{
    if (study.findRole(name))
        return roleComponents(variant, name);
    if (variant.find(name))
        return {name};
    return {};
}

/// The fault on one component (or pair), its shares of instances as counts of that component's.
Fault concrete(const Fault& fault, const Variant& variant, const std::string& target, const std::string& peer)
{
    Fault f = fault;
    f.target = target;
    f.peer = peer;
    f.only.clear();
    if (const Component* c = variant.find(target)) {
        const models::Kind& kind = models::kindOf(c->kind);
        const int instances = kind.hasMachines() ? kind.instanceCount(*c) : 0;
        for (const std::string& key : fault.shares)
            f.settings[key] = shareOfInstances(fault.settings.at(key), instances);
    }
    f.shares.clear();
    return f;
}

/// Whether the type acts on a component of this kind in this variant.
bool actsOn(const FaultType& type, const Fault& f, const Variant& variant)
{
    const Component* c = variant.find(f.target);
    if (!c || !(type.targetKinds() & models::kindBit(c->kind)))
        return false;
    if (namesPair(type.target()) && !variant.find(f.peer))
        return false;
    return type.inertReason(f, variant).empty();
}

/// The zone instance i of a component is in (models: zones[i mod n], the first zone when none are given).
std::string zoneOf(const Study& study, const Component& c, int i)
{
    if (!c.zones.empty())
        return c.zones[std::size_t(i) % c.zones.size()];
    return study.network.zones.empty() ? "default" : study.network.zones.front().name;
}

/// A zone outage: every machine of the variant in the zone, of all its machines.
FaultReach zoneReach(const Study& study, const Fault& fault, const Variant& variant)
{
    FaultReach r;
    double capacity = 0.0, hit = 0.0;
    for (const Component& c : variant.components) {
        const models::Kind& kind = models::kindOf(c.kind);
        if (!kind.hasMachines())
            continue;
        const int n = kind.instanceCount(c);
        int in = 0;
        for (int i = 0; i < n; ++i)
            in += zoneOf(study, c, i) == fault.target;
        r.instances += n;
        r.hit += in;
        capacity += double(n) * c.cores * c.speed;
        hit += double(in) * c.cores * c.speed;
        if (in > 0)
            r.components.push_back(c.name);
    }
    if (capacity > 0.0)
        r.share = hit / capacity;
    if (r.components.empty())
        r.nothing = "no machine in " + fault.target;
    return r;
}

/// Why a fault that applies to a variant hits nothing there.
std::string nothingReason(const Study& study, const Fault& fault, const Variant& v)
{
    const FaultType& type = faultTypeOf(fault);
    for (const std::string* name : {&fault.target, &fault.peer}) {
        if (name == &fault.peer && !namesPair(type.target()))
            break;
        if (!namedComponents(study, v, *name).empty())
            continue;
        return study.findRole(*name) ? "no component plays " + *name : "no " + *name + " in this variant";
    }
    const std::vector<std::string> named = namedComponents(study, v, fault.target);
    if (const std::string why = type.inertReason(concrete(fault, v, named.front(), fault.peer), v); !why.empty())
        return why;
    std::string kinds;
    for (ComponentKind k : models::kindsIn(type.targetKinds()))
        kinds += (kinds.empty() ? "a " : " or a ") + std::string(kindName(k));
    return (study.findRole(fault.target) ? "no " + fault.target + " component is " : fault.target + " is not ") +
           kinds;
}

std::string percentText(double share)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
    return buf;
}

} // namespace

std::vector<std::string> roleComponents(const Variant& variant, const std::string& role)
{
    if (const RoleMapping* m = variant.findRole(role))
        return m->components;
    if (variant.find(role))
        return {role};
    return {};
}

std::vector<Fault> resolveFault(const Study& study, const Fault& fault, const Variant& variant)
{
    if (!fault.appliesTo(variant.name))
        return {};
    const FaultType& type = faultTypeOf(fault);
    const bool zones = type.target() == FaultTarget::Zone || type.target() == FaultTarget::ZonePair ||
                       (type.target() == FaultTarget::Pair && fault.zonePair);
    if (zones)
        return {concrete(fault, variant, fault.target, fault.peer)};
    std::vector<Fault> out;
    const std::vector<std::string> targets = namedComponents(study, variant, fault.target);
    if (namesPair(type.target())) {
        const std::vector<std::string> peers = namedComponents(study, variant, fault.peer);
        for (const std::string& a : targets)
            for (const std::string& b : peers)
                if (a != b)
                    if (Fault f = concrete(fault, variant, a, b); actsOn(type, f, variant))
                        out.push_back(std::move(f));
        return out;
    }
    for (const std::string& name : targets)
        if (Fault f = concrete(fault, variant, name, {}); actsOn(type, f, variant))
            out.push_back(std::move(f));
    return out;
}

FaultReach faultReach(const Study& study, const Fault& fault, const Variant& v)
{
    const FaultType& type = faultTypeOf(fault);
    FaultReach r;
    if (!fault.appliesTo(v.name)) {
        r.applies = false;
    } else if (type.target() == FaultTarget::Zone) {
        r = zoneReach(study, fault, v);
    } else {
        const std::vector<Fault> hits = resolveFault(study, fault, v);
        for (const Fault& f : hits)
            r.components.push_back(namesPair(type.target()) ? f.target + "~" + f.peer : f.target);
        if (type.takesCapacity()) {
            double capacity = 0.0, hitCapacity = 0.0;
            for (const std::string& name : namedComponents(study, v, fault.target)) {
                const Component* c = v.find(name);
                if (!c)
                    continue;
                const auto f =
                    std::find_if(hits.begin(), hits.end(), [&](const Fault& x) { return x.target == name; });
                const ComponentHit h = type.hit(f == hits.end() ? concrete(fault, v, name, {}) : *f, *c);
                r.instances += h.instances;
                capacity += h.capacity;
                if (f == hits.end())
                    continue;
                r.hit += h.hit;
                hitCapacity += h.hitCapacity;
            }
            // A role without machines of its own (an external) is wholly hit when hit at all.
            if (capacity > 0.0)
                r.share = hitCapacity / capacity;
            else if (!hits.empty())
                r.share = 1.0;
        }
        if (hits.empty())
            r.nothing = nothingReason(study, fault, v);
    }
    r.variant = v.name;
    return r;
}

std::vector<FaultParity> faultParity(const Study& study)
{
    std::vector<FaultParity> out;
    for (std::size_t i = 0; i < study.faults.size(); ++i) {
        FaultParity p;
        p.index = i;
        p.label = faultLabel(study.faults[i]);
        p.tolerance = study.parityTolerance;
        p.zone = faultTypeOf(study.faults[i]).target() == FaultTarget::Zone;
        std::vector<double> shares;
        for (const Variant& v : study.variants) {
            p.variants.push_back(faultReach(study, study.faults[i], v));
            const FaultReach& r = p.variants.back();
            if (r.applies && r.share && r.hits())
                shares.push_back(*r.share);
        }
        if (shares.size() >= 2) {
            const auto [low, high] = std::minmax_element(shares.begin(), shares.end());
            p.spread = *high - *low;
        }
        out.push_back(std::move(p));
    }
    return out;
}

std::string reachText(const FaultReach& r)
{
    if (!r.applies)
        return "not for this variant";
    if (!r.hits())
        return "nothing (" + r.nothing + ")";
    std::string text;
    for (const std::string& c : r.components)
        text += (text.empty() ? "" : "+") + c;
    if (r.instances > 0)
        text += " " + std::to_string(r.hit) + "/" + std::to_string(r.instances);
    if (r.share)
        text += " = " + percentText(*r.share);
    return text;
}

} // namespace scalelab::scenarios
