// RunSeries (stream lines -> time series) against hand-computed values, and
// ChartBuilder: the lines each chart draws, overlay, event markers, and the
// exported files at the requested size.
#include "charts/chartbuilder.h"
#include "charts/chartexport.h"
#include "charts/chartview.h"
#include "charts/runseries.h"

#include <qcustomplot.h>

#include <QtTest>

#include <QTemporaryDir>

#include <cmath>
#include <optional>

using scalelab::charts::ChartBuilder;
using scalelab::charts::ChartKind;
using scalelab::charts::RunSeries;
using Type = RunSeries::LineType;

namespace {

const char* kStart = R"({"type":"start","study":"s","file":"s.yaml","variant":"v","duration":20.0,"warmup":5.0,)"
                     R"("bin":10.0,"seed":1,"replication":0,"operations":["browse"],)"
                     R"("components":[{"name":"lb","kind":"load_balancer"},{"name":"web","kind":"service"},)"
                     R"({"name":"db","kind":"sql_database"}]})";

scalelab::sim::StationMetrics station(const char* name, double utilization, double queue, bool up)
{
    scalelab::sim::StationMetrics s;
    s.name = name;
    s.utilization = utilization;
    s.meanQueue = queue;
    s.up = up;
    return s;
}

/// A frame line of 10 s: web has two stations (the second down in the second
/// frame), db one; with a key from a later version, which readers ignore.
std::string frame(double start, double utilization1, bool up1, std::optional<scalelab::sim::FleetStatus> fleet = {})
{
    scalelab::sim::Frame f;
    scalelab::sim::MetricFrame& m = f.metrics;
    m.start = start;
    m.end = start + 10;
    m.arrivals = 1000;
    m.completions = 900;
    m.errors = 50;
    m.rejections = 20;
    m.inFlight = 3;
    m.p50 = 0.010;
    m.p95 = 0.040;
    m.p99 = 0.080;
    m.p999 = 0.120;
    m.stations = {station("web/0", 0.5, 2.0, true), station("web/1", utilization1, 1.5, up1),
                  station("db/0", 0.25, 0.0, true)};
    f.fleet = std::move(fleet);
    std::string line = scalelab::sim::toJson(f);
    line.insert(line.size() - 1, R"(,"future_key":{"x":1})");
    return line;
}

RunSeries twoFrames()
{
    RunSeries s;
    s.addLine(kStart);
    s.addLine(frame(0, 0.3, true));
    s.addLine(R"({"type":"event","time":12.5,"kind":"host_down","subject":"web/1"})");
    s.addLine(frame(10, 0.0, false));
    return s;
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private slots:
    void seriesFromStreamLines()
    {
        RunSeries s = twoFrames();
        QCOMPARE(s.variant(), QString("v"));
        QCOMPARE(s.duration(), 20.0);
        QCOMPARE(s.warmup(), 5.0);
        QCOMPARE(s.frameCount(), 2);
        QCOMPARE(s.times(), (QVector<double>{10, 20}));
        QCOMPARE(s.clock(), 20.0);
        // Rates over the 10 s bin.
        QCOMPARE(s.offered().front(), 100.0);
        QCOMPARE(s.throughput().front(), 90.0);
        QCOMPARE(s.errors().front(), 5.0);
        QCOMPARE(s.rejections().front(), 2.0);
        QCOMPARE(s.p99().back(), 0.080);
        // Components with stations only (not lb), in the start line's order.
        QCOMPARE(s.utilization().size(), std::size_t(2));
        QCOMPARE(s.utilization()[0].name, QString("web"));
        QCOMPARE(s.utilization()[1].name, QString("db"));
        QCOMPARE(s.utilization()[0].values, (QVector<double>{(0.5 + 0.3) / 2, (0.5 + 0.0) / 2}));
        QCOMPARE(s.queue()[0].values, (QVector<double>{3.5, 3.5}));
        // Without `components[]` in the frames, instances are the stations up.
        QCOMPARE(s.instances()[0].values, (QVector<double>{2, 1}));
        QCOMPARE(s.events().size(), std::size_t(1));
        QCOMPARE(s.events().front().time, 12.5);
        QCOMPARE(s.events().front().subject, QString("web/1"));
        QVERIFY(!s.hasCost());
        QVERIFY(!s.hasSummary());

        // The canvas' view of the last frame: utilization over the instances up.
        const auto& state = s.latestState();
        QCOMPARE(state.size(), std::size_t(2));
        QCOMPARE(state[0].name, QString("web"));
        QCOMPARE(state[0].utilization, 0.5);
        QCOMPARE(state[0].instances, 1);
        QCOMPARE(state[0].down, 1);
        QVERIFY(!state[0].failed);
    }

    void failuresAndCostKeysWhenPresent()
    {
        RunSeries s;
        s.addLine(kStart);
        s.addLine(frame(0, 0.3, true));
        // Fleet keys: cost from the second frame on, machine counts per component.
        QCOMPARE(s.addLine(frame(10, 0.3, true, scalelab::sim::FleetStatus{1.25, 0.5, {{"web", 3, 1, 0, 0}, {"lb", 1, 0, 0, 0}}})),
                 Type::Frame);
        QVERIFY(s.hasCost());
        QCOMPARE(s.cost().size(), 2);
        QVERIFY(std::isnan(s.cost()[0])); // not available, not zero
        QCOMPARE(s.cost()[1], 1.25);
        QCOMPARE(s.instances()[0].name, QString("web"));
        QCOMPARE(s.instances()[0].values, (QVector<double>{2, 3}));
        // lb has no stations: its instance line starts when it is first reported.
        QCOMPARE(s.instances().back().name, QString("lb"));
        QVERIFY(std::isnan(s.instances().back().values[0]));
        QCOMPARE(s.instances().back().values[1], 1.0);
    }

    void summaryErrorsAndBadLines()
    {
        RunSeries s;
        QCOMPARE(s.addLine("{not json"), Type::Malformed);
        QCOMPARE(s.problem(), QString("stream line: not JSON (syntax error at byte 3)"));
        // A frame that lies about a type is refused whole, not half read.
        std::string wrong = frame(0, 0.3, true);
        wrong.replace(wrong.find(R"("up":true)"), 9, R"("up":"yes")");
        QCOMPARE(s.addLine(wrong), Type::Malformed);
        QCOMPARE(s.problem(), QString("frame: stations[0].up must be a boolean (got string)"));
        QCOMPARE(s.addLine(R"({"type":"progress","x":1})"), Type::Ignored);
        QCOMPARE(s.addLine(R"({"type":"error","message":"speed must be > 0","fatal":false})"), Type::Error);
        QVERIFY(!s.fatalError());
        QCOMPARE(s.addLine(R"({"type":"summary","stopped":true,"end":12.0,"variant":"v"})"), Type::Summary);
        QVERIFY(s.hasSummary());
        QVERIFY(s.stopped());
        QCOMPARE(s.addLine(R"({"type":"error","message":"the simulation failed: x","fatal":true})"), Type::Error);
        QCOMPARE(s.errorMessage(), QString("the simulation failed: x"));
        QVERIFY(s.fatalError());
        QCOMPARE(s.frameCount(), 0);
    }

    void chartLinesPerKind_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("single"); // lines for one run
        QTest::addColumn<int>("overlay"); // lines for the same run twice (two variants)
        QTest::newRow("latency") << int(ChartKind::Latency) << 4 << 4;         // p50..p99.9; p99 and p50 each
        QTest::newRow("throughput") << int(ChartKind::Throughput) << 2 << 3;   // + offered once
        QTest::newRow("errors") << int(ChartKind::Errors) << 2 << 4;
        QTest::newRow("utilization") << int(ChartKind::Utilization) << 2 << 4; // web, db
        QTest::newRow("instances") << int(ChartKind::Instances) << 2 << 4;
        QTest::newRow("cost") << int(ChartKind::Cost) << 0 << 0;
    }

    void chartLinesPerKind()
    {
        QFETCH(int, kind);
        QFETCH(int, single);
        QFETCH(int, overlay);
        RunSeries a = twoFrames();
        RunSeries b = twoFrames();
        b.setVariant("w");
        QCustomPlot plot;
        ChartBuilder builder;
        builder.draw(plot, ChartKind(kind), {&a});
        QCOMPARE(plot.graphCount(), single);
        for (int i = 0; i < plot.graphCount(); ++i)
            QCOMPARE(plot.graph(i)->dataCount(), 2);
        builder.draw(plot, ChartKind(kind), {&a, &b});
        QCOMPARE(plot.graphCount(), overlay);
        if (overlay > 0) {
            QVERIFY(plot.graph(0)->name().startsWith("v: "));
            QVERIFY(plot.graph(overlay - 1)->name().startsWith(kind == int(ChartKind::Throughput) ? "offered" : "w: "));
            // A colour family per variant: v's lines first, then w's, each a
            // shade of its variant's hue.
            const int perRun = kind == int(ChartKind::Throughput) ? 1 : overlay / 2;
            for (int i = 1; i < perRun; ++i)
                QCOMPARE(plot.graph(i)->pen().color().hslHue(), plot.graph(0)->pen().color().hslHue());
            QVERIFY(std::abs(plot.graph(perRun)->pen().color().hslHue() - plot.graph(0)->pen().color().hslHue()) > 30);
        }
        QCOMPARE(scalelab::charts::chartHasData(ChartKind(kind), {&a}), single > 0);
    }

    void instancesFollowTheFleetUnderAutoscaling()
    {
        // Autoscaling: every machine the autoscaler may launch has a station
        // from the start (16 up), while the fleet serves 3, then 9, then 3.
        // The chart plots the fleet's serving instances, frame by frame.
        RunSeries s;
        s.addLine(kStart);
        const std::vector<int> serving{3, 3, 9, 9, 3};
        for (std::size_t i = 0; i < serving.size(); ++i) {
            scalelab::sim::Frame f;
            f.metrics.start = 10.0 * double(i);
            f.metrics.end = f.metrics.start + 10.0;
            for (int k = 0; k < 16; ++k)
                f.metrics.stations.push_back(station(qPrintable(QString("web/%1").arg(k)), 0.2, 0.0, true));
            scalelab::sim::FleetStatus fleet;
            fleet.cost = 0.25 * double(i + 1);
            fleet.components.push_back({"web", serving[i], 0, 0, 0});
            f.fleet = fleet;
            QCOMPARE(s.addLine(scalelab::sim::toJson(f)), Type::Frame);
        }
        QCustomPlot plot;
        plot.resize(800, 500);
        ChartBuilder().draw(plot, ChartKind::Instances, {&s});
        QCOMPARE(plot.graphCount(), 1);
        QCOMPARE(plot.graph(0)->name(), QString("web"));
        QCOMPARE(plot.graph(0)->dataCount(), int(serving.size()));
        for (int i = 0; i < int(serving.size()); ++i) {
            QCOMPARE(plot.graph(0)->data()->at(i)->key, 10.0 * (i + 1));
            QCOMPARE(plot.graph(0)->data()->at(i)->value, double(serving[std::size_t(i)]));
        }
        QVERIFY(plot.yAxis->range().upper < 16.0);
        // The cost chart: the frames' cost, USD since the start.
        QVERIFY(scalelab::charts::chartHasData(ChartKind::Cost, {&s}));
        ChartBuilder().draw(plot, ChartKind::Cost, {&s});
        QCOMPARE(plot.graphCount(), 1);
        for (int i = 0; i < int(serving.size()); ++i)
            QCOMPARE(plot.graph(0)->data()->at(i)->value, 0.25 * (i + 1));
    }

    void eventLabelsNeverOverlap_data()
    {
        QTest::addColumn<int>("width");
        QTest::newRow("1200") << 1200;
        QTest::newRow("800") << 800;
    }

    void eventLabelsNeverOverlap()
    {
        // Same-time and close events, like a shop's crash: a fault, the
        // balancer ejecting the backend at the same second, scaling nearby.
        QFETCH(int, width);
        RunSeries s;
        s.addLine(kStart);
        s.addLine(frame(0, 0.3, true));
        const char* events[] = {
            R"({"type":"event","time":12.0,"kind":"fault_start","subject":"storefront","detail":"kill storefront"})",
            R"({"type":"event","time":12.0,"kind":"backend_ejected","subject":"lb->web/1"})",
            R"({"type":"event","time":12.0,"kind":"host_down","subject":"web/1"})",
            R"({"type":"event","time":12.4,"kind":"scale_out","subject":"web","detail":"2 -> 4"})",
            R"({"type":"event","time":13.0,"kind":"failover_start","subject":"db","detail":"primary db/0 lost"})",
            R"({"type":"event","time":15.0,"kind":"host_up","subject":"web/1"})",
            R"({"type":"event","time":15.2,"kind":"failover_end","subject":"db","detail":"primary db/1"})",
            R"({"type":"event","time":19.5,"kind":"scale_in","subject":"web","detail":"4 -> 2"})",
        };
        for (const char* e : events)
            s.addLine(e);
        s.addLine(frame(10, 0.0, false));
        QCustomPlot plot;
        plot.resize(width, 600);
        ChartBuilder().draw(plot, ChartKind::Latency, {&s});
        plot.replot();
        std::vector<QRectF> rects;
        QStringList texts;
        for (int i = 0; i < plot.itemCount(); ++i)
            if (auto* text = qobject_cast<QCPItemText*>(plot.item(i))) {
                rects.emplace_back(text->topLeft->pixelPosition(), text->bottomRight->pixelPosition());
                texts << text->text();
            }
        // Every event labelled (8), plus the warm-up.
        QCOMPARE(rects.size(), std::size_t(9));
        QVERIFY2(texts.contains("fault_start storefront (kill storefront)"), qPrintable(texts.join('|')));
        QVERIFY2(texts.contains("backend_ejected lb->web/1"), qPrintable(texts.join('|')));
        const QRectF area = plot.axisRect()->rect();
        for (std::size_t a = 0; a < rects.size(); ++a) {
            QVERIFY2(QRectF(0, 0, width, 600).contains(rects[a]), qPrintable(texts[int(a)]));
            // Event labels sit above the plot area, never over the data; the warm-up's inside it.
            if (texts[int(a)] == "warm-up")
                QVERIFY(area.contains(rects[a]));
            else
                QVERIFY2(rects[a].bottom() <= area.top(), qPrintable(texts[int(a)]));
            for (std::size_t b = a + 1; b < rects.size(); ++b)
                QVERIFY2(!rects[a].intersects(rects[b]),
                         qPrintable(texts[int(a)] + " overlaps " + texts[int(b)]));
        }
        // The y axis is the data's (p99.9: 120 ms at most), not stretched for the labels.
        QVERIFY(plot.yAxis->range().upper < 140.0);
    }

    void sloLineAndWorkloadBands()
    {
        RunSeries a = twoFrames();
        scalelab::charts::ChartAnnotations notes;
        notes.sloP99 = 0.1;
        notes.bands = {{8.0, 10.0, "spike x6 ramp", true}, {10.0, 16.0, "spike x6", false}};
        ChartBuilder builder;
        builder.setAnnotations(notes);
        QCustomPlot plot;
        plot.resize(900, 500);
        builder.draw(plot, ChartKind::Latency, {&a});
        bool sloLine = false;
        int bands = 0;
        QStringList labels;
        for (int i = 0; i < plot.itemCount(); ++i) {
            if (auto* line = qobject_cast<QCPItemStraightLine*>(plot.item(i)))
                sloLine = sloLine || (line->point1->coords().y() == 100.0 && line->point2->coords().y() == 100.0);
            if (auto* rect = qobject_cast<QCPItemRect*>(plot.item(i)))
                if (rect->topLeft->coords().x() >= 8.0)
                    ++bands;
            if (auto* text = qobject_cast<QCPItemText*>(plot.item(i)))
                labels << text->text();
        }
        QVERIFY(sloLine);
        QCOMPARE(bands, 2);
        QVERIFY2(labels.contains("SLO p99 100 ms"), qPrintable(labels.join('|')));
        QVERIFY2(labels.contains("spike x6"), qPrintable(labels.join('|')));
        QVERIFY(plot.yAxis->range().upper > 100.0);
        // The SLO is a latency threshold: the other charts have bands only.
        builder.draw(plot, ChartKind::Throughput, {&a});
        for (int i = 0; i < plot.itemCount(); ++i)
            if (auto* text = qobject_cast<QCPItemText*>(plot.item(i)))
                QVERIFY(!text->text().startsWith("SLO"));
    }

    void logLatencyAxis()
    {
        RunSeries a = twoFrames();
        ChartBuilder builder;
        builder.setLogLatency(true);
        QCustomPlot plot;
        builder.draw(plot, ChartKind::Latency, {&a});
        QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot.yAxis->label().contains("log"));
        QVERIFY(plot.yAxis->range().lower > 0.0);
        QVERIFY(plot.yAxis->range().lower <= 10.0); // p50: 10 ms
        QCOMPARE(plot.graph(2)->data()->at(0)->value, 80.0);
        // Back to linear for the next chart on the same plot.
        ChartBuilder().draw(plot, ChartKind::Latency, {&a});
        QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(plot.yAxis->range().lower, 0.0);
    }

    void latencyInMillisecondsWithMarkers()
    {
        RunSeries a = twoFrames();
        QCustomPlot plot;
        ChartBuilder().draw(plot, ChartKind::Latency, {&a});
        QCOMPARE(plot.graph(2)->name(), QString("p99"));
        QCOMPARE(plot.graph(2)->data()->at(0)->value, 80.0);
        QCOMPARE(plot.yAxis->label(), QString("latency (ms)"));
        QCOMPARE(plot.xAxis->range().upper, 20.0);
        // The host_down event: one vertical line, labelled.
        plot.resize(800, 500);
        ChartBuilder().draw(plot, ChartKind::Latency, {&a});
        int lines = 0;
        QStringList labels;
        for (int i = 0; i < plot.itemCount(); ++i) {
            if (auto* line = qobject_cast<QCPItemStraightLine*>(plot.item(i))) {
                ++lines;
                QCOMPARE(line->point1->coords().x(), 12.5);
            }
            if (auto* text = qobject_cast<QCPItemText*>(plot.item(i)))
                labels << text->text();
        }
        QCOMPARE(lines, 1);
        QVERIFY2(labels.contains("host_down web/1"), qPrintable(labels.join('|')));
        QVERIFY(labels.contains("warm-up"));
        // Drawing again replaces, never accumulates.
        ChartBuilder().draw(plot, ChartKind::Latency, {&a});
        QCOMPARE(plot.graphCount(), 4);
    }

    void hoverShowsValuesAtTheNearestFrame()
    {
        RunSeries a = twoFrames();
        scalelab::charts::ChartView view;
        ChartBuilder().draw(view, ChartKind::Throughput, {&a});
        const QString text = view.valuesAt(11.0);
        QVERIFY2(text.startsWith("t = 10.0 s"), qPrintable(text));
        QVERIFY2(text.contains("throughput: 90 requests/s"), qPrintable(text));
        QVERIFY2(text.contains("offered: 100 requests/s"), qPrintable(text));
    }

    void exportsAtTheRequestedSize_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("png") << "png";
        QTest::newRow("pdf") << "pdf";
        QTest::newRow("svg") << "svg";
    }

    void exportsAtTheRequestedSize()
    {
        QFETCH(QString, format);
        RunSeries a = twoFrames();
        QCustomPlot plot;
        ChartBuilder().draw(plot, ChartKind::Utilization, {&a});
        QTemporaryDir dir;
        const QString path = dir.filePath("chart." + format);
        QString error;
        QVERIFY2(scalelab::charts::exportChart(plot, path, *scalelab::charts::exportFormatFromName(format), 640, 400,
                                               &error),
                 qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        if (format == "png") {
            QCOMPARE(QImage::fromData(data, "PNG").size(), QSize(640, 400));
        } else if (format == "pdf") {
            QVERIFY(data.startsWith("%PDF-"));
            QVERIFY(data.contains("/MediaBox [0 0 640"));
        } else {
            QVERIFY(data.contains(R"(<svg width="640" height="400")"));
            QVERIFY(data.contains("CPU utilization per component"));
        }
        QVERIFY(!scalelab::charts::exportChart(plot, dir.filePath("no/such/dir/c.png"),
                                               scalelab::charts::ExportFormat::Png, 640, 400, &error));
        QVERIFY(error.contains("no/such/dir/c.png"));
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
