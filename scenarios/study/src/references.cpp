#include "scenarios/references.h"

#include "scenarios/faulttype.h"

#include <algorithm>

namespace scalelab::scenarios {

namespace {

void forEachCallTarget(Call& call, const ComponentReferenceVisitor& visit)
{
    visit(call.target, ComponentReference::CallTarget);
    for (auto* list : {&call.calls, &call.parallel, &call.miss, &call.then})
        for (Call& c : *list)
            forEachCallTarget(c, visit);
}

/// The sweep's paths at or below `from` (a dotted path) moved to `to`.
void renameSweepPaths(Study& study, const std::string& from, const std::string& to)
{
    if (!study.sweep)
        return;
    for (SweepParameter& p : study.sweep->parameters)
        for (std::string& path : p.set)
            if (path == from || path.rfind(from + ".", 0) == 0)
                path = to + path.substr(from.size());
}

} // namespace

void forEachComponentReference(Variant& variant, const ComponentReferenceVisitor& visit)
{
    // Only a module has a host and only a queue a consumer (the reader rejects
    // them elsewhere): a set one is a reference, whatever the kind.
    for (Component& c : variant.components) {
        visit(c.name, ComponentReference::Name);
        if (!c.host.empty())
            visit(c.host, ComponentReference::ModuleHost);
        if (!c.consumer.empty())
            visit(c.consumer, ComponentReference::QueueConsumer);
    }
    for (Route& r : variant.routes)
        forEachCallTarget(r.root, visit);
    for (Position& p : variant.layout)
        visit(p.component, ComponentReference::LayoutPosition);
    for (RoleMapping& m : variant.roles)
        for (std::string& c : m.components)
            visit(c, ComponentReference::RolePlayer);
}

void forEachComponentReference(std::vector<Fault>& faults, const ComponentReferenceVisitor& visit)
{
    for (Fault& f : faults)
        if (const FaultType* t = findFaultType(f.type))
            for (std::string* name : t->componentNames(f))
                visit(*name, ComponentReference::FaultTarget);
}

void renameComponent(Study& study, Variant& variant, const std::string& from, const std::string& to)
{
    const auto rename = [&](std::string& name, ComponentReference) {
        if (name == from)
            name = to;
    };
    if (study.findRole(from) && !variant.findRole(from) && variant.find(from))
        variant.roles.push_back({from, {from}, {}, {}});
    forEachComponentReference(variant, rename);
    const bool shared = std::any_of(study.variants.begin(), study.variants.end(),
                                    [&](const Variant& v) { return &v != &variant && v.find(from); });
    if (!shared && !study.findRole(from))
        forEachComponentReference(study.faults, rename);
}

void renameVariant(Study& study, const std::string& from, const std::string& to)
{
    for (Variant& v : study.variants)
        if (v.name == from)
            v.name = to;
    for (Fault& f : study.faults)
        std::replace(f.only.begin(), f.only.end(), from, to);
    renameSweepPaths(study, "variants." + from, "variants." + to);
}

std::vector<std::string*> zoneNames(Fault& fault)
{
    const FaultTarget target = faultTypeOf(fault).target();
    if (target == FaultTarget::Zone)
        return {&fault.target};
    if (target == FaultTarget::ZonePair || (target == FaultTarget::Pair && fault.zonePair))
        return {&fault.target, &fault.peer};
    return {};
}

std::vector<std::size_t> faultsNamingZone(const Study& study, const std::string& zone)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < study.faults.size(); ++i) {
        Fault f = study.faults[i];
        const auto names = zoneNames(f);
        if (std::any_of(names.begin(), names.end(), [&](const std::string* n) { return *n == zone; }))
            out.push_back(i);
    }
    return out;
}

void renameZone(Study& study, const std::string& from, const std::string& to)
{
    for (Zone& z : study.network.zones)
        if (z.name == from)
            z.name = to;
    for (Variant& v : study.variants)
        for (Component& c : v.components)
            std::replace(c.zones.begin(), c.zones.end(), from, to);
    for (Fault& f : study.faults)
        for (std::string* name : zoneNames(f))
            if (*name == from)
                *name = to;
    renameSweepPaths(study, "network.zones." + from, "network.zones." + to);
}

void removeZone(Study& study, const std::string& zone)
{
    std::erase_if(study.network.zones, [&](const Zone& z) { return z.name == zone; });
    for (Variant& v : study.variants)
        for (Component& c : v.components)
            std::erase(c.zones, zone);
}

} // namespace scalelab::scenarios
