// The run panel driving the real scalelab-cli (run --stream children): frames
// arrive and the charts fill, the clock advances, the canvas gets live state
// and fault events, the results table shows the CLI's figures; pause, resume
// and stop work; a live compare overlays two variants; a crashing run reports why
// and leaves the study file as it was.
#include "run/runpanel.h"
#include "run/resultstable.h"

#include <qcustomplot.h>

#include <QtTest>

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>

using scalelab::gui::ComponentLiveState;
using scalelab::gui::RunPanel;

namespace {

const QString kCli = QStringLiteral(SCALELAB_CLI);
const QString kData = QStringLiteral(SCALELAB_GOLDEN_DIR) + "/data";

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A panel on a study file of tests/golden/data.
std::unique_ptr<RunPanel> panelFor(const QString& study, const QStringList& variants)
{
    auto panel = std::make_unique<RunPanel>();
    panel->setCliPath(kCli);
    panel->setStudyProvider([path = kData + "/" + study](QString*) { return path; });
    panel->setVariants(variants, variants.front());
    return panel;
}

QCustomPlot* chart(RunPanel& panel, const QString& id) { return panel.findChild<QCustomPlot*>("chart-" + id); }

} // namespace

class TestRunPanel : public QObject
{
    Q_OBJECT

private slots:
    void speedBoxFollowsSetSpeed()
    {
        RunPanel panel;
        auto* box = panel.findChild<QComboBox*>();
        QVERIFY(box);
        QCOMPARE(box->currentText(), QString("as fast as possible"));
        panel.setSpeed(10);
        QCOMPARE(box->currentText(), QString("10x"));
        QCOMPARE(box->currentData().toDouble(), 10.0);
        // A speed the list does not hold gets its own entry, once.
        const int items = box->count();
        panel.setSpeed(50);
        QCOMPARE(box->currentText(), QString("50x"));
        QCOMPARE(box->currentData().toDouble(), 50.0);
        panel.setSpeed(1);
        QCOMPARE(box->currentData().toDouble(), 1.0);
        panel.setSpeed(50);
        QCOMPARE(box->count(), items + 1);
        QCOMPARE(box->currentText(), QString("50x"));
        panel.setSpeed(0);
        QCOMPARE(box->currentText(), QString("as fast as possible"));
        panel.setSpeed(-3); // not a speed: as fast as possible
        QCOMPARE(box->currentText(), QString("as fast as possible"));
    }

    void runFillsChartsClockAndTable()
    {
        const QByteArray before = readAll(kData + "/shop.yaml");
        auto panel = panelFor("shop.yaml", {"monolith", "services"});
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        QSignalSpy clock(panel.get(), &RunPanel::clockChanged);
        QSignalSpy live(panel.get(), &RunPanel::liveState);
        QSignalSpy faults(panel.get(), &RunPanel::faultEvent);
        panel->run();
        QVERIFY(panel->isRunning());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.front().at(0).toBool(), true);
        QCOMPARE(finished.front().at(1).toString(), QString("finished"));
        QVERIFY(!panel->isRunning());

        // 30 s in bins of 5 s: six frames on every line of every chart.
        for (const QString id : {"latency", "throughput", "errors", "utilization", "queue", "instances"}) {
            QCustomPlot* plot = chart(*panel, id);
            QVERIFY2(plot && plot->graphCount() > 0, qPrintable(id));
            for (int i = 0; i < plot->graphCount(); ++i)
                QCOMPARE(plot->graph(i)->dataCount(), 6);
        }
        QVERIFY(!clock.isEmpty());
        QCOMPARE(clock.back().at(0).toDouble(), 30.0);
        QCOMPARE(clock.back().at(1).toDouble(), 30.0);
        // The study kills a db instance at 20 s.
        QVERIFY(!faults.isEmpty());
        QCOMPARE(faults.front().at(0).toString(), QString("monolith"));
        QCOMPARE(faults.front().at(1).toDouble(), 20.0);
        QCOMPARE(faults.front().at(2).toString(), QString("host_down"));
        QVERIFY(!live.isEmpty());
        const auto states = live.back().at(1).value<QHash<QString, ComponentLiveState>>();
        QVERIFY(states.contains("app"));
        QCOMPARE(states["app"].instances, 1);
        QVERIFY(states["app"].utilization > 0.0 && states["app"].utilization < 1.0);

        // The table shows what `scalelab-cli run` prints for the same single replication.
        QProcess cli;
        cli.setWorkingDirectory(kData);
        cli.start(kCli, {"run", "shop.yaml", "--variant", "monolith", "--replications", "1"});
        QVERIFY(cli.waitForFinished(20000));
        const QString table = QString::fromUtf8(cli.readAllStandardOutput());
        auto* results = panel->findChild<scalelab::gui::ResultsTable*>("results");
        QVERIFY(results);
        for (const QString figure : {"throughput", "latency p99", "availability"}) {
            const QRegularExpression row("\\n" + figure + "\\s+([^\\n]+)\\n");
            const auto m = row.match(table);
            QVERIFY2(m.hasMatch(), qPrintable(figure));
            QCOMPARE(results->cell(figure, "monolith"), m.captured(1).trimmed());
        }
        QVERIFY(results->toCsv().startsWith("figure,monolith\n"));
        QCOMPARE(readAll(kData + "/shop.yaml"), before);
    }

    void pauseResumeStop()
    {
        auto panel = panelFor("shop.yaml", {"monolith"});
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        QSignalSpy clock(panel.get(), &RunPanel::clockChanged);
        panel->setSpeed(10); // 30 s of simulated time in about 3 s
        panel->run();
        QTRY_VERIFY_WITH_TIMEOUT(!clock.isEmpty() && clock.back().at(0).toDouble() >= 5.0, 10000);
        panel->pause();
        // The child finishes the bin it is in, then waits.
        QTest::qWait(1200);
        const double pausedAt = clock.back().at(0).toDouble();
        QTest::qWait(1200);
        QCOMPARE(clock.back().at(0).toDouble(), pausedAt);
        QVERIFY(pausedAt < 30.0);
        QVERIFY(finished.isEmpty());
        panel->resume();
        QTRY_VERIFY_WITH_TIMEOUT(clock.back().at(0).toDouble() > pausedAt, 5000);
        panel->stop();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.front().at(0).toBool(), true);
        QCOMPARE(finished.front().at(1).toString(), QString("stopped"));
        QVERIFY(clock.back().at(0).toDouble() < 30.0);
    }

    void compareLiveOverlaysVariants()
    {
        auto panel = panelFor("shop.yaml", {"monolith", "services"});
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        panel->compareLive();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.front().at(0).toBool(), true);
        QCustomPlot* throughput = chart(*panel, "throughput");
        QStringList names;
        for (int i = 0; i < throughput->graphCount(); ++i)
            names << throughput->graph(i)->name();
        QCOMPARE(names, (QStringList{"monolith: throughput", "services: throughput", "offered (all variants)"}));
        auto* results = panel->findChild<scalelab::gui::ResultsTable*>("results");
        QCOMPARE(results->columnCount(), 3);
        QVERIFY(!results->cell("latency p99", "services").isEmpty());
    }

    void crashedRunSaysWhy_data()
    {
        QTest::addColumn<QString>("study");
        QTest::addColumn<QString>("cli");
        QTest::addColumn<QString>("reason");
        // The trace holds a bad row: the child sends an error frame and exits 1.
        QTest::newRow("trace unreadable") << "replay-bad.yaml" << kCli << "the simulation failed";
        QTest::newRow("cli exits 1") << "shop.yaml" << "/bin/false" << "exited with code 1";
        QTest::newRow("no cli") << "shop.yaml" << "/nonexistent/scalelab-cli" << "cannot start /nonexistent/scalelab-cli";
    }

    void crashedRunSaysWhy()
    {
        QFETCH(QString, study);
        QFETCH(QString, cli);
        QFETCH(QString, reason);
        const QByteArray before = readAll(kData + "/" + study);
        auto panel = panelFor(study, {"v1"});
        panel->setCliPath(cli);
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        panel->run();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.front().at(0).toBool(), false);
        QVERIFY2(finished.front().at(1).toString().contains(reason), qPrintable(finished.front().at(1).toString()));
        QVERIFY(!panel->isRunning());
        QCOMPARE(readAll(kData + "/" + study), before);
    }

    // A child line with a field of the wrong type is an error shown, and the
    // run stops there (the child is ended, not waited for), never an abort.
    void aWrongTypedLineStopsTheRun()
    {
        QTemporaryDir dir;
        const QString fake = dir.filePath("scalelab-cli");
        {
            QFile f(fake);
            QVERIFY(f.open(QIODevice::WriteOnly));
            // The real start line, then a frame whose arrivals are text, then silence.
            f.write("#!/bin/sh\n\"" + kCli.toUtf8() + "\" \"$@\" | head -n 1\n"
                    "echo '{\"type\":\"frame\",\"schema_version\":1,\"start\":0.0,\"end\":1.0,\"arrivals\":\"lots\"}'\n"
                    "exec sleep 60\n");
        }
        QFile::setPermissions(fake, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        auto panel = panelFor("shop.yaml", {"services"});
        panel->setCliPath(fake);
        QSignalSpy finished(panel.get(), &RunPanel::runFinished);
        QElapsedTimer clock;
        clock.start();
        panel->run();
        QVERIFY(finished.wait(20000));
        QVERIFY2(clock.elapsed() < 15000, "the child was waited for instead of ended");
        QCOMPARE(finished.front().at(0).toBool(), false);
        QCOMPARE(finished.front().at(1).toString(),
                 QString("services: a line of scalelab-cli's output could not be read: frame: arrivals must be an "
                         "integer >= 0 (got string)"));
        QVERIFY(!panel->isRunning());
    }

    // A summary whose figures have the wrong types fills the table with "-".
    void aWrongTypedSummaryShowsDashes()
    {
        scalelab::gui::ResultsTable table;
        table.setSummaries({R"({"variant":"v1","figures":{"throughput":{"mean":"fast","unit":5}},)"
                            R"("slo":{"verdict":7},"bottleneck":{"component":3,"resource":[],"value":"x"},)"
                            R"("operations":[5,{"name":9,"p99":{"mean":0.1,"unit":"s","note":4,"half_width":"x"}}],)"
                            R"("components":[{"name":[1]}],"gauges":[{"component":1,"name":2,"mean":"3"}]})",
                            R"({"variant":7})", R"([1,2])", "not json"});
        QCOMPARE(table.columnCount(), 3);
        QCOMPARE(table.cell("throughput", "v1"), QString("-"));
        QCOMPARE(table.cell("SLO", "v1"), QString("none"));
        QCOMPARE(table.cell("p99", "v1"), QString("100.0 ms")); // an operation without a name
    }

    void providerErrorIsReported()
    {
        RunPanel panel;
        panel.setStudyProvider([](QString* error) {
            *error = "shop.yaml:3:1: error: unknown key";
            return QString();
        });
        panel.setVariants({"a"}, "a");
        QSignalSpy finished(&panel, &RunPanel::runFinished);
        panel.run();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.front().at(0).toBool(), false);
        QCOMPARE(finished.front().at(1).toString(), QString("shop.yaml:3:1: error: unknown key"));
    }
};

QTEST_MAIN(TestRunPanel)
#include "tst_runpanel.moc"
