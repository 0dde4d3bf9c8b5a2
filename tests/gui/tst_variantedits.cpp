// Edits through the real window (offscreen): Rename variant (everywhere the
// study names it, undoable, bad names refused with the reason), Add spike (at
// a free time of the run), a value typed equal to its default (shown as set),
// and the analytic model's words for a saturated component.
#include "analyticpanel.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "inspector.h"
#include "mainwindow.h"
#include "testfiles.h"
#include "valueform.h"

#include "scenarios/analysis.h"
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"

#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <cmath>

using namespace scalelab;
using namespace scalelab::gui;
using scalelab::testing::readFile;
using scalelab::testing::writeFile;

namespace {

// Two variants; a fault for one of them; a sweep of one of its fields.
const char* kStudy = "name: rename me\n"
                     "operations: {browse: {}}\n"
                     "workload: {rate: [{at: 0s, rps: 100}]}\n"
                     "faults:\n"
                     "  - {at: 100s, kill: app, instances: 1, only: [monolith]}\n"
                     "run: {duration: 600s}\n"
                     "sweep:\n"
                     "  parameters:\n"
                     "    - {set: [variants.monolith.components.app.instances], values: [1, 2]}\n"
                     "variants:\n"
                     "  monolith:\n"
                     "    components:\n"
                     "      app: {kind: service, instances: 2, cores: 3}\n"
                     "    routes: {browse: [app]}\n"
                     "  other:\n"
                     "    components:\n"
                     "      web: {kind: service, cores: 2}\n"
                     "    routes: {browse: [web]}\n";

QStringList tabs(const MainWindow& w)
{
    QStringList out;
    for (int i = 0; i < w.variantTabs()->count(); ++i)
        out << w.variantTabs()->tabText(i);
    return out;
}

scenarios::Spike spike(double at, double duration)
{
    scenarios::Spike s;
    s.at = at;
    s.duration = duration;
    s.factor = 2;
    return s;
}

void typeInto(QLineEdit* field, const QString& text)
{
    field->setFocus();
    field->selectAll();
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
    QTest::keyClick(field, Qt::Key_Return);
}

} // namespace

class TestVariantEdits : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ScaleLabTest");
        QCoreApplication::setApplicationName("tst_variantedits");
    }

    // F2 on the window, a new name: the tab, the fault's only: list and the
    // sweep's path follow; one undo step puts them all back.
    void renameVariantEverywhere()
    {
        QTemporaryDir dir;
        MainWindow w;
        QStringList answers{"mono"};
        w.setNameAsker([&](const QString&, const QString& current) {
            [&] { QCOMPARE(current, QString("monolith")); }();
            return answers.isEmpty() ? std::nullopt : std::optional<QString>(answers.takeFirst());
        });
        w.show();
        QVERIFY(w.openFile(writeFile(dir, "study.yaml", kStudy)));
        w.setCurrentVariant("monolith");
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.view()->setFocus();
        QTest::keyClick(w.view()->viewport(), Qt::Key_F2);
        QCOMPARE(tabs(w), (QStringList{"mono", "other"}));
        QCOMPARE(w.currentVariant(), QString("mono"));
        const scenarios::Study& s = w.document()->study();
        QCOMPARE(s.faults.front().only, std::vector<std::string>{"mono"});
        QCOMPARE(s.sweep->parameters.front().set,
                 std::vector<std::string>{"variants.mono.components.app.instances"});
        QVERIFY(w.scene()->item("app")); // the canvas shows the renamed variant
        // The file it writes reads back as the same study, no error.
        const auto reread = scenarios::parseStudy(w.document()->text().toStdString(), "study.yaml");
        QVERIFY(reread.ok());
        QVERIFY(reread.study->findVariant("mono"));
        QVERIFY(w.lastMessage().contains("Renamed the variant monolith to mono"));

        w.document()->undoStack()->undo();
        QCOMPARE(tabs(w), (QStringList{"monolith", "other"}));
        QCOMPARE(w.document()->study().faults.front().only, std::vector<std::string>{"monolith"});
        QCOMPARE(w.document()->study().sweep->parameters.front().set.front(),
                 std::string("variants.monolith.components.app.instances"));
    }

    void badNamesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("reason");
        QTest::newRow("taken") << "other" << "there is already a variant 'other'";
        QTest::newRow("empty") << "  " << "a variant needs a name";
        QTest::newRow("dot") << "a.b" << "a name is letters, digits, '-' and '_'";
        QTest::newRow("space") << "a b" << "a name is letters, digits, '-' and '_'";
    }

    // A refused name: the reason, asked again with it; cancel leaves the study as it was.
    void badNamesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        MainWindow w;
        QStringList questions;
        QStringList answers{name};
        w.setNameAsker([&](const QString& question, const QString&) {
            questions << question;
            return answers.isEmpty() ? std::nullopt : std::optional<QString>(answers.takeFirst());
        });
        w.show();
        QVERIFY(w.openFile(writeFile(dir, "study.yaml", kStudy)));
        w.setCurrentVariant("monolith");
        const QString before = w.document()->text();
        w.action("renameVariant")->trigger();
        QCOMPARE(questions.size(), 2); // asked again, with the reason
        QVERIFY2(questions.last().startsWith("Cannot rename the variant: " + reason + "."), qPrintable(questions.last()));
        QCOMPARE(w.lastMessage(), "Cannot rename the variant: " + reason);
        QCOMPARE(w.document()->text(), before);
        QVERIFY(!w.document()->undoStack()->canUndo());
        QString why;
        QVERIFY(!w.document()->renameVariant("monolith", name, &why));
        QCOMPARE(why, reason);
    }

    void freeSpikeStart_data()
    {
        QTest::addColumn<QList<QPointF>>("spikes"); // (at, for) each
        QTest::addColumn<double>("expected");        // -1: none
        // A 600 s run; a new spike lasts 100 s.
        QTest::newRow("none yet: a third of the run") << QList<QPointF>{} << 200.0;
        QTest::newRow("one at the third: after it") << QList<QPointF>{{200, 100}} << 300.0;
        QTest::newRow("overlapping the third: after it") << QList<QPointF>{{150, 100}} << 250.0;
        QTest::newRow("two back to back: after both") << QList<QPointF>{{200, 100}, {300, 100}} << 400.0;
        QTest::newRow("no room after: from the start") << QList<QPointF>{{150, 450}} << 0.0;
        QTest::newRow("a gap too short is skipped") << QList<QPointF>{{200, 100}, {350, 250}, {0, 150}} << -1.0;
        QTest::newRow("a gap that fits exactly") << QList<QPointF>{{0, 200}, {300, 300}} << 200.0;
        QTest::newRow("earlier spikes do not matter") << QList<QPointF>{{0, 100}} << 200.0;
    }

    void freeSpikeStart()
    {
        QFETCH(QList<QPointF>, spikes);
        QFETCH(double, expected);
        scenarios::Workload w;
        for (const QPointF& s : spikes)
            w.spikes.push_back(spike(s.x(), s.y()));
        const auto start = Inspector::freeSpikeStart(w, 600, 100);
        if (expected < 0) {
            QVERIFY(!start);
            return;
        }
        QVERIFY(start);
        QCOMPARE(*start, expected);
    }

    // The Add spike button twice: the second spike goes after the first, not on it.
    void addSpikeTwiceDoesNotStack()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.newFromTemplate("monolith"));
        QString why;
        QVERIFY(w.document()->edit("clear", [](scenarios::Study& s) { s.workload.spikes.clear(); }, &why));
        QPushButton* add = nullptr;
        for (auto* b : w.inspector()->findChildren<QPushButton*>())
            if (b->text() == "Add spike")
                add = b;
        QVERIFY(add);
        const double run = w.document()->study().run.duration;
        QTest::mouseClick(add, Qt::LeftButton);
        QTest::mouseClick(add, Qt::LeftButton);
        const auto& spikes = w.document()->study().workload.spikes;
        QCOMPARE(int(spikes.size()), 2);
        QCOMPARE(spikes[0].at, std::round(run / 3));
        QCOMPARE(spikes[1].at, spikes[0].at + spikes[0].duration);
        QVERIFY(spikes[1].at + spikes[1].duration <= run);
        // The peak rate: one spike's factor, never two multiplied (the old 9x).
        QCOMPARE(scenarios::peakRate(w.document()->study()), w.document()->study().workload.rate.front().rps * 3);
    }

    // cores typed as its default: the field keeps the value as set text, not
    // the grey placeholder; cleared, it is the placeholder again. A file that
    // writes the default reads as set too.
    void aValueEqualToItsDefaultLooksSet()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(writeFile(dir, "study.yaml", kStudy)));
        w.setCurrentVariant("monolith");
        w.scene()->selectComponents({"app"});
        ValueForm* form = w.inspector()->componentForm();
        // The inspector rebuilds its fields after an edit: ask for the field each time.
        auto cores = [&] { return form->field("cores"); };
        QVERIFY(cores());
        QCOMPARE(cores()->text(), QString("3"));
        const QString byDefault = cores()->placeholderText();
        QCOMPARE(byDefault, QString::fromStdString(std::to_string(scenarios::Component{}.cores)));
        typeInto(cores(), byDefault);
        QCOMPARE(QString::number(w.document()->variant("monolith")->find("app")->cores), byDefault);
        QCOMPARE(cores()->text(), byDefault); // shown as set, not as the placeholder
        QVERIFY(w.document()->isSetToDefault({"variants", "monolith", "components", "app", "cores"}));
        w.document()->undoStack()->undo();
        QCOMPARE(cores()->text(), QString("3"));
        w.document()->undoStack()->redo();
        QCOMPARE(cores()->text(), byDefault);
        typeInto(cores(), ""); // cleared: back to the default, shown as such
        QCOMPARE(cores()->text(), QString());
        QVERIFY(!w.document()->isSetToDefault({"variants", "monolith", "components", "app", "cores"}));

        // In the file: "other" sets web's cores to the default.
        w.setCurrentVariant("other");
        w.scene()->selectComponents({"web"});
        QCOMPARE(form->field("cores")->text(), byDefault);
        QVERIFY(w.document()->isSetToDefault({"variants", "other", "components", "web", "cores"}));
        // A key the file leaves out stays the placeholder.
        QCOMPARE(form->field("instances")->text(), QString());
    }

    // A value typed equal to its default survives a save and a reopen: the
    // writer keeps the keys the study sets (the reader's marks), so the file
    // holds it and the reopened inspector shows it as set. Defaults nobody
    // typed stay out of the file.
    void aValueSetToItsDefaultSurvivesSaveAndReopen()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "study.yaml", kStudy);
        const QString byDefault = QString::number(scenarios::Component{}.cores);
        {
            MainWindow w;
            w.show();
            QVERIFY(w.openFile(path));
            w.setCurrentVariant("monolith");
            w.scene()->selectComponents({"app"});
            typeInto(w.inspector()->componentForm()->field("cores"), byDefault);
            QCOMPARE(w.inspector()->componentForm()->field("cores")->text(), byDefault);
            QString error;
            QVERIFY2(w.document()->saveAs(path, &error), qPrintable(error));
        }
        const QString text = QString::fromUtf8(readFile(path));
        QVERIFY2(text.contains("app: {kind: service, instances: 2, cores: " + byDefault + "}"), qPrintable(text));
        QVERIFY2(text.contains("web: {kind: service, cores: 2}"), qPrintable(text)); // nothing added
        QVERIFY(!text.contains("threads")); // a default never typed stays out
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(path));
        w.setCurrentVariant("monolith");
        w.scene()->selectComponents({"app"});
        QCOMPARE(w.inspector()->componentForm()->field("cores")->text(), byDefault);
        QVERIFY(w.document()->isSetToDefault({"variants", "monolith", "components", "app", "cores"}));
        QCOMPARE(w.inspector()->componentForm()->field("threads")->text(), QString());
        // The canonical text (what a sweep's point key hashes) leaves it out.
        QVERIFY(!QString::fromStdString(scenarios::writeStudy(w.document()->study(), scenarios::WrittenKeys::Canonical))
                     .contains("cores: " + byDefault));
        // Cleared, it leaves the file again.
        typeInto(w.inspector()->componentForm()->field("cores"), "");
        QString error;
        QVERIFY2(w.document()->saveAs(path, &error), qPrintable(error));
        QVERIFY(QString::fromUtf8(readFile(path)).contains("app: {kind: service, instances: 2}"));
    }

    // An overloaded component in plain words: the load offered as a multiple
    // of capacity, the queue that grows without end.
    void analyticWordsForASaturatedComponent()
    {
        QTemporaryDir dir;
        // 150 req/s at 10 ms of CPU on one core: offered 1.5x capacity.
        const QString path = writeFile(dir, "over.yaml",
                                   "operations: {browse: {}}\n"
                                   "workload: {rate: [{at: 0s, rps: 150}]}\n"
                                   "variants:\n"
                                   "  v:\n"
                                   "    components:\n"
                                   "      app: {kind: service, cores: 1, threads: 1, backlog: 1000000}\n"
                                   "    routes: {browse: [{app: {cpu: 10ms}}]}\n");
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(path));
        w.setCurrentVariant("v");
        AnalyticPanel* panel = w.inspector()->analytic();
        w.scene()->selectComponents({"app"});
        panel->recompute();
        const auto& e = *panel->estimate();
        QVERIFY(!e.stable);
        QTRY_COMPARE(panel->figure("utilization"), QString("saturated: offered 1.5x capacity"));
        QCOMPARE(panel->figure("wait"), QString("infinite: the queue grows until the backlog is full"));
        // Past capacity, what exceeds it is refused once the backlog is full: 1 - 1/1.5.
        QCOMPARE(panel->figure("rejected"), QString("about 33.3 %: what exceeds capacity, once the backlog is full"));
        QVERIFY(!panel->figure("utilization").contains("inf"));
        w.scene()->selectComponents({});
        panel->recompute();
        QTRY_COMPARE(panel->figure("bottleneck"), QString("app: saturated: offered 1.5x capacity"));
        QCOMPARE(panel->figure("latencyMean"), QString("infinite: app is saturated"));
        QCOMPARE(panel->figure("p99"), QString("infinite: app is saturated"));
        QCOMPARE(panel->figure("headroom"), QString("none: 50.0 % over capacity"));

        // Below capacity: the model's figures as they are, no alarm words.
        QString why;
        QVERIFY(w.document()->setValueText({"variants", "v", "components", "app", "cores"}, "2", &why));
        QVERIFY(w.document()->setValueText({"variants", "v", "components", "app", "threads"}, "8", &why));
        w.scene()->selectComponents({"app"});
        panel->recompute();
        QCOMPARE(panel->figure("utilization"), QString("75.0 %"));
        QVERIFY(!panel->figure("wait").startsWith("infinite"));
        QVERIFY(!panel->figure("rejected").startsWith("about"));
    }
};

QTEST_MAIN(TestVariantEdits)
#include "tst_variantedits.moc"
