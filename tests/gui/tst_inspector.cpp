// The inspector beyond plain fields (offscreen, through the real window): the
// analytic model's figures for the selection, equal to scenarios::analyzeVariant's
// and following edits; the rate profile edited by dragging, one undo step per
// drag; the defaults shown for every component key, taken from what the reader
// applies; the fault parity of the Faults tab, following edits.
#include "analyticpanel.h"
#include "canvasscene.h"
#include "document.h"
#include "inspector.h"
#include "mainwindow.h"
#include "rateprofileview.h"
#include "valueform.h"

#include "models/kinds/kind.h"
#include "scenarios/analysis.h"
#include "scenarios/studyedit.h"
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"

#include <QLineEdit>
#include <QTableWidget>
#include <QStandardPaths>
#include <QUndoStack>
#include <QtTest>

#include <cmath>

using namespace scalelab;
using namespace scalelab::gui;

namespace {

const QString kShop = QStringLiteral(SCALELAB_EXAMPLES_DIR) + "/shop.yaml";

void editField(ValueForm* form, const QString& label, const QString& text)
{
    QLineEdit* field = form->field(label);
    QVERIFY2(field, qPrintable("no field " + label));
    field->setText(text);
    emit field->editingFinished();
}

/// The model's figures for `variant` at the workload's peak, computed here.
models::analytic::Estimate expected(const Document& doc, const QString& variant)
{
    const scenarios::Study& s = doc.study();
    return scenarios::analyzeVariant(s, *s.findVariant(variant.toStdString()), scenarios::peakRate(s));
}

const models::analytic::ComponentEstimate& componentOf(const models::analytic::Estimate& e, const std::string& name)
{
    for (const auto& c : e.components)
        if (c.name == name)
            return c;
    qFatal("no component %s in the estimate", name.c_str());
}

// A mouse event with the buttons held, as a drag delivers them.
void mouse(QWidget* w, QEvent::Type type, QPointF at, Qt::MouseButton button, Qt::MouseButtons held)
{
    QMouseEvent e(type, at, w->mapToGlobal(at), button, held, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

/// Drags on the timeline from (t0 s, r0 req/s) to (t1, r1), in whole pixels as a mouse gives them.
void dragOn(RateProfileView* view, double t0, double r0, double t1, double r1)
{
    const QPointF a = view->pointAt(t0, r0).toPoint();
    const QPointF b = view->pointAt(t1, r1).toPoint();
    mouse(view, QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 4; ++i)
        mouse(view, QEvent::MouseMove, (a + (b - a) * i / 4).toPoint(), Qt::NoButton, Qt::LeftButton);
    mouse(view, QEvent::MouseButtonRelease, b, Qt::LeftButton, Qt::NoButton);
}

QString percentText(double fraction) { return QStringLiteral("%1 %").arg(fraction * 100.0, 0, 'f', 1); }

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ScaleLabTest");
        QCoreApplication::setApplicationName("tst_inspector");
    }

    void analyticFiguresFollowTheSelectionAndEdits()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(kShop));
        w.setCurrentVariant("monolith");
        AnalyticPanel* panel = w.inspector()->analytic();

        // Nothing selected: the variant at the workload's peak (800/s).
        w.scene()->selectComponents({});
        const auto summary = expected(*w.document(), "monolith");
        QTRY_COMPARE(panel->rate(), 800.0);
        QTRY_COMPARE(panel->figure("saturation"), QStringLiteral("%1 req/s").arg(std::round(summary.saturation)));
        QCOMPARE(panel->figure("p99"), QStringLiteral("%1 ms").arg(summary.p99 * 1e3, 0, 'g', 3));
        QCOMPARE(panel->figure("latencyMean"), QStringLiteral("%1 ms").arg(summary.meanResponse * 1e3, 0, 'g', 3));
        QCOMPARE(panel->figure("bottleneck"), "app: " + percentText(componentOf(summary, "app").utilization));

        // The app selected: its utilization as the model gives it (75% at 800/s).
        w.scene()->selectComponents({"app"});
        const double before = componentOf(summary, "app").utilization;
        QVERIFY(std::abs(before - 0.75) < 0.01);
        QTRY_COMPARE(panel->figure("utilization"), percentText(before));
        QCOMPARE(panel->figure("saturatesAt"),
                 QStringLiteral("%1 req/s").arg(std::round(componentOf(summary, "app").saturation)));

        // Twice the cores: the figure follows the edit (half the CPU load).
        editField(w.inspector()->componentForm(), "cores", "8");
        QCOMPARE(w.document()->variant("monolith")->find("app")->cores, 8);
        const double after = componentOf(expected(*w.document(), "monolith"), "app").utilization;
        QVERIFY(std::abs(after - before / 2) < 0.01);
        QTRY_COMPARE(panel->figure("utilization"), percentText(after));

        // One core: past capacity, and it says so (3x the 4-core load).
        editField(w.inspector()->componentForm(), "cores", "1");
        const double over = componentOf(expected(*w.document(), "monolith"), "app").utilization;
        QVERIFY(over > 1.0);
        // Its workers held without end, the load offered to its CPU: rate / saturation.
        const auto& one = componentOf(expected(*w.document(), "monolith"), "app");
        const double offered = std::isfinite(one.utilization) ? one.utilization : 800.0 / one.saturation;
        QVERIFY(std::abs(offered - 3.0) < 0.01);
        QTRY_COMPARE(panel->figure("utilization"),
                     QStringLiteral("saturated: offered %1x capacity").arg(QString::number(offered, 'g', 3)));

        // Undo: back to the 4-core figure.
        w.document()->undoStack()->undo();
        w.document()->undoStack()->undo();
        QTRY_COMPARE(panel->figure("utilization"), percentText(before));
    }

    void faultsTabShowsWhatEachFaultHits()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(kShop));
        auto* parity = w.inspector()->findChild<QTableWidget*>("faultParity");
        QVERIFY(parity);
        QVERIFY(!parity->isHidden());
        // The bundled shop kills 25% of its storefront and slows its payments.
        QStringList columns;
        for (int c = 0; c < parity->columnCount(); ++c)
            columns << parity->horizontalHeaderItem(c)->text();
        QCOMPARE(columns, (QStringList{"fault", "at", "monolith", "modular_monolith", "microservices", "spread"}));
        QCOMPARE(parity->rowCount(), 2);
        QCOMPARE(parity->item(0, 0)->text(), QString("1 kill storefront"));
        QCOMPARE(parity->item(0, 2)->text(), QString("app 1/4 = 25.0%"));
        QCOMPARE(parity->item(0, 4)->text(), QString("catalog 1/4 = 25.0%"));
        QCOMPARE(parity->item(0, 5)->text(), QString("0.0 points"));

        // Two catalog instances: 25% of them is one, half the role; the table follows the edit.
        w.setCurrentVariant("microservices");
        w.scene()->selectComponents({"catalog"});
        editField(w.inspector()->componentForm(), "instances", "2");
        QTRY_COMPARE(parity->item(0, 4)->text(), QString("catalog 1/2 = 50.0%"));
        QCOMPARE(parity->item(0, 5)->text(), QString("25.0 points (uneven)"));
        w.document()->undoStack()->undo();
        QTRY_COMPARE(parity->item(0, 4)->text(), QString("catalog 1/4 = 25.0%"));
    }

    void rateProfileEditedByDragging()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(kShop)); // 100 req/s from 0s; an 8x spike at 120s for 300s, ramped over 30s
        w.inspector()->setCurrentIndex(2);
        RateProfileView* view = w.inspector()->timeline();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(view->width() > 200);
        const auto& workload = [&]() -> const scenarios::Workload& { return w.document()->study().workload; };
        QUndoStack* undo = w.document()->undoStack();
        const int steps = undo->count();
        QCOMPARE(view->rateStep(), 10.0);  // a hundredth of the 800 req/s peak
        QCOMPARE(view->timeStep(), 10.0);  // a hundredth of the 600 s run

        // The spike's handle (mid-spike, at 800 req/s) dragged down to 400 req/s: factor 8 -> 4, one undo step.
        dragOn(view, 270, 800, 270, 400);
        QCOMPARE(workload().spikes.at(0).factor, 4.0);
        QCOMPARE(workload().spikes.at(0).at, 120.0);
        QCOMPARE(undo->count(), steps + 1);
        QCOMPARE(view->rateAt(270), 400.0);
        QVERIFY2(w.inspector()->workloadForm()->field("spikes")->text().contains("factor: 4"),
                 qPrintable(w.inspector()->workloadForm()->field("spikes")->text()));
        undo->undo();
        QCOMPARE(workload().spikes.at(0).factor, 8.0);

        // The same handle moved 60 s later: the spike starts at 180s, its factor unchanged.
        dragOn(view, 270, 800, 330, 800);
        QCOMPARE(workload().spikes.at(0).at, 180.0);
        QCOMPARE(workload().spikes.at(0).factor, 8.0);
        QCOMPARE(workload().spikes.at(0).duration, 300.0);
        undo->undo();
        QCOMPARE(workload().spikes.at(0).at, 120.0);

        // The first rate point up from 100 to 150 req/s; it stays at 0s (the first point) however it is dragged.
        dragOn(view, 0, 100, 40, 150);
        QCOMPARE(workload().rate.at(0).rps, 150.0);
        QCOMPARE(workload().rate.at(0).at, 0.0);
        QCOMPARE(view->rateAt(60), 150.0);
        QCOMPARE(w.inspector()->workloadForm()->field("rate")->text(), QString("[{at: 0s, rps: 150}]"));
        // Limits: a rate does not go below 0.
        dragOn(view, 0, 150, 0, -300);
        QCOMPARE(workload().rate.at(0).rps, 0.0);
        undo->undo();
        undo->undo();
        QCOMPARE(workload().rate.at(0).rps, 100.0);
        QCOMPARE(undo->count(), steps + 2); // the undone drags, still redoable
        QCOMPARE(undo->index(), steps);

        // A second phase with a ramp: its ramp start dragged from 300s to 250s keeps the ramp's end at 360s.
        QVERIFY(w.document()->setValueText({"workload", "rate"}, "[{at: 0s, rps: 100}, {at: 300s, rps: 200, ramp: 60s}]",
                                           nullptr));
        dragOn(view, 300, view->rateAt(300), 250, view->rateAt(300));
        QCOMPARE(workload().rate.at(1).at, 250.0);
        QCOMPARE(workload().rate.at(1).ramp, 110.0);
        undo->undo();
        QCOMPARE(workload().rate.at(1).at, 300.0);
        QCOMPARE(workload().rate.at(1).ramp, 60.0);
    }

    void everyComponentKeyShowsItsDefault()
    {
        MainWindow w;
        w.show();
        Document* doc = w.document();
        const QString variant = w.currentVariant();
        int values = 0;
        for (std::size_t k = 0; k < models::allKinds().size(); ++k) {
            const auto kind = scenarios::ComponentKind(k);
            const QString name = doc->addComponent(variant, kind, QPointF(2000, 200.0 * double(k)));
            QVERIFY2(!name.isEmpty(), scenarios::kindName(kind).data());
            w.scene()->selectComponents({name});
            ValueForm* form = w.inspector()->componentForm();
            for (const std::string& key : scenarios::knownKeys("component")) {
                const auto kinds = scenarios::kindsForComponentKey(key);
                if (key == "kind" || std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
                    continue;
                const QString where = QStringLiteral("%1.%2").arg(scenarios::kindName(kind).data(), key.c_str());
                // The inspector has the key, with a default shown (a new module or queue
                // has its host or consumer set: the only keys a new component sets).
                QLineEdit* field = form->field(QString::fromStdString(key));
                QVERIFY2(field, qPrintable(where));
                QVERIFY2(field->text().isEmpty() || key == "host" || key == "consumer",
                         qPrintable(where + " is set: " + field->text()));
                QVERIFY2(!field->placeholderText().isEmpty() && field->placeholderText() != "none (not set)",
                         qPrintable(where + " shows no default"));
                const std::string value = scenarios::componentDefaultText(kind, key);
                if (value.empty())
                    continue;
                ++values;
                QCOMPARE(field->placeholderText(), QString::fromStdString(value));
                // Written into the file, the default reads back to the same design as the key
                // left out (the file keeps it, as set; the canonical text drops it).
                const scenarios::DocPath path{"variants", variant.toStdString(), "components", name.toStdString(), key};
                const auto written = scenarios::withValueText(doc->study(), path, value);
                QVERIFY2(written.study, qPrintable(where + ": " + QString::fromStdString(value) + " is rejected"));
                QVERIFY2(scenarios::writeStudy(*written.study, scenarios::WrittenKeys::Canonical) ==
                             scenarios::writeStudy(doc->study(), scenarios::WrittenKeys::Canonical),
                         qPrintable(where + ": " + QString::fromStdString(value) + " is not the default"));
            }
        }
        QVERIFY2(values >= 30, qPrintable(QString::number(values))); // most keys have a plain default
        // A few by hand, as docs/format.md gives them.
        using K = scenarios::ComponentKind;
        QCOMPARE(Inspector::componentDefault(K::Service, "cores"), QString("2"));
        QCOMPARE(Inspector::componentDefault(K::Service, "threads"), QString("16"));
        QCOMPARE(Inspector::componentDefault(K::LoadBalancer, "overhead"), QString("0.1ms")); // the writer's form of 100us
        QCOMPARE(Inspector::componentDefault(K::LoadBalancer, "policy"), QString("round_robin"));
        QCOMPARE(Inspector::componentDefault(K::SqlDatabase, "disk_bandwidth"), QString("500MB/s"));
        QCOMPARE(Inspector::componentDefault(K::External, "latency"), QString("50ms"));
        QCOMPARE(Inspector::componentDefault(K::Service, "zones"), QString("the first zone"));
    }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
