#include "charts/chartexport.h"

#include <qcustomplot.h>

#include <QFile>
#include <QHashSeed>
#include <QRegularExpression>
#include <QSvgGenerator>

namespace scalelab::charts {

namespace {

/// Qt stamps a PDF with the time of writing (/CreationDate): replace it, in
/// place and at the same length (the cross-reference table holds byte
/// offsets), by a fixed date, so that the same chart gives the same bytes.
bool fixPdfCreationDate(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    QByteArray pdf = file.readAll();
    static const QRegularExpression date(R"(/CreationDate \(D:(\d{14})([^)]*)\))");
    const QRegularExpressionMatch m = date.match(QString::fromLatin1(pdf));
    if (!m.hasMatch())
        return true; // nothing to fix
    QByteArray zone = m.captured(2).toLatin1();
    for (char& c : zone)
        if (c >= '0' && c <= '9')
            c = '0';
    pdf.replace(m.capturedStart(1), m.capturedLength(1) + m.capturedLength(2), "20000101000000" + zone);
    return file.seek(0) && file.write(pdf) == pdf.size();
}

/// Qt's PDF engine keeps its fonts in a QHash, whose iteration order (the
/// order of the font objects in the file) follows the process's random hash
/// seed: fix the seed while the PDF is written.
class DeterministicHashes
{
public:
    DeterministicHashes() : m_wasRandom(std::size_t(QHashSeed::globalSeed()) != 0)
    {
        QHashSeed::setDeterministicGlobalSeed();
    }
    ~DeterministicHashes()
    {
        if (m_wasRandom)
            QHashSeed::resetRandomGlobalSeed();
    }
    DeterministicHashes(const DeterministicHashes&) = delete;
    DeterministicHashes& operator=(const DeterministicHashes&) = delete;

private:
    bool m_wasRandom;
};

} // namespace

// QSvgGenerator sizes the document in millimetres at its resolution; a chart
// is sized in pixels (CSS px), as a browser or a slide should show it.
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
    case ExportFormat::Pdf: {
        const DeterministicHashes fixedOrder;
        ok = plot.savePdf(path, width, height, QCP::epNoCosmetic, "ScaleLab", plot.windowTitle()) &&
             fixPdfCreationDate(path);
        break;
    }
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
