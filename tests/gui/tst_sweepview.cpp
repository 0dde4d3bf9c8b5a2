// "Sweep this..." and the Sweep view with the real scalelab-cli: the dialog's
// values (list, range by step, by points, log), its preview and run count,
// its errors; the parameter in the document (one undo step, dirty); a tiny
// sweep run to its end, its plot checked by the data it shows against the
// sweep's aggregate.jsonl (x the parameter's values, y the means, the band the
// 95% interval) and its export the same bytes as scalelab-charts'; Stop kills
// every process and leaves a folder that resumes to the aggregate of an
// uninterrupted sweep, byte for byte.
#include "document.h"
#include "mainwindow.h"
#include "sweepdialog.h"
#include "run/runpanel.h"
#include "run/sweeppanel.h"
#include "run/sweeprun.h"

#include "processes.h"

#include <qcustomplot.h>

#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cmath>

using namespace scalelab;
using gui::SweepDialog;
using gui::SweepPanel;
using testing::processesNaming;

namespace {

const QString kCli = QStringLiteral(SCALELAB_CLI);
const QString kCharts = QStringLiteral(SCALELAB_CHARTS);
const QString kData = QStringLiteral(SCALELAB_GOLDEN_DIR) + "/data";
const scenarios::DocPath kRps{"workload", "rate", "0", "rps"};

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing " + path.toUtf8() + ">");
}

template <typename W> W* child(QWidget& parent, const char* name)
{
    W* w = parent.findChild<W*>(name);
    if (!w)
        qFatal("no child %s", name);
    return w;
}

/// aggregate.jsonl's rows: (variant, metric) -> x value of the first parameter -> row.
QMap<QString, QMap<double, QJsonObject>> aggregateBy(const QString& dir, const QString& parameter)
{
    QMap<QString, QMap<double, QJsonObject>> out;
    for (const QByteArray& line : readAll(dir + "/aggregate.jsonl").trimmed().split('\n')) {
        const QJsonObject row = QJsonDocument::fromJson(line).object();
        out[row["variant"].toString() + "/" + row["metric"].toString()]
           [row["values"].toObject()[parameter].toString().toDouble()] = row;
    }
    return out;
}

const QCPGraph* graphNamed(const QCustomPlot& plot, const QString& name)
{
    for (int i = 0; i < plot.graphCount(); ++i)
        if (plot.graph(i)->name() == name)
            return plot.graph(i);
    return nullptr;
}

/// The keys and values of a graph, in order.
QList<QPair<double, double>> points(const QCPGraph& g)
{
    QList<QPair<double, double>> out;
    for (auto it = g.data()->constBegin(); it != g.data()->constEnd(); ++it)
        out << qMakePair(it->key, it->value);
    return out;
}

} // namespace

class TestSweepView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    /// The window on the golden sweep study, scalelab-cli the test's.
    std::unique_ptr<gui::MainWindow> window()
    {
        auto w = std::make_unique<gui::MainWindow>();
        w->runPanel()->setCliPath(kCli);
        w->setAsker([](const QString&) { return false; });
        if (!w->openFile(kData + "/sweep.yaml"))
            return nullptr;
        return w;
    }

    /// Runs the window's sweep into `out`; true when it ends well.
    static bool runSweep(gui::MainWindow& w, const QString& out)
    {
        SweepPanel* panel = w.sweepPanel();
        panel->setOutputDir(out);
        QSignalSpy finished(panel, &SweepPanel::sweepFinished);
        panel->run();
        if (!finished.wait(180000))
            return false;
        if (!finished.front().at(0).toBool())
            qWarning("%s", qPrintable(finished.front().at(1).toString()));
        return finished.front().at(0).toBool();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ScaleLabTest");
        QCoreApplication::setApplicationName("tst_sweepview");
        QVERIFY(m_tmp.isValid());
    }

    // The stream's reader trusts no line: each refusal names what is wrong,
    // and a refused point leaves the table as it was.
    void streamRefusesWhatItCannotRead()
    {
        using gui::SweepStream;
        SweepStream s;
        QCOMPARE(s.add("not json"), SweepStream::Line::Invalid);
        QCOMPARE(s.problem(), QString("not a JSON object: not json"));
        QCOMPARE(s.add(R"({"type":"point","point":0,"rows":[]})"), SweepStream::Line::Invalid);
        QCOMPARE(s.problem(), QString("a 'point' line before the 'sweep' line"));
        const QByteArray meta = R"("sweep":{"parameters":[{"column":"rps","set":["workload.rate.0.rps"],"values":["1"]}],)"
                                R"("variants":["a"],"metrics":["p99"],"slo":{}}})";
        QCOMPARE(s.add(R"({"type":"sweep","points":1,"done":0,"to_run":1,"replications":2,"duration":5,)" + meta),
                 SweepStream::Line::Invalid);
        QCOMPARE(s.problem(), QString("'sweep' line: out must be a string"));
        QCOMPARE(s.add(R"({"type":"sweep","out":"d","points":1,"done":0,"to_run":1,"replications":2,"duration":5,)" +
                       meta),
                 SweepStream::Line::Plan);
        QCOMPARE(s.add(R"({"type":"point","point":0,"rows":[{"point":0,"values":{"rps":"1"},"variant":"a",)"
                       R"("metric":"p99","low":1,"high":2}]})"),
                 SweepStream::Line::Invalid);
        QVERIFY2(s.problem().startsWith("'point' line: not a row of a sweep's aggregate"), qPrintable(s.problem()));
        QVERIFY(s.table()->rows.empty());
        QCOMPARE(s.add(R"({"type":"progress","done":1,"total":2,"elapsed":1,"eta":"soon"})"), SweepStream::Line::Invalid);
        QCOMPARE(s.problem(), QString("'progress' line: eta must be a number or null"));
        QCOMPARE(s.add(R"({"type":"later","x":1})"), SweepStream::Line::Ignored);
    }

    // The dialog as "Sweep this..." opens it on the rate, which the study
    // sweeps already (values 40, 80) beside the instances (1..3).
    void dialogGivesTheValuesAsTheSectionDoes()
    {
        auto w = window();
        QVERIFY(w);
        gui::Document* doc = w->document();
        SweepDialog dialog(doc, kRps, "rps", "60");
        dialog.setPace(40.0); // simulated seconds a second
        auto* mode = child<QComboBox>(dialog, "mode");
        auto* preview = child<QLabel>(dialog, "preview");
        auto* runs = child<QLabel>(dialog, "runs");
        auto* problem = child<QLabel>(dialog, "problem");
        QCOMPARE(mode->currentIndex(), int(SweepDialog::Mode::List)); // as the section has it
        QCOMPARE(child<QLineEdit>(dialog, "values")->text(), QString("40, 80"));
        QCOMPARE(child<QLineEdit>(dialog, "name")->text(), QString("rps"));
        QCOMPARE(preview->text(), QString("Values (2): 40, 80"));
        // 3 instance counts x 2 rates, 2 variants, 2 replications of 20 s.
        QCOMPARE(runs->text(), QString("6 points x 2 variants x 2 replications = <b>24 runs</b> of 20 s simulated"));
        const QString estimate = child<QLabel>(dialog, "estimate")->text();
        QVERIFY2(estimate.startsWith("About 0:12 "), qPrintable(estimate)); // 24 x 20 s at 40 s a second

        mode->setCurrentIndex(int(SweepDialog::Mode::Step));
        child<QLineEdit>(dialog, "from")->setText("20");
        child<QLineEdit>(dialog, "to")->setText("60");
        child<QLineEdit>(dialog, "step")->setText("20");
        QCOMPARE(preview->text(), QString("Values (3): 20, 40, 60"));
        QCOMPARE(runs->text(), QString("9 points x 2 variants x 2 replications = <b>36 runs</b> of 20 s simulated"));
        child<QCheckBox>(dialog, "keepOthers")->setChecked(false);
        QCOMPARE(runs->text(), QString("3 points x 2 variants x 2 replications = <b>12 runs</b> of 20 s simulated"));
        QVERIFY(problem->isHidden());

        mode->setCurrentIndex(int(SweepDialog::Mode::Points));
        child<QSpinBox>(dialog, "points")->setValue(5);
        QCOMPARE(preview->text(), QString("Values (5): 20, 30, 40, 50, 60"));
        mode->setCurrentIndex(int(SweepDialog::Mode::LogPoints));
        child<QLineEdit>(dialog, "from")->setText("10");
        child<QLineEdit>(dialog, "to")->setText("160");
        QCOMPARE(preview->text(), QString("Values (5): 10, 20, 40, 80, 160"));

        // What the section refuses, and what the field refuses, word for word.
        child<QLineEdit>(dialog, "from")->setText("0");
        QCOMPARE(problem->text(), QString("a log range needs from > 0 (got 0)"));
        mode->setCurrentIndex(int(SweepDialog::Mode::Step));
        child<QLineEdit>(dialog, "to")->setText("60");
        child<QLineEdit>(dialog, "from")->setText("80");
        QCOMPARE(problem->text(), QString("to (60) must be at least from (80)"));
        child<QLineEdit>(dialog, "from")->setText("20ms");
        QCOMPARE(problem->text(), QString("from must be a number (got '20ms'); put a unit under Unit"));
        QString why;
        QVERIFY(!dialog.apply(&why));

        SweepDialog instances(doc, {"variants", "single", "components", "app", "instances"}, "instances", "1");
        QCOMPARE(child<QLineEdit>(instances, "name")->text(), QString("app.instances"));
        child<QComboBox>(instances, "mode")->setCurrentIndex(int(SweepDialog::Mode::List));
        child<QLineEdit>(instances, "values")->setText("2, 0");
        QCOMPARE(child<QLabel>(instances, "problem")->text(),
                 QString("0: variants.single.components.app.instances must be >= 1 (got 0)"));
        QVERIFY(!w->document()->isDirty());
    }

    // OK puts the parameter in the sweep: section as a range, alone, one undo
    // step; the document is dirty and the Sweep view counts the new runs.
    void dialogEditsTheSweepSection()
    {
        auto w = window();
        QVERIFY(w);
        gui::Document* doc = w->document();
        const QString before = doc->text();
        SweepDialog dialog(doc, kRps, "rps", "60");
        child<QComboBox>(dialog, "mode")->setCurrentIndex(int(SweepDialog::Mode::Step));
        child<QLineEdit>(dialog, "from")->setText("20");
        child<QLineEdit>(dialog, "to")->setText("60");
        child<QLineEdit>(dialog, "step")->setText("20");
        child<QCheckBox>(dialog, "keepOthers")->setChecked(false);
        QString why;
        QVERIFY2(dialog.apply(&why), qPrintable(why));
        const auto& sweep = *doc->study().sweep;
        QCOMPARE(sweep.parameters.size(), std::size_t(1));
        QCOMPARE(sweep.parameters[0].set, (std::vector<std::string>{"workload.rate.0.rps"}));
        QCOMPARE(*sweep.parameters[0].from, 20.0);
        QCOMPARE(*sweep.parameters[0].step, 20.0);
        QVERIFY(sweep.parameters[0].values.empty());
        QVERIFY(doc->isDirty());
        QVERIFY2(doc->text().contains("{name: rps, set: [workload.rate.0.rps], from: 20, to: 60, step: 20}"),
                 qPrintable(doc->text()));
        QCOMPARE(w->sweepPanel()->statusText(),
                 QString("Sweep of rps: 3 points x 2 variants x 2 replications = 12 runs"));
        doc->undoStack()->undo();
        QCOMPARE(doc->text(), before);
        QVERIFY(!doc->isDirty());
    }

    // A tiny sweep through the real CLI: the plot shows the aggregate file,
    // metric by metric, and its export is scalelab-charts' drawing.
    void sweepRunsAndPlotsTheAggregate()
    {
        auto w = window();
        QVERIFY(w);
        gui::Document* doc = w->document();
        scenarios::SweepParameter rps;
        rps.name = "rps";
        rps.set = {"workload.rate.0.rps"};
        rps.from = 20;
        rps.to = 60;
        rps.step = 20;
        QString why;
        QVERIFY2(doc->setSweepParameter(rps, false, &why), qPrintable(why));
        const QString out = m_tmp.filePath("tiny");
        SweepPanel* panel = w->sweepPanel();
        QSignalSpy arrived(panel, &SweepPanel::pointArrived);
        QVERIFY(runSweep(*w, out));
        QCOMPARE(arrived.size(), 3); // drawn as each point landed
        QCOMPARE(panel->pointsIn(), 3);
        QCOMPARE(panel->progressBar()->value(), panel->progressBar()->maximum());
        QVERIFY2(panel->statusText().startsWith("Sweep done: 3 points"), qPrintable(panel->statusText()));

        const auto agg = aggregateBy(out, "rps");
        QCOMPARE(agg.size(), 2 * 4); // variants x metrics
        QCustomPlot* lines = panel->plot(SweepPanel::Plot::Lines);
        for (const QString metric : {"p99", "mean", "throughput", "cost_per_million"}) {
            panel->metricBox()->setCurrentText(metric);
            const double scale = metric == "p99" || metric == "mean" ? 1000.0 : 1.0; // latencies in ms
            for (const QString variant : {"single", "pair"}) {
                const auto rows = agg.value(variant + "/" + metric);
                QCOMPARE(rows.keys(), (QList<double>{20, 40, 60}));
                const QCPGraph* line = graphNamed(*lines, variant);
                const QCPGraph* low = graphNamed(*lines, variant + " 95% low");
                const QCPGraph* high = graphNamed(*lines, variant + " 95% high");
                QVERIFY(line && low && high);
                QList<QPair<double, double>> mean, lo, hi;
                for (auto it = rows.begin(); it != rows.end(); ++it) {
                    mean << qMakePair(it.key(), it->value("mean").toDouble() * scale);
                    lo << qMakePair(it.key(), it->value("low").toDouble() * scale);
                    hi << qMakePair(it.key(), it->value("high").toDouble() * scale);
                }
                QCOMPARE(points(*line), mean);
                QCOMPARE(points(*low), lo);
                QCOMPARE(points(*high), hi);
                QVERIFY(lo.front().second < hi.front().second); // two replications: a real interval
            }
        }
        // Cost against p99: every (point, variant) at (p99 in ms, cost).
        const QCustomPlot* cost = panel->plot(SweepPanel::Plot::CostScatter);
        for (const QString variant : {"single", "pair"}) {
            const QCPGraph* g = graphNamed(*cost, variant);
            QVERIFY(g);
            QCOMPARE(g->data()->size(), 3);
            for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
                bool found = false;
                for (double x : {20.0, 40.0, 60.0})
                    found = found || (it->key == agg[variant + "/p99"][x]["mean"].toDouble() * 1000.0 &&
                                      it->value == agg[variant + "/cost_per_million"][x]["mean"].toDouble());
                QVERIFY2(found, qPrintable(QString("%1 at (%2, %3)").arg(variant).arg(it->key).arg(it->value)));
            }
        }
        QVERIFY(graphNamed(*cost, "Pareto front"));

        // The export is scalelab-charts --sweep's drawing: the same SVG, byte for byte.
        panel->metricBox()->setCurrentText("p99");
        const QString charts = m_tmp.filePath("tiny-charts");
        QProcess tool;
        tool.start(kCharts, {"--sweep", out, "--out", charts, "--format", "svg,png,pdf"});
        QVERIFY(tool.waitForFinished(60000));
        QCOMPARE(tool.exitCode(), 0);
        for (const QString format : {"svg", "png", "pdf"}) {
            const QString gui = m_tmp.filePath("gui-p99." + format);
            QVERIFY2(panel->exportPlot(SweepPanel::Plot::Lines, gui, format, {1200, 700}, &why), qPrintable(why));
            QVERIFY(QFileInfo(gui).size() > 1000);
        }
        QCOMPARE(readAll(m_tmp.filePath("gui-p99.svg")), readAll(charts + "/p99.svg"));
        const QString scatter = m_tmp.filePath("gui-cost.svg");
        QVERIFY(panel->exportPlot(SweepPanel::Plot::CostScatter, scatter, "svg", {1200, 700}, &why));
        QCOMPARE(readAll(scatter), readAll(charts + "/cost-vs-p99.svg"));
        QCOMPARE(QImage(m_tmp.filePath("gui-p99.png")).size(), QSize(1200, 700));
    }

    // Stop ends the CLI and its simulations at the first point; the folder
    // keeps what was done, and Run resumes there to the aggregate of a sweep
    // never stopped, byte for byte.
    void stopLeavesAFolderThatResumes()
    {
        auto w = window();
        QVERIFY(w);
        gui::Document* doc = w->document();
        scenarios::SweepParameter rps;
        rps.name = "rps";
        rps.set = {"workload.rate.0.rps"};
        rps.from = 10;
        rps.to = 80;
        rps.step = 10;
        QString why;
        QVERIFY2(doc->setSweepParameter(rps, false, &why), qPrintable(why));
        const QString out = m_tmp.filePath("stopped");
        SweepPanel* panel = w->sweepPanel();
        panel->setOutputDir(out);
        QSignalSpy finished(panel, &SweepPanel::sweepFinished);
        connect(panel, &SweepPanel::pointArrived, panel, &SweepPanel::stop); // at the first point
        panel->run();
        QVERIFY(finished.wait(180000));
        QObject::disconnect(panel, &SweepPanel::pointArrived, panel, &SweepPanel::stop);
        QCOMPARE(finished.front().at(0).toBool(), false);
        QCOMPARE(finished.front().at(1).toString(), QString("stopped"));
        QTRY_COMPARE_WITH_TIMEOUT(processesNaming(out), 0, 5000); // the CLI and every simulation
        const int kept = int(QDir(out + "/points").entryList({"*.jsonl"}, QDir::Files).size());
        QVERIFY2(kept >= 1 && kept < 8, qPrintable(QString::number(kept)));
        QVERIFY(!QFile::exists(out + "/aggregate.jsonl"));
        QVERIFY2(panel->statusText().startsWith("Stopped:"), qPrintable(panel->statusText()));

        QVERIFY(runSweep(*w, out));
        QCOMPARE(panel->pointsDoneBefore(), kept);
        QCOMPARE(panel->pointsIn(), 8);

        // The same study, never stopped.
        const QString study = m_tmp.filePath("stopped-study.yaml");
        QFile f(study);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(doc->text().toUtf8());
        f.close();
        const QString whole = m_tmp.filePath("whole");
        QProcess cli;
        cli.start(kCli, {"sweep", study, "--out", whole, "--no-plots"});
        QVERIFY(cli.waitForFinished(180000));
        QCOMPARE(cli.exitCode(), 0);
        for (const QString name : {"aggregate.jsonl", "aggregate.csv", "results.csv", "points.csv"})
            QCOMPARE(readAll(out + "/" + name), readAll(whole + "/" + name));
    }
};

QTEST_MAIN(TestSweepView)
#include "tst_sweepview.moc"
