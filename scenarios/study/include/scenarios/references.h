#pragma once

#include "scenarios/study.h"

#include <functional>
#include <string>
#include <vector>

namespace scalelab::scenarios {

/// Where a study names a component.
enum class ComponentReference {
    Name,           ///< the component's own name
    CallTarget,     ///< a call of a route at any depth: its entry, calls, parallel calls, cache misses
    ModuleHost,     ///< a module's `host`
    QueueConsumer,  ///< a message queue's `consumer`
    LayoutPosition, ///< a `layout` entry
    FaultTarget,    ///< a fault whose type targets a component (faults are study-wide)
};

/// Called with a name as it is stored (it may be changed: a rename) and where it is.
using ComponentReferenceVisitor = std::function<void(std::string& name, ComponentReference where)>;

/// Visits every name of a component in `variant`: the components' names,
/// the call targets of every route at every depth, module hosts, queue
/// consumers, layout positions.
void forEachComponentReference(Variant& variant, const ComponentReferenceVisitor& visit);
/// Visits the targets of the faults whose type targets a component
/// (FaultTarget::Component); zones are left out.
void forEachComponentReference(std::vector<Fault>& faults, const ComponentReferenceVisitor& visit);

/// Renames component `from` of `variant` (one of study.variants) to `to`
/// wherever it is named: every reference in the variant, and the faults'
/// when no other variant has a component `from` (a fault names the role in
/// every variant). Checks nothing: the caller validates the result.
void renameComponent(Study& study, Variant& variant, const std::string& from, const std::string& to);

} // namespace scalelab::scenarios
