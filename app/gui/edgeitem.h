#pragma once

#include <QGraphicsPathItem>

namespace scalelab::gui {

class ComponentItem;

/// A call edge on the canvas: an arrow from the caller to the callee (the union
/// of the variant's routes). During a run its width follows the callee's load.
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
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    QRectF boundingRect() const override;

private:
    ComponentItem* m_from;
    ComponentItem* m_to;
    QString m_label;
    QPointF m_head;
    QPointF m_tail;
};

} // namespace scalelab::gui
