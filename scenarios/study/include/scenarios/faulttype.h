#pragma once

#include "scenarios/study.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::models {
class System;
} // namespace scalelab::models

namespace scalelab::scenarios {

class FaultEntry;

/// What a fault takes from one component (FaultType::hit), at the file's counts.
struct ComponentHit
{
    int instances = 0;       ///< the component's instances (0: no machines of its own)
    int hit = 0;             ///< of them, those the fault acts on
    double capacity = 0.0;   ///< instances x cores x speed (reference cores)
    double hitCapacity = 0.0; ///< of it, what the fault acts on
};

/// What a fault's action names (Fault::target, Fault::peer): a component, a
/// zone, two zones, or a pair that is two components or two zones, as the
/// names say when read (Fault::zonePair). Where a component may be named, so
/// may a role of the study (Study::roles), which each variant resolves to its
/// own components (scenarios/parity.h).
enum class FaultTarget { Component, Zone, ZonePair, Pair };

/// One setting of a fault type besides `at` and its action: how the file
/// writes it, its default and, when the fault needs it, what it is for.
struct FaultSetting
{
    enum class Type {
        Duration,         ///< s, >= 0 ("200ms")
        PositiveDuration, ///< s, > 0
        Count,            ///< whole number >= 1
        CountOrShare,     ///< whole number >= 1, or a share of the target's instances (25%, > 0): Fault::shares
        Multiplier,       ///< number >= 1
        Fraction,         ///< 0..1, or a percentage
        DurationOrNever,  ///< s, or `never` (unset)
        Bandwidth,        ///< bytes/s, > 0 ("10Mbps", "1MB/s")
    };
    std::string_view key;              ///< "for", "instances", ...
    Type type = Type::Duration;
    std::optional<double> byDefault;   ///< written only when the value differs; nullopt: none
    std::string_view required;         ///< the fault needs it: "is required (<this>)"; empty: optional
    std::string_view help;             ///< the JSON Schema's description, after "<Types>: "
};

/// The `for` of a fault that lasts: required, with what it is for in this fault.
constexpr FaultSetting lastingFor(std::string_view required)
{
    return {"for", FaultSetting::Type::PositiveDuration, std::nullopt, required, "how long (duration > 0)."};
}

/// One type of timed fault (kill, zone_outage, ...): its key and settings in
/// the study file, what it may target, how it acts on a running variant and
/// why it may do nothing there. One header/source pair per type under
/// scenarios/study/src/faults/, listed in faultregistry.cpp; the reader, writer,
/// JSON Schema, runner, SLO tracker and editor go through this interface.
class FaultType
{
public:
    virtual ~FaultType() = default;

    /// The action's key in the study file ("kill"); a fault's Fault::type.
    virtual std::string_view key() const = 0;
    /// What the action names.
    virtual FaultTarget target() const = 0;
    /// The kinds a component target may be wherever it exists (bit i:
    /// ComponentKind i, models/fields.h); models::kAllKinds: any kind.
    virtual unsigned targetKinds() const;
    /// The JSON Schema's description of the action.
    virtual std::string_view help() const = 0;
    /// The settings besides `at`, in the order the writer writes them.
    virtual std::span<const FaultSetting> settings() const = 0;

    /// Reads the action's value into fault.target, checked against the
    /// variants or the zones (FaultEntry::context()). A ZonePair type reads
    /// its pair (target, peer) itself: only it knows why the two must differ.
    /// A Pair is two distinct names, both components or both zones.
    virtual void readTarget(FaultEntry& entry, Fault& fault) const;
    /// The fault's names that are components or roles, for references and
    /// renames: by default its target (Component), or both names of a Pair of
    /// components. (Which of them are roles: Study::findRole.)
    virtual std::vector<std::string*> componentNames(Fault& fault) const;
    /// What the fault takes from one component it acts on, at the file's
    /// counts (Kind::instanceCount): its instances, those it hits, and the
    /// capacity (cores x speed per instance) it hits. By default every
    /// instance: a fault on every visit (slow, errors, a flush). Kill: the
    /// instances it crashes; failover: the primary.
    virtual ComponentHit hit(const Fault& fault, const Component& component) const;
    /// Whether the fault takes capacity from what it names, so that its share
    /// of a role compares across variants (a network fault or a partition acts
    /// on messages, not capacity: no share).
    virtual bool takesCapacity() const;
    /// Reads the settings into fault.settings, reporting the missing required ones.
    virtual void readSettings(FaultEntry& entry, Fault& fault) const;

    /// Starts the fault on a running variant through models::System's fault
    /// entry points, which end it themselves after the time they are given
    /// (`for`, `restart`, `promotion`). False when it did nothing.
    virtual bool apply(models::System& system, const Fault& fault) const = 0;
    /// Why the fault cannot act in `variant`, known before the run (compare
    /// prints "n/a (<reason>)"); empty when it may. By default: a component
    /// it names that the variant lacks; zones are the study's, so never for them.
    virtual std::string inertReason(const Fault& fault, const Variant& variant) const;
    /// Why the fault did nothing at its time (apply() returned false).
    virtual std::string inertAtRunTime(const Fault& fault) const;

    /// The setting `key` of this type; nullptr when it has none.
    const FaultSetting* setting(std::string_view key) const;

protected:
    /// Reads one setting: reports it when required and missing, stores it when valid.
    static void readSetting(FaultEntry& entry, const FaultSetting& setting, Fault& fault);
    /// Reports a zone that network.zones does not declare, at the action (item >= 0: that item of it).
    static void checkZone(FaultEntry& entry, std::string_view key, int item, const std::string& zone);
};

/// The instances a share (0..1) of `instances` stands for: ceil(share x
/// instances), at least 1 and at most `instances` (0 when there are none).
int shareOfInstances(double share, int instances);

/// Every fault type, in the order the study file documents them.
const std::vector<const FaultType*>& faultTypes();
/// The fault type whose action key is `key`; nullptr when none is.
const FaultType* findFaultType(std::string_view key);
/// A fault's type (Fault::type must name a registered one).
const FaultType& faultTypeOf(const Fault& fault);
/// Whether a fault type's action is a list of two names (ZonePair, Pair).
inline bool namesPair(FaultTarget target) { return target == FaultTarget::ZonePair || target == FaultTarget::Pair; }
/// What a fault does to what, for labels: "kill orders", "partition eu-1a~eu-1b".
std::string faultLabel(const Fault& fault);
/// A setting key and the fault types that take it.
struct FaultSettingUse
{
    const FaultSetting* setting = nullptr; ///< the first type's (types agree on a key's type and help)
    std::vector<const FaultType*> types;   ///< in faultTypes() order
};
/// Every setting key of any fault type, first seen first, with the types that take it.
std::vector<FaultSettingUse> faultSettingUses();
/// The keys of a `faults` entry: `at`, then each type's action and its settings not named before.
std::vector<std::string> faultKeys();
/// The JSON Schema of one `faults` entry (`$defs.fault` of scenarios/schema/study.schema.json), as JSON text.
std::string faultSchema();

} // namespace scalelab::scenarios
