#include "simcore/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace scalelab::sim {

namespace {

struct Unit
{
    std::string_view name;
    double seconds;
};

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

ParsedQuantity parseDuration(std::string_view text)
{
    std::size_t lead = 0;
    const std::string_view s = trimBlanks(text, lead);
    ParsedQuantity out;
    if (s.empty()) {
        out.error = "expected a duration with a unit, e.g. 250ms";
        out.column = lead;
        return out;
    }
    double number = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
    if (ec != std::errc() || end == s.data()) {
        out.error = "expected a number at the start of duration '" + std::string(s) + "'";
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
        out.error = "duration '" + std::string(s) + "' has no unit; write e.g. " + std::string(s) + "ms or " +
                    std::string(s) + "s";
        out.column = lead + unitOffset;
        return out;
    }
    for (const auto& u : kUnits) {
        if (unit == u.name) {
            if (!std::isfinite(number)) {
                out.error = "duration must be a finite number (got " + std::string(s) + ")";
                out.column = lead;
                return out;
            }
            if (number < 0) {
                out.error = "duration must be >= 0 (got " + std::string(s) + ")";
                out.column = lead;
                return out;
            }
            out.value = number * u.seconds;
            return out;
        }
    }
    out.error = "unknown duration unit '" + std::string(unit) + "'; known: ns, us, ms, s, min, h";
    out.column = lead + unitOffset;
    return out;
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
