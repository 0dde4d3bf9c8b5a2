#pragma once

#include "scenarios/diagnostic.h"
#include "scenarios/faulttype.h"

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::scenarios {

/// What the study reader knows when it reads the faults (they come after the variants).
struct FaultContext
{
    const std::vector<Variant>& variants;
    const std::set<std::string>& kindless; ///< components whose kind is missing or unknown: no kind to check
    std::vector<std::string> zones;        ///< network.zones, or "default" when none are declared
    std::vector<std::string> componentNames; ///< every variant's, first seen first
    std::vector<std::string> roles;          ///< the study's roles (Study::roles)
};

/// Where in a fault entry a problem is reported.
struct FaultSpot
{
    std::string_view key; ///< empty: the entry itself
    bool atKey = false;   ///< at the key rather than its value
    int item = -1;        ///< >= 0: that item of the list at `key`
};

/// One entry of the study's `faults:` list as the study reader hands it to
/// the fault types: its keys, values parsed by the reader's own rules (which
/// report an invalid value at its file:line:column), and reporting.
class FaultEntry
{
public:
    virtual ~FaultEntry() = default;

    /// "faults[3]".
    virtual const std::string& path() const = 0;
    virtual const FaultContext& context() const = 0;
    virtual Mark mark() const = 0;
    virtual bool has(std::string_view key) const = 0;
    /// Some keys were dropped, already reported (not names): a missing action is no news.
    virtual bool keysDropped() const = 0;
    /// The value at `key` read as `type`; nullopt when invalid (reported) or `never`.
    virtual std::optional<double> value(std::string_view key, FaultSetting::Type type) = 0;
    /// The name at `key` (item >= 0: that item of the list items(key) read);
    /// nullopt when it is not a name (reported).
    virtual std::optional<std::string> name(std::string_view key, int item = -1) = 0;
    /// How many items the list at `key` has; nullopt when it is not a list (reported).
    virtual std::optional<std::size_t> items(std::string_view key) = 0;
    /// Whether the value at `key` is written as a percentage ("25%").
    virtual bool percent(std::string_view key) const = 0;
    /// Where each key was written and, for a list, each of its items ("only[1]").
    virtual KeyMarks keyMarks() const = 0;
    virtual void report(Diagnostic::Severity severity, FaultSpot spot, const std::string& path, std::string message,
                        std::string hint = {}) = 0;

    void error(FaultSpot spot, const std::string& path, std::string message, std::string hint = {})
    {
        report(Diagnostic::Severity::Error, spot, path, std::move(message), std::move(hint));
    }
    void warning(FaultSpot spot, const std::string& path, std::string message, std::string hint = {})
    {
        report(Diagnostic::Severity::Warning, spot, path, std::move(message), std::move(hint));
    }
    /// "faults[3].kill", "faults[3].partition[1]".
    std::string pathOf(std::string_view key, int item = -1) const
    {
        std::string p = path() + "." + std::string(key);
        return item < 0 ? p : p + "[" + std::to_string(item) + "]";
    }
};

/// Reads one fault: `at`, exactly one action, the settings that action takes
/// (any other type's is an error naming the types it applies to), then the
/// type's target and settings. Nullopt when it has no action or several.
std::optional<Fault> readFault(FaultEntry& entry);

} // namespace scalelab::scenarios
