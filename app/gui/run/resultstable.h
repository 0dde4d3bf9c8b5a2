#pragma once

#include <QString>
#include <QStringList>
#include <QTableWidget>

#include <string>
#include <vector>

namespace scalelab::gui {

/// The results of a run or a comparison: one row per figure, one column per
/// variant, formatted like the CLI's tables (cli/numberformat.h: latencies in
/// ms, rates per second, shares in %, "± half-width" with replications).
class ResultsTable : public QTableWidget
{
    Q_OBJECT
public:
    explicit ResultsTable(QWidget* parent = nullptr);

    /// Shows the `summary` lines of the stream (docs/stream.md), one per
    /// variant, in column order. Lines that are not valid JSON are skipped.
    void setSummaries(const std::vector<std::string>& summaries);
    /// Shows a comparison's table as the CLI prints it (`compare --stream`'s
    /// `table`): the header row, then per figure its label, a cell per variant
    /// and per difference; a row with a label alone heads a group.
    void setCompareTable(const std::vector<QStringList>& rows);
    /// Every row as shown, the header first: label, then cells (without the
    /// empty ones at its end).
    std::vector<QStringList> rows() const;
    /// The table as CSV: a header row (figure, variants...), then one row per
    /// figure, cells as shown.
    QString toCsv() const;
    /// The shown text of the cell for `figureLabel` (first column, without its
    /// indentation) and `variant` (a column's header); empty when absent.
    QString cell(const QString& figureLabel, const QString& variant) const;
};

/// A figure of a summary as the CLI prints it ("12.35 ms", "99.880 %"):
/// `unit` is the JSON unit ("1/s", "s", "fraction", "count"); `key` tells a
/// share of requests (3 decimals) from a load (1 decimal) among fractions.
QString formatFigure(const std::string& key, const std::string& unit, double mean, double halfWidth, std::size_t n);

} // namespace scalelab::gui
