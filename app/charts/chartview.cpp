#include "charts/chartview.h"

#include <QToolTip>

#include <cmath>

namespace scalelab::charts {

ChartView::ChartView(QWidget* parent) : QCustomPlot(parent)
{
    setMouseTracking(true);
    // Live charts replot up to ten times a second: polylines in one call.
    setPlottingHint(QCP::phFastPolylines, true);
    // The plot's least height (kMinPlotHeight) with the title and the axes'
    // labels: the legend goes beside or away rather than take from it.
    setMinimumSize(320, 180);
}

void ChartView::setLive(bool live)
{
    setNotAntialiasedElements(live ? QCP::aeAll : QCP::aeNone);
}

QString ChartView::valuesAt(double time) const
{
    const QString unit = property("scalelabUnit").toString();
    QStringList rows;
    double key = std::nan("");
    for (int i = 0; i < graphCount(); ++i) {
        const QCPGraph* g = graph(i);
        if (!g->visible() || g->data()->isEmpty() || g->property("scalelabBand").isValid())
            continue;
        auto it = g->data()->findBegin(time, true);
        auto next = it + 1;
        if (next != g->data()->constEnd() && std::abs(next->key - time) < std::abs(it->key - time))
            it = next;
        if (std::isnan(key))
            key = it->key;
        const QString value = std::isnan(it->value) ? QString("-") : QString::number(it->value, 'g', 4);
        rows << QString("%1: %2 %3").arg(g->name(), value, unit);
    }
    if (rows.isEmpty())
        return {};
    return QString("t = %1 s\n").arg(key, 0, 'f', 1) + rows.join('\n');
}

void ChartView::rewrapLegend(int columns)
{
    // setWrap alone leaves the entries where they are: lay them out again.
    legend->setWrap(columns);
    legend->setFillOrder(legend->fillOrder(), true);
}

void ChartView::placeLegend()
{
    // ChartBuilder puts the legend centred in a row of its own below the plot
    // (plotLayout row 2); without that row there is nothing to place.
    auto* row = plotLayout()->rowCount() > 2 ? qobject_cast<QCPLayoutGrid*>(plotLayout()->element(2, 0)) : nullptr;
    if (!row)
        return;
    const bool below = legend->layout() == row;
    if (below)
        m_belowWrap = legend->wrap(); // as the last draw set it for the plot's width
    const bool any = legend->itemCount() > 0 && (legend->visible() || m_legendPlace == LegendPlace::Hidden);
    // Put it below to measure it there; the plot's height is what is left.
    if (!below) {
        plotLayout()->take(legend);
        plotLayout()->simplify();
        row->addElement(0, 1, legend);
    }
    rewrapLegend(m_belowWrap);
    legend->setVisible(any);
    m_legendPlace = LegendPlace::Below;
    if (!any)
        return;
    const int title = plotLayout()->element(0, 0) ? plotLayout()->element(0, 0)->minimumOuterSizeHint().height() : 0;
    const int axes = 64; // tick labels and axis title below, the markers' margin above
    const int belowHeight = legend->minimumOuterSizeHint().height();
    if (height() - title - axes - belowHeight >= kMinPlotHeight)
        return;
    // Beside: one column right of the plot, when it fits in the height and
    // leaves the plot a useful width.
    rewrapLegend(1);
    const QSize side = legend->minimumOuterSizeHint();
    if (side.height() <= height() - title - 8 && width() - side.width() >= 260) {
        row->take(legend);
        plotLayout()->addElement(1, 1, legend);
        plotLayout()->setColumnStretchFactor(1, 0.001);
        m_legendPlace = LegendPlace::Beside;
        return;
    }
    rewrapLegend(m_belowWrap);
    legend->setVisible(false);
    m_legendPlace = LegendPlace::Hidden;
}

void ChartView::resizeEvent(QResizeEvent* event)
{
    QCustomPlot::resizeEvent(event);
    placeLegend();
    replot(QCustomPlot::rpQueuedReplot);
}

void ChartView::mouseMoveEvent(QMouseEvent* event)
{
    QCustomPlot::mouseMoveEvent(event);
    const QPointF pos = event->position();
    if (!axisRect() || !axisRect()->rect().contains(pos.toPoint()) || graphCount() == 0) {
        QToolTip::hideText();
        return;
    }
    if (!m_tracer || !hasItem(m_tracer)) {
        m_tracer = new QCPItemTracer(this);
        m_tracer->setStyle(QCPItemTracer::tsCircle);
        m_tracer->setSize(7);
        m_tracer->setSelectable(false);
    }
    const double time = xAxis->pixelToCoord(pos.x());
    m_tracer->setGraph(graph(0));
    m_tracer->setGraphKey(time);
    m_tracer->setPen(graph(0)->pen());
    m_tracer->setVisible(true);
    QToolTip::showText(event->globalPosition().toPoint(), valuesAt(time), this);
    replot(QCustomPlot::rpQueuedReplot);
}

void ChartView::leaveEvent(QEvent* event)
{
    QCustomPlot::leaveEvent(event);
    if (m_tracer && hasItem(m_tracer)) {
        m_tracer->setVisible(false);
        replot(QCustomPlot::rpQueuedReplot);
    }
    QToolTip::hideText();
}

} // namespace scalelab::charts
