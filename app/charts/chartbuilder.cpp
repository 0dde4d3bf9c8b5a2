#include "charts/chartbuilder.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
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
const Qt::PenStyle kStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};
constexpr int kStyleCount = int(sizeof(kStyles) / sizeof(kStyles[0]));

QColor colour(int i) { return kPalette[i % kPaletteSize]; }

/// One line of a chart: its legend label, values and how to scale them.
struct Line
{
    QString label;
    const QVector<double>* values = nullptr;
    double scale = 1.0;
    bool dashed = false; ///< secondary line of its group (offered load, p50 in an overlay...)
};

/// The lines of one run for a chart; `overlay`: fewer, for several variants on one chart.
std::vector<Line> linesOf(ChartKind kind, const RunSeries& run, bool overlay)
{
    std::vector<Line> lines;
    auto perComponent = [&](const std::vector<ComponentSeries>& list, double scale) {
        for (const ComponentSeries& s : list)
            lines.push_back({s.name, &s.values, scale, false});
    };
    switch (kind) {
    case ChartKind::Latency:
        if (overlay) {
            lines.push_back({"p99", &run.p99(), 1000.0, false});
            lines.push_back({"p50", &run.p50(), 1000.0, true});
        } else {
            lines.push_back({"p50", &run.p50(), 1000.0, false});
            lines.push_back({"p95", &run.p95(), 1000.0, false});
            lines.push_back({"p99", &run.p99(), 1000.0, false});
            lines.push_back({"p99.9", &run.p999(), 1000.0, false});
        }
        break;
    case ChartKind::Throughput:
        lines.push_back({"throughput", &run.throughput(), 1.0, false});
        if (!overlay)
            lines.push_back({"offered", &run.offered(), 1.0, true});
        break;
    case ChartKind::Errors:
        lines.push_back({"errors", &run.errors(), 1.0, false});
        lines.push_back({"rejections", &run.rejections(), 1.0, true});
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
            lines.push_back({"cost", &run.cost(), 1.0, false});
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

bool isPerComponent(ChartKind kind)
{
    return kind == ChartKind::Utilization || kind == ChartKind::Queue || kind == ChartKind::Instances;
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
    QString heading = chartTitle(kind);
    if (runs.size() == 1 && !runs.front()->variant().isEmpty())
        heading += QString(": ") + runs.front()->variant();
    title->setText(heading);
    title->setFont(titleFont);

    QCPAxis* x = plot.xAxis;
    QCPAxis* y = plot.yAxis;
    x->setLabel("simulated time (s)");
    y->setLabel(axisLabel(kind));
    for (QCPAxis* axis : {x, y}) {
        axis->setLabelFont(base);
        axis->setTickLabelFont(small);
    }
    plot.legend->setFont(small);

    double duration = 0.0, warmup = 0.0, top = 0.0;
    int lineCount = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const RunSeries& run = *runs[r];
        duration = std::max({duration, run.duration(), run.clock()});
        warmup = std::max(warmup, run.warmup());
        const std::vector<Line> lines = linesOf(kind, run, overlay);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const Line& line = lines[i];
            QCPGraph* graph = plot.addGraph();
            QVector<double> values(*line.values);
            for (double& v : values) {
                v *= line.scale;
                if (std::isfinite(v))
                    top = std::max(top, v);
            }
            graph->setData(run.times(), values, true);
            QPen pen;
            pen.setWidthF(line.dashed ? 1.5 : 2.0);
            if (overlay) {
                // A variant's components: one line style each, then the
                // same styles darker once the styles run out.
                const int style = isPerComponent(kind) ? int(i) : (line.dashed ? 1 : 0);
                pen.setColor(colour(int(r)).darker(100 + 40 * (style / kStyleCount)));
                pen.setStyle(kStyles[style % kStyleCount]);
                graph->setName(run.variant() + ": " + line.label);
            } else {
                const bool greyOffered = kind == ChartKind::Throughput && line.dashed;
                pen.setColor(greyOffered ? QColor(0x70, 0x70, 0x70) : colour(int(i)));
                pen.setStyle(line.dashed ? Qt::DashLine : Qt::SolidLine);
                graph->setName(line.label);
            }
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

    x->setRange(0.0, duration > 0 ? duration : 1.0);
    if (kind == ChartKind::Utilization)
        top = std::max(top, 100.0);
    if (top <= 0.0)
        top = 1.0;
    y->setRange(0.0, kind == ChartKind::Instances ? std::ceil(top) + 1.0 : top * 1.12);
    if (kind == ChartKind::Instances) {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        y->setTicker(ticker);
    } else if (y->ticker().dynamicCast<QCPAxisTickerFixed>()) {
        y->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }

    // The warm-up, left out of the summary, shaded.
    if (warmup > 0.0) {
        auto* shade = new QCPItemRect(&plot);
        shade->setLayer("background");
        shade->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        shade->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        shade->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        shade->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        shade->topLeft->setCoords(0.0, 0.0);
        shade->bottomRight->setCoords(warmup, 1.0);
        shade->setPen(Qt::NoPen);
        shade->setBrush(QColor(0, 0, 0, 18));
        shade->setSelectable(false);
        auto* label = new QCPItemText(&plot);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(warmup / 2.0, 0.01);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
        label->setText("warm-up");
        label->setFont(small);
        label->setColor(QColor(0x60, 0x60, 0x60));
        label->setSelectable(false);
    }

    // A marker's label runs up its line: elided to the plot's height, never cut
    // off at the top (the axis rect as last laid out; half the widget before).
    const QFontMetrics labelMetrics(small);
    const int room = (plot.axisRect()->height() > 40 ? plot.axisRect()->height() : plot.height() / 2) - 12;
    for (const MarkerGroup& g : groupEvents(runs)) {
        const QColor c = eventColour(g.kind);
        auto* line = new QCPItemStraightLine(&plot);
        line->point1->setCoords(g.time, 0.0);
        line->point2->setCoords(g.time, 1.0);
        line->setPen(QPen(c, 1.2, Qt::DashLine));
        line->setSelectable(false);
        auto* label = new QCPItemText(&plot);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(g.time, 0.02);
        // Rotated to run down the line, on its left, reading upwards.
        label->setRotation(-90);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setText(labelMetrics.elidedText(markerLabel(g), Qt::ElideRight, std::max(room, 40)));
        label->setFont(small);
        label->setColor(c.darker(120));
        label->setBrush(QColor(255, 255, 255, 200));
        label->setSelectable(false);
    }

    // As many legend columns as the widest entry allows across the plot's width.
    int widest = 1;
    const QFontMetrics metrics(small);
    for (int i = 0; i < plot.graphCount(); ++i)
        widest = std::max(widest, metrics.horizontalAdvance(plot.graph(i)->name()));
    const int entry = widest + plot.legend->iconSize().width() + plot.legend->iconTextPadding() +
                      plot.legend->columnSpacing() + 16;
    plot.legend->setWrap(std::clamp((plot.width() - 40) / entry, 1, 6));
    plot.legend->setVisible(lineCount > 0);
}

} // namespace scalelab::charts
