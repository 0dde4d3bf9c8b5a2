#pragma once

#include <QSize>
#include <QString>

namespace scalelab::gui {

class CanvasScene;

/// How a canvas picture is drawn.
struct CanvasPicture
{
    /// The last run's load, faults and traffic instead of the design's colours.
    bool keepRunColours = false;
    /// A band under the drawing naming each kind shown (its icon) and the
    /// notation of connections and zones: for a picture read away from the app.
    bool legend = false;
};

/// The size of a picture `width` wide that draws `scene` at the width's
/// scale: the height shrinks to the drawing's aspect, at most `maxHeight`.
QSize fittedCanvasSize(CanvasScene& scene, int width, int maxHeight, CanvasPicture picture = {});

/// Renders the drawing of `scene` into a `size` PNG (pixels) or SVG (user
/// units = pixels), on white, aspect kept and centred: a title (the study's
/// name and the variant) above the components and connections, each zone of
/// the study a labelled box around the components in it. Components and
/// connections are drawn as designed (no run's load, faults or traffic)
/// unless `picture.keepRunColours`. `format` is "png" or "svg". Returns false
/// and sets *error when the file cannot be written.
bool exportCanvas(CanvasScene& scene, const QString& path, const QString& format, QSize size,
                  QString* error = nullptr, CanvasPicture picture = {});

} // namespace scalelab::gui
