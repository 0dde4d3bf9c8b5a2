#include "componentitem.h"

#include "edgeitem.h"

#include "models/kinds/kind.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QSvgRenderer>

#include <algorithm>
#include <cmath>

namespace scalelab::gui {

namespace {

/// From this utilization at the peak the badge shows it (amber, as a run colours a component from there): little headroom left.
constexpr double kBusyBadge = 0.7;

QString detailOf(const scenarios::Component& c)
{
    return QString::fromStdString(models::kindOf(c.kind).summary(c));
}

} // namespace

QColor utilizationColor(double u)
{
    u = std::clamp(u, 0.0, 1.0);
    // green (0) -> amber (0.7) -> red (1)
    const QColor green(0x66, 0xbb, 0x6a), amber(0xff, 0xb3, 0x00), red(0xe5, 0x39, 0x35);
    auto mix = [](const QColor& a, const QColor& b, double t) {
        return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                                float(a.blueF() + (b.blueF() - a.blueF()) * t));
    };
    return u < 0.7 ? mix(green, amber, u / 0.7) : mix(amber, red, (u - 0.7) / 0.3);
}

ComponentItem::ComponentItem(const scenarios::Component& component, QSvgRenderer* icon)
    : m_name(QString::fromStdString(component.name)), m_detail(detailOf(component)), m_kind(component.kind),
      m_icon(icon)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setZValue(1);
    setToolTip(m_name + "\n" + m_detail);
}

QRectF ComponentItem::boundingRect() const
{
    return QRectF(-kWidth / 2 - 4, -kHeight / 2 - 14, kWidth + 8, kHeight + 36); // the badge above, the queue below
}

QPainterPath ComponentItem::shape() const
{
    QPainterPath p;
    p.addRoundedRect(QRectF(-kWidth / 2, -kHeight / 2, kWidth, kHeight), 8, 8);
    return p;
}

void ComponentItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF box(-kWidth / 2, -kHeight / 2, kWidth, kHeight);
    const bool selected = option->state & QStyle::State_Selected;
    QColor fill = Qt::white;
    if (m_live)
        fill = m_live->failed ? QColor(0x61, 0x61, 0x61) : utilizationColor(m_live->utilization).lighter(150);
    QPen border(selected ? QColor(0x19, 0x76, 0xd2) : QColor(0x90, 0xa4, 0xae), selected ? 2.5 : 1.2);
    if (m_faulty || (m_live && (m_live->failed || m_live->down > 0)))
        border = QPen(QColor(0xd3, 0x2f, 0x2f), 2.5, m_faulty ? Qt::DashLine : Qt::SolidLine);
    painter->setPen(border);
    painter->setBrush(fill);
    painter->drawRoundedRect(box, 8, 8);

    const QRectF iconRect(box.left() + 10, box.top() + (kHeight - 32) / 2, 32, 32);
    if (m_icon)
        m_icon->render(painter, iconRect);
    const QColor ink = m_live && m_live->failed ? Qt::white : QColor(0x26, 0x32, 0x38);
    painter->setPen(ink);
    QFont f = painter->font();
    f.setPointSizeF(10);
    f.setBold(true);
    painter->setFont(f);
    const QRectF text(iconRect.right() + 8, box.top() + 8, box.right() - iconRect.right() - 14, 22);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(m_name, Qt::ElideRight, int(text.width())));
    f.setBold(false);
    f.setPointSizeF(8);
    painter->setFont(f);
    QString detail = m_detail;
    if (m_live) {
        const int percent = int(std::round(m_live->utilization * 100));
        if (m_live->failed)
            detail = tr("FAILED");
        else if (!m_live->host.isEmpty())
            detail = tr("%1% of %2 cpu").arg(percent).arg(m_live->host); // a module: its part of its host's load
        else
            detail = tr("%1% busy").arg(percent);
        if (m_live->instances > 0 || m_live->down > 0)
            detail += tr(" · %1 up").arg(m_live->instances);
        if (m_live->down > 0)
            detail += tr(" · %1 down").arg(m_live->down);
    }
    const QRectF sub(text.left(), text.bottom(), text.width(), 24);
    painter->drawText(sub, Qt::AlignLeft | Qt::AlignTop,
                      painter->fontMetrics().elidedText(detail, Qt::ElideRight, int(sub.width())));
    if (const QString badge = m_live ? QString() : modelBadge(); !badge.isEmpty()) {
        // Over the top right corner: the model's verdict before any run.
        QFont small = painter->font();
        small.setPointSizeF(7.5);
        small.setBold(true);
        painter->setFont(small);
        const QRectF r = painter->fontMetrics().boundingRect(badge).adjusted(-5, -1, 5, 1);
        const QRectF placed = r.translated(QPointF(box.right() - 6 - r.width() / 2, box.top()) - r.center());
        const bool saturated = m_model->utilization >= 1.0;
        const bool busy = m_model->utilization >= kBusyBadge;
        painter->setPen(Qt::NoPen);
        painter->setBrush(saturated ? QColor(0xd3, 0x2f, 0x2f) : busy ? QColor(0xff, 0xa0, 0x00) : QColor(0x54, 0x6e, 0x7a));
        painter->drawRoundedRect(placed, 7, 7);
        painter->setPen(Qt::white);
        painter->drawText(placed, Qt::AlignCenter, badge);
    }
    if (m_live && m_live->queue >= 0.5) {
        // The queue as a bar under the box: one pixel per waiting visit, capped.
        const double len = std::min(kWidth, 4.0 + m_live->queue);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe5, 0x39, 0x35));
        painter->drawRect(QRectF(box.left(), box.bottom() + 4, len, 5));
        painter->setPen(QColor(0x26, 0x32, 0x38));
        painter->drawText(QRectF(box.left(), box.bottom() + 9, kWidth, 14), Qt::AlignLeft | Qt::AlignTop,
                          tr("queue %1").arg(m_live->queue, 0, 'f', m_live->queue < 10 ? 1 : 0));
    }
}

void ComponentItem::setLive(const std::optional<LiveState>& state)
{
    m_live = state;
    update();
}

void ComponentItem::setModel(const std::optional<ModelState>& state)
{
    m_model = state;
    update();
}

QString ComponentItem::modelBadge() const
{
    if (!m_model)
        return {};
    QStringList parts;
    // How far past its capacity where that is linear in the rate (CPU, disk);
    // a worker pool held by calls to a saturated dependency is just full.
    const double past = std::isfinite(m_model->utilization) ? m_model->utilization : m_model->load;
    if (m_model->utilization >= 1.0 && past >= 1.0)
        parts << tr("saturated %1x at peak").arg(past, 0, 'f', past < 10 ? 2 : 0);
    else if (m_model->utilization >= 1.0)
        parts << tr("saturated at peak");
    else if (m_model->utilization >= kBusyBadge)
        parts << tr("%1% at peak").arg(int(std::round(m_model->utilization * 100)));
    if (m_model->hitRatio >= 0)
        parts << tr("hit %1%").arg(int(std::round(m_model->hitRatio * 100)));
    return parts.join(QStringLiteral(" · "));
}

void ComponentItem::setFaulty(bool faulty)
{
    m_faulty = faulty;
    update();
}

QVariant ComponentItem::itemChange(GraphicsItemChange change, const QVariant& value)
{
    if (change == ItemPositionHasChanged)
        for (EdgeItem* e : m_edges)
            e->adjust();
    return QGraphicsObject::itemChange(change, value);
}

} // namespace scalelab::gui
