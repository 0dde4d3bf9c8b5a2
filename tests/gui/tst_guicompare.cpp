// The GUI's Compare is the CLI's compare: the same study and seed through the
// run panel and through `scalelab-cli compare` give the same rows, in the same
// order, to the last printed digit; progress per replication; a stop kills
// every replication; a line of the child that cannot be read is an error the
// user sees, never a crash.
#include "run/comparerun.h"
#include "run/resultstable.h"
#include "run/runpanel.h"

#include "processes.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>

using scalelab::gui::CompareStream;
using scalelab::gui::ResultsTable;
using scalelab::gui::RunPanel;
using scalelab::testing::processesNaming;

namespace {

const QString kCli = QStringLiteral(SCALELAB_CLI);
const QString kData = QStringLiteral(SCALELAB_GOLDEN_DIR) + "/data";

std::unique_ptr<RunPanel> panelFor(const QString& studyPath, const QStringList& variants)
{
    auto panel = std::make_unique<RunPanel>();
    panel->setCliPath(kCli);
    panel->setStudyProvider([studyPath](QString*) { return studyPath; });
    panel->setVariants(variants, variants.front());
    return panel;
}

/// The CLI's text output for `args`, run in the study's folder.
QString cliText(const QStringList& args)
{
    QProcess cli;
    cli.setWorkingDirectory(kData);
    cli.start(kCli, args);
    if (!cli.waitForFinished(60000) || cli.exitCode() != 0)
        return {};
    return QString::fromUtf8(cli.readAllStandardOutput());
}

/// A fake scalelab-cli: a shell script that prints `lines` and exits with `code`.
QString fakeCli(const QTemporaryDir& dir, const QString& name, const QByteArray& lines, int code)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write("#!/bin/sh\ncat <<'EOF'\n" + lines + "EOF\nexit " + QByteArray::number(code) + "\n");
    f.close();
    f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    return path;
}

/// The golden shop over an hour (long enough to stop midway), as `name` in `dir`.
QString longStudy(const QTemporaryDir& dir, const QString& name)
{
    QFile source(kData + "/shop.yaml");
    if (!source.open(QIODevice::ReadOnly))
        return {};
    QByteArray yaml = source.readAll();
    yaml.replace("duration: 30s", "duration: 3600s");
    QFile out(dir.filePath(name));
    if (!out.open(QIODevice::WriteOnly) || out.write(yaml) != yaml.size())
        return {};
    return out.fileName();
}

} // namespace

class TestGuiCompare : public QObject
{
    Q_OBJECT

private slots:
    void guiCompareIsTheCliCompare()
    {
        auto panel = panelFor(kData + "/shop.yaml", {"monolith", "services"});
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        auto* replications = panel->findChild<QTableWidget*>("replications");
        QVERIFY(replications);
        panel->compare();
        QVERIFY(panel->isRunning());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.front().at(0).toBool(), true);
        QCOMPARE(finished.front().at(1).toString(), QString("finished"));
        // Progress per replication: 2 variants x 2 replications, each to 100%.
        QCOMPARE(replications->rowCount(), 4);
        QCOMPARE(replications->item(3, 0)->text(), QString("services"));
        QCOMPARE(replications->item(3, 1)->text(), QString("2"));
        auto* bar = qobject_cast<QProgressBar*>(replications->cellWidget(3, 2));
        QVERIFY(bar);
        QCOMPARE(bar->value(), bar->maximum());

        // The CLI on the same file: the study's seed and replications.
        const QString text = cliText({"compare", "shop.yaml"});
        QVERIFY(!text.isEmpty());
        QStringList lines = text.split('\n');
        while (!lines.isEmpty() && lines.back().isEmpty())
            lines.removeLast();

        auto* heading = panel->findChild<QLabel*>("compareHeading");
        QVERIFY(heading);
        QCOMPARE(heading->text(), lines[0] + "\n" + lines[1]);
        QVERIFY(lines[0].contains("2 replications"));
        QCOMPARE(lines[2], QString());

        auto* results = panel->findChild<ResultsTable*>("results");
        const std::vector<QStringList> rows = results->rows();
        // Header, then every row of the CLI's table, in its order.
        // The CLI's table ends at a blank line; the fault parity table follows
        // (the golden shop kills its database once).
        const int blank = int(lines.indexOf(QString(), 3));
        QVERIFY(blank > 3);
        QCOMPARE(int(rows.size()), blank - 3);
        QCOMPARE(rows.front().mid(1), (QStringList{"monolith", "services", "services - monolith"}));
        QVERIFY(QRegularExpression("^\\s+monolith\\s{2,}services\\s{2,}services - monolith$").match(lines[3]).hasMatch());
        int intervals = 0, differences = 0, marked = 0;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            // The CLI's line: the label, then each cell, columns two spaces apart or more.
            QStringList parts;
            for (const QString& cell : rows[r])
                parts << QRegularExpression::escape(cell);
            const QRegularExpression line("^" + parts.join("\\s{2,}") + "$");
            const QString cli = lines[int(r) + 3];
            QVERIFY2(line.match(cli).hasMatch(),
                     qPrintable(QString("row %1: GUI [%2] vs CLI [%3]").arg(r).arg(rows[r].join(" | "), cli)));
            for (const QString& cell : rows[r].mid(1)) {
                intervals += cell.contains(" ± ") ? 1 : 0;
                differences += cell.startsWith('+') || cell.startsWith('-') ? 1 : 0;
                marked += cell.endsWith(" *") ? 1 : 0;
            }
        }
        // Intervals, paired differences and significance marks are there.
        QVERIFY(intervals > 50);
        QVERIFY(differences > 20);
        QVERIFY(marked > 0);
        QVERIFY(results->cell("latency p99", "services").contains(" ± "));
        QVERIFY(results->cell("latency p99", "services - monolith").startsWith("-"));
        // The parity table: the CLI's, cell for cell, after its title line.
        auto* parity = panel->findChild<QTableWidget*>("parity");
        QVERIFY(!parity->isHidden());
        QVERIFY(lines[blank + 1].startsWith("fault parity: "));
        const qsizetype assumptionsBlank = lines.indexOf(QString(), blank + 1);
        QVERIFY(assumptionsBlank > blank);
        QCOMPARE(parity->rowCount(), int(assumptionsBlank) - blank - 3);
        QCOMPARE(parity->rowCount(), 1);
        for (int r = 0; r < parity->rowCount(); ++r) {
            QStringList parts;
            for (int c = 0; c < parity->columnCount(); ++c)
                parts << QRegularExpression::escape(parity->item(r, c)->text());
            QVERIFY2(QRegularExpression("^" + parts.join("\\s{2,}") + "\\s*$").match(lines[blank + 3 + r]).hasMatch(),
                     qPrintable(lines[blank + 3 + r]));
        }
        QCOMPARE(parity->item(0, 0)->text(), QString("1 kill db"));
        // The assumptions: the CLI's block, row for row.
        auto* assumptions = panel->findChild<QTableWidget*>("assumptions");
        QVERIFY(assumptions && !assumptions->isHidden());
        QVERIFY(lines[assumptionsBlank + 1].startsWith("assumptions: "));
        QCOMPARE(assumptions->rowCount(), int(lines.size() - assumptionsBlank - 2));
        QVERIFY(assumptions->rowCount() > 0);
        for (int r = 0; r < assumptions->rowCount(); ++r) {
            QStringList parts;
            for (int c = 0; c < assumptions->columnCount(); ++c)
                parts << QRegularExpression::escape(assumptions->item(r, c)->text());
            const QString& line = lines[assumptionsBlank + 2 + r];
            QVERIFY2(QRegularExpression("^\\s*" + parts.join("\\s{2,}") + "\\s*$").match(line).hasMatch(),
                     qPrintable(line));
        }
    }

    void stopKillsEveryReplication()
    {
        QTemporaryDir dir;
        const QString study = longStudy(dir, "long-compare-study.yaml");
        QVERIFY(!study.isEmpty());

        auto panel = panelFor(study, {"monolith", "services"});
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        panel->compare();
        auto* replications = panel->findChild<QTableWidget*>("replications");
        QTRY_VERIFY_WITH_TIMEOUT(replications->rowCount() == 4, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(processesNaming("long-compare-study.yaml") >= 2, 10000); // the CLI and its replications
        panel->stop();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.front().at(0).toBool(), true);
        QCOMPARE(finished.front().at(1).toString(), QString("stopped"));
        QVERIFY(!panel->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(processesNaming("long-compare-study.yaml"), 0, 5000);
    }

    void destroyingThePanelKillsTheComparison()
    {
        QTemporaryDir dir;
        const QString study = longStudy(dir, "closed-compare-study.yaml");
        QVERIFY(!study.isEmpty());
        {
            auto panel = panelFor(study, {"monolith", "services"});
            panel->compare();
            QTRY_VERIFY_WITH_TIMEOUT(processesNaming("closed-compare-study.yaml") >= 2, 10000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(processesNaming("closed-compare-study.yaml"), 0, 5000);
    }

    void unreadableLineIsAnError_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        const QByteArray jobs = R"({"type":"jobs","duration":30,"jobs":[{"variant":"a","replication":0}]})"
                                "\n";
        QTest::newRow("not JSON") << QByteArray("scalelab-cli 0.1 says hello\n") << 0
                                  << "could not be read: not a JSON object: scalelab-cli 0.1 says hello";
        QTest::newRow("truncated") << jobs + R"({"type":"progress","seconds":[1)" "\n" << 0
                                   << "could not be read: not a JSON object";
        QTest::newRow("no type") << QByteArray(R"({"seconds":[1]})" "\n") << 0 << "a line without a \"type\"";
        QTest::newRow("progress of unknown jobs")
            << QByteArray(R"({"type":"progress","seconds":[1,2]})" "\n") << 0
            << "'progress' line: seconds must be an array with a number per job";
        QTest::newRow("progress not a number")
            << jobs + R"({"type":"progress","seconds":["x"]})" "\n" << 0
            << "'progress' line: seconds[] must be a number";
        QTest::newRow("table of numbers")
            << jobs + R"({"type":"result","heading":["h"],"table":[[1,2]],"compare":{}})" "\n" << 0
            << "'result' line: table[] must be a non-empty array of strings";
        QTest::newRow("parity not a list")
            << jobs + R"({"type":"result","heading":["h"],"table":[["","a"]],"compare":{},"parity_table":3})" "\n" << 0
            << "'result' line: parity_table must be a non-empty array of rows";
        QTest::newRow("parity row not strings")
            << jobs + R"({"type":"result","heading":["h"],"table":[["","a"]],"compare":{},"parity_table":[["fault"],[1]]})" "\n" << 0
            << "'result' line: parity_table[] must be a non-empty array of strings";
        QTest::newRow("no result") << jobs << 0 << "scalelab-cli ended without a result";
        QTest::newRow("fatal error")
            << QByteArray(R"({"type":"error","message":"the simulation failed: boom","fatal":true})" "\n") << 1
            << "the simulation failed: boom (scalelab-cli exited with code 1)";
    }

    void unreadableLineIsAnError()
    {
        QFETCH(QByteArray, output);
        QFETCH(int, code);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString cli = fakeCli(dir, "scalelab-cli", output, code);
        auto panel = panelFor(kData + "/shop.yaml", {"monolith", "services"});
        panel->setCliPath(cli);
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        panel->compare();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.front().at(0).toBool(), false);
        QVERIFY2(finished.front().at(1).toString().contains(reason), qPrintable(finished.front().at(1).toString()));
        QVERIFY(!panel->isRunning());
        QCOMPARE(panel->findChild<ResultsTable*>("results")->rowCount(), 0);
    }

    void parityIsShownWhenTheComparisonHasIt()
    {
        QTemporaryDir dir;
        const QByteArray lines =
            R"({"type":"jobs","duration":30,"jobs":[{"variant":"a","replication":0},{"variant":"b","replication":0}]})"
            "\n"
            R"({"type":"progress","seconds":[30,30]})"
            "\n"
            R"({"type":"result","heading":["study: 2 variants","differences against a"],)"
            R"("table":[["","a","b","b - a"],["throughput","10.0/s","12.0/s","+2.0/s"],["per operation"]],)"
            R"("compare":{},"parity_table":[["fault","at","a","b","spread"],)"
            R"x(["1 kill db","60s","db 1/2 = 50%","db 1/4 = 25%","25.0 points (uneven)"],)x"
            R"(["2 kill cache","90s","cache 1/1 = 100%","cache 1/1 = 100%","0.0 points"]]})"
            "\n";
        const QString cli = fakeCli(dir, "scalelab-cli", lines, 0);
        auto panel = panelFor(kData + "/shop.yaml", {"a", "b"});
        panel->setCliPath(cli);
        panel->show();
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        panel->compare();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.front().at(0).toBool(), true);
        auto* results = panel->findChild<ResultsTable*>("results");
        QCOMPARE(results->cell("throughput", "b - a"), QString("+2.0/s"));
        QCOMPARE(results->rows().back(), QStringList{"per operation"});
        auto* parity = panel->findChild<QTableWidget*>("parity");
        QVERIFY(parity->isVisible());
        QCOMPARE(parity->rowCount(), 2);
        QStringList columns;
        for (int c = 0; c < parity->columnCount(); ++c)
            columns << parity->horizontalHeaderItem(c)->text();
        QCOMPARE(columns, (QStringList{"fault", "at", "a", "b", "spread"}));
        QCOMPARE(parity->item(0, 3)->text(), QString("db 1/4 = 25%"));
        QCOMPARE(parity->item(0, 4)->text(), QString("25.0 points (uneven)"));
        QCOMPARE(parity->item(1, 0)->text(), QString("2 kill cache"));
    }

    void streamReaderCountsReplicationsDone()
    {
        CompareStream stream;
        QCOMPARE(stream.add(R"({"type":"jobs","duration":30,"jobs":[{"variant":"a","replication":0},)"
                            R"({"variant":"a","replication":1}]})"),
                 CompareStream::Line::Jobs);
        QCOMPARE(stream.jobsDone(), 0);
        QCOMPARE(stream.add(R"({"type":"progress","seconds":[30,12.5]})"), CompareStream::Line::Progress);
        QCOMPARE(stream.jobsDone(), 1);
        QCOMPARE(stream.jobs()[1].seconds, 12.5);
        QCOMPARE(stream.add(R"({"type":"later","x":1})"), CompareStream::Line::Ignored);
        QCOMPARE(stream.add("{"), CompareStream::Line::Invalid);
        QVERIFY(!stream.hasResult());
    }
};

QTEST_MAIN(TestGuiCompare)
#include "tst_guicompare.moc"
