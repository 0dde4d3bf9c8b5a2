#pragma once

#include "simcore/units.h"

#include <string>
#include <string_view>

namespace scalelab::scenarios {

// Quantities as the study file writes them. Parsers mirror sim::parseDuration:
// a unit is required, the value must be finite and >= 0, and an error carries
// the 0-based column of the problem in the text.

/// A size: "512B", "2KB" (x1000), "1.5MB", "1MiB" (x1024^2); KB/MB/GB/TB are
/// decimal, KiB/MiB/GiB/TiB binary. Value in bytes.
sim::ParsedQuantity parseBytes(std::string_view text);

/// A bandwidth in bits per second ("100Mbps", "10Gbps") or bytes per second
/// ("1.25GB/s", "500MiB/s"). Value in bytes/s.
sim::ParsedQuantity parseBandwidth(std::string_view text);

/// A fraction as a number ("0.999") or a percentage ("99.9%"). Value as a
/// fraction; the range is the caller's to check.
sim::ParsedQuantity parseFraction(std::string_view text);

/// The shortest text that reads back to exactly `value` ("0.75", "8000").
std::string formatNumber(double value);

/// Seconds as a duration that parseDuration reads back exactly: sim::formatDuration's
/// text when it round-trips, else the shortest exact text over the units.
std::string formatDurationExact(double seconds);

/// Bytes with the shortest exact unit: 2000 -> "2KB", 1048576 -> "1MiB", 1500 -> "1.5KB".
std::string formatBytes(double bytes);

/// Bytes/s as bits per second: 1.25e9 -> "10Gbps".
std::string formatBitRate(double bytesPerSecond);

/// Bytes/s as bytes per second: 5e8 -> "500MB/s".
std::string formatByteRate(double bytesPerSecond);

/// A fraction as a percentage when that reads back exactly (0.999 -> "99.9%"),
/// else as a number.
std::string formatPercent(double fraction);

} // namespace scalelab::scenarios
