#include "edgeitem.h"

#include "componentitem.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace scalelab::gui {

namespace {

// Where the segment from the centre to `toward` leaves a w x h box centred at `c`.
QPointF boxExit(QPointF c, QPointF toward, double w, double h)
{
    const QPointF d = toward - c;
    if (d.isNull())
        return c;
    const double sx = d.x() != 0 ? (w / 2) / std::abs(d.x()) : 1e9;
    const double sy = d.y() != 0 ? (h / 2) / std::abs(d.y()) : 1e9;
    return c + d * std::min(sx, sy);
}

} // namespace

EdgeItem::EdgeItem(ComponentItem* from, ComponentItem* to) : m_from(from), m_to(to)
{
    setFlags(ItemIsSelectable);
    setZValue(0);
    from->addEdge(this);
    to->addEdge(this);
    adjust();
}

void EdgeItem::adjust()
{
    prepareGeometryChange();
    const QPointF a = m_from->pos();
    const QPointF b = m_to->pos();
    m_tail = boxExit(a, b, ComponentItem::kWidth + 4, ComponentItem::kHeight + 4);
    m_head = boxExit(b, a, ComponentItem::kWidth + 8, ComponentItem::kHeight + 8);
    QPainterPath p(m_tail);
    p.lineTo(m_head);
    setPath(p);
}

void EdgeItem::setLabel(const QString& label)
{
    m_label = label;
    update();
}

QRectF EdgeItem::boundingRect() const
{
    return QGraphicsPathItem::boundingRect().adjusted(-40, -20, 40, 20);
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;
    const QColor colour = selected ? QColor(0x19, 0x76, 0xd2) : QColor(0x60, 0x7d, 0x8b);
    painter->setPen(QPen(colour, selected ? 2.5 : 1.6));
    painter->drawLine(m_tail, m_head);
    const QPointF d = m_head - m_tail;
    const double len = std::hypot(d.x(), d.y());
    if (len < 1)
        return;
    const QPointF u = d / len;
    const QPointF n(-u.y(), u.x());
    QPolygonF arrow;
    arrow << m_head << m_head - u * 10 + n * 5 << m_head - u * 10 - n * 5;
    painter->setBrush(colour);
    painter->drawPolygon(arrow);
    if (!m_label.isEmpty()) {
        const QPointF mid = (m_tail + m_head) / 2;
        QFont f = painter->font();
        f.setPointSizeF(8);
        painter->setFont(f);
        const QRectF r = painter->fontMetrics().boundingRect(m_label).adjusted(-3, -1, 3, 1);
        const QRectF placed = r.translated(mid - r.center());
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(255, 255, 255, 220));
        painter->drawRoundedRect(placed, 3, 3);
        painter->setPen(QColor(0x26, 0x32, 0x38));
        painter->drawText(placed, Qt::AlignCenter, m_label);
    }
}

} // namespace scalelab::gui
