#pragma once

#include "import/traces.h"
#include "models/tracesink.h"
#include "scenarios/study.h"
#include "simcore/histogram.h"

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace scalelab::import {

class OtlpWriter;

/// Response-time figures of an operation or a component.
struct CalibrationFigures
{
    std::uint64_t count = 0;
    double mean = 0.0;       ///< s
    double p50 = 0.0;        ///< s
    double p99 = 0.0;        ///< s
    double throughput = 0.0; ///< per s over the period
};

/// The figures a calibration compares, summed up from traces: per operation
/// (root span name) the root spans' durations; per component the SERVER
/// spans of a service, and the CLIENT spans of a database or an external
/// (calls no server span answers). Latencies go to log-bucketed histograms.
class CalibrationStats
{
public:
    /// Adds the spans of whole traces (grouped here by trace id); a trace
    /// without exactly one root adds nothing.
    void add(const std::vector<Span>& spans);
    /// The figures, throughput over `period` s.
    std::map<std::string, CalibrationFigures> operations(double period) const;
    std::map<std::string, CalibrationFigures> components(double period) const;

private:
    std::map<std::string, sim::LatencyHistogram> m_operations, m_components;
};

/// A trace sink that sums a run's traces up as CalibrationStats, through the
/// same OTLP spans `run --trace-out` writes, so simulated and observed
/// figures are read the same way.
class CalibrationSink : public models::TraceSink
{
public:
    CalibrationSink(const scenarios::Study& study, const scenarios::Variant& variant, std::uint64_t seed);
    ~CalibrationSink() override;
    void onTrace(const models::TraceRecord& trace) override;
    const CalibrationStats& stats() const { return m_stats; }

private:
    std::ostringstream m_buffer;
    std::unique_ptr<OtlpWriter> m_writer;
    CalibrationStats m_stats;
};

/// Figures of several runs as one: counts and throughputs added and
/// averaged, the mean weighted by counts, p50 and p99 averaged.
std::map<std::string, CalibrationFigures> pooledFigures(const std::vector<std::map<std::string, CalibrationFigures>>& runs);

/// Figures as one JSON object {"operations": {name: {...}}, "components": {...}} and back.
std::string figuresToJson(const std::map<std::string, CalibrationFigures>& operations,
                          const std::map<std::string, CalibrationFigures>& components);
void figuresFromJson(const std::string& json, std::map<std::string, CalibrationFigures>& operations,
                     std::map<std::string, CalibrationFigures>& components);

} // namespace scalelab::import
