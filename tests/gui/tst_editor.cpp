// The editor: palette drops, connections, parameters, undo/redo, files,
// diagnostics and recovery, through the real window (offscreen).
#include "canvasscene.h"
#include "canvasview.h"
#include "componentitem.h"
#include "diagnosticspanel.h"
#include "document.h"
#include "inspector.h"
#include "mainwindow.h"
#include "palette.h"
#include "run/runpanel.h"
#include "rateprofileview.h"
#include "valueform.h"

#include "models/kinds/kind.h"
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"

#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace scalelab;
using namespace scalelab::gui;

namespace {

const scenarios::Component* component(const Document& doc, const QString& variant, const QString& name)
{
    const auto* v = doc.variant(variant);
    return v ? v->find(name.toStdString()) : nullptr;
}

bool hasEdge(const Document& doc, const QString& variant, const QString& from, const QString& to)
{
    const auto edges = Document::edges(*doc.variant(variant));
    return std::find(edges.begin(), edges.end(), std::pair(from.toStdString(), to.toStdString())) != edges.end();
}

// A mouse event with the buttons held, as a drag delivers them.
void mouse(QWidget* w, QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons held)
{
    QMouseEvent e(type, QPointF(at), w->mapToGlobal(QPointF(at)), button, held, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

void drag(CanvasView* view, QPointF fromScene, QPointF toScene)
{
    QWidget* vp = view->viewport();
    const QPoint a = view->mapFromScene(fromScene);
    const QPoint b = view->mapFromScene(toScene);
    mouse(vp, QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 5; ++i)
        mouse(vp, QEvent::MouseMove, a + (b - a) * i / 5, Qt::NoButton, Qt::LeftButton);
    mouse(vp, QEvent::MouseButtonRelease, b, Qt::LeftButton, Qt::NoButton);
}

// Drops a palette item on the view at a scene position, as QDrag would deliver it.
void dropKind(MainWindow& w, const QString& kindLabel, QPointF scenePos)
{
    QListWidgetItem* item = w.palette()->findItems(kindLabel, Qt::MatchExactly).value(0);
    QVERIFY(item);
    std::unique_ptr<QMimeData> mime(Palette::kindMime(scenarios::ComponentKind(item->data(Qt::UserRole).toInt())));
    QWidget* vp = w.view()->viewport();
    const QPoint at = w.view()->mapFromScene(scenePos);
    QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &drop);
}

void editField(ValueForm* form, const QString& label, const QString& text)
{
    QLineEdit* field = form->field(label);
    QVERIFY2(field, qPrintable("no field " + label));
    field->setText(text);
    emit field->editingFinished();
}

} // namespace

class TestEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ScaleLabTest");
        QCoreApplication::setApplicationName("tst_editor");
    }

    void dragFromPaletteAddsAComponent()
    {
        MainWindow w;
        w.show();
        QCOMPARE(w.currentVariant(), QString("monolith"));
        const auto before = w.document()->variant("monolith")->components.size();
        dropKind(w, "cache", QPointF(611, 389));
        const auto* added = component(*w.document(), "monolith", "cache1");
        QVERIFY(added);
        QCOMPARE(added->kind, scenarios::ComponentKind::Cache);
        QCOMPARE(w.document()->variant("monolith")->components.size(), before + 1);
        // Dropped where the pointer was, snapped to the 20-unit grid.
        const QPointF at = w.document()->position("monolith", "cache1");
        QCOMPARE(at, QPointF(620, 380));
        QVERIFY(w.scene()->item("cache1"));
        QCOMPARE(w.scene()->selectedComponents(), QStringList{"cache1"});
        // A second one gets the next name.
        dropKind(w, "cache", QPointF(611, 589));
        QVERIFY(component(*w.document(), "monolith", "cache2"));
        w.document()->undoStack()->undo();
        w.document()->undoStack()->undo();
        QVERIFY(!component(*w.document(), "monolith", "cache1"));
        QCOMPARE(w.document()->variant("monolith")->components.size(), before);
    }

    // The palette lists every kind of the registry, with its label and an icon
    // the resources hold; a new module runs in the variant's first service.
    void paletteShowsEveryKind()
    {
        Palette palette(nullptr);
        const auto& kinds = models::allKinds();
        QCOMPARE(std::size_t(palette.count()), kinds.size());
        for (int i = 0; i < palette.count(); ++i) {
            const models::Kind& k = *kinds[std::size_t(i)];
            QCOMPARE(palette.item(i)->text(), QString::fromStdString(k.label()));
            QVERIFY2(QFile::exists(QString::fromStdString(k.icon())), k.icon().c_str());
        }
        MainWindow w;
        w.show();
        dropKind(w, "module", QPointF(611, 389));
        const auto* added = component(*w.document(), "monolith", "module1");
        QVERIFY(added);
        const auto& all = w.document()->variant("monolith")->components;
        const auto service = std::find_if(all.begin(), all.end(),
                                          [](const auto& c) { return c.kind == scenarios::ComponentKind::Service; });
        QVERIFY(service != all.end());
        QCOMPARE(added->host, service->name);
    }

    void connectTwoComponents()
    {
        MainWindow w;
        w.show();
        const QString cache = w.document()->addComponent("monolith", scenarios::ComponentKind::Cache, {700, 400});
        w.scene()->setOperation("browse");
        w.action("connectMode")->trigger();
        QCOMPARE(w.scene()->mode(), CanvasScene::Mode::Connect);
        const QPointF app = w.document()->position("monolith", "app");
        w.view()->centerOn(QPointF(500, 300));
        drag(w.view(), app, QPointF(700, 400));
        QVERIFY2(hasEdge(*w.document(), "monolith", "app", cache), qPrintable(w.lastMessage()));
        // The call joined the browse route only: app's step there calls the cache.
        const auto& routes = w.document()->variant("monolith")->routes;
        const auto browse = std::find_if(routes.begin(), routes.end(), [](const auto& r) { return r.operation == "browse"; });
        QCOMPARE(QString::fromStdString(browse->root.calls.back().calls.back().target), cache);
        QVERIFY(w.document()->diagnostics().empty());
        // payments is on no browse step: refused, with why, and nothing changes.
        const QString text = w.document()->text();
        drag(w.view(), w.document()->position("monolith", "payments"), QPointF(700, 400));
        QVERIFY2(w.lastMessage().contains("payments is not on the route of 'browse'"), qPrintable(w.lastMessage()));
        QCOMPARE(w.document()->text(), text);
        // An edge is selected and deleted like a component.
        w.action("selectMode")->trigger();
        for (auto* i : w.scene()->items())
            i->setSelected(i->type() == QGraphicsItem::UserType + 2 &&
                           static_cast<QGraphicsPathItem*>(i)->path().pointAtPercent(1).x() > 600);
        w.action("delete")->trigger();
        QVERIFY(!hasEdge(*w.document(), "monolith", "app", cache));
        QVERIFY(w.document()->variant("monolith")->find(cache.toStdString()));
    }

    void moveAndUndoMerges()
    {
        MainWindow w;
        w.show();
        const QPointF db = w.document()->position("monolith", "db");
        const int steps = w.document()->undoStack()->count();
        w.view()->centerOn(db);
        drag(w.view(), db, db + QPointF(63, 41));
        QCOMPARE(w.document()->position("monolith", "db"), db + QPointF(60, 40)); // snapped
        QCOMPARE(w.scene()->item("db")->pos(), db + QPointF(60, 40));
        QCOMPARE(w.document()->undoStack()->count(), steps + 1);
        w.document()->undoStack()->undo();
        QCOMPARE(w.document()->position("monolith", "db"), db);
        QCOMPARE(w.scene()->item("db")->pos(), db);
    }

    void editAParameter()
    {
        MainWindow w;
        w.show();
        w.scene()->selectComponents({"app"});
        ValueForm* form = w.inspector()->componentForm();
        // Every key the reader has for a service, and none of another kind's.
        for (const auto& key : scenarios::knownKeys("component")) {
            const auto kinds = scenarios::kindsForComponentKey(key);
            const bool applies = key == "kind" || std::count(kinds.begin(), kinds.end(), scenarios::ComponentKind::Service);
            QCOMPARE(form->field(QString::fromStdString(key)) != nullptr, applies);
        }
        QCOMPARE(form->field("cores")->text(), QString("4"));
        QCOMPARE(form->field("speed")->text(), QString());        // the default, shown as placeholder
        QCOMPARE(form->field("speed")->placeholderText(), QString("1"));
        editField(form, "cores", "8");
        QCOMPARE(component(*w.document(), "monolith", "app")->cores, 8);
        QVERIFY(w.document()->isDirty());
        QVERIFY(w.isWindowModified());
        // Invalid: the reader's message under the field; the document is unchanged.
        editField(form, "cores", "0");
        QVERIFY2(form->errorText("cores").contains(">= 1"), qPrintable(form->errorText("cores")));
        QCOMPARE(component(*w.document(), "monolith", "app")->cores, 8);
        editField(form, "cores", "8");
        QVERIFY(form->errorText("cores").isEmpty());
        // A unit the field needs.
        w.scene()->selectComponents({"lb"});
        editField(form, "overhead", "20");
        QVERIFY2(form->errorText("overhead").contains("duration"), qPrintable(form->errorText("overhead")));
        editField(form, "overhead", "20ms");
        QCOMPARE(component(*w.document(), "monolith", "lb")->overhead, 0.02);
        // Clearing a field restores the default.
        editField(form, "overhead", "");
        QCOMPARE(component(*w.document(), "monolith", "lb")->overhead, 0.0001);
        // A fraction in percent.
        w.scene()->selectComponents({"payments"});
        editField(form, "error_rate", "1.5%");
        QCOMPARE(component(*w.document(), "monolith", "payments")->errorRate, 0.015);
    }

    void undoAndRedoEveryEdit()
    {
        MainWindow w;
        w.show();
        Document* doc = w.document();
        const QString original = doc->text();
        const QString added = doc->addComponent("monolith", scenarios::ComponentKind::Cache, {700, 300});
        QString why;
        QVERIFY(doc->connect("monolith", "app", added, "search", &why));
        QVERIFY(doc->setValueText({"variants", "monolith", "components", "app", "threads"}, "128", &why));
        doc->moveComponents("monolith", {{"db", QPointF(900, 500)}});
        QVERIFY(doc->renameComponent("monolith", "db", "orders_db", &why));
        const QString dup = doc->duplicateVariant("monolith");
        QCOMPARE(w.currentVariant(), dup);
        doc->removeComponents(dup, {"payments"});
        const QString final = doc->text();
        QCOMPARE(doc->undoStack()->count(), 7);
        while (doc->undoStack()->canUndo())
            doc->undoStack()->undo();
        QCOMPARE(doc->text(), original);
        QVERIFY(!doc->isDirty());
        QCOMPARE(w.variantTabs()->count(), 1);
        while (doc->undoStack()->canRedo())
            doc->undoStack()->redo();
        QCOMPARE(doc->text(), final);
        QCOMPARE(w.variantTabs()->count(), 2);
        QVERIFY(hasEdge(*doc, "monolith", "app", added));
        QVERIFY(hasEdge(*doc, "monolith", "app", "orders_db"));
        QVERIFY(!doc->variant(dup)->find("payments"));
        // The rename followed the reference in the checkout route.
        QVERIFY(!doc->variant("monolith")->find("db"));
    }

    // "Sweep this..." on a field: a sweep: parameter setting that path to each
    // value, undoable; a value the field refuses gets the file's message.
    void sweepThisAddsAParameter()
    {
        MainWindow w;
        Document* doc = w.document();
        const scenarios::DocPath path{"variants", "monolith", "components", "app", "instances"};
        QString why;
        QVERIFY(!doc->addSweepParameter(path, {"2", "0"}, &why));
        QCOMPARE(why, QString("0: variants.monolith.components.app.instances must be >= 1 (got 0)"));
        QVERIFY(!doc->study().sweep);
        QVERIFY(doc->addSweepParameter(path, {"2", " 4", "8 "}, &why));
        QVERIFY2(doc->addSweepParameter({"run", "duration"}, {"10min", "20min"}, &why), qPrintable(why));
        const auto& sweep = *doc->study().sweep;
        QCOMPARE(sweep.parameters.size(), std::size_t(2));
        QCOMPARE(sweep.parameters[0].set, (std::vector<std::string>{"variants.monolith.components.app.instances"}));
        QCOMPARE(sweep.parameters[0].values, (std::vector<std::string>{"2", "4", "8"}));
        QVERIFY(doc->text().contains("sweep:"));
        QVERIFY(doc->diagnostics().empty() || std::none_of(doc->diagnostics().begin(), doc->diagnostics().end(),
                                                            [](const auto& d) {
                                                                return d.severity == scenarios::Diagnostic::Severity::Error;
                                                            }));
        doc->undoStack()->undo();
        QCOMPARE(doc->study().sweep->parameters.size(), std::size_t(1));
        doc->undoStack()->undo();
        QVERIFY(!doc->study().sweep);
    }

    void renameFollowsFaultsOfEveryType()
    {
        const auto loaded = scenarios::parseStudy("operations: {browse: {share: 1}}\n"
                                                  "workload: {rate: [{at: 0s, rps: 10}]}\n"
                                                  "faults:\n"
                                                  "  - {at: 10s, kill: db, restart: 5s}\n"
                                                  "  - {at: 20s, slow: db, add: 10ms, for: 5s}\n"
                                                  "  - {at: 30s, errors: db, rate: 10%, for: 5s}\n"
                                                  "  - {at: 40s, failover: db, promotion: 5s}\n"
                                                  "  - {at: 50s, cache_flush: cache}\n"
                                                  "  - {at: 60s, consumer_outage: jobs, for: 5s}\n"
                                                  "  - {at: 70s, zone_outage: default, for: 5s}\n"
                                                  "  - {at: 80s, kill: app}\n"
                                                  "  - {at: 90s, network: [db, worker], latency: 10ms, for: 5s}\n"
                                                  "variants:\n"
                                                  "  v:\n"
                                                  "    components:\n"
                                                  "      app: {kind: service}\n"
                                                  "      worker: {kind: service}\n"
                                                  "      cache: {kind: cache, hit_ratio: 50%}\n"
                                                  "      jobs: {kind: message_queue, consumer: worker}\n"
                                                  "      db: {kind: sql_database}\n"
                                                  "    routes:\n"
                                                  "      browse: [app, {cache: {miss: [db]}}, jobs]\n",
                                                  "rename.yaml");
        QVERIFY2(loaded.ok(), loaded.report().c_str());
        Document doc;
        doc.reset(*loaded.study, {});
        const QString original = doc.text();
        QString why;
        QVERIFY2(doc.renameComponent("v", "db", "orders_db", &why), qPrintable(why));
        QVERIFY2(doc.renameComponent("v", "cache", "hot", &why), qPrintable(why));
        QVERIFY2(doc.renameComponent("v", "jobs", "tasks", &why), qPrintable(why));
        QVERIFY2(doc.renameComponent("v", "worker", "consumer", &why), qPrintable(why));
        std::vector<std::pair<std::string, std::string>> faults;
        for (const auto& f : doc.study().faults)
            faults.emplace_back(f.type, f.target);
        const std::vector<std::pair<std::string, std::string>> expected{
            {"kill", "orders_db"}, {"slow", "orders_db"}, {"errors", "orders_db"}, {"failover", "orders_db"},
            {"cache_flush", "hot"}, {"consumer_outage", "tasks"}, {"zone_outage", "default"}, {"kill", "app"},
            {"network", "orders_db"}};
        QCOMPARE(faults, expected);
        QCOMPARE(doc.study().faults.back().peer, std::string("consumer")); // both names of a pair follow
        QCOMPARE(doc.variant("v")->find("tasks")->consumer, std::string("consumer"));
        QVERIFY(doc.diagnostics().empty());
        // The file reads back the same, and each rename is one undo step.
        const auto reread = scenarios::parseStudy(doc.text().toStdString(), "renamed.yaml");
        QVERIFY2(reread.ok(), reread.report().c_str());
        QCOMPARE(QString::fromStdString(scenarios::writeStudy(*reread.study)), doc.text());
        for (int i = 0; i < 4; ++i)
            doc.undoStack()->undo();
        QCOMPARE(doc.text(), original);
    }

    void saveAndReloadLosesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("shop.yaml");
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(SCALELAB_EXAMPLES_DIR "/shop.yaml"));
        QCOMPARE(w.variantTabs()->count(), 3);
        Document* doc = w.document();
        QVERIFY(!doc->isDirty());
        QString why;
        const QString cache = doc->addComponent("microservices", scenarios::ComponentKind::Cache, {1000, 460});
        QVERIFY(doc->setValueText({"variants", "microservices", "components", cache.toStdString(), "hit_ratio"}, "80%", &why));
        QVERIFY(doc->connect("microservices", "catalog", cache, "browse", &why));
        QVERIFY(doc->setValueText({"workload", "spikes"}, "[{at: 100s, for: 60s, factor: 4}]", &why));
        doc->moveComponents("monolith", {{"app", QPointF(333, 222)}});
        QVERIFY(w.saveAs(path));
        QVERIFY(!doc->isDirty());
        QVERIFY(!w.isWindowModified());

        const auto reread = scenarios::readStudy(path.toStdString());
        QVERIFY2(reread.ok(), reread.report().c_str());
        QCOMPARE(QString::fromStdString(scenarios::writeStudy(*reread.study)), doc->text());
        const auto* c = reread.study->findVariant("microservices")->find(cache.toStdString());
        QVERIFY(c && c->hitRatio && *c->hitRatio == 0.8);
        QCOMPARE(reread.study->workload.spikes.size(), std::size_t(1));

        MainWindow again;
        QVERIFY(again.openFile(path));
        QCOMPARE(again.document()->text(), doc->text());
        QCOMPARE(again.document()->position("monolith", "app"), QPointF(333, 222));
        QCOMPARE(again.document()->position("microservices", cache), QPointF(1000, 460));
        QVERIFY(hasEdge(*again.document(), "microservices", "catalog", cache));
        QCOMPARE(again.document()->filePath(), QFileInfo(path).absoluteFilePath());
    }

    void statusBarNamesFilesAsTyped()
    {
        // Below the folder the app started in, a file is named relative to it
        // (no machine's paths in screenshots); elsewhere by its full path.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("studies"));
        const QString inside = dir.filePath("studies/shop.yaml");
        QVERIFY(QFile::copy(SCALELAB_EXAMPLES_DIR "/shop.yaml", inside));
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path()));
        MainWindow w;
        const bool opened = w.openFile("studies/shop.yaml");
        const QString relative = w.lastMessage();
        QVERIFY(w.saveAs(inside));
        const QString saved = w.lastMessage();
        QVERIFY(QDir::setCurrent(QDir::tempPath()));
        QTemporaryDir elsewhere;
        QVERIFY(QDir::setCurrent(elsewhere.path()));
        MainWindow other;
        const bool openedOther = other.openFile(inside);
        const QString absolute = other.lastMessage();
        QVERIFY(QDir::setCurrent(before));
        QVERIFY(opened && openedOther);
        QCOMPARE(relative, QString("Opened %1").arg(QDir::toNativeSeparators("studies/shop.yaml")));
        QCOMPARE(saved, QString("Saved %1").arg(QDir::toNativeSeparators("studies/shop.yaml")));
        QCOMPARE(absolute, QString("Opened %1").arg(QDir::toNativeSeparators(QFileInfo(inside).absoluteFilePath())));
    }

    void studiesWithoutLayoutOpenLayered()
    {
        const auto shop = scenarios::readStudy(SCALELAB_EXAMPLES_DIR "/shop.yaml");
        QVERIFY(shop.ok());
        QVERIFY(shop.study->variants.front().layout.empty());
        Document doc;
        QVERIFY(doc.load(SCALELAB_EXAMPLES_DIR "/shop.yaml", nullptr));
        // Columns by call depth: the entry, what it calls, then what those call.
        const double lb = doc.position("microservices", "gateway").x();
        const double orders = doc.position("microservices", "orders").x();
        const double ordersDb = doc.position("microservices", "orders_db").x();
        const double payments = doc.position("microservices", "payments").x();
        QVERIFY(lb < orders);
        QVERIFY(orders < ordersDb);
        QCOMPARE(payments, ordersDb);
        // Same column, different rows: nothing overlaps.
        QVERIFY(doc.position("microservices", "catalog") != doc.position("microservices", "search"));
    }

    void brokenFileKeepsTheDocumentAndPointsAtTheFault()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.yaml");
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("operations: {browse: {}}\nworkload: {rate: [{at: 0s, rps: 10}]}\nvariants:\n  v:\n"
                    "    components:\n      app: {kind: service, cores: 0}\n    routes: {browse: [app]}\n");
        }
        MainWindow w;
        w.show();
        const QString before = w.document()->text();
        QVERIFY(!w.openFile(bad)); // opened as text, to be fixed (tst_textpane)
        QVERIFY(w.isShowingText());
        QCOMPARE(w.document()->text(), before);
        QVERIFY(w.lastMessage().contains("bad.yaml"));
        QCOMPARE(w.diagnosticsPanel()->count(), 1);
        QVERIFY(w.diagnosticsPanel()->item(0)->text().startsWith("bad.yaml:6:"));
        QVERIFY(w.diagnosticsPanel()->item(0)->text().contains("cores must be >= 1"));

        // In a study that reads, clicking a problem selects the component at fault.
        QVERIFY(w.newFromTemplate("monolith"));
        QVERIFY(!w.isShowingText());
        QCOMPARE(w.document()->text(), before);
        w.document()->removeComponents("monolith", {"lb"}); // the entry of every route: they go
        QVERIFY(!w.document()->diagnostics().empty());
        QString why;
        // With other problems about, an invalid edit still names its own.
        QVERIFY(!w.document()->setValueText({"variants", "monolith", "components", "app", "cores"}, "0", &why));
        QVERIFY2(why.contains("cores must be >= 1"), qPrintable(why));
        const QString module = w.document()->addComponent("monolith", scenarios::ComponentKind::Module, {300, 300});
        QCOMPARE(QString::fromStdString(component(*w.document(), "monolith", module)->host), QString("app"));
        w.document()->removeComponents("monolith", {"app"}); // the module's host
        QListWidgetItem* hostProblem = nullptr;
        for (int i = 0; i < w.diagnosticsPanel()->count(); ++i)
            if (w.diagnosticsPanel()->item(i)->text().contains(".host"))
                hostProblem = w.diagnosticsPanel()->item(i);
        QVERIFY(hostProblem);
        w.scene()->clearSelection();
        emit w.diagnosticsPanel()->itemClicked(hostProblem);
        QCOMPARE(w.scene()->selectedComponents(), QStringList{module});
    }

    void copyPasteAndDelete()
    {
        MainWindow w;
        w.show();
        w.scene()->selectComponents({"app", "db"});
        w.action("copy")->trigger();
        w.action("paste")->trigger();
        QCOMPARE(w.scene()->selectedComponents(), (QStringList{"app1", "db1"}));
        QCOMPARE(component(*w.document(), "monolith", "app1")->cores, component(*w.document(), "monolith", "app")->cores);
        QCOMPARE(w.document()->position("monolith", "app1"), w.document()->position("monolith", "app") + QPointF(40, 40));
        w.action("delete")->trigger();
        QVERIFY(!component(*w.document(), "monolith", "app1"));
        QVERIFY(!component(*w.document(), "monolith", "db1"));
        QVERIFY(component(*w.document(), "monolith", "app"));
        QVERIFY(w.document()->diagnostics().empty());
    }

    void variantsAndTemplates()
    {
        MainWindow w;
        w.show();
        for (const QString& t : MainWindow::templateNames()) {
            QVERIFY(w.newFromTemplate(t));
            QCOMPARE(w.variantTabs()->count(), 1);
            QCOMPARE(w.currentVariant(), t);
            QVERIFY(w.document()->diagnostics().empty());
            QVERIFY(w.document()->filePath().isEmpty());
        }
        QVERIFY(w.addVariantFromTemplate("monolith"));
        QCOMPARE(w.variantTabs()->count(), 2);
        QCOMPARE(w.currentVariant(), QString("monolith"));
        w.action("duplicateVariant")->trigger();
        QCOMPARE(w.variantTabs()->count(), 3);
        QCOMPARE(w.currentVariant(), QString("monolith_alt1"));
        QVERIFY(w.scene()->item("app"));
        QVERIFY(w.document()->diagnostics().empty());
        w.action("removeVariant")->trigger();
        QCOMPARE(w.variantTabs()->count(), 2);
    }

    void autosaveIsOfferedAfterACrash()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("study.yaml");
        QVERIFY(QFile::copy(SCALELAB_EXAMPLES_DIR "/shop.yaml", path));
        QString recovery;
        {
            MainWindow w;
            QVERIFY(w.openFile(path));
            QString why;
            QVERIFY(w.document()->setValueText({"run", "duration"}, "20min", &why));
            w.autosave();
            recovery = w.recoveryPath();
            QVERIFY(QFile::exists(recovery));
            QVERIFY(recovery.startsWith(dir.path()));
            // The window is destroyed without a close: a crash, as far as the file knows.
        }
        QVERIFY(QFile::exists(recovery));
        MainWindow w;
        QString asked;
        w.setRecoveryChooser([&](const QString& q) {
            asked = q;
            return scalelab::gui::RecoveryChoice::Restore;
        });
        QVERIFY(w.openFile(path));
        QVERIFY(asked.contains("study.yaml"));
        QCOMPARE(w.document()->study().run.duration, 1200.0);
        QVERIFY(w.document()->isDirty());
        QVERIFY(w.saveAs(path));
        QVERIFY(!QFile::exists(recovery));
        QCOMPARE(scenarios::readStudy(path.toStdString()).study->run.duration, 1200.0);
    }

    void aCrashedRunLeavesTheDocumentIntact()
    {
        QTemporaryDir dir;
        // A scalelab-cli that dies half-way through its stream.
        const QString fake = dir.filePath("scalelab-cli");
        {
            QFile f(fake);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("#!/bin/sh\necho 'engine exploded: out of cheese' >&2\nkill -SEGV $$\n");
        }
        QFile::setPermissions(fake, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        MainWindow w;
        w.show();
        QString why;
        QVERIFY(w.document()->setValueText({"variants", "monolith", "components", "app", "cores"}, "6", &why));
        const QString text = w.document()->text();
        const int steps = w.document()->undoStack()->count();
        w.runPanel()->setCliPath(fake);
        QSignalSpy finished(w.runPanel(), &RunPanel::runFinished);
        w.action("run")->trigger();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.front().at(0).toBool(), false);
        QVERIFY2(w.lastMessage().contains("out of cheese"), qPrintable(w.lastMessage()));
        QVERIFY(w.lastMessage().contains("the study is unchanged"));
        QCOMPARE(w.document()->text(), text);
        QCOMPARE(w.document()->undoStack()->count(), steps);
        QVERIFY(w.document()->isDirty());
        QCOMPARE(component(*w.document(), "monolith", "app")->cores, 6);
    }

    void workloadEditorDrawsTheProfile()
    {
        MainWindow w;
        w.show();
        RateProfileView* view = w.inspector()->timeline();
        QCOMPARE(view->rateAt(60), 100.0);
        QCOMPARE(view->rateAt(300), 800.0); // the 8x spike from 120s, ramped over 30s
        editField(w.inspector()->workloadForm(), "spikes", "[{at: 100s, for: 100s, factor: 3}]");
        QCOMPARE(view->rateAt(150), 300.0);
        QCOMPARE(view->rateAt(300), 100.0);
        QTemporaryDir dir;
        const QString trace = dir.filePath("trace.csv");
        {
            QFile f(trace);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("time_s,rps\n0,50\n200,250\n");
        }
        w.inspector()->importTrace(trace);
        QCOMPARE(QString::fromStdString(w.document()->study().workload.replay), trace);
        QVERIFY(w.document()->study().workload.rate.empty());
        // The trace replaces the profile (spikes do not apply to it, as in runVariant).
        QCOMPARE(view->rateAt(100), 50.0);
        QCOMPARE(view->rateAt(250), 250.0);
    }
};

QTEST_MAIN(TestEditor)
#include "tst_editor.moc"
