#include "canvasexport.h"

#include "charts/chartexport.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSignalBlocker>
#include <QSvgGenerator>

namespace scalelab::gui {

namespace {

void render(QGraphicsScene& scene, QPainter& painter, QSize size)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    const QRect target(QPoint(0, 0), size);
    painter.fillRect(target, Qt::white);
    const QRectF source = scene.itemsBoundingRect().adjusted(-20, -20, 20, 20);
    // Selection outlines are for the editor, not for the picture.
    const QSignalBlocker quiet(&scene); // the selection is back as it was before anyone could look
    const auto selected = scene.selectedItems();
    for (auto* item : selected)
        item->setSelected(false);
    scene.render(&painter, target, source, Qt::KeepAspectRatio);
    for (auto* item : selected)
        item->setSelected(true);
}

} // namespace

bool exportCanvas(QGraphicsScene& scene, const QString& path, const QString& format, QSize size, QString* error)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (size.width() <= 0 || size.height() <= 0)
        return fail(QString("the size must be positive (got %1x%2)").arg(size.width()).arg(size.height()));
    if (format == "png") {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter painter(&image);
            render(scene, painter, size);
        }
        return image.save(path, "PNG") || fail("cannot write " + path);
    }
    if (format == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle("ScaleLab canvas");
        QPainter painter;
        if (!painter.begin(&svg))
            return fail("cannot write " + path);
        render(scene, painter, size);
        return (painter.end() && charts::sizeSvgInPixels(path, size.width(), size.height())) ||
               fail("cannot write " + path);
    }
    return fail("unknown canvas format '" + format + "': use png or svg");
}

} // namespace scalelab::gui
