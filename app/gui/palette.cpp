#include "palette.h"

#include "canvasscene.h"

#include <QMimeData>

namespace scalelab::gui {

QIcon kindIcon(scenarios::ComponentKind kind)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QString::fromUtf8(scenarios::kindName(kind).data())));
}

QString kindLabel(scenarios::ComponentKind kind)
{
    return QString::fromUtf8(scenarios::kindName(kind).data()).replace('_', ' ');
}

Palette::Palette(QWidget* parent) : QListWidget(parent)
{
    setDragEnabled(true);
    setDragDropMode(DragOnly);
    setIconSize(QSize(28, 28));
    setSpacing(2);
    for (std::size_t i = 0; i < scenarios::kindNames().size(); ++i) {
        const auto kind = scenarios::ComponentKind(i);
        auto* item = new QListWidgetItem(kindIcon(kind), kindLabel(kind), this);
        item->setData(Qt::UserRole, int(i));
        item->setToolTip(tr("Drag onto the canvas to add a %1").arg(kindLabel(kind)));
    }
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit kindActivated(scenarios::ComponentKind(item->data(Qt::UserRole).toInt()));
    });
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
