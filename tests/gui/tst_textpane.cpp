// A study file that does not read opens as text (offscreen, through the real
// window, with simulated keys and clicks): each problem marked on its line and
// listed under Problems with file:line:column; a click on a problem moves the
// cursor there; once the text is fixed the canvas shows it; the text saves
// atomically and autosaves like any edit, and its autosave comes back as text.
#include "canvasscene.h"
#include "canvasview.h"
#include "diagnosticspanel.h"
#include "document.h"
#include "mainwindow.h"
#include "testfiles.h"
#include "studytexteditor.h"
#include "studytextpane.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QUndoStack>
#include <QtTest>

using namespace scalelab;
using namespace scalelab::gui;
using scalelab::testing::readFile;
using scalelab::testing::writeFile;

namespace {

// Line 6 has a YAML syntax error: a flow map that is never closed.
const char* kSyntaxError = "name: shop\n"
                           "operations: {browse: {}}\n"
                           "workload: {rate: [{at: 0s, rps: 10}]}\n"
                           "variants:\n"
                           "  v:\n"
                           "    components: {app: {kind: service, cores: 2}\n"
                           "    routes: {browse: [app]}\n";

// Line 6 is valid YAML that does not validate: two problems on two lines.
const char* kInvalid = "name: shop\n"
                       "operations: {browse: {}}\n"
                       "workload: {rate: [{at: 0s, rps: 10}]}\n"
                       "variants:\n"
                       "  v:\n"
                       "    components: {app: {kind: service, cores: 0}, db: {kind: sql_databse}}\n"
                       "    routes: {browse: [app]}\n";

/// Selects 1-based `line` of the editor (as a user would, with the keyboard)
/// and types `text` in its place.
void retype(StudyTextEditor* editor, int line, const QString& text)
{
    editor->goTo(line, 1);
    QTest::keyClick(editor, Qt::Key_Home);
    QTest::keyClick(editor, Qt::Key_End, Qt::ShiftModifier);
    QTest::keyClicks(editor, text);
}

} // namespace

class TestTextPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ScaleLabTest");
        QCoreApplication::setApplicationName("tst_textpane");
    }

    void init()
    {
        // No autosave of an earlier test is offered.
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    // A YAML syntax error: the text, the line marked, the problem listed; fix
    // the line with the keyboard and the canvas appears with the text's content.
    void openABrokenFileFixTheLineSeeTheCanvas()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "broken.yaml", kSyntaxError);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.openFile(path));
        QVERIFY(w.isShowingText());
        QVERIFY(w.textPane()->isVisible());
        QVERIFY(!w.view()->isVisible());
        QCOMPARE(w.textPane()->text(), QString(kSyntaxError));
        QVERIFY2(w.lastMessage().startsWith("broken.yaml does not read: 1 problem"), qPrintable(w.lastMessage()));
        QVERIFY(w.windowTitle().startsWith("broken.yaml"));

        // Marked on its line (yaml-cpp places an unclosed flow map at the next line or the same).
        StudyTextEditor* editor = w.textPane()->editor();
        const auto& problems = w.textPane()->diagnostics();
        QCOMPARE(int(problems.size()), 1);
        const int line = problems.front().line;
        QVERIFY2(line == 6 || line == 7, qPrintable(QString::number(line)));
        QCOMPARE(editor->markedLines(), QList<int>{line});
        QVERIFY(editor->lineMessages(line).startsWith("error: "));
        bool tinted = false;
        for (const auto& mark : editor->extraSelections())
            tinted = tinted || mark.cursor.block().blockNumber() + 1 == line;
        QVERIFY(tinted);

        // Listed under Problems as file:line:column; a click puts the cursor there.
        DiagnosticsPanel* panel = w.diagnosticsPanel();
        QCOMPARE(panel->count(), 1);
        const QString expected = QString("broken.yaml:%1:%2: error: ").arg(line).arg(problems.front().column);
        QVERIFY2(panel->item(0)->text().startsWith(expected), qPrintable(panel->item(0)->text()));
        editor->goTo(1, 1);
        const QRect row = panel->visualItemRect(panel->item(0));
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(editor->textCursor().blockNumber() + 1, line);
        QCOMPARE(editor->textCursor().positionInBlock() + 1, std::max(1, problems.front().column));

        // Fix line 6 with the keyboard; a moment later the canvas shows the study.
        retype(editor, 6, "    components: {app: {kind: service, cores: 2}}");
        QVERIFY(w.isShowingText()); // not before the pause after typing
        QTRY_VERIFY_WITH_TIMEOUT(!w.isShowingText(), 5000);
        QVERIFY(w.view()->isVisible());
        QCOMPARE(w.currentVariant(), QString("v"));
        QVERIFY(w.scene()->item("app"));
        QCOMPARE(w.document()->variant("v")->find("app")->cores, 2);
        QCOMPARE(w.document()->filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(w.document()->isDirty()); // the fix is not saved yet
        QVERIFY(!w.document()->undoStack()->canUndo()); // history starts here
        QCOMPARE(readFile(path), QByteArray(kSyntaxError)); // the file as it was
        QVERIFY(w.action("run")->isEnabled());
        QVERIFY(w.save());
        QVERIFY(scenarios::readStudy(path.toStdString()).ok());
    }

    // A validation error: every problem marked on its line; the canvas's
    // actions wait; Save writes the text atomically, as typed.
    void validationErrorsAreMarkedAndTheTextSaves()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "invalid.yaml", kInvalid);
        MainWindow w;
        w.show();
        QVERIFY(!w.openFile(path));
        QVERIFY(w.isShowingText());
        QCOMPARE(w.textPane()->editor()->markedLines(), QList<int>{6});
        QVERIFY(w.textPane()->editor()->lineMessages(6).contains("cores must be >= 1"));
        QVERIFY(w.textPane()->editor()->lineMessages(6).contains("did you mean 'sql_database'?"));
        QCOMPARE(w.diagnosticsPanel()->count(), 2);
        for (int i = 0; i < 2; ++i)
            QVERIFY(w.diagnosticsPanel()->item(i)->text().startsWith("invalid.yaml:6:"));
        QVERIFY(!w.action("run")->isEnabled());
        QVERIFY(!w.action("exportCanvas")->isEnabled());
        QVERIFY(w.action("save")->isEnabled());

        // Fix one of the two and save: the file holds the text as typed; it still does not read.
        StudyTextEditor* editor = w.textPane()->editor();
        retype(editor, 6, "    components: {app: {kind: service, cores: 2}, db: {kind: sql_databse}}  # typo left");
        QVERIFY(w.isWindowModified());
        QVERIFY(w.save());
        QVERIFY(!w.isWindowModified());
        QVERIFY(w.isShowingText());
        QVERIFY(readFile(path).contains("cores: 2}, db: {kind: sql_databse}}  # typo left"));
        QCOMPARE(w.diagnosticsPanel()->count(), 1);
        // Nothing of the save is left beside the file (QSaveFile renames over it).
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"invalid.yaml"});

        // The other fix: it reads, and the canvas shows the saved text's study, clean.
        retype(editor, 6, "    components: {app: {kind: service, cores: 2}, db: {kind: sql_database}}");
        QVERIFY(w.save());
        QTRY_VERIFY(!w.isShowingText());
        QVERIFY(!w.document()->isDirty());
        QVERIFY(w.document()->variant("v")->find("db"));
    }

    // Typed text is autosaved like any edit; after a crash it comes back as text.
    void theTextAutosavesAndComesBack()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "broken.yaml", kSyntaxError);
        QString recovery;
        {
            MainWindow w;
            w.show();
            QVERIFY(!w.openFile(path));
            retype(w.textPane()->editor(), 1, "name: shop edited");
            w.autosave();
            recovery = w.recoveryPath();
            QVERIFY(readFile(recovery).startsWith("name: shop edited\n"));
            w.textPane()->editor()->document()->setModified(false); // a crash: nothing asked, the autosave stays
        }
        QVERIFY(QFile::exists(recovery));
        MainWindow w;
        w.setRecoveryChooser([](const QString&) { return RecoveryChoice::Restore; });
        w.show();
        QVERIFY(!w.openFile(path));
        QVERIFY(w.isShowingText());
        QVERIFY(w.textPane()->text().startsWith("name: shop edited\n"));
        QVERIFY(w.textPane()->isModified());
        QCOMPARE(readFile(path), QByteArray(kSyntaxError));
        // Saved: the autosave goes.
        QVERIFY(w.save());
        QVERIFY(!QFile::exists(recovery));
        QVERIFY(readFile(path).startsWith("name: shop edited\n"));
    }

    // A file that cannot be shown as text as it is (not UTF-8) is refused, the study kept.
    void aFileThatIsNotTextIsRefused()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "latin1.yaml", QByteArray("name: caf\xe9\n"));
        MainWindow w;
        w.show();
        const QString before = w.document()->text();
        QVERIFY(!w.openFile(path));
        QVERIFY(!w.isShowingText());
        QCOMPARE(w.document()->text(), before);
        QVERIFY(w.lastMessage().startsWith("Cannot open latin1.yaml"));
    }
};

QTEST_MAIN(TestTextPane)
#include "tst_textpane.moc"
