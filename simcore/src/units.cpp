#include "simcore/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace scalelab::sim {

namespace {

constexpr std::array<Unit, 8> kUnits{{{"ns", 1e-9}, {"us", 1e-6}, {"\xC2\xB5s", 1e-6}, {"ms", 1e-3},
                                       {"s", 1.0}, {"min", 60.0}, {"h", 3600.0}, {"sec", 1.0}}};

} // namespace

std::string_view trimBlanks(std::string_view s, std::size_t& offset)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
        ++offset;
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

ParsedQuantity parseQuantity(std::string_view text, std::span<const Unit> units, const QuantitySpec& spec)
{
    std::size_t lead = 0;
    const std::string_view s = trimBlanks(text, lead);
    ParsedQuantity out;
    const std::string noun(spec.noun);
    if (s.empty()) {
        out.error = "expected a " + noun + " with a unit, e.g. " + std::string(spec.example);
        out.column = lead;
        return out;
    }
    double number = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
    if (ec != std::errc() || end == s.data()) {
        out.error = "expected a number at the start of " + noun + " '" + std::string(s) + "'";
        out.column = lead;
        return out;
    }
    std::size_t unitOffset = static_cast<std::size_t>(end - s.data());
    std::string_view unit = s.substr(unitOffset);
    while (!unit.empty() && unit.front() == ' ') {
        unit.remove_prefix(1);
        ++unitOffset;
    }
    if (unit.empty()) {
        const std::string n(s);
        out.error = noun + " '" + n + "' has no unit; write e.g. " + n + std::string(spec.unitA) + " or " + n +
                    std::string(spec.unitB);
        out.column = lead + unitOffset;
        return out;
    }
    for (const auto& u : units) {
        if (unit != u.name)
            continue;
        if (!std::isfinite(number)) {
            out.error = noun + " must be a finite number (got " + std::string(s) + ")";
            out.column = lead;
            return out;
        }
        if (number < 0) {
            out.error = noun + " must be >= 0 (got " + std::string(s) + ")";
            out.column = lead;
            return out;
        }
        out.value = number * u.factor;
        return out;
    }
    out.error = "unknown " + noun + " unit '" + std::string(unit) + "'; known: " + std::string(spec.known);
    out.column = lead + unitOffset;
    return out;
}

ParsedQuantity parseDuration(std::string_view text)
{
    static constexpr QuantitySpec spec{"duration", "ms", "s", "250ms", "ns, us, ms, s, min, h"};
    return parseQuantity(text, kUnits, spec);
}

std::string formatDuration(double seconds)
{
    static constexpr std::array<std::pair<double, const char*>, 5> scales{
        {{3600.0, "h"}, {60.0, "min"}, {1.0, "s"}, {1e-3, "ms"}, {1e-6, "us"}}};
    char buf[64];
    if (seconds == 0.0)
        return "0s";
    for (const auto& [scale, name] : scales) {
        const double v = seconds / scale;
        if (std::fabs(v) >= 1.0 || scale == 1e-6) {
            // Whole hours/minutes only when exact; otherwise step down a unit.
            if (scale >= 60.0 && std::fabs(v - std::round(v)) > 1e-9)
                continue;
            std::snprintf(buf, sizeof buf, "%.6g%s", v, name);
            return buf;
        }
    }
    std::snprintf(buf, sizeof buf, "%.6gs", seconds);
    return buf;
}

} // namespace scalelab::sim
