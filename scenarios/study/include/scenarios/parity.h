#pragma once

#include "scenarios/study.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace scalelab::scenarios {

// Fair comparisons: a fault names a role (or a zone), which each variant plays
// with its own components; what the fault hits in each variant, and how much
// of the role's capacity, is computed here once for every front end
// (docs/format.md, "roles"; docs/models.md, "Fault parity").

/// The components of `variant` that play `role`: its mapping (Variant::roles),
/// else the component named like the role; empty when neither.
std::vector<std::string> roleComponents(const Variant& variant, const std::string& role);

/// The faults `fault` stands for in `variant`, each on one component (a pair:
/// one per pair of components; a zone: itself), with `only` cleared and the
/// settings given as a share of instances (Fault::shares) turned into counts
/// of that component's (shareOfInstances). A role stands for its components
/// there (roleComponents), those of a kind the fault's type does not act on,
/// or where it cannot act (FaultType::inertReason), left out. Empty when the
/// fault is not for the variant (Fault::only) or hits nothing there.
std::vector<Fault> resolveFault(const Study& study, const Fault& fault, const Variant& variant);

/// What one fault hits in one variant, at the file's instance counts
/// (autoscaling left out: what the variant starts with).
struct FaultReach
{
    std::string variant;
    bool applies = true;                 ///< the fault is for this variant (Fault::only)
    std::vector<std::string> components; ///< what it acts on, in the variant's order; a pair: "a~b"
    int instances = 0;                   ///< the role's instances (a zone outage: the variant's)
    int hit = 0;                         ///< of them, those the fault acts on
    /// Capacity hit / the role's capacity (instances x cores x speed; a zone
    /// outage: of every machine of the variant), 0..1. Unset when the fault
    /// takes no capacity (network, partition: it acts on messages).
    std::optional<double> share;
    std::string nothing; ///< why it hits nothing here (applies, no component); empty when it hits something

    bool hits() const { return !components.empty(); }
};

/// One fault across the variants of its study.
struct FaultParity
{
    std::size_t index = 0;            ///< in Study::faults
    std::string label;                ///< faultLabel: "kill storefront"
    std::vector<FaultReach> variants; ///< in the study's order
    /// The largest share minus the smallest over the variants it applies to
    /// (unset with fewer than two shares).
    std::optional<double> spread;
    double tolerance = 0.1; ///< Study::parityTolerance
    /// A zone outage: the zones are the study's, and how much of each variant
    /// sits in one is its design, so its spread is shown, never uneven.
    bool zone = false;
    /// The spread exceeds the tolerance (by more than a rounding error).
    bool uneven() const { return !zone && spread && *spread > tolerance + 1e-9; }
};

/// What `fault` (one of study.faults) hits in `variant`.
FaultReach faultReach(const Study& study, const Fault& fault, const Variant& variant);

/// Every fault of the study in every variant.
std::vector<FaultParity> faultParity(const Study& study);

/// "app 1/4 = 25%", "payments = 100%", "app~db", "nothing (no db in this
/// variant)", "not for this variant": one cell of the parity table.
std::string reachText(const FaultReach& reach);

} // namespace scalelab::scenarios
