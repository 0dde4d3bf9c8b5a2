#pragma once

#include <qcustomplot.h>

namespace scalelab::charts {

/// A QCustomPlot that shows the values under the mouse: a tracer on the
/// nearest frame and a tooltip with every line's value at that time.
class ChartView : public QCustomPlot
{
    Q_OBJECT
public:
    explicit ChartView(QWidget* parent = nullptr);

    /// The tooltip text for simulated time `time` (s): the nearest frame's
    /// time and each visible line's value with the chart's unit; empty when
    /// the chart has no data.
    QString valuesAt(double time) const;

    /// While a run streams, replots skip antialiasing (about 4x faster at
    /// 1200x700); the finished chart, and every export, is antialiased.
    void setLive(bool live);

    /// Where the legend is: below the plot, beside it (one column), or hidden.
    enum class LegendPlace { Below, Beside, Hidden };
    /// The plot area keeps at least this height (px) whatever the legend.
    static constexpr int kMinPlotHeight = 110;
    /// Puts the legend where the plot keeps kMinPlotHeight: below it while it
    /// fits there, else beside it, else hidden (the tooltip still names every
    /// line's value). Call after ChartBuilder::draw; a resize calls it too.
    void placeLegend();
    LegendPlace legendPlace() const { return m_legendPlace; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QCPItemTracer* m_tracer = nullptr;
    void rewrapLegend(int columns);
    LegendPlace m_legendPlace = LegendPlace::Below;
    int m_belowWrap = 1; // the legend's columns below the plot, as ChartBuilder set them
};

} // namespace scalelab::charts
