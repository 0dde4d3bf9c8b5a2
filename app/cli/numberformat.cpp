#include "cli/numberformat.h"

#include "scenarios/quantities.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace scalelab::cli {

namespace {

struct Display
{
    double scale;
    const char* suffix; ///< appended to the number
    int fixedDecimals;  ///< < 0: by magnitude
};

/// How `unit` shows a figure of about `magnitude` (its mean): data in the
/// largest SI multiple the figure reaches, so one figure's mean and interval
/// share a multiple.
Display displayOf(Unit unit, double magnitude = 0.0)
{
    switch (unit) {
    case Unit::Bytes: {
        static constexpr Display kMultiples[] = {
            {1e-12, " TB", -1}, {1e-9, " GB", -1}, {1e-6, " MB", -1}, {1e-3, " KB", -1}};
        for (const Display& d : kMultiples)
            if (std::fabs(magnitude) * d.scale >= 1.0)
                return d;
        return {1.0, " B", 0};
    }
    case Unit::PerSecond:
        return {1.0, "/s", -1};
    case Unit::Seconds:
        return {1e3, " ms", -1};
    case Unit::Span:
        return {1.0, " s", 1};
    case Unit::Ratio:
        return {100.0, " %", 3};
    case Unit::Load:
        return {100.0, " %", 1};
    case Unit::Usd:
        return {1.0, " USD", -1};
    case Unit::Count:
        break;
    }
    return {1.0, "", -1};
}

int decimalsFor(double shown, Unit unit, const Display& d)
{
    if (d.fixedDecimals >= 0)
        return d.fixedDecimals;
    const double a = std::fabs(shown);
    const int byMagnitude = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
    if (unit == Unit::Usd) // cents at least, and small bills to a hundredth of a cent
        return a >= 1 ? std::max(byMagnitude, 2) : 4;
    return unit == Unit::Count ? std::min(byMagnitude, 2) : byMagnitude;
}

/// printf("%.*f"), without a minus sign on a value that rounds to zero.
std::string fixed(double v, int decimals, bool sign)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, v);
    std::string s(buf);
    if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos)
        s = sign ? "+" + s.substr(1) : s.substr(1);
    return s;
}

} // namespace

std::string formatValue(double value, Unit unit)
{
    const Display d = displayOf(unit, value);
    const double shown = value * d.scale;
    return fixed(shown, decimalsFor(shown, unit, d), false) + d.suffix;
}

std::string formatInterval(const sim::ConfidenceInterval& interval, Unit unit)
{
    const Display d = displayOf(unit, interval.mean);
    const double shown = interval.mean * d.scale;
    const int decimals = decimalsFor(shown, unit, d);
    std::string s = fixed(shown, decimals, false);
    if (interval.n > 1 && std::isfinite(interval.halfWidth))
        s += " ± " + fixed(interval.halfWidth * d.scale, decimals, false);
    return s + d.suffix;
}

std::string formatDifference(const sim::ConfidenceInterval& difference, bool significant, Unit unit, double reference)
{
    const Display d = displayOf(unit, std::max(std::fabs(difference.mean), std::fabs(reference)));
    const double shown = difference.mean * d.scale;
    const int decimals = decimalsFor(std::max(std::fabs(shown), std::fabs(reference * d.scale)), unit, d);
    std::string s = fixed(shown, decimals, true);
    if (difference.n > 1 && std::isfinite(difference.halfWidth))
        s += " ± " + fixed(difference.halfWidth * d.scale, decimals, false);
    s += d.suffix;
    if (significant)
        s += " *";
    return s;
}

std::string formatSeconds(double seconds) { return scenarios::formatDurationExact(seconds); }

std::string exactNumber(double value)
{
    if (value == 0.0)
        return "0"; // also -0
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, result.ptr);
}

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

} // namespace scalelab::cli
