#pragma once

#include "cli/unit.h"

#include "simcore/statistics.h"

#include <string>

namespace scalelab::cli {

// Human-readable figures at fixed precision (about four significant digits),
// with their unit: latencies in ms, rates per second, fractions as percentages.

/// "12.35 ms", "812.3/s", "99.880 %", "0.42".
std::string formatValue(double value, Unit unit);
/// "12.35 ± 0.08 ms"; the mean alone when the interval is unknown (one replication).
std::string formatInterval(const sim::ConfidenceInterval& interval, Unit unit);
/// "+0.35 ± 0.10 ms *": a paired difference, '*' when `significant`, with
/// the decimals `reference` (the baseline's value) is shown with.
std::string formatDifference(const sim::ConfidenceInterval& difference, bool significant, Unit unit, double reference);
/// Seconds as a duration for headings: "60s", "2min", "1.5s".
std::string formatSeconds(double seconds);
/// The shortest text that reads back to exactly `value` (machine output: CSV).
std::string exactNumber(double value);
/// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string& text);

} // namespace scalelab::cli
