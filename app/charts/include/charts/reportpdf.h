#pragma once

#include <QString>

namespace scalelab::charts {

/// Prints the HTML page at `htmlPath` to an A4 PDF at `pdfPath`, with
/// QTextDocument's HTML subset: its <img src="NAME.svg"> (relative to the
/// page) rendered sharp at the text's width, a page break before each
/// element styled `page-break-before: always`. False and *error when a file
/// cannot be read or written.
bool printHtmlToPdf(const QString& htmlPath, const QString& pdfPath, QString* error = nullptr);

} // namespace scalelab::charts
