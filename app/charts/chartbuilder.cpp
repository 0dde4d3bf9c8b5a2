#include "charts/chartbuilder.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace scalelab::charts {

namespace {

/// Colour-blind-friendly, distinguishable in print (Tableau 10, reds and greens
/// last: the event markers use them).
const QColor kPalette[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0xb0, 0x7a, 0xa1),
                           QColor(0x76, 0xb7, 0xb2), QColor(0x9c, 0x75, 0x5f), QColor(0xed, 0xc9, 0x48),
                           QColor(0xff, 0x9d, 0xa7), QColor(0x59, 0xa1, 0x4f), QColor(0xe1, 0x57, 0x59),
                           QColor(0xba, 0xb0, 0xac)};
constexpr int kPaletteSize = int(sizeof(kPalette) / sizeof(kPalette[0]));

QColor colour(int i) { return kPalette[i % kPaletteSize]; }

/// Overlays: a hue per variant (blue, orange, purple, teal, brown, pink,
/// indigo, olive; never the red and green of the event markers) and a shade
/// per line of that variant, dark to light.
const int kHues[] = {212, 28, 285, 180, 35, 330, 245, 65};
constexpr int kHueCount = int(sizeof(kHues) / sizeof(kHues[0]));

QColor familyShade(int variant, int line, int lines)
{
    const float lightness = lines <= 1 ? 0.42f : 0.26f + 0.42f * float(line) / float(lines - 1);
    const float saturation = variant % kHueCount == 4 ? 0.45f : 0.68f; // brown, not another orange
    return QColor::fromHslF(float(kHues[variant % kHueCount]) / 360.0f, saturation, lightness);
}

/// Lays out the plot at its widget size now, so that coordToPixel() and the
/// axis rect are right before the first replot.
void layOut(QCustomPlot& plot)
{
    plot.plotLayout()->setOuterRect(QRect(0, 0, plot.width(), plot.height()));
    plot.plotLayout()->update(QCPLayoutElement::upPreparation);
    plot.plotLayout()->update(QCPLayoutElement::upMargins);
    plot.plotLayout()->update(QCPLayoutElement::upLayout);
}

/// One line of a chart: its legend label, values and how to scale them.
struct Line
{
    QString label;
    const QVector<double>* values = nullptr;
    double scale = 1.0;
    bool dashed = false; ///< secondary line of its group (offered load, p50 in an overlay...)
    /// The figure's column in the per-bin means over replications (empty: none);
    /// with them the line is the mean, and `band` adds its 95% interval shaded.
    QString column;
    double columnScale = 1.0; ///< from the column's unit to the line's (a count per bin to per second)
    bool band = false;
};

/// The lines of one run for a chart; `overlay`: fewer, for several variants on one chart.
std::vector<Line> linesOf(ChartKind kind, const RunSeries& run, bool overlay)
{
    std::vector<Line> lines;
    auto perComponent = [&](const std::vector<ComponentSeries>& list, double scale) {
        for (const ComponentSeries& s : list)
            lines.push_back({s.name, &s.values, scale, false, {}, 1.0, false});
    };
    const double perSecond = run.bin() > 0 ? 1.0 / run.bin() : 1.0;
    switch (kind) {
    case ChartKind::Latency:
        if (overlay) {
            lines.push_back({"p99", &run.p99(), 1000.0, false, "p99", 1000.0, true});
            lines.push_back({"p50", &run.p50(), 1000.0, true, "p50", 1000.0, false});
        } else {
            lines.push_back({"p50", &run.p50(), 1000.0, false, "p50", 1000.0, true});
            lines.push_back({"p95", &run.p95(), 1000.0, false, "p95", 1000.0, false});
            lines.push_back({"p99", &run.p99(), 1000.0, false, "p99", 1000.0, true});
            lines.push_back({"p99.9", &run.p999(), 1000.0, false, "p999", 1000.0, false});
        }
        break;
    case ChartKind::Throughput:
        lines.push_back({"throughput", &run.throughput(), 1.0, false, "throughput", 1.0, true});
        if (!overlay)
            lines.push_back({"offered", &run.offered(), 1.0, true, "arrivals", perSecond, false});
        break;
    case ChartKind::Errors:
        lines.push_back({"errors", &run.errors(), 1.0, false, "errors", perSecond, true});
        lines.push_back({"rejections", &run.rejections(), 1.0, true, "rejections", perSecond, !overlay});
        break;
    case ChartKind::Utilization:
        perComponent(run.utilization(), 100.0);
        break;
    case ChartKind::Queue:
        perComponent(run.queue(), 1.0);
        break;
    case ChartKind::Instances:
        perComponent(run.instances(), 1.0);
        break;
    case ChartKind::Cost:
        if (run.hasCost())
            lines.push_back({"cost", &run.cost(), 1.0, false, {}, 1.0, false});
        break;
    }
    return lines;
}

QString axisLabel(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Latency: return "latency (ms)";
    case ChartKind::Throughput: return "requests/s";
    case ChartKind::Errors: return "failed requests/s";
    case ChartKind::Utilization: return "CPU utilization (%)";
    case ChartKind::Queue: return "waiting requests (time-averaged)";
    case ChartKind::Instances: return "serving instances";
    case ChartKind::Cost: return "cost (USD)";
    }
    return {};
}

/// Marker colour by what the event means: trouble red, recovery green, scaling blue.
QColor eventColour(const QString& kind)
{
    if (kind.startsWith("scale_"))
        return QColor(0x2b, 0x5c, 0x9e);
    if (kind.endsWith("_up") || kind.endsWith("_end") || kind == "breaker_closed")
        return QColor(0x2e, 0x8b, 0x3e);
    if (kind == "breaker_half_open")
        return QColor(0xd9, 0x82, 0x1e);
    return QColor(0xc0, 0x39, 0x2b);
}

/// Events of all runs at the same time and of the same kind share one marker
/// ("host_down db/0, db/1"; "host_down x6" beyond three subjects); the same
/// fault seen by several variants is marked once.
struct MarkerGroup
{
    double time = 0.0;
    QString kind;
    QStringList subjects;
    QString detail;
};

std::vector<MarkerGroup> groupEvents(const std::vector<const RunSeries*>& runs)
{
    std::vector<MarkerGroup> groups;
    for (const RunSeries* run : runs)
        for (const EventMarker& e : run->events()) {
            auto it = std::find_if(groups.begin(), groups.end(), [&](const MarkerGroup& g) {
                return g.kind == e.kind && std::abs(g.time - e.time) < 1e-9;
            });
            if (it == groups.end()) {
                groups.push_back({e.time, e.kind, {}, e.detail});
                it = groups.end() - 1;
            }
            if (!it->subjects.contains(e.subject))
                it->subjects.push_back(e.subject);
        }
    std::sort(groups.begin(), groups.end(), [](const MarkerGroup& a, const MarkerGroup& b) { return a.time < b.time; });
    return groups;
}

QString markerLabel(const MarkerGroup& g)
{
    QString subjects = g.subjects.size() > 3 ? QString("x%1").arg(g.subjects.size()) : g.subjects.join(", ");
    QString label = g.kind + " " + subjects;
    if (!g.detail.isEmpty())
        label += " (" + g.detail + ")";
    return label;
}

/// Title on top, the axis rect, the legend in its own row below (never over the data).
QCPTextElement* prepareLayout(QCustomPlot& plot, const QFont& titleFont)
{
    auto* title = plot.property("scalelabTitle").value<QCPTextElement*>();
    if (title)
        return title;
    plot.plotLayout()->insertRow(0);
    title = new QCPTextElement(&plot, QString(), titleFont);
    plot.plotLayout()->addElement(0, 0, title);
    // The legend centred in its row: empty elements on either side take the slack.
    auto* legendRow = new QCPLayoutGrid;
    plot.plotLayout()->addElement(2, 0, legendRow);
    plot.axisRect()->insetLayout()->take(plot.legend);
    legendRow->addElement(0, 0, new QCPLayoutElement(&plot));
    legendRow->addElement(0, 1, plot.legend);
    legendRow->addElement(0, 2, new QCPLayoutElement(&plot));
    legendRow->setColumnStretchFactors({1.0, 0.001, 1.0});
    legendRow->setMargins(QMargins(0, 0, 0, 0));
    plot.plotLayout()->setRowStretchFactor(0, 0.001);
    plot.plotLayout()->setRowStretchFactor(2, 0.001);
    plot.legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot.legend->setBorderPen(Qt::NoPen);
    plot.legend->setMargins(QMargins(6, 0, 6, 4));
    plot.legend->setColumnSpacing(16);
    plot.legend->setVisible(true);
    plot.setProperty("scalelabTitle", QVariant::fromValue(title));
    return title;
}

} // namespace

const std::vector<ChartKind>& allChartKinds()
{
    static const std::vector<ChartKind> kinds{ChartKind::Latency,     ChartKind::Throughput, ChartKind::Errors,
                                              ChartKind::Utilization, ChartKind::Queue,      ChartKind::Instances,
                                              ChartKind::Cost};
    return kinds;
}

QString chartId(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Latency: return "latency";
    case ChartKind::Throughput: return "throughput";
    case ChartKind::Errors: return "errors";
    case ChartKind::Utilization: return "utilization";
    case ChartKind::Queue: return "queue";
    case ChartKind::Instances: return "instances";
    case ChartKind::Cost: return "cost";
    }
    return {};
}

QString chartTitle(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Latency: return "Latency percentiles (successful requests)";
    case ChartKind::Throughput: return "Throughput and offered load";
    case ChartKind::Errors: return "Errors and rejections";
    case ChartKind::Utilization: return "CPU utilization per component";
    case ChartKind::Queue: return "Queue depth per component";
    case ChartKind::Instances: return "Serving instances per component";
    case ChartKind::Cost: return "Cost since the start";
    }
    return {};
}

QString chartUnit(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Latency: return "ms";
    case ChartKind::Throughput:
    case ChartKind::Errors: return "requests/s";
    case ChartKind::Utilization: return "%";
    case ChartKind::Queue: return "waiting requests";
    case ChartKind::Instances: return "instances";
    case ChartKind::Cost: return "USD";
    }
    return {};
}

bool chartHasData(ChartKind kind, const std::vector<const RunSeries*>& runs)
{
    for (const RunSeries* run : runs)
        if (run->frameCount() > 0 && !linesOf(kind, *run, runs.size() > 1).empty())
            return true;
    return false;
}

ChartBuilder::ChartBuilder(int pointSize) : m_pointSize(pointSize) {}

void ChartBuilder::draw(QCustomPlot& plot, ChartKind kind, const std::vector<const RunSeries*>& runs) const
{
    QFont base = plot.font();
    base.setPointSize(m_pointSize);
    QFont small = base;
    small.setPointSize(std::max(6, m_pointSize - 1));
    QFont titleFont = base;
    titleFont.setPointSize(m_pointSize + 3);
    titleFont.setBold(true);

    QCPTextElement* title = prepareLayout(plot, titleFont);
    plot.clearPlottables();
    plot.clearItems();
    plot.setProperty("scalelabUnit", chartUnit(kind));

    const bool overlay = runs.size() > 1;
    const bool logScale = kind == ChartKind::Latency && m_logLatency;
    QString heading = chartTitle(kind);
    if (runs.size() == 1 && !runs.front()->variant().isEmpty())
        heading += QString(": ") + runs.front()->variant();
    title->setText(heading);
    title->setFont(titleFont);

    QCPAxis* x = plot.xAxis;
    QCPAxis* y = plot.yAxis;
    x->setLabel("simulated time (s)");
    y->setLabel(logScale ? axisLabel(kind) + ", log scale" : axisLabel(kind));
    for (QCPAxis* axis : {x, y}) {
        axis->setLabelFont(base);
        axis->setTickLabelFont(small);
    }
    plot.legend->setFont(small);

    double duration = 0.0, warmup = 0.0, top = 0.0;
    double bottom = std::numeric_limits<double>::infinity(); // smallest positive value (log axis)
    int lineCount = 0;
    // A figure's 95% interval over replications: a translucent band of the
    // line's colour between mean - half-width and mean + half-width (never
    // below zero; on a log axis a bound at or below zero is left out).
    bool bandInLegend = false;
    // The bands' highest bound: with few replications an interval can dwarf the
    // lines, so it widens the axis to 1.5x the lines' highest at most (the band is clipped above).
    double bandTop = 0.0;
    auto addBand = [&](const QVector<double>& keys, const IntervalColumn& column, const QString& name, double scale,
                       const QColor& c, bool log, double& highest) {
        QVector<double> low(column.mean.size()), high(column.mean.size());
        for (qsizetype k = 0; k < column.mean.size(); ++k) {
            const double mean = column.mean[k] * scale;
            const double half = column.halfWidth[k] * scale;
            if (!std::isfinite(mean) || !std::isfinite(half) || (log && mean <= 0.0)) {
                low[k] = high[k] = qQNaN();
                continue;
            }
            low[k] = std::max(0.0, mean - half);
            high[k] = mean + half;
            if (log && low[k] <= 0.0)
                low[k] = mean * 0.01;
            highest = std::max(highest, high[k]);
        }
        QCPGraph* lower = plot.addGraph();
        lower->setData(keys, low, true);
        lower->setPen(Qt::NoPen);
        lower->setProperty("scalelabBand", "lower");
        lower->setProperty("scalelabColumn", name);
        lower->removeFromLegend();
        QCPGraph* upper = plot.addGraph();
        upper->setData(keys, high, true);
        upper->setPen(Qt::NoPen);
        QColor fill = c;
        fill.setAlpha(60);
        upper->setBrush(fill);
        upper->setChannelFillGraph(lower);
        upper->setProperty("scalelabBand", "upper");
        upper->setProperty("scalelabColumn", name);
        upper->setName(QString("95 % interval (%1 replications)")
                           .arg(runs.front()->intervals() ? runs.front()->intervals()->replications : 0));
        if (bandInLegend)
            upper->removeFromLegend();
        bandInLegend = true;
    };
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const RunSeries& run = *runs[r];
        duration = std::max({duration, run.duration(), run.clock()});
        warmup = std::max(warmup, run.warmup());
        const std::vector<Line> lines = linesOf(kind, run, overlay);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const Line& line = lines[i];
            // Over replications: the mean per bin, and its interval shaded.
            const IntervalSeries* intervals = run.intervals();
            const IntervalColumn* column =
                intervals && !line.column.isEmpty() ? intervals->column(line.column) : nullptr;
            QVector<double> keys = column ? intervals->ends : run.times();
            QVector<double> values(column ? column->mean : *line.values);
            const double scale = column ? line.columnScale : line.scale;
            for (double& v : values) {
                v *= scale;
                if (logScale && v <= 0.0)
                    v = qQNaN(); // no successful request in the bin: a gap, not minus infinity
                if (std::isfinite(v)) {
                    top = std::max(top, v);
                    if (v > 0.0)
                        bottom = std::min(bottom, v);
                }
            }
            const QColor lineColour = overlay ? familyShade(int(r), int(i), int(lines.size()))
                                      : kind == ChartKind::Throughput && line.dashed ? QColor(0x70, 0x70, 0x70)
                                                                                      : colour(int(i));
            if (column && line.band && intervals->replications > 1)
                addBand(keys, *column, line.column, scale, lineColour, logScale, bandTop);
            QCPGraph* graph = plot.addGraph();
            graph->setData(keys, values, true);
            QPen pen;
            pen.setWidthF(line.dashed ? 1.5 : 2.0);
            pen.setStyle(line.dashed ? Qt::DashLine : Qt::SolidLine);
            pen.setColor(lineColour);
            const QString label = column ? line.label + " (mean)" : line.label;
            graph->setName(overlay ? run.variant() + ": " + label : label);
            graph->setPen(pen);
            if (kind == ChartKind::Instances)
                graph->setLineStyle(QCPGraph::lsStepLeft);
            ++lineCount;
        }
    }
    if (overlay && kind == ChartKind::Throughput && runs.front()->frameCount() > 0) {
        // Every variant takes the same traffic: the offered load once.
        QCPGraph* offered = plot.addGraph();
        offered->setData(runs.front()->times(), runs.front()->offered(), true);
        offered->setPen(QPen(QColor(0x70, 0x70, 0x70), 1.5, Qt::DashLine));
        offered->setName("offered (all variants)");
        offered->setLayer("grid"); // under the variants' lines, which follow it closely
        for (double v : runs.front()->offered())
            top = std::max(top, v);
        ++lineCount;
    }

    top = std::max(top, std::min(bandTop, 1.5 * top));

    // The SLO's p99 threshold, on the latency chart.
    const double slo = kind == ChartKind::Latency ? m_annotations.sloP99 * 1000.0 : 0.0;
    if (slo > 0.0) {
        top = std::max(top, slo);
        bottom = std::min(bottom, slo);
        auto* line = new QCPItemStraightLine(&plot);
        line->point1->setCoords(0.0, slo);
        line->point2->setCoords(1.0, slo);
        line->setPen(QPen(QColor(0x30, 0x30, 0x30), 1.4, Qt::DashDotLine));
        line->setSelectable(false);
        auto* label = new QCPItemText(&plot);
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(0.995, slo);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setText(QString("SLO p99 %1 ms").arg(slo, 0, 'g', 4));
        label->setFont(small);
        label->setColor(QColor(0x30, 0x30, 0x30));
        label->setSelectable(false);
    }

    x->setRange(0.0, duration > 0 ? duration : 1.0);
    if (kind == ChartKind::Utilization)
        top = std::max(top, 100.0);
    if (top <= 0.0)
        top = 1.0;
    double lower = 0.0;
    double upper = kind == ChartKind::Instances ? std::ceil(top) + 1.0 : top * 1.12;
    if (logScale) {
        y->setScaleType(QCPAxis::stLogarithmic);
        if (!y->ticker().dynamicCast<QCPAxisTickerLog>())
            y->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        lower = std::isfinite(bottom) ? std::pow(10.0, std::floor(std::log10(bottom))) : 0.1;
        upper = top * 1.5;
    } else {
        y->setScaleType(QCPAxis::stLinear);
        if (kind == ChartKind::Instances) {
            auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
            ticker->setTickStep(1.0);
            ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            y->setTicker(ticker);
        } else if (y->ticker().dynamicCast<QCPAxisTickerFixed>() || y->ticker().dynamicCast<QCPAxisTickerLog>()) {
            y->setTicker(QSharedPointer<QCPAxisTicker>::create());
        }
    }
    y->setRange(lower, upper);
    // A band above the axis stops at its top (clipping alone is lost in some SVG renderers).
    for (int g = 0; g < plot.graphCount(); ++g)
        if (plot.graph(g)->property("scalelabBand").isValid())
            for (auto it = plot.graph(g)->data()->begin(); it != plot.graph(g)->data()->end(); ++it)
                it->value = std::min(it->value, upper);

    // Shaded stretches of time, under the data: the warm-up (left out of the
    // summary) and the study's spikes and ramps, labelled at the top.
    auto shade = [&](double from, double to, const QColor& brush, const QString& text) {
        auto* rect = new QCPItemRect(&plot);
        rect->setLayer("background");
        rect->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->topLeft->setCoords(from, 0.0);
        rect->bottomRight->setCoords(to, 1.0);
        rect->setPen(Qt::NoPen);
        rect->setBrush(brush);
        rect->setSelectable(false);
        if (text.isEmpty())
            return;
        auto* label = new QCPItemText(&plot);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords((from + to) / 2.0, 0.01);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
        label->setText(text);
        label->setFont(small);
        label->setColor(QColor(0x50, 0x50, 0x50));
        label->setSelectable(false);
    };
    if (warmup > 0.0)
        shade(0.0, warmup, QColor(0, 0, 0, 18), "warm-up");
    for (const ChartBand& band : m_annotations.bands)
        shade(band.from, band.to, band.ramp ? QColor(0xf0, 0xa8, 0x30, 28) : QColor(0xf0, 0xa8, 0x30, 55),
              band.ramp ? QString() : band.label);

    // As many legend columns as the widest entry allows across the plot's width.
    int widest = 1;
    const QFontMetrics metrics(small);
    for (int i = 0; i < plot.graphCount(); ++i)
        if (plot.legend->hasItemWithPlottable(plot.graph(i)))
            widest = std::max(widest, metrics.horizontalAdvance(plot.graph(i)->name()));
    const int entry = widest + plot.legend->iconSize().width() + plot.legend->iconTextPadding() +
                      plot.legend->columnSpacing() + 16;
    plot.legend->setWrap(std::clamp((plot.width() - 40) / entry, 1, 6));
    plot.legend->setVisible(lineCount > 0);

    // Event markers: a dashed line each, its label horizontal above the plot
    // area, in the first row where it overlaps no other label (measured at the
    // plot's size); the rows take a top margin, so no label covers the data.
    const std::vector<MarkerGroup> groups = groupEvents(runs);
    plot.axisRect()->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    plot.axisRect()->setMargins(QMargins(0, 10, 0, 0));
    if (groups.empty())
        return;
    layOut(plot);
    const QRect area = plot.axisRect()->rect();
    const int rowHeight = metrics.height() + 4; // the label's padding, and a pixel either side
    const int maxRows = std::max(2, int(plot.height() * 0.3) / rowHeight);
    constexpr int kGap = 10; // px between labels of a row: absorbs the small shift of a later relayout
    std::vector<std::vector<std::pair<double, double>>> rows;
    struct Placed
    {
        const MarkerGroup* group;
        QString text;
        int row;
        bool right;
    };
    std::vector<Placed> placed;
    for (const MarkerGroup& g : groups) {
        const QString text = metrics.elidedText(markerLabel(g), Qt::ElideRight, int(area.width() * 0.45));
        const double width = metrics.horizontalAdvance(text) + 6 + kGap;
        const double at = x->coordToPixel(g.time);
        const bool right = at + width > plot.width() - 4;
        const double left = right ? at - width : at;
        int row = 0;
        for (; row < int(rows.size()); ++row) {
            const bool free = std::none_of(rows[row].begin(), rows[row].end(), [&](const std::pair<double, double>& r) {
                return left < r.second && r.first < left + width;
            });
            if (free)
                break;
        }
        if (row >= maxRows)
            row = -1; // no room: the line alone
        else if (row == int(rows.size()))
            rows.emplace_back();
        if (row >= 0)
            rows[row].emplace_back(left, left + width);
        placed.push_back({&g, text, row, right});
    }
    const int reserve = int(rows.size()) * rowHeight + 6;
    plot.axisRect()->setMargins(QMargins(0, reserve, 0, 0));
    layOut(plot);
    const int axisTop = plot.axisRect()->rect().top();
    const int rowsTop = axisTop - reserve + 2;
    for (const Placed& p : placed) {
        const QColor c = eventColour(p.group->kind);
        auto* line = new QCPItemStraightLine(&plot);
        line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
        line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
        line->point1->setCoords(p.group->time, 0.0);
        line->point2->setCoords(p.group->time, 1.0);
        line->setPen(QPen(c, 1.2, Qt::DashLine));
        line->setSelectable(false);
        if (p.row < 0)
            continue;
        const double labelTop = rowsTop + p.row * rowHeight;
        // The line's lead from its label down to the plot area.
        auto* lead = new QCPItemLine(&plot);
        lead->setClipToAxisRect(false);
        lead->start->setTypeX(QCPItemPosition::ptPlotCoords);
        lead->start->setTypeY(QCPItemPosition::ptAbsolute);
        lead->end->setTypeX(QCPItemPosition::ptPlotCoords);
        lead->end->setTypeY(QCPItemPosition::ptAbsolute);
        lead->start->setCoords(p.group->time, labelTop + 2);
        lead->end->setCoords(p.group->time, axisTop);
        lead->setPen(QPen(c, 1.0, Qt::DotLine));
        lead->setSelectable(false);
    }
    // The labels after every line and lead: a label covers the leads it crosses.
    for (const Placed& p : placed) {
        if (p.row < 0)
            continue;
        const QColor c = eventColour(p.group->kind);
        auto* label = new QCPItemText(&plot);
        label->setClipToAxisRect(false);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAbsolute);
        label->position->setCoords(p.group->time, rowsTop + p.row * rowHeight);
        label->setPositionAlignment(Qt::AlignTop | (p.right ? Qt::AlignRight : Qt::AlignLeft));
        label->setPadding(QMargins(3, 1, 3, 1));
        label->setText(p.text);
        label->setFont(small);
        label->setColor(c.darker(120));
        label->setBrush(QColor(255, 255, 255, 235));
        label->setSelectable(false);
    }
}

} // namespace scalelab::charts
