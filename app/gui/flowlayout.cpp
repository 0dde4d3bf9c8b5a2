#include "flowlayout.h"

#include <QWidget>

#include <algorithm>

namespace scalelab::gui {

FlowLayout::FlowLayout(QWidget* parent) : QLayout(parent) {}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem* item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem* item)
{
    m_items.append(item);
}

QLayoutItem* FlowLayout::takeAt(int index)
{
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem* item : m_items)
        size = size.expandedTo(item->minimumSize());
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const
{
    // All on one row.
    int width = 0, height = 0, shown = 0;
    for (const QLayoutItem* item : m_items) {
        if (item->isEmpty())
            continue;
        width += item->sizeHint().width();
        height = std::max(height, item->sizeHint().height());
        ++shown;
    }
    const QMargins m = contentsMargins();
    return {width + std::max(0, shown - 1) * std::max(0, spacing()) + m.left() + m.right(),
            height + m.top() + m.bottom()};
}

void FlowLayout::setGeometry(const QRect& rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::arrange(const QRect& rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int gap = std::max(0, spacing());
    int x = area.x(), y = area.y(), rowHeight = 0;
    // Rows first (which item starts a new row), then each row placed at its height.
    struct Placed
    {
        QLayoutItem* item;
        int x, y, width;
    };
    QList<Placed> placed;
    QList<int> rowHeights;
    int row = 0;
    for (int i = 0; i < m_items.size(); ++i) {
        QLayoutItem* item = m_items[i];
        if (item->isEmpty())
            continue;
        const QSize hint = item->sizeHint();
        const int width = i == m_stretch ? std::max(item->minimumSize().width(), 0) : hint.width();
        if (x > area.x() && x + width > area.right() + 1) {
            rowHeights.append(rowHeight);
            y += rowHeight + gap;
            x = area.x();
            rowHeight = 0;
            ++row;
        }
        placed.append({item, x, row, width});
        x += width + gap;
        rowHeight = std::max(rowHeight, hint.height());
    }
    rowHeights.append(rowHeight);
    if (apply) {
        QList<int> rowTops;
        int top = area.y();
        for (int h : std::as_const(rowHeights)) {
            rowTops.append(top);
            top += h + gap;
        }
        for (int i = 0; i < placed.size(); ++i) {
            const Placed& p = placed[i];
            const bool lastOfRow = i + 1 == placed.size() || placed[i + 1].y != p.y;
            // The stretching item takes the rest of its row.
            const int width = p.item == m_items.value(m_stretch) && lastOfRow ? area.right() + 1 - p.x : p.width;
            p.item->setGeometry(QRect(p.x, rowTops[p.y], std::max(0, width), rowHeights[p.y]));
        }
    }
    return y + rowHeight - rect.y() + contentsMargins().bottom();
}

} // namespace scalelab::gui
