#include "edgeitem.h"

#include "componentitem.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
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

void EdgeItem::setTraffic(const std::optional<EdgeTraffic>& traffic)
{
    prepareGeometryChange(); // the label's size changes
    m_traffic = traffic;
    setZValue(traffic ? 2 : 0); // a label stays readable over the boxes it passes
    QString label;
    if (traffic) {
        const double calls = traffic->calls;
        label = QStringLiteral("%1/s").arg(calls, 0, 'f', calls < 10 ? 1 : 0);
        if (traffic->retries > 0 && calls > traffic->retries)
            label += QStringLiteral(" ×%1").arg(calls / (calls - traffic->retries), 0, 'f', 2); // retry amplification
        if (traffic->failed > 0 && calls > 0)
            label += QStringLiteral(" · %1% failed").arg(100.0 * traffic->failed / calls, 0, 'f', 1);
        if (traffic->shortCircuited > 0) // the breaker is open: calls refused before they are made
            label += QStringLiteral(" · %1/s cut off").arg(traffic->shortCircuited, 0, 'f', traffic->shortCircuited < 10 ? 1 : 0);
    }
    setLabel(label);
}

QColor EdgeItem::lineColor() const
{
    const double wanted = m_traffic ? m_traffic->calls + m_traffic->shortCircuited : 0.0;
    if (wanted <= 0)
        return QColor(0x60, 0x7d, 0x8b);
    const QColor flowing(0x1e, 0x88, 0xe5), red(0xe5, 0x39, 0x35);
    // The caller sees a short-circuited call fail (fast).
    const double failedShare = (m_traffic->failed + m_traffic->shortCircuited) / wanted;
    if (failedShare <= 0)
        return flowing;
    // Any failure shows: halfway to red at once, fully red from 20% failed.
    const double t = std::min(1.0, 0.5 + 0.5 * failedShare / 0.2);
    return QColor::fromRgbF(float(flowing.redF() + (red.redF() - flowing.redF()) * t),
                            float(flowing.greenF() + (red.greenF() - flowing.greenF()) * t),
                            float(flowing.blueF() + (red.blueF() - flowing.blueF()) * t));
}

double EdgeItem::lineWidth() const
{
    if (!m_traffic || m_traffic->calls <= 0 || m_traffic->busiest <= 0)
        return 1.6;
    // Area-like scaling: a tenth of the busiest edge's traffic is about a third as wide.
    return 1.6 + 6.4 * std::sqrt(std::min(1.0, m_traffic->calls / m_traffic->busiest));
}

void EdgeItem::setLook(const EdgeLook& look)
{
    prepareGeometryChange();
    m_look = look;
    update();
}

void EdgeItem::setAvoid(const QList<QRectF>& rects)
{
    prepareGeometryChange();
    m_avoid = rects;
    update();
}

namespace {

QFont badgeFont()
{
    QFont f;
    f.setPointSizeF(7.5);
    return f;
}

/// The side of a line its traffic label takes: above it, or right of a vertical one.
QPointF labelSideOf(QPointF n)
{
    return n.y() > 0 || (std::abs(n.y()) < 1e-9 && n.x() < 0) ? -n : n;
}

} // namespace

QRectF EdgeItem::badgeRect() const
{
    const QPointF d = m_head - m_tail;
    const double len = std::hypot(d.x(), d.y());
    if (m_look.badges.isEmpty() || len < 1)
        return {};
    const QPointF u = d / len;
    const QPointF n(-u.y(), u.x());
    const QRectF r = QFontMetricsF(badgeFont()).boundingRect(m_look.badges.join(QStringLiteral(" · "))).adjusted(-4, -1, 4, 1);
    const double width = lineWidth();
    // The other side of the line from the traffic label first, from the middle outwards.
    QRectF first;
    for (const QPointF side : {-labelSideOf(n), labelSideOf(n)})
        for (const double t : {0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85}) {
            const double away = std::abs(side.x()) * r.width() / 2 + std::abs(side.y()) * r.height() / 2 + width / 2 + 3;
            const QRectF placed = r.translated(m_tail + d * t + side * away - r.center());
            if (first.isNull())
                first = placed;
            if (std::none_of(m_avoid.begin(), m_avoid.end(), [&](const QRectF& a) { return a.intersects(placed); }))
                return placed;
        }
    return first;
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker band;
    band.setWidth(14);
    return band.createStroke(path());
}

QRectF EdgeItem::boundingRect() const
{
    // The label beside the line, the badges where they are placed.
    return QGraphicsPathItem::boundingRect().adjusted(-200, -40, 200, 40).united(badgeRect());
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;
    const QColor colour = selected ? QColor(0x19, 0x76, 0xd2) : lineColor();
    const double width = selected ? std::max(2.5, lineWidth()) : lineWidth();
    const QPointF d = m_head - m_tail;
    const double len = std::hypot(d.x(), d.y());
    if (len < 1)
        return;
    const QPointF u = d / len;
    const QPointF n(-u.y(), u.x());
    const double head = 9 + 1.5 * width; // the arrowhead stays visible on a wide line
    // The line stops inside the arrowhead so a wide line keeps its point.
    painter->setPen(QPen(colour, width, m_look.miss ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap));
    painter->drawLine(m_tail, m_head - u * (head * 0.6));
    QPolygonF arrow;
    arrow << m_head << m_head - u * head + n * (head / 2) << m_head - u * head - n * (head / 2);
    painter->setPen(QPen(colour, 1));
    painter->setBrush(colour);
    painter->drawPolygon(arrow);
    // The policy's badges (badgeRect: clear of the zones' labels).
    if (!m_look.badges.isEmpty()) {
        painter->setFont(badgeFont());
        const QString text = m_look.badges.join(QStringLiteral(" · "));
        const QRectF placed = badgeRect();
        painter->setPen(QPen(QColor(0x78, 0x90, 0x9c), 0.8));
        painter->setBrush(QColor(0xff, 0xf8, 0xe1, 235));
        painter->drawRoundedRect(placed, 6, 6);
        painter->setPen(QColor(0x4e, 0x34, 0x2e));
        painter->drawText(placed, Qt::AlignCenter, text);
    }
    if (!m_label.isEmpty()) {
        QFont f = painter->font();
        f.setPointSizeF(8);
        painter->setFont(f);
        const QRectF r = painter->fontMetrics().boundingRect(m_label).adjusted(-3, -1, 3, 1);
        // Beside the line (above it, or right of a vertical one) so that the
        // line's width and colour stay visible on a short edge.
        const QPointF side = labelSideOf(n);
        const double away = std::abs(side.x()) * r.width() / 2 + std::abs(side.y()) * r.height() / 2 + width / 2 + 2;
        const QPointF mid = (m_tail + m_head) / 2 + side * away;
        const QRectF placed = r.translated(mid - r.center());
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(255, 255, 255, 220));
        painter->drawRoundedRect(placed, 3, 3);
        const bool failing = m_traffic && (m_traffic->failed > 0 || m_traffic->shortCircuited > 0);
        painter->setPen(failing ? QColor(0xc6, 0x28, 0x28) : QColor(0x26, 0x32, 0x38));
        painter->drawText(placed, Qt::AlignCenter, m_label);
    }
}

} // namespace scalelab::gui
