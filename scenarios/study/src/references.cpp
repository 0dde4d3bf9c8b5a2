#include "scenarios/references.h"

#include "scenarios/faulttype.h"

#include <algorithm>

namespace scalelab::scenarios {

namespace {

void forEachCallTarget(Call& call, const ComponentReferenceVisitor& visit)
{
    visit(call.target, ComponentReference::CallTarget);
    for (auto* list : {&call.calls, &call.parallel, &call.miss})
        for (Call& c : *list)
            forEachCallTarget(c, visit);
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
}

void forEachComponentReference(std::vector<Fault>& faults, const ComponentReferenceVisitor& visit)
{
    for (Fault& f : faults)
        if (const FaultType* t = findFaultType(f.type); t && t->target() == FaultTarget::Component)
            visit(f.target, ComponentReference::FaultTarget);
}

void renameComponent(Study& study, Variant& variant, const std::string& from, const std::string& to)
{
    const auto rename = [&](std::string& name, ComponentReference) {
        if (name == from)
            name = to;
    };
    forEachComponentReference(variant, rename);
    const bool shared = std::any_of(study.variants.begin(), study.variants.end(),
                                    [&](const Variant& v) { return &v != &variant && v.find(from); });
    if (!shared)
        forEachComponentReference(study.faults, rename);
}

} // namespace scalelab::scenarios
