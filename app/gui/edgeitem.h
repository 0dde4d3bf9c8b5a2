#pragma once

#include <QGraphicsPathItem>
#include <QList>
#include <QRectF>
#include <QStringList>

#include <optional>

namespace scalelab::gui {

class ComponentItem;

/// What a run shows on an edge (the latest stream frame), per second.
struct EdgeTraffic
{
    double calls = 0.0;   ///< calls made, retries included
    double retries = 0.0; ///< of which retries
    double failed = 0.0;  ///< calls that ended in an error or were refused
    double shortCircuited = 0.0; ///< calls not made: the caller's breaker open or bulkhead full
    double busiest = 0.0; ///< calls/s on the variant's busiest edge: scales the line width
};

/// What an arrow shows of its calls' policy (Document::connections).
struct EdgeLook
{
    bool miss = false;     ///< made on a cache miss: drawn dashed
    QStringList badges;    ///< "timeout 2s", "retries 3", "breaker", "bulkhead 20", "async", "parallel", "30%"
};

/// A call edge on the canvas: an arrow from the caller to the callee (the union
/// of the variant's routes), selectable, with badges for its calls' policy.
/// During a run its width follows the callee's load.
class EdgeItem : public QGraphicsPathItem
{
public:
    enum { Type = UserType + 2 };
    EdgeItem(ComponentItem* from, ComponentItem* to);
    int type() const override { return Type; }
    ComponentItem* from() const { return m_from; }
    ComponentItem* to() const { return m_to; }
    /// Follows the two items.
    void adjust();
    /// A label on the edge (traffic during a run); empty: none.
    void setLabel(const QString& label);
    QString label() const { return m_label; }
    /// Live traffic (label, width, colour); nullopt clears it.
    void setTraffic(const std::optional<EdgeTraffic>& traffic);
    const std::optional<EdgeTraffic>& traffic() const { return m_traffic; }
    void setLook(const EdgeLook& look);
    const EdgeLook& look() const { return m_look; }
    /// Rectangles the badges keep clear of (the zone areas' labels), scene units.
    void setAvoid(const QList<QRectF>& rects);
    /// Where the badges are drawn (scene units): beside the middle of the line,
    /// or further along it, or on its other side, where they cover none of
    /// the rectangles to avoid; null without badges.
    QRectF badgeRect() const;
    /// The line's colour now: grey at rest, blue with traffic, towards red with failed calls.
    QColor lineColor() const;
    /// The line's width now, px.
    double lineWidth() const;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    QRectF boundingRect() const override;
    /// A band along the line, wide enough to click.
    QPainterPath shape() const override;

private:
    ComponentItem* m_from;
    ComponentItem* m_to;
    QString m_label;
    std::optional<EdgeTraffic> m_traffic;
    EdgeLook m_look;
    QList<QRectF> m_avoid;
    QPointF m_head;
    QPointF m_tail;
};

} // namespace scalelab::gui
