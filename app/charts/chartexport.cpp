#include "chartexport.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QSvgGenerator>

namespace scalelab::charts {

std::optional<ExportFormat> exportFormatFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == "png")
        return ExportFormat::Png;
    if (n == "pdf")
        return ExportFormat::Pdf;
    if (n == "svg")
        return ExportFormat::Svg;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png: return "png";
    case ExportFormat::Pdf: return "pdf";
    case ExportFormat::Svg: return "svg";
    }
    return {};
}

bool exportChart(QCustomPlot& plot, const QString& path, ExportFormat format, int width, int height, QString* error)
{
    if (width <= 0 || height <= 0) {
        if (error)
            *error = QString("the size must be positive (got %1x%2)").arg(width).arg(height);
        return false;
    }
    bool ok = false;
    switch (format) {
    case ExportFormat::Png:
        ok = plot.savePng(path, width, height, 1.0);
        break;
    case ExportFormat::Pdf:
        ok = plot.savePdf(path, width, height, QCP::epNoCosmetic, "ScaleLab", plot.windowTitle());
        break;
    case ExportFormat::Svg: {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(plot.windowTitle());
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot.toPainter(&painter, width, height);
            ok = painter.end();
        }
        ok = ok && QFileInfo(path).size() > 0;
        break;
    }
    }
    if (!ok && error)
        *error = "cannot write " + path;
    return ok;
}

} // namespace scalelab::charts
