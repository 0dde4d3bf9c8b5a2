#include "resultstable.h"

#include "cli/numberformat.h"

#include <nlohmann/json.hpp>

#include <QHeaderView>

#include <limits>

namespace scalelab::gui {

namespace {

using Json = nlohmann::json;

/// The CLI's labels of the core figures (cli/variantsummary.cpp).
QString coreLabel(const std::string& key)
{
    static const std::pair<const char*, const char*> labels[] = {
        {"offered", "offered load"},   {"throughput", "throughput"},     {"mean", "latency mean"},
        {"p50", "latency p50"},        {"p95", "latency p95"},           {"p99", "latency p99"},
        {"p999", "latency p99.9"},     {"error_rate", "error rate"},     {"rejection_rate", "rejection rate"},
        {"availability", "availability"}};
    for (const auto& [k, label] : labels)
        if (key == k)
            return label;
    QString text = QString::fromStdString(key);
    return text.replace('_', ' ');
}

struct Row
{
    QString label;
    QString value;
};

// A summary comes from a child process: each value is read only when it has
// the type it should (nlohmann's value() throws on another type).
std::string textAt(const Json& o, const char* key, const std::string& otherwise = {})
{
    if (!o.is_object())
        return otherwise;
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : otherwise;
}

const Json& valueAt(const Json& o, const char* key)
{
    static const Json none;
    if (!o.is_object())
        return none;
    const auto it = o.find(key);
    return it != o.end() ? *it : none;
}

QString figureText(const std::string& key, const Json& f)
{
    if (!f.is_object())
        return "-";
    const Json& hw = valueAt(f, "half_width");
    const Json& values = valueAt(f, "values");
    const std::size_t n = values.is_array() ? values.size() : 1;
    // A note ("no impact", "n/a (no catalog in this variant)") as the CLI shows
    // it: alone when there is no value or it is 0, else after the value.
    const QString note = QString::fromStdString(textAt(f, "note"));
    const Json& mean = valueAt(f, "mean");
    if (!mean.is_number() || (!note.isEmpty() && mean.get<double>() == 0.0))
        return note.isEmpty() ? QString("-") : note;
    const QString text = formatFigure(key, textAt(f, "unit", "count"), mean.get<double>(),
                                      hw.is_number() ? hw.get<double>() : std::numeric_limits<double>::infinity(), n);
    return note.isEmpty() ? text : text + " (" + note + ")";
}

/// A summary's rows: core figures, SLO, bottleneck, per operation, per component, gauges.
std::vector<Row> rowsOf(const Json& s)
{
    std::vector<Row> rows;
    if (const Json& figures = valueAt(s, "figures"); figures.is_object())
        for (const auto& [key, f] : figures.items())
            rows.push_back({coreLabel(key), figureText(key, f)});
    if (const Json& slo = valueAt(s, "slo"); slo.is_object())
        rows.push_back({"SLO", QString::fromStdString(textAt(slo, "verdict", "none"))});
    if (const Json& b = valueAt(s, "bottleneck"); b.is_object()) {
        const std::string resource = textAt(b, "resource");
        const Json& value = valueAt(b, "value");
        rows.push_back({"bottleneck", QString::fromStdString(textAt(b, "component") +
                                                             (resource == "utilization" ? " cpu " : " workers ")) +
                                          formatFigure("utilization", "fraction",
                                                       value.is_number() ? value.get<double>() : 0.0, 0, 1)});
    }
    if (const Json& ops = valueAt(s, "operations"); ops.is_array())
        for (const Json& o : ops) {
            const QString name = QString::fromStdString(textAt(o, "name"));
            for (const char* k : {"throughput", "p50", "p99", "availability"})
                rows.push_back({name + " " + k, figureText(k, valueAt(o, k))});
        }
    if (const Json& components = valueAt(s, "components"); components.is_array())
        for (const Json& c : components) {
            const QString name = QString::fromStdString(textAt(c, "name"));
            rows.push_back({name + " cpu utilization", figureText("utilization", valueAt(c, "utilization"))});
            rows.push_back({name + " worker occupancy", figureText("occupancy", valueAt(c, "occupancy"))});
            rows.push_back({name + " waiting requests", figureText("queue", valueAt(c, "queue"))});
        }
    if (const Json& gauges = valueAt(s, "gauges"); gauges.is_array())
        for (const Json& g : gauges) {
            const std::string key = textAt(g, "component") + "." + textAt(g, "name");
            rows.push_back({QString::fromStdString(key), figureText(textAt(g, "name"), g)});
        }
    return rows;
}

QString csvCell(const QString& text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n'))
        return text;
    QString quoted = text;
    return '"' + quoted.replace("\"", "\"\"") + '"';
}

} // namespace

QString formatFigure(const std::string& key, const std::string& unit, double mean, double halfWidth, std::size_t n)
{
    cli::Unit u = cli::Unit::Count;
    if (unit == "1/s")
        u = cli::Unit::PerSecond;
    else if (unit == "bytes")
        u = cli::Unit::Bytes;
    else if (unit == "s") // recovery times in seconds, latencies in milliseconds
        u = key.rfind("recovery_time", 0) == 0 ? cli::Unit::Span : cli::Unit::Seconds;
    else if (unit == "fraction") // shares of requests to 3 decimals, loads to 1 (cli/variantsummary.cpp)
        u = key.find("rate") != std::string::npos || key.find("availability") != std::string::npos
                ? cli::Unit::Ratio
                : cli::Unit::Load;
    return QString::fromStdString(cli::formatInterval(sim::ConfidenceInterval{mean, halfWidth, n}, u));
}

ResultsTable::ResultsTable(QWidget* parent) : QTableWidget(parent)
{
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    verticalHeader()->setVisible(false);
    // Compact rows: a comparison has a hundred.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    setColumnCount(1);
    setHorizontalHeaderLabels({"figure"});
}

void ResultsTable::setSummaries(const std::vector<std::string>& summaries)
{
    clearSpans();
    horizontalHeader()->setStretchLastSection(true);
    QStringList variants, labels;
    std::vector<std::vector<Row>> columns;
    for (const std::string& line : summaries) {
        const Json s = Json::parse(line, nullptr, false);
        if (s.is_discarded() || !s.is_object())
            continue;
        variants << QString::fromStdString(textAt(s, "variant"));
        columns.push_back(rowsOf(s));
        for (const Row& r : columns.back())
            if (!labels.contains(r.label))
                labels << r.label;
    }
    clear();
    setColumnCount(int(variants.size()) + 1);
    setHorizontalHeaderLabels(QStringList{"figure"} + variants);
    setRowCount(int(labels.size()));
    for (int r = 0; r < labels.size(); ++r) {
        setItem(r, 0, new QTableWidgetItem(labels[r]));
        for (int c = 0; c < int(columns.size()); ++c) {
            QString text = "-";
            for (const Row& row : columns[std::size_t(c)])
                if (row.label == labels[r])
                    text = row.value;
            auto* item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            setItem(r, c + 1, item);
        }
    }
    resizeColumnsToContents();
}

void ResultsTable::setCompareTable(const std::vector<QStringList>& rows)
{
    clear();
    clearSpans();
    if (rows.empty()) {
        setColumnCount(1);
        setRowCount(0);
        setHorizontalHeaderLabels({"figure"});
        return;
    }
    QStringList header = rows.front();
    header[0] = "figure";
    setColumnCount(int(header.size()));
    setHorizontalHeaderLabels(header);
    setRowCount(int(rows.size()) - 1);
    for (int r = 1; r < int(rows.size()); ++r) {
        const QStringList& cells = rows[std::size_t(r)];
        for (int c = 0; c < int(header.size()); ++c) {
            auto* item = new QTableWidgetItem(c < cells.size() ? cells[c] : QString());
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (item->text().endsWith(" *")) { // a significant difference stands out
                QFont bold = font();
                bold.setBold(true);
                item->setFont(bold);
            }
            setItem(r - 1, c, item);
        }
        if (cells.size() == 1) { // a group's heading
            QFont bold = font();
            bold.setBold(true);
            item(r - 1, 0)->setFont(bold);
            setSpan(r - 1, 0, 1, int(header.size()));
        }
    }
    // Columns as wide as their figures, side by side: a stretched last
    // column would push the differences to the far edge.
    horizontalHeader()->setStretchLastSection(false);
    resizeColumnsToContents();
}

std::vector<QStringList> ResultsTable::rows() const
{
    std::vector<QStringList> out;
    QStringList header;
    for (int c = 0; c < columnCount(); ++c)
        header << (horizontalHeaderItem(c) ? horizontalHeaderItem(c)->text() : QString());
    out.push_back(header);
    for (int r = 0; r < rowCount(); ++r) {
        QStringList cells;
        // A group's heading spans the row: its label alone.
        const int shown = columnSpan(r, 0) > 1 ? 1 : columnCount();
        for (int c = 0; c < shown; ++c)
            cells << (item(r, c) ? item(r, c)->text() : QString());
        while (cells.size() > 1 && cells.back().isEmpty()) // a row without differences (SLO, bottleneck)
            cells.removeLast();
        out.push_back(cells);
    }
    return out;
}

QString ResultsTable::toCsv() const
{
    QString csv;
    for (int r = -1; r < rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < columnCount(); ++c) {
            const QTableWidgetItem* item = r < 0 ? horizontalHeaderItem(c) : this->item(r, c);
            cells << csvCell(item ? item->text() : QString());
        }
        csv += cells.join(',') + '\n';
    }
    return csv;
}

QString ResultsTable::cell(const QString& figureLabel, const QString& variant) const
{
    for (int c = 1; c < columnCount(); ++c) {
        if (!horizontalHeaderItem(c) || horizontalHeaderItem(c)->text() != variant)
            continue;
        for (int r = 0; r < rowCount(); ++r)
            if (item(r, 0) && item(r, 0)->text().trimmed() == figureLabel)
                return item(r, c) ? item(r, c)->text() : QString();
    }
    return {};
}

} // namespace scalelab::gui
