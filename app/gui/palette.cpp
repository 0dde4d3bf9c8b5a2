#include "palette.h"

#include "canvasscene.h"

#include "models/kinds/kind.h"

#include <QMimeData>

namespace scalelab::gui {

QIcon kindIcon(scenarios::ComponentKind kind)
{
    return QIcon(QString::fromStdString(models::kindOf(kind).icon()));
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
        auto* item = new QListWidgetItem(kindIcon(kind), kindLabel(kind), this);
        item->setData(Qt::UserRole, int(kind));
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
