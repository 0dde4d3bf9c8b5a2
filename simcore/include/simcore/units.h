#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace scalelab::sim {

/// A number parsed with its unit, or why it could not be.
struct ParsedQuantity
{
    std::optional<double> value; ///< in base units (seconds for durations)
    std::string error;           ///< empty when value is set
    std::size_t column = 0;      ///< 0-based offset of the problem in the text
};

/// A unit a quantity may be written in.
struct Unit
{
    std::string_view name;
    double factor; ///< base units per one of this unit
};

/// How a kind of quantity is named in its error messages.
struct QuantitySpec
{
    std::string_view noun;    ///< "size"
    std::string_view unitA;   ///< "has no unit; write e.g. 2B or 2KB"
    std::string_view unitB;
    std::string_view example; ///< "expected a size with a unit, e.g. 2KB"
    std::string_view known;   ///< the units listed in an error
};

/// Parses a non-negative number followed by one of `units` ("250ms", "2 KB").
/// A bare number is an error: quantities always carry their unit.
ParsedQuantity parseQuantity(std::string_view text, std::span<const Unit> units, const QuantitySpec& spec);

/// Strips blanks (spaces, tabs) from both ends; adds the number stripped at
/// the front to `offset`, so error columns stay exact.
std::string_view trimBlanks(std::string_view text, std::size_t& offset);

/// Parses a duration with a unit: "250us", "8ms", "1.5s", "2min", "1h" (also "µs").
/// A bare number is an error: durations always carry their unit.
ParsedQuantity parseDuration(std::string_view text);

/// Formats seconds with the most readable unit, e.g. 0.008 -> "8ms".
std::string formatDuration(double seconds);

} // namespace scalelab::sim
