#pragma once

#include <QLayout>
#include <QList>

namespace scalelab::gui {

/// A row of widgets that wraps onto further rows when the width runs out
/// (a panel's buttons): its minimum width is its widest item's, so the row
/// never sets the width of what holds it; its height follows its width.
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget* parent = nullptr);
    ~FlowLayout() override;

    /// The item at `index` stretches to the end of its row (a status text).
    void setStretchItem(int index) { m_stretch = index; }

    void addItem(QLayoutItem* item) override;
    int count() const override { return int(m_items.size()); }
    QLayoutItem* itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return arrange(QRect(0, 0, width, 0), false); }
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    /// Places the items in `rect` (when `apply`); returns the height they take.
    int arrange(const QRect& rect, bool apply) const;

    QList<QLayoutItem*> m_items;
    int m_stretch = -1;
};

} // namespace scalelab::gui
