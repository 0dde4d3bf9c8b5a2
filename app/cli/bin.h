#pragma once

#include "models/system.h"
#include "simcore/metrics.h"

#include <string>
#include <vector>

namespace scalelab::cli {

/// One time bin of a run: its metric frame and the component gauges at its end.
struct Bin
{
    sim::MetricFrame frame;
    std::vector<models::Gauge> gauges;
};

/// A bin as one line of JSON: sim::frameToJson's fields ("type": "frame", ...)
/// plus "gauges": [{"component", "name", "value"}...]. The `frame` lines of
/// `run --stream` (docs/stream.md); numbers at full precision.
/// With `breakers`, also "breakers": [{"caller", "target", "state"}...].
std::string binToJson(const sim::MetricFrame& frame, const std::vector<models::Gauge>& gauges,
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
