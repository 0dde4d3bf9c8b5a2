// The canvas as the design tool, through the real window (offscreen) with
// simulated mouse and keyboard: arrows selected and their calls' policy
// edited (with undo), cache-aside drawn and checked against the analytic
// model and a simulated run, components dragged into zones, a zone outage
// greying its area during a live run, the model's saturation badge while
// editing, and the shop drawn from an empty canvas without typing YAML.
#include "analyticpanel.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "componentitem.h"
#include "document.h"
#include "edgeitem.h"
#include "inspector.h"
#include "mainwindow.h"
#include "palette.h"
#include "run/runpanel.h"
#include "valueform.h"
#include "zoneitem.h"

#include "scenarios/studyedit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QInputDialog>
#include <QMenu>
#include <QStatusBar>
#include <QLineEdit>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace scalelab;
using namespace scalelab::gui;

namespace {

const QString kCli = QStringLiteral(SCALELAB_CLI);
const QString kData = QStringLiteral(SCALELAB_GUI_DATA);

/// Counts what a user does: each click, drag, shortcut, choice in a list
/// (a click to open it and one to pick) and typed value (with its Enter).
struct Actions
{
    int count = 0;
};

void mouse(QWidget* w, QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons held,
           Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QMouseEvent e(type, QPointF(at), w->mapToGlobal(QPointF(at)), button, held, modifiers);
    QApplication::sendEvent(w, &e);
}

/// A press, moves and a release on the canvas, from one scene point to another.
void drag(Actions& a, CanvasView* view, QPointF fromScene, QPointF toScene,
          Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    view->centerOn((fromScene + toScene) / 2);
    QWidget* vp = view->viewport();
    const QPoint p = view->mapFromScene(fromScene);
    const QPoint q = view->mapFromScene(toScene);
    mouse(vp, QEvent::MouseButtonPress, p, Qt::LeftButton, Qt::LeftButton, modifiers);
    for (int i = 1; i <= 6; ++i)
        mouse(vp, QEvent::MouseMove, p + (q - p) * i / 6, Qt::NoButton, Qt::LeftButton, modifiers);
    mouse(vp, QEvent::MouseButtonRelease, q, Qt::LeftButton, Qt::NoButton, modifiers);
    ++a.count;
}

void click(Actions& a, CanvasView* view, QPointF scenePos)
{
    view->centerOn(scenePos);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, view->mapFromScene(scenePos));
    ++a.count;
}

void click(Actions& a, QWidget* w)
{
    QTest::mouseClick(w, Qt::LeftButton, Qt::NoModifier, w->rect().center());
    ++a.count;
}

/// A shortcut typed on the canvas (the window's actions take it).
void shortcut(Actions& a, MainWindow& w, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(w.view()->viewport(), Qt::Key(key), modifiers);
    ++a.count;
}

/// Clicks a field, types a value, presses Enter: two actions.
void type(Actions& a, QLineEdit* field, const QString& text)
{
    QVERIFY(field);
    QTest::mouseClick(field, Qt::LeftButton);
    field->selectAll();
    QTest::keyClicks(field, text);
    QTest::keyClick(field, Qt::Key_Return);
    a.count += 2;
}

/// Picks an item of a drop-down by keyboard (End: the last one enabled;
/// Down: the next), counted as a user's two clicks: open, pick.
void choose(Actions& a, QComboBox* box, Qt::Key key)
{
    QVERIFY(box);
    QTest::keyClick(box, key);
    a.count += 2;
}

/// Drops a palette kind on the canvas at a scene point, as QDrag delivers it.
void dropKind(Actions& a, MainWindow& w, scenarios::ComponentKind kind, QPointF scenePos)
{
    std::unique_ptr<QMimeData> mime(Palette::kindMime(kind));
    w.view()->centerOn(scenePos);
    QWidget* vp = w.view()->viewport();
    const QPoint at = w.view()->mapFromScene(scenePos);
    QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &enter);
    QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &move);
    QDropEvent drop(QPointF(at), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &drop);
    ++a.count;
}

/// Right-clicks the canvas at a scene point and picks the menu's action
/// `name` with the mouse once the menu shows: two actions.
void contextMenu(Actions& a, CanvasView* view, QPointF scenePos, const QString& name)
{
    view->centerOn(scenePos);
    QWidget* vp = view->viewport();
    const QPoint at = view->mapFromScene(scenePos);
    bool picked = false;
    auto* poll = new QTimer(view);
    QObject::connect(poll, &QTimer::timeout, view, [&picked, poll, name] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu)
            return;
        poll->stop();
        for (QAction* action : menu->actions())
            if (action->objectName() == name) {
                QTest::mouseClick(menu, Qt::LeftButton, Qt::NoModifier, menu->actionGeometry(action).center());
                picked = true;
                return;
            }
        menu->close();
    });
    poll->start(10);
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, vp->mapToGlobal(at));
    QApplication::sendEvent(vp, &event);
    delete poll;
    QVERIFY2(picked, qPrintable(name + " is not in the canvas's menu"));
    a.count += 2;
}

/// Types `text` and Enter into the dialog that asks for a name, once it shows.
void answerName(const QString& text)
{
    auto* poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, [poll, text] {
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        poll->stop();
        poll->deleteLater();
        auto* field = dialog->findChild<QLineEdit*>();
        field->selectAll();
        QTest::keyClicks(field, text);
        QTest::keyClick(field, Qt::Key_Return);
    });
    poll->start(10);
}

ZoneItem* zoneItem(MainWindow& w, const QString& name)
{
    for (ZoneItem* z : w.scene()->zoneItems())
        if (z->name() == name)
            return z;
    return nullptr;
}

QString problems(const Document& doc)
{
    QStringList out;
    for (const auto& d : doc.diagnostics())
        out << QString::fromStdString(d.format());
    return out.join('\n');
}

QPointF middle(const EdgeItem* e)
{
    return e->mapToScene(e->path().pointAtPercent(0.5));
}

std::vector<const scenarios::Call*> calls(const Document& doc, const QString& variant, const char* from,
                                          const char* to)
{
    return scenarios::connectionCalls(*doc.variant(variant), from, to);
}

double arrivalsAt(const models::analytic::Estimate& e, const std::string& component)
{
    for (const auto& c : e.components)
        if (c.name == component)
            return c.arrivalRate;
    return -1.0;
}

/// Calls/s into `component` and requests/s offered, from `scalelab-cli run STUDY --format json`.
std::pair<double, double> simulatedArrivals(const QString& study, const std::string& component)
{
    QProcess cli;
    cli.start(kCli, {"run", study, "--format", "json"});
    if (!cli.waitForFinished(60000) || cli.exitCode() != 0)
        return {-1.0, -1.0};
    const auto j = nlohmann::json::parse(cli.readAllStandardOutput().toStdString());
    double in = 0.0;
    for (const auto& c : j["connections"])
        if (c["target"] == component)
            in += c["calls"]["mean"].get<double>();
    return {in, j["figures"]["offered"]["mean"].get<double>()};
}

} // namespace

class TestCanvasDesign : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void anArrowIsSelectedEditedAndUndone()
    {
        MainWindow w; // the monolith template: app -> db in all three routes
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        Actions a;
        EdgeItem* appDb = w.scene()->edge("app", "db");
        QVERIFY(appDb);
        QVERIFY(appDb->look().badges.isEmpty());
        click(a, w.view(), middle(appDb));
        QCOMPARE(w.scene()->selectedEdges(), (QList<QPair<QString, QString>>{{"app", "db"}}));
        QCOMPARE(w.inspector()->tabText(0), QString("Connection"));
        ValueForm* form = w.inspector()->connectionForm();
        QVERIFY(form->isVisibleTo(w.inspector()));

        // A timeout on every call the arrow stands for (browse, search, checkout).
        type(a, form->field("timeout"), "250ms");
        QCOMPARE(calls(*w.document(), "monolith", "app", "db").size(), std::size_t(3));
        for (const auto* c : calls(*w.document(), "monolith", "app", "db"))
            QCOMPARE(c->timeout.value_or(0), 0.25);
        QVERIFY(w.scene()->edge("app", "db")->look().badges.contains("timeout 250ms"));

        // Retries with a backoff and a budget, a breaker: each a badge.
        click(a, w.inspector()->findChild<QCheckBox*>("retriesOn"));
        type(a, form->field("retries.backoff"), "50ms");
        type(a, form->field("retries.budget"), "10%");
        click(a, w.inspector()->findChild<QCheckBox*>("breakerOn"));
        for (const auto* c : calls(*w.document(), "monolith", "app", "db")) {
            QVERIFY(c->retries && c->breaker);
            QCOMPARE(c->retries->backoff, 0.05);
            QCOMPARE(c->retries->budget.value_or(0), 0.1);
            QCOMPARE(c->retries->max, 3);
        }
        QCOMPARE(w.scene()->edge("app", "db")->look().badges,
                 (QStringList{"timeout 250ms", "retries 3", "breaker"}));
        QVERIFY2(w.document()->text().contains("{db: {read: 2ms, timeout: 250ms, retries: {max: 3, backoff: 50ms, "
                                               "budget: 0.1}, breaker: {}}}"),
                 qPrintable(w.document()->text()));

        // A bad value: refused under the field, the document unchanged.
        const QString before = w.document()->text();
        type(a, form->field("timeout"), "-5ms");
        QVERIFY(!form->errorText("timeout").isEmpty());
        QCOMPARE(w.document()->text(), before);

        // Undo by keyboard, step by step, back to no policy at all.
        for (int i = 0; i < 5; ++i)
            shortcut(a, w, Qt::Key_Z, Qt::ControlModifier);
        for (const auto* c : calls(*w.document(), "monolith", "app", "db"))
            QVERIFY(!c->timeout && !c->retries && !c->breaker);
        QVERIFY(w.scene()->edge("app", "db")->look().badges.isEmpty());
        QVERIFY(!w.document()->isDirty());
    }

    void cacheAsideCutsTheDatabaseLoadByTheHitRatio()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(kData + "/cacheaside.yaml"));
        Actions a;
        AnalyticPanel* model = w.inspector()->analytic();
        model->recompute();
        QVERIFY(model->estimate());
        const double rate = model->rate();
        QCOMPARE(arrivalsAt(*model->estimate(), "db"), rate); // every get reads the database

        // Redraw: app -> cache -> db, the last arrow on a miss.
        click(a, w.view(), middle(w.scene()->edge("app", "db")));
        shortcut(a, w, Qt::Key_Delete);
        shortcut(a, w, Qt::Key_C); // connect mode
        drag(a, w.view(), {300, 0}, {600, -140});
        drag(a, w.view(), {600, -140}, {600, 140});
        QVERIFY2(w.scene()->edge("cache", "db"), qPrintable(w.lastMessage()));
        shortcut(a, w, Qt::Key_S); // select mode
        click(a, w.view(), middle(w.scene()->edge("cache", "db")));
        QCOMPARE(w.inspector()->tabText(0), QString("Connection"));
        auto* placement = w.inspector()->findChild<QComboBox*>("placement");
        choose(a, placement, Qt::Key_End);
        QCOMPARE(placement->currentText(), QString("on a cache miss"));
        QVERIFY2(w.scene()->edge("cache", "db")->look().miss, qPrintable(w.lastMessage()));
        type(a, w.inspector()->connectionForm()->field("read"), "2ms");
        QVERIFY2(w.document()->text().contains("get: [lb, {app: {cpu: 2ms}}, {cache: {miss: [{db: {read: 2ms}}]}}]"),
                 qPrintable(w.document()->text()));
        QVERIFY(w.document()->diagnostics().empty());
        QCOMPARE(a.count, 11);

        // The model: the database gets the misses, 20% of the gets; the cache shows its hit ratio.
        model->recompute();
        QVERIFY(model->estimate());
        QVERIFY(std::abs(arrivalsAt(*model->estimate(), "db") - 0.2 * rate) < 1e-9 * rate);
        QCOMPARE(arrivalsAt(*model->estimate(), "cache"), rate);
        QCOMPARE(w.scene()->item("cache")->modelBadge(), QString("hit 80%"));

        // A run of the drawing agrees: 24000 gets measured, misses binomial
        // (sd of the share 0.0026), so the database's share of the offered
        // rate is 0.2 within 0.012 (4.6 sd); before the drawing it was 1.
        QTemporaryDir dir;
        QVERIFY(w.saveAs(dir.filePath("drawn.yaml")));
        const auto [db, offered] = simulatedArrivals(dir.filePath("drawn.yaml"), "db");
        QVERIFY(offered > 0);
        QVERIFY2(std::abs(db / offered - 0.2) < 0.012, qPrintable(QString::number(db / offered)));
        const auto [dbBefore, offeredBefore] = simulatedArrivals(kData + "/cacheaside.yaml", "db");
        QVERIFY2(std::abs(dbBefore / offeredBefore - 1) < 0.002, qPrintable(QString::number(dbBefore / offeredBefore)));
    }

    void aComponentDraggedIntoAZoneIsInIt()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(kData + "/zones.yaml"));
        Actions a;
        QStringList labels;
        for (const ZoneItem* z : w.scene()->zoneItems())
            labels << z->label();
        labels.sort();
        QCOMPARE(labels, (QStringList{"zone eu-1a (eu)", "zone eu-1b (eu)"}));
        const auto zoneItem = [&](const QString& name) -> ZoneItem* {
            for (ZoneItem* z : w.scene()->zoneItems())
                if (z->name() == name)
                    return z;
            return nullptr;
        };
        // eu-1b holds the app only (spread over both): drop the database in its band.
        const QRectF eu1b = zoneItem("eu-1b")->rect();
        const QPointF into(eu1b.center().x(), eu1b.top() + 10);
        QCOMPARE(w.scene()->zoneAt(into), QString("eu-1b"));
        drag(a, w.view(), {600, 0}, into);
        const auto* db = w.document()->variant("v")->find("db");
        QCOMPARE(db->zones, std::vector<std::string>{"eu-1b"});
        QVERIFY(w.document()->text().contains("db: {kind: sql_database, zones: [eu-1b]}"));
        QCOMPARE(w.document()->undoStack()->undoText(), QString("Move db into eu-1b"));
        // The areas follow: eu-1b now around the app and the database.
        QVERIFY(zoneItem("eu-1b")->rect().contains(w.document()->position("v", "db")));

        // Shift held: the zone is added (instances spread); the lb goes from eu-1a to both.
        drag(a, w.view(), {0, 0}, zoneItem("eu-1b")->rect().topLeft() + QPointF(12, 12), Qt::ShiftModifier);
        QCOMPARE(w.document()->variant("v")->find("lb")->zones, (std::vector<std::string>{"eu-1a", "eu-1b"}));

        // Undo puts both back where they were and in their zones.
        shortcut(a, w, Qt::Key_Z, Qt::ControlModifier);
        shortcut(a, w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.document()->variant("v")->find("db")->zones, std::vector<std::string>{"eu-1a"});
        QCOMPARE(w.document()->position("v", "db"), QPointF(600, 0));
        QVERIFY(!w.document()->isDirty());

        // A drop from the palette into a zone's area puts the new component in it.
        dropKind(a, w, scenarios::ComponentKind::Cache, into);
        QCOMPARE(w.document()->variant("v")->find("cache1")->zones, std::vector<std::string>{"eu-1b"});
    }

    // A zone renamed from its label (double-click, the name typed) and
    // removed from the canvas's menu: each one undo step, through the study.
    void aZoneIsRenamedAndRemovedOnTheCanvas()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.openFile(kData + "/zones.yaml"));
        const std::string before = w.document()->text().toStdString();
        Actions a;
        ZoneItem* eu1b = zoneItem(w, "eu-1b");
        QVERIFY(eu1b);
        const QPointF label = eu1b->labelRect().center();
        w.view()->centerOn(label);
        answerName("eu-west-1b");
        QTest::mouseDClick(w.view()->viewport(), Qt::LeftButton, Qt::NoModifier, w.view()->mapFromScene(label));
        QTRY_VERIFY(zoneItem(w, "eu-west-1b"));
        const scenarios::Study& s = w.document()->study();
        QCOMPARE(s.network.zones[1].name, std::string("eu-west-1b"));
        QCOMPARE(s.network.zones[1].region, std::string("eu"));
        QCOMPARE(w.document()->variant("v")->find("app")->zones, (std::vector<std::string>{"eu-1a", "eu-west-1b"}));
        QCOMPARE(s.faults.front().target, std::string("eu-west-1b")); // the zone outage follows
        QVERIFY(w.document()->diagnostics().empty());
        QCOMPARE(w.document()->undoStack()->undoText(), QString("Rename zone eu-1b to eu-west-1b"));
        w.document()->undoStack()->undo(); // one step puts every reference back
        QCOMPARE(w.document()->text().toStdString(), before);
        w.document()->undoStack()->redo();

        // A taken name is refused, and asked again; cancelled, nothing changes.
        w.setNameAsker([](const QString& question, const QString&) -> std::optional<QString> {
            if (question.startsWith("Cannot rename the zone: there is already a zone 'eu-1a'"))
                return std::nullopt;
            return QString("eu-1a");
        });
        contextMenu(a, w.view(), zoneItem(w, "eu-west-1b")->labelRect().center(), "renameZone");
        QCOMPARE(w.document()->study().network.zones[1].name, std::string("eu-west-1b"));

        // Removal is refused while a fault names the zone, with the fault named.
        contextMenu(a, w.view(), zoneItem(w, "eu-west-1b")->labelRect().center(), "removeZone");
        QCOMPARE(w.statusBar()->currentMessage(),
                 QString("Cannot remove zone eu-west-1b: zone eu-west-1b is named by fault 1 (zone_outage eu-west-1b "
                         "at 5s): change or remove that fault first (Faults tab)"));
        QCOMPARE(w.document()->study().network.zones.size(), std::size_t(2));

        // Without the fault, it goes: the app keeps its other zone.
        QString error;
        QVERIFY(w.document()->edit("Remove fault", [](scenarios::Study& study) { study.faults.clear(); }, &error));
        const std::string withZone = w.document()->text().toStdString();
        contextMenu(a, w.view(), zoneItem(w, "eu-west-1b")->labelRect().center(), "removeZone");
        QCOMPARE(w.document()->study().network.zones.size(), std::size_t(1));
        QCOMPARE(w.document()->variant("v")->find("app")->zones, std::vector<std::string>{"eu-1a"});
        QVERIFY(!zoneItem(w, "eu-west-1b"));
        QVERIFY(!w.document()->text().contains("eu-west-1b"));
        QCOMPARE(w.document()->undoStack()->undoText(), QString("Remove zone eu-west-1b"));
        w.document()->undoStack()->undo();
        QCOMPARE(w.document()->text().toStdString(), withZone);
        QCOMPARE(a.count, 6);
    }

    // A component only in a removed zone falls to the first zone left (its
    // zone list emptied); the study reads and runs as before otherwise.
    void aComponentOnlyInARemovedZoneFallsToTheFirstZone()
    {
        Document doc;
        auto study = MainWindow::loadTemplate("monolith");
        QVERIFY(study);
        doc.reset(*study, {});
        QString error;
        QVERIFY2(doc.removeZone("eu-1a", &error), qPrintable(error));
        const auto* v = doc.variant("monolith");
        QVERIFY(v->find("lb")->zones.empty());
        QCOMPARE(v->find("app")->zones, std::vector<std::string>{"eu-1b"});
        QCOMPARE(Document::zoneOf(doc.study(), *v->find("db")), QString("eu-1b"));
        QVERIFY2(doc.diagnostics().empty(), qPrintable(problems(doc)));
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void aZoneOutageGreysItsAreaDuringALiveRun()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(kData + "/zones.yaml"));
        w.runPanel()->setCliPath(kCli);
        CanvasScene& scene = *w.scene();
        // What the area shows at each fault event (the window's own slot runs first).
        QStringList seen;
        connect(w.runPanel(), &RunPanel::faultEvent, this,
                [&](const QString&, double time, const QString& kind, const QString& subject) {
                    for (const ZoneItem* z : scene.zoneItems())
                        if (z->name() == subject)
                            seen << QStringLiteral("%1 %2 %3 %4").arg(time).arg(kind, subject, z->outage() ? "grey" : "clear");
                });
        QSignalSpy finished(w.runPanel(), &RunPanel::runFinished);
        w.runPanel()->run();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.front().at(0).toBool(), true);
        QCOMPARE(seen, (QStringList{"5 fault_start eu-1b grey", "10 fault_end eu-1b clear"}));
        // Events about other zones or components leave the areas alone; a new run clears them.
        scene.faultEvent("fault_start", "app/1");
        QVERIFY(scene.zoneOutages().isEmpty());
        scene.faultEvent("fault_start", "eu-1a");
        QCOMPARE(scene.zoneOutages(), QStringList{"eu-1a"});
        scene.setZoneOutages({});
        const QList<ZoneItem*> zones = scene.zoneItems();
        QVERIFY(std::none_of(zones.begin(), zones.end(), [](const ZoneItem* z) { return z->outage(); }));
    }

    void theModelsSaturationShowsOnTheCanvasWhileEditing()
    {
        MainWindow w; // monolith: app at 75% at the 800 req/s peak
        w.show();
        Actions a;
        AnalyticPanel* model = w.inspector()->analytic();
        model->recompute();
        ComponentItem* app = w.scene()->item("app");
        QCOMPARE(app->modelBadge(), QString("75% at peak"));
        QVERIFY(w.scene()->item("db")->modelBadge().isEmpty()); // well below 70%
        // Two instances instead of four: saturated, 1.5x its capacity.
        click(a, w.view(), w.document()->position("monolith", "app"));
        type(a, w.inspector()->componentForm()->field("instances"), "2");
        QTRY_COMPARE(w.scene()->item("app")->modelBadge(), QString("saturated 1.50x at peak"));
        QCOMPARE(model->figure("utilization").left(9), QString("saturated"));
        // During a run the live colours take over the badge; after an edit it is back.
        LiveState live;
        live.utilization = 0.5;
        w.scene()->setLiveStates({{"app", live}});
        QVERIFY(w.scene()->item("app")->live());
    }

    // File > New, then the shop's design drawn with the mouse and a few
    // typed values: a load balancer, the app in two zones, cache-aside in
    // front of the database. Every step counted as a user takes it.
    void theShopIsDrawnFromAnEmptyCanvasWithoutYaml()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        Actions a;
        CanvasView* view = w.view();
        shortcut(a, w, Qt::Key_N, Qt::ControlModifier); // File > New
        const QString v = "design";
        QCOMPARE(w.variantTabs()->count(), 1);
        QVERIFY(w.document()->variant(v));
        QVERIFY(w.document()->variant(v)->components.empty());
        QCOMPARE(w.scene()->zoneItems().size(), 1); // zone1, an empty area to drop into
        QVERIFY(!w.document()->isDirty());

        // A second zone, from the canvas's menu, away from zone1's area.
        contextMenu(a, view, zoneItem(w, "zone1")->rect().bottomLeft() + QPointF(0, 200), "addZone");
        QVERIFY(zoneItem(w, "zone2"));

        // The app into zone2's area, then Shift-dragged into zone1's: in both.
        using K = scenarios::ComponentKind;
        dropKind(a, w, K::Service, zoneItem(w, "zone2")->rect().center());
        QCOMPARE(w.document()->variant(v)->find("service1")->zones, std::vector<std::string>{"zone2"});
        drag(a, view, w.document()->position(v, "service1"), zoneItem(w, "zone1")->rect().center(), Qt::ShiftModifier);
        QCOMPARE(w.document()->variant(v)->find("service1")->zones, (std::vector<std::string>{"zone2", "zone1"}));
        const QPointF app = w.document()->position(v, "service1");
        // The rest above it, outside the areas: in the first zone, as the file says by default.
        dropKind(a, w, K::LoadBalancer, app + QPointF(-240, -120));
        dropKind(a, w, K::Cache, app + QPointF(240, -120));
        dropKind(a, w, K::SqlDatabase, app + QPointF(480, -120));
        const QPointF lb = w.document()->position(v, "lb1");
        const QPointF cache = w.document()->position(v, "cache1");
        const QPointF db = w.document()->position(v, "db1");
        for (const char* c : {"lb1", "cache1", "db1"})
            QCOMPARE(Document::zoneOf(w.document()->study(), *w.document()->variant(v)->find(c)), QString("zone1"));
        // Laid out so, the zones' areas are two bands, one above the other,
        // overlapping only in the strip where the app (in both) stands.
        const QRectF both = zoneItem(w, "zone1")->rect().intersected(zoneItem(w, "zone2")->rect());
        QVERIFY(both.contains(app));
        for (const QPointF& only1 : {lb, cache, db})
            QVERIFY(!zoneItem(w, "zone2")->rect().contains(only1));

        // The route of the one operation: load balancer, app, cache, database.
        shortcut(a, w, Qt::Key_C);
        QCOMPARE(w.findChild<QComboBox*>("operation")->currentText(), QString("request"));
        drag(a, view, lb, app);
        drag(a, view, app, cache);
        drag(a, view, cache, db);
        QVERIFY2(w.document()->diagnostics().empty(), qPrintable(problems(*w.document())));

        // The arrows' settings: the cache's reads aside, the work at each target.
        shortcut(a, w, Qt::Key_S);
        click(a, view, middle(w.scene()->edge("cache1", "db1")));
        choose(a, w.inspector()->findChild<QComboBox*>("placement"), Qt::Key_End);
        type(a, w.inspector()->connectionForm()->field("read"), "2ms");
        click(a, view, middle(w.scene()->edge("lb1", "service1")));
        type(a, w.inspector()->connectionForm()->field("cpu"), "10ms");
        click(a, view, middle(w.scene()->edge("service1", "cache1")));
        type(a, w.inspector()->connectionForm()->field("timeout"), "50ms");

        // The design as the file holds it: a monolith with cache-aside in two zones.
        const auto* drawn = w.document()->variant(v);
        QVERIFY2(w.document()->diagnostics().empty(), qPrintable(problems(*w.document())));
        QCOMPARE(drawn->find("service1")->zones, (std::vector<std::string>{"zone2", "zone1"}));
        QCOMPARE(Document::zoneOf(w.document()->study(), *drawn->find("lb1")), QString("zone1"));
        const QString text = w.document()->text();
        QVERIFY2(text.contains("request: [lb1, {service1: {cpu: 10ms}}, {cache1: {timeout: 50ms, miss: "
                               "[{db1: {read: 2ms}}]}}]"),
                 qPrintable(text));
        QVERIFY(w.scene()->edge("cache1", "db1")->look().miss);

        // The model agrees with the drawing: the database gets the cache's misses.
        AnalyticPanel* model = w.inspector()->analytic();
        model->recompute();
        QVERIFY(model->estimate());
        double hit = -1;
        for (const auto& c : model->estimate()->components)
            if (c.name == "cache1")
                hit = c.hitRatio;
        QVERIFY(hit > 0 && hit < 1);
        const double rate = model->rate();
        QCOMPARE(rate, 100.0);
        QVERIFY(std::abs(arrivalsAt(*model->estimate(), "db1") - rate * (1 - hit)) < 1e-9 * rate);
        QVERIFY(w.scene()->item("cache1")->modelBadge().startsWith("hit "));

        // Every step the user took, counted.
        QCOMPARE(a.count, 24);
    }
};

QTEST_MAIN(TestCanvasDesign)
#include "tst_canvasdesign.moc"
