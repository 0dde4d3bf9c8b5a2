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

/// Draws a standard chart on a QCustomPlot for one run (its lines in distinct
/// colours) or several (one colour per variant, overlaid on the same axes):
/// title, axis labels with units, the legend below the plot, the warm-up
/// shaded, fault and scaling events as labelled vertical lines. Drawing again
/// replaces everything (cheap enough for live updates: a few hundred points).
class ChartBuilder
{
public:
    /// `pointSize`: the base font size (axis labels; ticks and legend one
    /// point smaller, the title three larger).
    explicit ChartBuilder(int pointSize = 10);

    void draw(QCustomPlot& plot, ChartKind kind, const std::vector<const RunSeries*>& runs) const;

private:
    int m_pointSize;
};

} // namespace scalelab::charts
