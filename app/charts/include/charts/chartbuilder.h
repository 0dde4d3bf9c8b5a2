#pragma once

#include "charts/runseries.h"

#include <QString>

#include <vector>

class QCustomPlot;

namespace scalelab::charts {

/// The standard charts of a run (docs/charts.md).
enum class ChartKind {
    Latency,     ///< p50/p95/p99/p99.9 of successful requests, ms
    Throughput,  ///< completions/s, with the offered load (arrivals/s)
    Errors,      ///< errors/s and rejections/s
    Utilization, ///< CPU utilization per component, %
    Queue,       ///< waiting requests per component
    Instances,   ///< serving instances per component
    Cost,        ///< USD since the start (when the frames carry it)
};

/// Every chart kind, in the order the GUI's tabs and the exports list them.
const std::vector<ChartKind>& allChartKinds();
/// "latency", "throughput", ...: file names and ids.
QString chartId(ChartKind kind);
/// "Latency percentiles", ...: the chart's title.
QString chartTitle(ChartKind kind);
/// The unit of the chart's values as shown on its axis and in tooltips ("ms", "requests/s", "%", ...).
QString chartUnit(ChartKind kind);
/// Whether any of the runs has data for the chart (cost needs `cost` in the frames).
bool chartHasData(ChartKind kind, const std::vector<const RunSeries*>& runs);

/// A stretch of time the study shapes on purpose (a spike, a ramp): shaded on every chart.
struct ChartBand
{
    double from = 0.0; ///< s
    double to = 0.0;   ///< s
    QString label;     ///< "spike x6"
    bool ramp = false; ///< the rate is changing: shaded lighter
};

/// What the study says beyond the frames: the SLO and the traffic's shape.
struct ChartAnnotations
{
    double sloP99 = 0.0; ///< s; > 0: a threshold line on the latency chart
    std::vector<ChartBand> bands;
};

/// Draws a standard chart on a QCustomPlot for one run (its lines in distinct
/// colours) or several (a colour family per variant, a shade per line, overlaid on the same axes):
/// title, axis labels with units, the legend below the plot, the warm-up
/// shaded, fault and scaling events as labelled vertical lines. Drawing again
/// replaces everything (cheap enough for live updates: a few hundred points).
class ChartBuilder
{
public:
    /// `pointSize`: the base font size (axis labels; ticks and legend one
    /// point smaller, the title three larger).
    explicit ChartBuilder(int pointSize = 10);

    void setAnnotations(const ChartAnnotations& annotations) { m_annotations = annotations; }
    /// Latency on a logarithmic axis (spikes of seconds next to milliseconds).
    void setLogLatency(bool log) { m_logLatency = log; }

    /// Event labels are laid out horizontally at the top of the plot, in as
    /// many rows as needed so that no two overlap (measured text widths at the
    /// plot's current size); the y range grows to keep the data below them.
    void draw(QCustomPlot& plot, ChartKind kind, const std::vector<const RunSeries*>& runs) const;

private:
    int m_pointSize;
    ChartAnnotations m_annotations;
    bool m_logLatency = false;
};

} // namespace scalelab::charts
