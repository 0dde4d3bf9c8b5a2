#pragma once

#include <string_view>

namespace scalelab::cli {

/// How a figure is measured (always SI: seconds, per second, fractions) and shown.
enum class Unit {
    PerSecond, ///< shown as "812.3/s"
    Seconds,   ///< shown in milliseconds, "12.35 ms"
    Span,      ///< a time span in seconds, shown as "90.0 s" (recovery times)
    Ratio,     ///< a fraction shown as a percentage to 3 decimals (error rates, availability)
    Load,      ///< a fraction shown as a percentage to 1 decimal (utilization, hit ratio)
    Count,     ///< a plain number (queue lengths, dead letters)
    Usd,       ///< money, shown as "1234.56 USD" (cents at least; 4 decimals below 1 USD)
    Bytes,     ///< an amount of data, shown in SI multiples as the study writes sizes, "9.52 GB"
};

/// The unit's name in JSON and CSV output: "1/s", "s", "fraction", "count", "USD" or "bytes".
std::string_view unitName(Unit unit);

} // namespace scalelab::cli
