// File > Export review (offscreen, the folder given directly): the window runs
// `scalelab-cli report` on the study and the folder gets what the CLI writes,
// index.html (every variant in the verdict table) and report.pdf; unsaved edits
// are in the review (a temporary copy is reported, the file stays as saved);
// a scalelab-cli that cannot start is reported, and the window is usable again.
#include "document.h"
#include "mainwindow.h"
#include "run/runpanel.h"

#include <QAction>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace scalelab::gui;

namespace {

const QString kCli = QStringLiteral(SCALELAB_CLI);
const QString kShop = QStringLiteral(SCALELAB_GOLDEN_DIR) + "/data/shop.yaml";

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The variants named in the report's verdict table, in its order.
QStringList verdictVariants(const QString& html)
{
    const auto table = QRegularExpression("<table class=\"verdict\">(.*?)</table>",
                                          QRegularExpression::DotMatchesEverythingOption)
                           .match(html);
    QStringList names;
    if (!table.hasMatch())
        return names;
    auto it = QRegularExpression("<td class=\"[a-z]+\" data-variant=\"([^\"]+)\">").globalMatch(table.captured(1));
    while (it.hasNext())
        names << it.next().captured(1);
    return names;
}

} // namespace

class TestExportReview : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_study;

    /// A window on a copy of the shop study, asking nothing (every question answered no).
    std::unique_ptr<MainWindow> window(QStringList* questions)
    {
        auto w = std::make_unique<MainWindow>();
        w->setAsker([questions](const QString& q) {
            questions->append(q);
            return false;
        });
        w->runPanel()->setCliPath(kCli);
        return w;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_study = m_dir.filePath("shop.yaml");
        QVERIFY(QFile::copy(kShop, m_study));
    }

    void savedStudyGivesTheCliReport()
    {
        QStringList questions;
        auto w = window(&questions);
        QVERIFY(w->openFile(m_study));
        QVERIFY(!w->document()->isDirty());
        const QString out = m_dir.filePath("review");
        QSignalSpy done(w.get(), &MainWindow::reviewExportFinished);
        QSignalSpy stages(w.get(), &MainWindow::reviewExportProgress);
        QVERIFY(w->exportReview(out));
        QVERIFY(w->isExportingReview());
        QVERIFY(w->findChild<QProgressBar*>("busy")->isVisibleTo(w.get()));
        QVERIFY(w->findChild<QPushButton*>("cancelReview")->isVisibleTo(w.get()));
        QVERIFY(!w->action("exportReview")->isEnabled());
        QVERIFY(done.wait(180000));
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        QVERIFY(!w->isExportingReview());
        QVERIFY(!w->findChild<QProgressBar*>("busy")->isVisibleTo(w.get()));
        QVERIFY(w->action("exportReview")->isEnabled());
        // The stages, in order: each variant's simulations, the charts, the PDF.
        QStringList seen;
        for (const QList<QVariant>& stage : stages)
            seen << stage.at(0).toString();
        QVERIFY2(!seen.isEmpty() && seen.first() == "simulating variant 1 of 2 (monolith)", qPrintable(seen.join('|')));
        QVERIFY2(seen.indexOf("drawing the charts") > 0 && seen.indexOf("writing the PDF") > seen.indexOf("drawing the charts"),
                 qPrintable(seen.join('|')));
        QVERIFY(QFileInfo(out + "/report.pdf").size() > 1000);
        QVERIFY(readAll(out + "/report.pdf").startsWith("%PDF-"));
        const QString html = QString::fromUtf8(readAll(out + "/index.html"));
        QCOMPARE(verdictVariants(html), QStringList({"monolith", "services"}));
        // The offer to open it, answered no.
        QCOMPARE(questions.size(), 1);
        QVERIFY(questions.at(0).contains("index.html"));
        QVERIFY(w->lastMessage().contains(out));
    }

    void unsavedEditsAreInTheReview()
    {
        QStringList questions;
        auto w = window(&questions);
        QVERIFY(w->openFile(m_study));
        const QByteArray saved = readAll(m_study);
        const QString added = w->document()->duplicateVariant("services");
        QVERIFY(!added.isEmpty());
        QVERIFY(w->document()->isDirty());
        const QString out = m_dir.filePath("edited");
        QSignalSpy done(w.get(), &MainWindow::reviewExportFinished);
        QVERIFY(w->exportReview(out));
        QVERIFY(done.wait(180000));
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        const QString html = QString::fromUtf8(readAll(out + "/index.html"));
        QCOMPARE(verdictVariants(html), QStringList({"monolith", "services", added}));
        QVERIFY(QFile::exists(out + "/report.pdf"));
        QCOMPARE(readAll(m_study), saved); // the study file is as it was saved
        QVERIFY(w->document()->isDirty());
    }

    void cancelStopsEverythingAndLeavesNothing()
    {
        // A study that runs long enough to be cancelled while it simulates.
        QStringList questions;
        auto w = window(&questions);
        QString text = QString::fromUtf8(readAll(kShop));
        text.replace("run: {duration: 30s", "run: {duration: 3000s");
        const QString study = m_dir.filePath("long.yaml");
        QFile f(study);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
        f.close();
        QVERIFY(w->openFile(study));
        const QString out = m_dir.filePath("cancelled");
        QSignalSpy done(w.get(), &MainWindow::reviewExportFinished);
        QSignalSpy stages(w.get(), &MainWindow::reviewExportProgress);
        QVERIFY(w->exportReview(out));
        QTRY_VERIFY_WITH_TIMEOUT(!stages.isEmpty(), 30000);
        QVERIFY(stages.at(0).at(0).toString().startsWith("simulating variant 1 of 2"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(out), 30000); // the report has started writing
        w->findChild<QPushButton*>("cancelReview")->click();
        QCOMPARE(done.count(), 1);
        QVERIFY(!done.at(0).at(0).toBool());
        QCOMPARE(done.at(0).at(1).toString(), QString("cancelled"));
        QVERIFY(!w->isExportingReview());
        QVERIFY(w->action("exportReview")->isEnabled());
        QVERIFY(!w->findChild<QPushButton*>("cancelReview")->isVisibleTo(w.get()));
        QVERIFY(!QFileInfo::exists(out)); // the folder it made, gone with whatever was in it
        // No process of the export is left: none names the folder on its command line.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QString& pid : QDir("/proc").entryList(QDir::Dirs)) {
                    QFile cmdline("/proc/" + pid + "/cmdline");
                    if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(out.toUtf8()))
                        return false;
                }
                return true;
            }(),
            5000);
        QVERIFY(questions.isEmpty());
    }

    void aCliThatCannotStartIsReported()
    {
        QStringList questions;
        auto w = window(&questions);
        w->runPanel()->setCliPath(m_dir.filePath("no-such-scalelab-cli"));
        QVERIFY(w->openFile(m_study));
        QString shown;
        QTimer closer;
        closer.setInterval(20);
        connect(&closer, &QTimer::timeout, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                shown = box->text();
                box->accept();
            }
        });
        closer.start();
        QSignalSpy done(w.get(), &MainWindow::reviewExportFinished);
        w->exportReview(m_dir.filePath("never"));
        QVERIFY(done.count() == 1 || done.wait(20000));
        QVERIFY(!done.at(0).at(0).toBool());
        QVERIFY2(done.at(0).at(1).toString().contains("no-such-scalelab-cli"), qPrintable(done.at(0).at(1).toString()));
        QTRY_VERIFY(shown.contains("no-such-scalelab-cli"));
        QVERIFY(!w->isExportingReview());
        QVERIFY(w->action("exportReview")->isEnabled());
        QVERIFY(!QFile::exists(m_dir.filePath("never/index.html")));
        QVERIFY(questions.isEmpty());
    }
};

QTEST_MAIN(TestExportReview)
#include "tst_exportreview.moc"
