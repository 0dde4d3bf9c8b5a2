#pragma once

#include <QSize>
#include <QString>

class QGraphicsScene;

namespace scalelab::gui {

/// Renders the drawing of `scene` (its items' bounding box, with a margin, on
/// white, aspect kept and centred) into a `size` PNG (pixels) or SVG (user
/// units = pixels). `format` is "png" or "svg". Returns false and sets *error
/// when the file cannot be written.
bool exportCanvas(QGraphicsScene& scene, const QString& path, const QString& format, QSize size,
                  QString* error = nullptr);

} // namespace scalelab::gui
