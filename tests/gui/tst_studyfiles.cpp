// The files the editor writes and reads besides the study, through the real
// window (offscreen): a study the reader refuses never reaches the editor;
// an autosave is never deleted without asking and goes to the data folder
// when the study's folder is read-only; a read-only study is not
// overwritten; the copies runs read live in the temporary folder and are
// cleaned, stale ones included.
#include "document.h"
#include "diagnosticspanel.h"
#include "mainwindow.h"
#include "studyfiles.h"

#include "scenarios/studyreader.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <unistd.h>

using scalelab::gui::MainWindow;
using scalelab::gui::RecoveryChoice;
using scalelab::gui::RunCopies;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

/// A copy of the bundled shop study in `dir`.
QString shopIn(const QTemporaryDir& dir)
{
    const QString path = dir.filePath("study.yaml");
    QFile::copy(SCALELAB_EXAMPLES_DIR "/shop.yaml", path);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

/// Opens `path`, edits it and autosaves, then drops the window without a
/// close: a crash, as far as the files know. Returns the autosave's path.
QString crashWithChanges(const QString& path)
{
    MainWindow w;
    w.setRecoveryChooser([](const QString&) { return RecoveryChoice::Keep; });
    if (!w.openFile(path))
        return {};
    QString why;
    if (!w.document()->setValueText({"run", "duration"}, "20min", &why))
        return {};
    w.autosave();
    return w.recoveryPath();
}

/// Restores a folder's permissions when the test leaves.
struct Writable
{
    QString path;
    ~Writable() { QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner); }
};

} // namespace

class TestStudyFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ScaleLabTest");
        QCoreApplication::setApplicationName("tst_studyfiles");
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    // A recursive alias or an alias bomb is refused by the reader: the
    // window shows the text with the problem (to be fixed there) and keeps
    // its study; a file that is not UTF-8 cannot be shown as text: the window
    // lists the problem and keeps its study.
    void refusedStudyKeepsTheEditor_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("asText");
        QTest::newRow("alias cycle") << "alias_cycle.yaml" << "that value would contain itself" << 1 << true;
        QTest::newRow("alias bomb") << "alias_bomb.yaml" << "more than 100000 values" << 1 << true;
        QTest::newRow("not utf-8") << "not_utf8.yaml" << "not valid UTF-8" << 2 << false;
    }

    void refusedStudyKeepsTheEditor()
    {
        QFETCH(QString, file);
        QFETCH(QString, problem);
        QFETCH(int, count);
        QFETCH(bool, asText);
        MainWindow w;
        w.show();
        const QString before = w.document()->text();
        QVERIFY(!w.openFile(SCALELAB_BAD_DIR "/" + file));
        QCOMPARE(w.isShowingText(), asText);
        QCOMPARE(w.lastMessage(),
                 asText ? QString("%1 does not read: %2 problem(s), marked in the text and listed under Problems; fix "
                                  "them and the canvas appears.")
                              .arg(file)
                              .arg(count)
                        : QString("Cannot open %1: %2 problem(s), listed under Problems; the current study is "
                                  "unchanged.")
                              .arg(file)
                              .arg(count));
        if (asText)
            QVERIFY(w.diagnosticsPanel()->item(0)->text().contains(problem));
        QCOMPARE(w.document()->text(), before);
        QVERIFY(w.document()->filePath().isEmpty());
        const auto read = scalelab::scenarios::readStudy((SCALELAB_BAD_DIR "/" + file).toStdString());
        QCOMPARE(int(read.diagnostics.size()), count);
        QVERIFY2(QString::fromStdString(read.diagnostics.front().message).contains(problem),
                 read.diagnostics.front().message.c_str());
    }

    // The study file newer than its autosave (a touch, a checkout, a sync)
    // is no reason to delete the autosave: the window asks, and each answer
    // does what it says.
    void anAutosaveIsNeverDeletedWithoutAsking_data()
    {
        QTest::addColumn<int>("choice");
        QTest::newRow("restore") << int(RecoveryChoice::Restore);
        QTest::newRow("discard") << int(RecoveryChoice::Discard);
        QTest::newRow("keep") << int(RecoveryChoice::Keep);
    }

    void anAutosaveIsNeverDeletedWithoutAsking()
    {
        QFETCH(int, choice);
        QTemporaryDir dir;
        const QString path = shopIn(dir);
        const QString recovery = crashWithChanges(path);
        QVERIFY(QFile::exists(recovery));
        QVERIFY(recovery.startsWith(dir.path()));
        const QByteArray autosaved = readAll(recovery);
        // The study file touched after the autosave.
        QFile study(path);
        QVERIFY(study.open(QIODevice::ReadWrite));
        QVERIFY(study.setFileTime(QFileInfo(recovery).lastModified().addSecs(60), QFileDevice::FileModificationTime));
        study.close();

        MainWindow w;
        QString asked;
        w.setRecoveryChooser([&](const QString& q) {
            asked = q;
            return RecoveryChoice(choice);
        });
        QVERIFY(w.openFile(path));
        QCOMPARE(asked, QString("ScaleLab closed with unsaved changes to study.yaml, but the file has changed since "
                                "they were autosaved (a save, a checkout or a sync). Restore the autosave, discard "
                                "it, or keep it for later?"));
        switch (RecoveryChoice(choice)) {
        case RecoveryChoice::Restore:
            QCOMPARE(w.document()->study().run.duration, 1200.0);
            QVERIFY(w.document()->isDirty());
            QVERIFY(QFile::exists(recovery)); // until the study is saved
            QVERIFY(w.save());
            QVERIFY(!QFile::exists(recovery));
            break;
        case RecoveryChoice::Discard:
            QVERIFY(!QFile::exists(recovery));
            QCOMPARE(w.lastMessage(), QString("Discarded the autosave of study.yaml"));
            QCOMPARE(w.document()->study().run.duration, 600.0);
            break;
        case RecoveryChoice::Keep: {
            QVERIFY(!QFile::exists(recovery));
            const QStringList kept = QDir(dir.path()).entryList({".study.yaml.autosave.*.yaml"}, QDir::Files | QDir::Hidden);
            QCOMPARE(kept.size(), 1);
            QCOMPARE(readAll(dir.filePath(kept.front())), autosaved);
            QCOMPARE(w.lastMessage(), "Kept the autosave as " + QDir::toNativeSeparators(dir.filePath(kept.front())));
            QVERIFY(!w.document()->isDirty());
            break;
        }
        }
    }

    // A study in a read-only folder autosaves to the application's data
    // folder, says so, and is offered back from there after a crash.
    void aReadOnlyFolderAutosavesToTheDataFolder()
    {
        QTemporaryDir dir;
        const QString path = shopIn(dir);
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        Writable restore{dir.path()};
        const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QString recovery;
        {
            MainWindow w;
            QVERIFY(w.openFile(path));
            QString why;
            QVERIFY(w.document()->setValueText({"run", "duration"}, "20min", &why));
            w.autosave();
            recovery = w.recoveryPath();
            QVERIFY2(recovery.startsWith(data + "/recovery/study.yaml."), qPrintable(recovery));
            QVERIFY(QFile::exists(recovery));
            QCOMPARE(w.lastMessage(), "The study's folder is read-only: autosaving to " +
                                          QDir::toNativeSeparators(recovery));
            QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"study.yaml"});
        }
        MainWindow w;
        QString asked;
        w.setRecoveryChooser([&](const QString& q) {
            asked = q;
            return RecoveryChoice::Restore;
        });
        QVERIFY(w.openFile(path));
        QVERIFY(asked.startsWith("ScaleLab closed with unsaved changes to study.yaml. Restore them"));
        QCOMPARE(w.document()->study().run.duration, 1200.0);
        w.document()->undoStack()->setClean();
        QFile::remove(recovery);
    }

    // The study's folder refuses the autosave (here a folder stands where it
    // goes): the data folder takes it.
    void aRefusedAutosaveFallsBackToTheDataFolder()
    {
        QTemporaryDir dir;
        const QString path = shopIn(dir);
        QVERIFY(QDir(dir.path()).mkdir(".study.yaml.autosave"));
        MainWindow w;
        bool asked = false;
        w.setRecoveryChooser([&](const QString&) {
            asked = true; // a folder where the autosave goes is no autosave
            return RecoveryChoice::Keep;
        });
        QVERIFY(w.openFile(path));
        QVERIFY(!asked);
        QString why;
        QVERIFY(w.document()->setValueText({"run", "duration"}, "20min", &why));
        w.autosave();
        const QString fallback = scalelab::gui::dataRecoveryPath(w.document()->filePath());
        QVERIFY(QFile::exists(fallback));
        QCOMPARE(w.lastMessage(), "The study's folder is read-only: autosaving to " + QDir::toNativeSeparators(fallback));
        w.document()->undoStack()->setClean();
        QFile::remove(fallback);
    }

    // Saving over a read-only study asks for another name; no answer, no write.
    void aReadOnlyStudyIsNotOverwritten()
    {
        QTemporaryDir dir;
        const QString path = shopIn(dir);
        const QByteArray before = readAll(path);
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup));
        MainWindow w;
        QVERIFY(w.openFile(path));
        QString why;
        QVERIFY(w.document()->setValueText({"run", "duration"}, "20min", &why));
        QString asked;
        w.setAsker([&](const QString& q) {
            asked = q;
            return false;
        });
        QVERIFY(!w.save());
        QCOMPARE(asked, QString("study.yaml is read-only. Save the study under another name?"));
        QCOMPARE(w.lastMessage(), "Not saved: " + QDir::toNativeSeparators(path) + " is read-only");
        QCOMPARE(readAll(path), before);
        QVERIFY(w.document()->isDirty());

        const QString other = dir.filePath("copy.yaml");
        w.setAsker([](const QString&) { return true; });
        w.setSavePathAsker([&](const QString&) { return other; });
        QVERIFY(w.save());
        QCOMPARE(readAll(path), before);
        QCOMPARE(w.document()->filePath(), other);
        QCOMPARE(scalelab::scenarios::readStudy(other.toStdString()).study->run.duration, 1200.0);
    }

    // A run reads a copy in the temporary folder, its traces by full path;
    // the window's folder goes with it, and stale ones with the next window.
    void runCopiesLiveInTheTemporaryFolder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("study.yaml");
        QVERIFY(writeFile(dir.filePath("traffic.csv"), "time_s,rps\n0,10\n"));
        QVERIFY(writeFile(path, "operations: {browse: {share: 1}}\n"
                                "workload: {replay: traffic.csv}\n"
                                "run: {duration: 5s, warmup: 1s}\n"
                                "variants: {v1: {components: {app: {kind: service}}, routes: {browse: [app]}}}\n"));
        // Left by processes that are gone (no pid reaches 999999999).
        const QString staleFolder = QDir::temp().filePath("scalelab-run-999999999-AbCdEf");
        QVERIFY(QDir().mkpath(staleFolder));
        QVERIFY(writeFile(staleFolder + "/study.yaml", "name: stale\n"));
        const QString staleBeside = dir.filePath(".scalelab-run-999999999.yaml");
        QVERIFY(writeFile(staleBeside, "name: stale\n"));
        const QString live = dir.filePath(QStringLiteral(".scalelab-run-%1.yaml").arg(::getpid()));
        QVERIFY(writeFile(live, "name: mine\n"));

        QString copy;
        {
            MainWindow w;
            QVERIFY(!QFileInfo::exists(staleFolder));
            QVERIFY(w.openFile(path));
            QVERIFY(!QFileInfo::exists(staleBeside));
            QVERIFY(QFileInfo::exists(live)); // its process is alive
            QString error;
            copy = w.writeRunCopy(&error);
            QVERIFY2(!copy.isEmpty(), qPrintable(error));
            QVERIFY(copy.startsWith(QDir::tempPath() + "/scalelab-run-"));
            const auto read = scalelab::scenarios::readStudy(copy.toStdString());
            QVERIFY(read.ok());
            QCOMPARE(QString::fromStdString(read.study->workload.replay), dir.filePath("traffic.csv"));
        }
        QVERIFY(!QFileInfo::exists(copy));
        QVERIFY(!QFileInfo::exists(QFileInfo(copy).absolutePath()));
        QFile::remove(live);
    }
};

QTEST_MAIN(TestStudyFiles)
#include "tst_studyfiles.moc"
