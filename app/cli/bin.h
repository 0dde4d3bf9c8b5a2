#pragma once

#include "models/system.h"
#include "simcore/metrics.h"

#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// One time bin of a run: its metric frame and the component gauges at its end.
struct Bin
{
    sim::MetricFrame frame;
    std::vector<models::Gauge> gauges;
    std::optional<models::FleetStatus> fleet; ///< instances and cost at the bin's end, when known
};

/// A bin as one line of JSON: sim::frameToJson's fields ("type": "frame", ...)
/// plus "gauges": [{"component", "name", "value"}...]; given the fleet,
/// "cost", "cost_rate" and "components": [{"name", "instances", "booting",
/// "draining", "down"}...]; with `breakers`, "breakers": [{"caller",
/// "target", "state"}...]. The `frame` lines of `run --stream`
/// (docs/stream.md); numbers at full precision.
std::string binToJson(const sim::MetricFrame& frame, const std::vector<models::Gauge>& gauges,
                      const models::FleetStatus* fleet = nullptr,
                      const std::vector<models::BreakerState>* breakers = nullptr);
/// Parses binToJson() output; throws std::invalid_argument when malformed.
Bin binFromJson(const std::string& json);

/// An event as one line of JSON: {"type":"event","time","kind","subject"}, the
/// `event` lines of `run --stream`.
std::string eventToJson(const sim::RunEvent& event);
/// Whether a line of binToJson()/eventToJson() output is an event.
bool isEventJson(const std::string& json);
/// Parses eventToJson() output; throws std::invalid_argument when malformed.
sim::RunEvent eventFromJson(const std::string& json);

} // namespace scalelab::cli
