#include "charts/sweepcharts.h"

#include <nlohmann/json.hpp>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

namespace scalelab::charts {

namespace {

using Json = nlohmann::json;

const QColor kColours[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f),
                           QColor(0xe1, 0x57, 0x59), QColor(0xb0, 0x7a, 0xa1), QColor(0x9c, 0x75, 0x5f)};

QColor colour(std::size_t i) { return kColours[i % (sizeof kColours / sizeof kColours[0])]; }

double number(const Json& j)
{
    return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

std::optional<double> numeric(const std::string& text)
{
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size())
            return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

bool isLatency(const std::string& metric)
{
    const std::string last = metric.substr(metric.rfind('.') == std::string::npos ? 0 : metric.rfind('.') + 1);
    return last == "mean" || last == "p50" || last == "p95" || last == "p99" || last == "p999";
}

QString axisLabel(const std::string& metric)
{
    if (isLatency(metric))
        return QString::fromStdString(metric) + " (ms)";
    if (metric == "cost_per_million")
        return "cost per million requests (USD)";
    if (metric.find("throughput") != std::string::npos)
        return QString::fromStdString(metric) + " (requests/s)";
    return QString::fromStdString(metric);
}

double scaleOf(const std::string& metric) { return isLatency(metric) ? 1000.0 : 1.0; }

} // namespace

namespace {

void readMeta(SweepTable& t, const Json& j)
{
    for (const auto& p : j.at("parameters"))
        t.parameters.push_back(p.at("column").get<std::string>());
    t.variants = j.at("variants").get<std::vector<std::string>>();
    t.metrics = j.at("metrics").get<std::vector<std::string>>();
    if (j.at("slo").contains("p99"))
        t.sloP99 = j.at("slo").at("p99").get<double>();
}

SweepTable::Row readRow(const SweepTable& t, const Json& r)
{
    SweepTable::Row row;
    row.point = r.at("point").get<std::size_t>();
    for (const std::string& p : t.parameters)
        row.values.push_back(r.at("values").at(p).get<std::string>());
    row.variant = r.at("variant").get<std::string>();
    row.metric = r.at("metric").get<std::string>();
    row.mean = number(r.at("mean"));
    row.low = number(r.at("low"));
    row.high = number(r.at("high"));
    return row;
}

} // namespace

std::optional<SweepTable> SweepTable::read(const QString& dir, QString* error)
{
    SweepTable t;
    try {
        std::ifstream meta((dir + "/sweep.json").toStdString());
        if (!meta) {
            *error = "cannot read '" + dir + "/sweep.json'";
            return std::nullopt;
        }
        readMeta(t, Json::parse(meta));
        std::ifstream in((dir + "/aggregate.jsonl").toStdString());
        if (!in) {
            *error = "cannot read '" + dir + "/aggregate.jsonl'";
            return std::nullopt;
        }
        for (std::string line; std::getline(in, line);)
            if (!line.empty())
                t.rows.push_back(readRow(t, Json::parse(line)));
    } catch (const std::exception& e) {
        *error = QString("'") + dir + "' does not hold a finished sweep: " + e.what();
        return std::nullopt;
    }
    if (t.parameters.empty()) {
        *error = "the sweep has no parameter";
        return std::nullopt;
    }
    return t;
}

std::optional<SweepTable> SweepTable::fromMeta(const std::string& json, QString* error)
{
    SweepTable t;
    try {
        readMeta(t, Json::parse(json));
    } catch (const std::exception& e) {
        *error = QString("not a sweep's description: ") + e.what();
        return std::nullopt;
    }
    if (t.parameters.empty()) {
        *error = "the sweep has no parameter";
        return std::nullopt;
    }
    return t;
}

bool SweepTable::addRow(const std::string& json, QString* error)
{
    try {
        rows.push_back(readRow(*this, Json::parse(json)));
    } catch (const std::exception& e) {
        *error = QString("not a row of a sweep's aggregate: ") + e.what();
        return false;
    }
    return true;
}

std::vector<SweepLines> sweepLines(const SweepTable& table, const std::string& metric)
{
    // The first parameter's values in the order met, for those that are not numbers.
    std::vector<std::string> firstValues;
    for (const auto& r : table.rows)
        if (std::find(firstValues.begin(), firstValues.end(), r.values.front()) == firstValues.end())
            firstValues.push_back(r.values.front());
    std::vector<SweepLines> out;
    for (const auto& r : table.rows) {
        if (r.metric != metric)
            continue;
        std::vector<std::string> fixed;
        for (std::size_t k = 1; k < r.values.size(); ++k)
            fixed.push_back(table.parameters[k] + "=" + r.values[k]);
        auto it = std::find_if(out.begin(), out.end(), [&](const SweepLines& l) { return l.fixed == fixed; });
        if (it == out.end()) {
            out.push_back({metric, fixed, {}});
            it = out.end() - 1;
        }
        const auto x = numeric(r.values.front());
        const double xv = x ? *x
                            : double(std::find(firstValues.begin(), firstValues.end(), r.values.front()) -
                                     firstValues.begin());
        it->byVariant[r.variant].push_back({xv, r.mean, r.low, r.high});
    }
    for (auto& l : out)
        for (auto& [variant, points] : l.byVariant)
            std::stable_sort(points.begin(), points.end(),
                             [](const SweepLinePoint& a, const SweepLinePoint& b) { return a.x < b.x; });
    return out;
}

std::optional<BreakPoint> breakPoint(const std::vector<SweepLinePoint>& line, double target)
{
    if (line.empty())
        return std::nullopt;
    const bool first = line.front().mean <= target;
    for (const SweepLinePoint& p : line)
        if ((p.mean <= target) != first)
            return BreakPoint{p.x, !first};
    return std::nullopt;
}

std::vector<CostPoint> paretoFront(const std::vector<CostPoint>& points)
{
    std::vector<CostPoint> sorted = points;
    std::stable_sort(sorted.begin(), sorted.end(), [](const CostPoint& a, const CostPoint& b) {
        return a.p99 != b.p99 ? a.p99 < b.p99 : a.cost < b.cost;
    });
    std::vector<CostPoint> front;
    double best = std::numeric_limits<double>::infinity();
    for (const CostPoint& p : sorted)
        if (std::isfinite(p.p99) && std::isfinite(p.cost) && p.cost < best) {
            front.push_back(p);
            best = p.cost;
        }
    return front;
}

void drawSweepLines(QCustomPlot& plot, const SweepTable& table, const SweepLines& lines)
{
    plot.clearGraphs();
    plot.clearItems();
    plot.legend->setVisible(true);
    // Top left: the break point labels stand at the top from their x on, right of the lines' start.
    plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    const double scale = scaleOf(lines.metric);
    std::size_t i = 0;
    for (const std::string& variant : table.variants) {
        const auto found = lines.byVariant.find(variant);
        if (found == lines.byVariant.end())
            continue;
        const QColor c = colour(i++);
        QVector<double> x, mean, low, high;
        for (const SweepLinePoint& p : found->second) {
            x << p.x;
            mean << p.mean * scale;
            low << (std::isfinite(p.low) ? p.low : p.mean) * scale;
            high << (std::isfinite(p.high) ? p.high : p.mean) * scale;
        }
        // The band: the 95% interval, filled between its low and high edges.
        QCPGraph* lo = plot.addGraph();
        lo->setData(x, low, true);
        lo->setPen(Qt::NoPen);
        lo->setName(QString::fromStdString(variant) + " 95% low");
        lo->removeFromLegend();
        QCPGraph* hi = plot.addGraph();
        hi->setData(x, high, true);
        hi->setPen(Qt::NoPen);
        QColor fill = c;
        fill.setAlpha(50);
        hi->setBrush(fill);
        hi->setChannelFillGraph(lo);
        hi->setName(QString::fromStdString(variant) + " 95% high");
        hi->removeFromLegend();
        QCPGraph* line = plot.addGraph();
        line->setData(x, mean, true);
        line->setPen(QPen(c, 2));
        line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
        line->setName(QString::fromStdString(variant));
        if (table.sloP99 && lines.metric == "p99")
            if (const auto b = breakPoint(found->second, *table.sloP99)) {
                auto* mark = new QCPItemStraightLine(&plot);
                mark->point1->setCoords(b->x, 0);
                mark->point2->setCoords(b->x, 1);
                mark->setPen(QPen(c, 1.5, Qt::DashLine));
                // At the mark's x, stacked from the top: variants breaking at one x stay readable.
                auto* label = new QCPItemText(&plot);
                label->position->setTypeX(QCPItemPosition::ptPlotCoords);
                label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
                label->position->setCoords(b->x, 0.04 + 0.05 * double(i - 1));
                label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
                label->setPadding(QMargins(6, 0, 0, 0));
                label->setColor(c);
                label->setText(QString::fromStdString(variant) + (b->holdsFromHere ? " holds from " : " breaks at ") +
                               QString::number(b->x));
            }
    }
    if (table.sloP99 && lines.metric == "p99") {
        auto* slo = new QCPItemStraightLine(&plot);
        slo->point1->setCoords(0, *table.sloP99 * scale);
        slo->point2->setCoords(1, *table.sloP99 * scale);
        slo->setPen(QPen(QColor(0xc0, 0x39, 0x2b), 1.5, Qt::DotLine));
    }
    QString title = axisLabel(lines.metric) + " by " + QString::fromStdString(table.parameters.front());
    for (const std::string& f : lines.fixed)
        title += ", " + QString::fromStdString(f);
    if (plot.plotLayout()->rowCount() == 1) {
        plot.plotLayout()->insertRow(0);
        plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, title, QFont("DejaVu Sans", 12, QFont::Bold)));
    } else if (auto* t = qobject_cast<QCPTextElement*>(plot.plotLayout()->element(0, 0))) {
        t->setText(title);
    }
    plot.xAxis->setLabel(QString::fromStdString(table.parameters.front()));
    plot.yAxis->setLabel(axisLabel(lines.metric));
    plot.rescaleAxes();
    const QCPRange y = plot.yAxis->range();
    double top = y.upper;
    if (table.sloP99 && lines.metric == "p99")
        top = std::max(top, *table.sloP99 * scale * 1.1);
    plot.yAxis->setRange(std::min(0.0, y.lower), top * 1.05);
    const QCPRange xr = plot.xAxis->range();
    const double pad = (xr.upper - xr.lower) * 0.04 + 1e-9;
    plot.xAxis->setRange(xr.lower - pad, xr.upper + pad);
    plot.replot();
}

bool drawCostScatter(QCustomPlot& plot, const SweepTable& table)
{
    std::map<std::pair<std::size_t, std::string>, CostPoint> byPoint;
    bool p99 = false, cost = false;
    for (const auto& r : table.rows) {
        auto& c = byPoint[{r.point, r.variant}];
        c.variant = r.variant;
        c.point = r.point;
        if (r.metric == "p99") {
            c.p99 = r.mean;
            p99 = true;
        } else if (r.metric == "cost_per_million") {
            c.cost = r.mean;
            cost = true;
        }
    }
    if (!p99 || !cost)
        return false;
    std::vector<CostPoint> all;
    for (const auto& [k, c] : byPoint)
        all.push_back(c);
    plot.clearGraphs();
    plot.clearItems();
    plot.legend->setVisible(true);
    plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    std::size_t i = 0;
    for (const std::string& variant : table.variants) {
        QVector<double> x, y;
        for (const CostPoint& c : all)
            if (c.variant == variant) {
                x << c.p99 * 1000.0;
                y << c.cost;
            }
        QCPGraph* g = plot.addGraph();
        g->setData(x, y);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour(i++), 8));
        g->setName(QString::fromStdString(variant));
    }
    QVector<double> fx, fy;
    for (const CostPoint& c : paretoFront(all)) {
        fx << c.p99 * 1000.0;
        fy << c.cost;
    }
    QCPGraph* front = plot.addGraph();
    front->setData(fx, fy, true);
    front->setLineStyle(QCPGraph::lsStepLeft);
    front->setPen(QPen(QColor(0x33, 0x33, 0x33), 1.5, Qt::DashLine));
    front->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0x33, 0x33, 0x33), 5));
    front->setName("Pareto front");
    if (table.sloP99) {
        auto* slo = new QCPItemStraightLine(&plot);
        slo->point1->setCoords(*table.sloP99 * 1000.0, 0);
        slo->point2->setCoords(*table.sloP99 * 1000.0, 1);
        slo->setPen(QPen(QColor(0xc0, 0x39, 0x2b), 1.5, Qt::DotLine));
    }
    const QString title = "cost per million requests against p99, every point";
    if (plot.plotLayout()->rowCount() == 1) {
        plot.plotLayout()->insertRow(0);
        plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, title, QFont("DejaVu Sans", 12, QFont::Bold)));
    } else if (auto* t = qobject_cast<QCPTextElement*>(plot.plotLayout()->element(0, 0))) {
        t->setText(title);
    }
    plot.xAxis->setLabel("p99 (ms)");
    plot.yAxis->setLabel("cost per million requests (USD)");
    plot.rescaleAxes();
    const QCPRange xr = plot.xAxis->range(), yr = plot.yAxis->range();
    plot.xAxis->setRange(0, xr.upper * 1.08);
    plot.yAxis->setRange(0, yr.upper * 1.08);
    plot.replot();
    return true;
}

} // namespace scalelab::charts
