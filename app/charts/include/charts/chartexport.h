#pragma once

#include <QString>

#include <optional>

class QCustomPlot;

namespace scalelab::charts {

/// The file formats a chart exports to.
enum class ExportFormat { Png, Pdf, Svg };

/// "png", "pdf", "svg" (case-insensitive) -> the format; nullopt otherwise.
std::optional<ExportFormat> exportFormatFromName(const QString& name);
/// "png", "pdf", "svg": the file extension.
QString exportFormatName(ExportFormat format);

/// Renders `plot` at width x height into `path`: PNG pixels, a PDF page of
/// width x height points (byte-identical for the same chart: a fixed creation
/// date, 2000-01-01), or an SVG of width x height user units. Returns
/// false and sets *error when the file cannot be written.
bool exportChart(QCustomPlot& plot, const QString& path, ExportFormat format, int width, int height,
                 QString* error = nullptr);

/// Rewrites the width and height of the SVG file at `path` (QSvgGenerator
/// writes millimetres) as width x height pixels; false when it cannot.
bool sizeSvgInPixels(const QString& path, int width, int height);

} // namespace scalelab::charts
