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

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QCPItemTracer* m_tracer = nullptr;
};

} // namespace scalelab::charts
