#pragma once

#include "scenarios/study.h"

#include <functional>
#include <string>
#include <vector>

namespace scalelab::scenarios {

/// Where a study names a component.
enum class ComponentReference {
    Name,           ///< the component's own name
    CallTarget,     ///< a call of a route at any depth: its entry, calls, parallel calls, cache misses, pipeline stages
    ModuleHost,     ///< a module's `host`
    QueueConsumer,  ///< a message queue's `consumer`
    LayoutPosition, ///< a `layout` entry
    RolePlayer,     ///< a component the variant's `roles` names
    FaultTarget,    ///< a component a fault names (FaultType::componentNames; faults are study-wide)
};

/// Called with a name as it is stored (it may be changed: a rename) and where it is.
using ComponentReferenceVisitor = std::function<void(std::string& name, ComponentReference where)>;

/// Visits every name of a component in `variant`: the components' names,
/// the call targets of every route at every depth, module hosts, queue
/// consumers, layout positions, the components its roles name.
void forEachComponentReference(Variant& variant, const ComponentReferenceVisitor& visit);
/// Visits the component names of every fault (FaultType::componentNames:
/// a component target, both names of a pair of components); zones are left out.
void forEachComponentReference(std::vector<Fault>& faults, const ComponentReferenceVisitor& visit);

/// Renames component `from` of `variant` (one of study.variants) to `to`
/// wherever it is named: every reference in the variant, and the faults'
/// that name it as a component (not a role) when no other variant has a
/// component `from`. A role named `from` that the component played for want
/// of a mapping gets one ({from: [to]}), so the role keeps its player.
/// Checks nothing: the caller validates the result.
void renameComponent(Study& study, Variant& variant, const std::string& from, const std::string& to);

/// Renames variant `from` to `to` wherever the study names a variant: the
/// variant itself, the faults' `only:` lists, and the sweep's paths
/// (variants.FROM.components...). Checks nothing: the caller validates the
/// result and refuses a name that is empty or taken.
void renameVariant(Study& study, const std::string& from, const std::string& to);

/// The zone names a fault holds: a zone outage's zone, both zones of a
/// partition between zones; none for a fault on components or roles.
std::vector<std::string*> zoneNames(Fault& fault);
/// The indices of the faults (into study.faults) that name zone `zone`.
std::vector<std::size_t> faultsNamingZone(const Study& study, const std::string& zone);

/// Renames zone `from` to `to` wherever the study names a zone: network.zones,
/// the components' `zones` lists in every variant, the faults that name it,
/// and the sweep's paths below network.zones.FROM. Checks nothing: the caller
/// refuses a name that is empty or taken.
void renameZone(Study& study, const std::string& from, const std::string& to);

/// Removes zone `zone` from network.zones and from every component's `zones`
/// list: a component spread over it keeps its other zones; one that was only
/// there is left with none, which the file reads as the study's first zone
/// (the remaining one, when two were declared). Checks nothing: the caller
/// refuses while a fault names the zone (faultsNamingZone).
void removeZone(Study& study, const std::string& zone);

} // namespace scalelab::scenarios
