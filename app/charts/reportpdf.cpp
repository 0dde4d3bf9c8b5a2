#include "charts/reportpdf.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>

namespace scalelab::charts {

bool printHtmlToPdf(const QString& htmlPath, const QString& pdfPath, QString* error)
{
    QFile file(htmlPath);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = "cannot read " + htmlPath;
        return false;
    }
    QString html = QString::fromUtf8(file.readAll());

    QPdfWriter writer(pdfPath);
    writer.setResolution(96); // the page's units are CSS pixels
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(14, 14, 14, 14), QPageLayout::Millimeter);
    writer.setCreator("ScaleLab");
    static const QRegularExpression titleTag("<title>([^<]*)</title>");
    writer.setTitle(titleTag.match(html).captured(1));
    const QSizeF page = writer.pageLayout().paintRectPixels(writer.resolution()).size();

    QTextDocument doc;
    doc.setDocumentMargin(0);
    QFont font("DejaVu Sans");
    font.setPixelSize(11);
    doc.setDefaultFont(font);
    doc.setPageSize(page);
    doc.setDefaultStyleSheet("th{background-color:#eeeeee} td.met{color:#1d6b2a} td.missed{color:#a4261b} td.na{color:#7a5b00}"
                             "pre{font-size:8px} h1{font-size:20px} h2{font-size:16px} h3{font-size:13px}");

    // Pictures: each SVG rendered at twice the text width, drawn at the text width.
    static const QRegularExpression image("<img src=\"([^\"]+)\">");
    const int width = int(page.width());
    for (auto it = image.globalMatch(html); it.hasNext();) {
        const QString name = it.next().captured(1);
        QSvgRenderer svg(QFileInfo(htmlPath).dir().filePath(name));
        if (!svg.isValid()) {
            if (error)
                *error = "cannot read the picture " + name;
            return false;
        }
        const QSize size = svg.defaultSize().expandedTo(QSize(1, 1));
        const int shown = std::min(width, size.width()); // small diagrams stay small
        const int shownHeight = shown * size.height() / size.width();
        QImage picture(QSize(shown, shownHeight) * 2, QImage::Format_RGB32);
        picture.fill(Qt::white);
        QPainter painter(&picture);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        picture.setDevicePixelRatio(2.0);
        doc.addResource(QTextDocument::ImageResource, QUrl(name), picture);
        html.replace("<img src=\"" + name + "\">", QString("<img src=\"%1\" width=\"%2\">").arg(name).arg(shown));
    }
    html.replace("<table class=", "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" class=");
    doc.setHtml(html);
    doc.print(&writer);
    if (!QFileInfo(pdfPath).isFile() || QFileInfo(pdfPath).size() == 0) {
        if (error)
            *error = "cannot write " + pdfPath;
        return false;
    }
    return true;
}

} // namespace scalelab::charts
