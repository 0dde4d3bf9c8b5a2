#pragma once

#include <QSize>
#include <QString>

namespace scalelab::gui {

class CanvasScene;

/// Renders the drawing of `scene` into a `size` PNG (pixels) or SVG (user
/// units = pixels), on white, aspect kept and centred: a title (the study's
/// name and the variant) above the components and connections, each zone of
/// the study a labelled box around the components in it. Components and
/// connections are drawn as designed (no run's load, faults or traffic)
/// unless `keepRunColours`. `format` is "png" or "svg". Returns false and
/// sets *error when the file cannot be written.
bool exportCanvas(CanvasScene& scene, const QString& path, const QString& format, QSize size,
                  QString* error = nullptr, bool keepRunColours = false);

} // namespace scalelab::gui
