#include "charts/chartview.h"

#include <QToolTip>

#include <cmath>

namespace scalelab::charts {

ChartView::ChartView(QWidget* parent) : QCustomPlot(parent)
{
    setMouseTracking(true);
    // Live charts replot up to ten times a second: polylines in one call.
    setPlottingHint(QCP::phFastPolylines, true);
    setMinimumSize(320, 220);
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
