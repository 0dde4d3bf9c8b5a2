// The canvas during a run of the real scalelab-cli: each connection's edge
// shows the calls/s of the latest frame (the same numbers the stream's
// `connections[]` carries), red when calls fail, and clears when the run is
// over; modules of a monolith get their own figure (their part of the host's
// CPU) and colour; editing the study clears the run's state.
#include "canvasscene.h"
#include "componentitem.h"
#include "document.h"
#include "edgeitem.h"
#include "mainwindow.h"
#include "run/runpanel.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace scalelab::gui;

namespace {

const QString kCli = QStringLiteral(SCALELAB_CLI);
const QString kStudy = QStringLiteral(SCALELAB_GUI_DATA) + "/modules.yaml";

/// The colour the scene paints at the middle of a component's box, right of its text.
QColor fillOf(CanvasScene& scene, const QString& component)
{
    ComponentItem* item = scene.item(component);
    const QRectF box = item->mapRectToScene(QRectF(-ComponentItem::kWidth / 2, -ComponentItem::kHeight / 2,
                                                   ComponentItem::kWidth, ComponentItem::kHeight));
    QImage image(box.size().toSize(), QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    QPainter p(&image);
    scene.render(&p, QRectF(QPointF(0, 0), box.size()), box);
    p.end();
    return image.pixelColor(image.width() - 6, image.height() - 6); // inside the rounded corner's inset, below the text
}

/// The last frame of `scalelab-cli run STUDY --variant v --stream`.
nlohmann::json lastFrame(const QString& variant)
{
    QProcess cli;
    cli.start(kCli, {"run", kStudy, "--variant", variant, "--stream"});
    cli.closeWriteChannel();
    if (!cli.waitForFinished(30000))
        return {};
    nlohmann::json last;
    for (const QByteArray& line : cli.readAllStandardOutput().split('\n')) {
        const auto j = nlohmann::json::parse(line.toStdString(), nullptr, false);
        if (j.is_object() && j.value("type", "") == "frame")
            last = j;
    }
    return last;
}

} // namespace

class TestLiveCanvas : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void edgesShowTrafficAndModulesTheirShare()
    {
        MainWindow w;
        QVERIFY(w.openFile(kStudy));
        w.setCurrentVariant("modular");
        w.runPanel()->setCliPath(kCli);
        CanvasScene& scene = *w.scene();
        const QColor idle = fillOf(scene, "orders");

        // Record what the canvas shows each time the panel hands it traffic
        // (the main window's own slot runs first: it was connected first).
        QHash<QString, ConnectionLiveState> lastTraffic;
        QHash<QString, QString> labels;
        QHash<QString, QColor> colours;
        QColor ordersFill;
        connect(w.runPanel(), &RunPanel::liveTraffic, this,
                [&](const QString&, const QHash<QString, ConnectionLiveState>& traffic) {
                    lastTraffic = traffic;
                    for (const auto& [from, to] : {std::pair{"lb", "app"}, {"app", "catalog"}, {"orders", "payments"},
                                                   {"catalog", "db"}}) {
                        EdgeItem* e = scene.edge(from, to);
                        QVERIFY(e);
                        labels[QString(from) + "->" + to] = e->label();
                        colours[QString(from) + "->" + to] = e->lineColor();
                    }
                });
        connect(w.runPanel(), &RunPanel::liveState, this, [&] { ordersFill = fillOf(scene, "orders"); });
        QSignalSpy finished(w.runPanel(), &RunPanel::runFinished);
        w.runPanel()->run();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.front().at(0).toBool(), true);

        // The last traffic shown is the last frame's counters over its bin.
        const nlohmann::json frame = lastFrame("modular");
        QVERIFY(frame.contains("connections"));
        const double width = frame["end"].get<double>() - frame["start"].get<double>();
        int checked = 0;
        for (const auto& c : frame["connections"]) {
            const QString key = QString::fromStdString(c["caller"].get<std::string>() + "->" +
                                                       c["target"].get<std::string>());
            QVERIFY2(lastTraffic.contains(key), qPrintable(key));
            const double calls = c["calls"].get<double>() / width;
            QCOMPARE(lastTraffic[key].calls, calls);
            QCOMPARE(lastTraffic[key].retries, c["retries"].get<double>() / width);
            QCOMPARE(lastTraffic[key].failed, (c["errors"].get<double>() + c["rejected"].get<double>()) / width);
            QCOMPARE(lastTraffic[key].shortCircuited, c["short_circuited"].get<double>() / width);
            if (labels.contains(key)) {
                QVERIFY2(calls > 0, qPrintable(key));
                QVERIFY2(labels[key].startsWith(QString::number(calls, 'f', calls < 10 ? 1 : 0) + "/s"),
                         qPrintable(key + ": " + labels[key]));
                ++checked;
            }
        }
        QCOMPARE(checked, 4);
        // payments fails half its calls: retried (x1.75 expected) and red; catalog -> db fails none.
        QVERIFY2(labels["orders->payments"].contains(" ×") && labels["orders->payments"].contains("failed"),
                 qPrintable(labels["orders->payments"]));
        const QColor red = colours["orders->payments"], fine = colours["catalog->db"];
        QVERIFY2(red.red() > red.blue() && fine.blue() > fine.red(), qPrintable(red.name() + " " + fine.name()));
        QVERIFY(!labels["catalog->db"].contains("failed"));
        // A checkout fails when its three payment attempts do: lb -> app shows it too.
        QVERIFY(labels["lb->app"].contains("failed"));

        // A module: its own figure (a share of app's cores) and colour.
        const auto& live = scene.item("orders")->live();
        QVERIFY(live.has_value());
        QCOMPARE(live->host, QString("app"));
        QVERIFY(live->utilization > 0.0 && live->utilization < 1.0);
        QVERIFY(live->utilization < scene.item("app")->live()->utilization);
        QVERIFY2(ordersFill != idle, qPrintable(ordersFill.name()));

        // An open breaker: no call made, 40/s cut off: red, and the label says so.
        EdgeItem* payments = scene.edge("orders", "payments");
        payments->setTraffic(EdgeTraffic{0.0, 0.0, 0.0, 40.0, 100.0});
        QVERIFY2(payments->label().contains("40/s cut off"), qPrintable(payments->label()));
        QCOMPARE(payments->lineColor(), QColor(0xe5, 0x39, 0x35));
        payments->setTraffic(std::nullopt);

        // The run is over: no traffic on the edges; the components keep their last state.
        QVERIFY(scene.edge("lb", "app")->label().isEmpty());
        QVERIFY(!scene.edge("lb", "app")->traffic().has_value());
        QVERIFY(scene.item("orders")->live().has_value());

        // Moving a component keeps it; an edit of the design clears it.
        w.document()->moveComponents("modular", {{"db", QPointF(900, 500)}});
        QVERIFY(scene.item("orders")->live().has_value());
        QVERIFY(w.document()->undoStack()->canUndo());
        QVERIFY(w.document()->edit("three app instances",
                                   [](scalelab::scenarios::Study& s) {
                                       for (auto& v : s.variants)
                                           for (auto& c : v.components)
                                               if (c.name == "app")
                                                   c.instances = 3;
                                   },
                                   nullptr));
        QVERIFY(!scene.item("orders")->live().has_value());
        QCOMPARE(fillOf(scene, "orders"), idle);
        w.document()->undoStack()->setClean();
    }
};

QTEST_MAIN(TestLiveCanvas)
#include "tst_livecanvas.moc"
