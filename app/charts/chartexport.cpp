#include "chartexport.h"

#include <qcustomplot.h>

#include <QFile>
#include <QRegularExpression>
#include <QSvgGenerator>

namespace scalelab::charts {

namespace {

/// QSvgGenerator sizes the document in millimetres at its resolution; a chart
/// is sized in pixels (CSS px), as a browser or a slide should show it.
bool sizeSvgInPixels(const QString& path, int width, int height)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QByteArray svg = file.readAll();
    file.close();
    static const QRegularExpression size(R"(<svg width="[^"]*" height="[^"]*")");
    const QString replacement = QString(R"(<svg width="%1" height="%2")").arg(width).arg(height);
    QString text = QString::fromUtf8(svg);
    const QRegularExpressionMatch m = size.match(text);
    if (!m.hasMatch())
        return false;
    text.replace(m.capturedStart(), m.capturedLength(), replacement);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(text.toUtf8()) > 0;
}

} // namespace

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
        ok = ok && sizeSvgInPixels(path, width, height);
        break;
    }
    }
    if (!ok && error)
        *error = "cannot write " + path;
    return ok;
}

} // namespace scalelab::charts
