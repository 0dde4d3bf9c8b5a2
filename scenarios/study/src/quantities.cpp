#include "scenarios/quantities.h"

#include <array>
#include <charconv>
#include <cmath>
#include <span>
#include <utility>

namespace scalelab::scenarios {

namespace {

using sim::QuantitySpec;
using sim::Unit;

// Largest first: the formatter prefers the larger of two equally short texts.
constexpr std::array<Unit, 10> kByteUnits{{{"TiB", 1099511627776.0},
                                           {"TB", 1e12},
                                           {"GiB", 1073741824.0},
                                           {"GB", 1e9},
                                           {"MiB", 1048576.0},
                                           {"MB", 1e6},
                                           {"KiB", 1024.0},
                                           {"KB", 1e3},
                                           {"kB", 1e3},
                                           {"B", 1.0}}};

constexpr std::array<Unit, 5> kBitRateUnits{
    {{"Tbps", 1e12 / 8}, {"Gbps", 1e9 / 8}, {"Mbps", 1e6 / 8}, {"Kbps", 1e3 / 8}, {"bps", 1.0 / 8}}};

constexpr std::array<Unit, 9> kByteRateUnits{{{"TB/s", 1e12},
                                               {"GiB/s", 1073741824.0},
                                               {"GB/s", 1e9},
                                               {"MiB/s", 1048576.0},
                                               {"MB/s", 1e6},
                                               {"KiB/s", 1024.0},
                                               {"KB/s", 1e3},
                                               {"kB/s", 1e3},
                                               {"B/s", 1.0}}};

constexpr std::array<Unit, 6> kDurationUnits{
    {{"h", 3600.0}, {"min", 60.0}, {"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}}};


// The best exact text over the units: no exponent if possible, then the
// shortest, counting a leading "0." as one character more ("500MB/s" over
// "0.5GB/s", "0.1ms" over "100.00000000000001us"), then the larger unit. The
// base unit (or a power of two of it) is always exact: there is always a candidate.
template <typename Parser>
std::string formatWithUnits(double value, std::span<const Unit> units, Parser parse)
{
    std::string best;
    std::pair<bool, std::size_t> bestScore;
    for (const auto& u : units) {
        const double scaled = value / u.factor;
        const std::string text = formatNumber(scaled) + std::string(u.name);
        const auto back = parse(text);
        if (!back.value || *back.value != value)
            continue;
        const bool fraction = scaled != 0.0 && std::fabs(scaled) < 1.0;
        const auto score = std::pair(text.find_first_of("eE") != std::string::npos, text.size() + (fraction ? 1 : 0));
        if (best.empty() || score < bestScore) {
            best = text;
            bestScore = score;
        }
    }
    return best;
}

} // namespace

sim::ParsedQuantity parseBytes(std::string_view text)
{
    static constexpr QuantitySpec spec{"size", "B", "KB", "2KB", "B, KB, MB, GB, TB, KiB, MiB, GiB, TiB"};
    return sim::parseQuantity(text, kByteUnits, spec);
}

sim::ParsedQuantity parseBandwidth(std::string_view text)
{
    static constexpr std::array<Unit, 15> units{{{"bps", 1.0 / 8},
                                                 {"Kbps", 1e3 / 8},
                                                 {"kbps", 1e3 / 8},
                                                 {"Mbps", 1e6 / 8},
                                                 {"Gbps", 1e9 / 8},
                                                 {"Tbps", 1e12 / 8},
                                                 {"B/s", 1.0},
                                                 {"KB/s", 1e3},
                                                 {"kB/s", 1e3},
                                                 {"MB/s", 1e6},
                                                 {"GB/s", 1e9},
                                                 {"TB/s", 1e12},
                                                 {"KiB/s", 1024.0},
                                                 {"MiB/s", 1048576.0},
                                                 {"GiB/s", 1073741824.0}}};
    static constexpr QuantitySpec spec{"bandwidth", "Gbps", "MB/s", "10Gbps",
                                       "bps, Kbps, Mbps, Gbps, Tbps, B/s, KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s"};
    return sim::parseQuantity(text, units, spec);
}

sim::ParsedQuantity parseFraction(std::string_view text)
{
    std::size_t lead = 0;
    std::string_view s = sim::trimBlanks(text, lead);
    sim::ParsedQuantity out;
    const bool percent = !s.empty() && s.back() == '%';
    std::string_view number = percent ? s.substr(0, s.size() - 1) : s;
    while (percent && !number.empty() && number.back() == ' ')
        number.remove_suffix(1);
    double v = 0.0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
    if (number.empty() || ec != std::errc() || end != number.data() + number.size()) {
        out.error = "expected a number or a percentage such as 99.9% (got '" + std::string(s) + "')";
        out.column = lead;
        return out;
    }
    if (!std::isfinite(v)) {
        out.error = "expected a finite number (got " + std::string(s) + ")";
        out.column = lead;
        return out;
    }
    if (percent) {
        // "99.9%" must be the double nearest 0.999, which v / 100 is not always:
        // let from_chars round the decimal once, with the exponent moved by two.
        std::string shifted(number);
        int exponent = 0;
        if (const auto e = shifted.find_first_of("eE"); e != std::string::npos) {
            std::from_chars(shifted.data() + e + 1 + (shifted[e + 1] == '+' ? 1 : 0),
                            shifted.data() + shifted.size(), exponent);
            shifted.resize(e);
        }
        shifted += "e" + std::to_string(exponent - 2);
        std::from_chars(shifted.data(), shifted.data() + shifted.size(), v);
    }
    out.value = v;
    return out;
}

std::string formatNumber(double value)
{
    std::array<char, 64> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    return std::string(buf.data(), ec == std::errc() ? end : buf.data());
}

std::string formatDurationExact(double seconds)
{
    const std::string text = sim::formatDuration(seconds);
    const auto back = sim::parseDuration(text);
    if (back.value && *back.value == seconds)
        return text;
    return formatWithUnits(seconds, kDurationUnits, sim::parseDuration);
}

std::string formatBytes(double bytes)
{
    return formatWithUnits(bytes, kByteUnits, parseBytes);
}

std::string formatBitRate(double bytesPerSecond)
{
    return formatWithUnits(bytesPerSecond, kBitRateUnits, parseBandwidth);
}

std::string formatByteRate(double bytesPerSecond)
{
    return formatWithUnits(bytesPerSecond, kByteRateUnits, parseBandwidth);
}

std::string formatPercent(double fraction)
{
    // Move the decimal point of the shortest exact text two places: 0.999 -> 99.9.
    const std::string plain = formatNumber(fraction);
    if (plain.find_first_of("eE") == std::string::npos && !plain.empty() && plain.front() != '-') {
        const auto point = plain.find('.');
        const std::string whole = plain.substr(0, point);
        std::string digits = whole + (point == std::string::npos ? "" : plain.substr(point + 1));
        std::size_t at = whole.size() + 2;
        while (digits.size() < at)
            digits += '0';
        std::string integral = digits.substr(0, at);
        std::string decimals = digits.substr(at);
        integral.erase(0, std::min(integral.find_first_not_of('0'), integral.size() - 1));
        while (!decimals.empty() && decimals.back() == '0')
            decimals.pop_back();
        const std::string text = integral + (decimals.empty() ? "" : "." + decimals) + "%";
        const auto back = parseFraction(text);
        if (back.value && *back.value == fraction)
            return text;
    }
    return plain;
}

} // namespace scalelab::scenarios
