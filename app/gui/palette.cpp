#include "palette.h"

#include "canvasscene.h"
#include "theme.h"

#include "models/kinds/kind.h"

#include <QEvent>
#include <QMimeData>
#include <QPainter>

namespace scalelab::gui {

QIcon kindIcon(scenarios::ComponentKind kind)
{
    return QIcon(QString::fromStdString(models::kindOf(kind).icon()));
}

QIcon legibleKindIcon(scenarios::ComponentKind kind, QSize size)
{
    const QIcon icon = kindIcon(kind);
    if (!theme::isDark())
        return icon;
    QIcon tiled;
    for (const qreal scale : {1.0, 2.0}) {
        QPixmap tile(size * scale);
        tile.setDevicePixelRatio(scale);
        tile.fill(Qt::transparent);
        QPainter p(&tile);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xec, 0xef, 0xf1));
        p.drawRoundedRect(QRectF(QPointF(0, 0), QSizeF(size)), 5, 5);
        const QSize inner = size - QSize(6, 6);
        p.drawPixmap(QPoint(3, 3), icon.pixmap(inner, scale));
        p.end();
        tiled.addPixmap(tile);
    }
    return tiled;
}

QString kindLabel(scenarios::ComponentKind kind)
{
    return QString::fromStdString(models::kindOf(kind).label());
}

Palette::Palette(QWidget* parent) : QListWidget(parent)
{
    setDragEnabled(true);
    setDragDropMode(DragOnly);
    setIconSize(QSize(28, 28));
    setSpacing(2);
    for (const models::Kind* module : models::allKinds()) {
        const auto kind = module->id();
        auto* item = new QListWidgetItem(kindLabel(kind), this);
        item->setData(Qt::UserRole, int(kind));
        item->setToolTip(tr("Drag onto the canvas to add a %1").arg(kindLabel(kind)));
    }
    setIcons();
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit kindActivated(scenarios::ComponentKind(item->data(Qt::UserRole).toInt()));
    });
}

void Palette::setIcons()
{
    m_dark = theme::isDark();
    for (int i = 0; i < count(); ++i)
        item(i)->setIcon(legibleKindIcon(scenarios::ComponentKind(item(i)->data(Qt::UserRole).toInt()), iconSize()));
}

void Palette::changeEvent(QEvent* event)
{
    QListWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && theme::isDark() != m_dark)
        setIcons();
}

QMimeData* Palette::kindMime(scenarios::ComponentKind kind)
{
    auto* mime = new QMimeData;
    mime->setData(CanvasScene::kKindMime, QByteArray(scenarios::kindName(kind).data()));
    return mime;
}

QStringList Palette::mimeTypes() const
{
    return {CanvasScene::kKindMime};
}

QMimeData* Palette::mimeData(const QList<QListWidgetItem*>& items) const
{
    if (items.isEmpty())
        return nullptr;
    return kindMime(scenarios::ComponentKind(items.front()->data(Qt::UserRole).toInt()));
}

} // namespace scalelab::gui
