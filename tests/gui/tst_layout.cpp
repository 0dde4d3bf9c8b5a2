// The window's layout holds (offscreen, through the real window): the canvas
// keeps most of the window at common sizes, the toolbar fits in 1280 pixels,
// the run controls have shortcuts that act, Help > Keyboard shortcuts lists
// every action that has one, the Problems rows show their whole text, a chart
// keeps its plot height whatever its legend, the templates open on-screen,
// and a dark palette keeps the panels and icons legible.
#include "analyticpanel.h"
#include "autolayout.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "componentitem.h"
#include "edgeitem.h"
#include "diagnosticspanel.h"
#include "document.h"
#include "inspector.h"
#include "mainwindow.h"
#include "palette.h"
#include "run/runpanel.h"
#include "shortcutsdialog.h"
#include "theme.h"
#include "zoneitem.h"

#include "charts/chartbuilder.h"
#include "charts/chartview.h"
#include "charts/runseries.h"
#include "simcore/frame.h"

#include <algorithm>

#include <QAbstractButton>
#include <QDir>
#include <QDockWidget>
#include <QPainterPath>
#include <QMenuBar>
#include <QPushButton>
#include <QStyle>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

#include <cmath>

using namespace scalelab;
using namespace scalelab::gui;

namespace {

/// WCAG's contrast ratio of two colours (1..21; 4.5 reads as body text).
double contrast(const QColor& a, const QColor& b)
{
    auto luminance = [](const QColor& c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double x = luminance(a), y = luminance(b);
    return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
}

/// The share of the window's area the canvas view takes.
double canvasShare(const MainWindow& w)
{
    const QSize v = w.view()->size();
    return double(v.width() * v.height()) / double(w.width() * w.height());
}

void settle(MainWindow& w)
{
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QApplication::processEvents();
}

} // namespace

class TestLayout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ScaleLabTest");
        QCoreApplication::setApplicationName("tst_layout");
    }

    void canvasKeepsMostOfTheWindow_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }

    // The docks take what their content needs; the canvas the rest: at least
    // half the window's width and 45% of its height (the variant tabs, menus,
    // toolbar and status bar take their part), and more than any dock.
    void canvasKeepsMostOfTheWindow()
    {
        QFETCH(QSize, size);
        MainWindow w;
        w.resize(size);
        w.show();
        settle(w);
        QCOMPARE(w.size(), size);
        QVERIFY(w.variantTabs()->isVisible());
        QVERIFY(w.variantTabs()->height() > 0); // above the canvas, not squeezed away
        const QSize canvas = w.view()->size();
        QVERIFY2(canvas.width() >= size.width() / 2, qPrintable(QString("canvas %1 px wide").arg(canvas.width())));
        QVERIFY2(canvas.height() >= size.height() * 45 / 100,
                 qPrintable(QString("canvas %1 px high").arg(canvas.height())));
        for (auto* dock : w.findChildren<QDockWidget*>())
            if (dock->isVisible())
                QVERIFY2(dock->width() * dock->height() < canvas.width() * canvas.height(),
                         qPrintable(dock->objectName() + " is larger than the canvas"));
        // Running shows the charts: the layout stays put.
        w.runPanel()->setChartAnnotations({});
        QVERIFY(canvasShare(w) >= 0.3);
    }

    void paletteLabelsShowInFull_data() { canvasKeepsMostOfTheWindow_data(); }

    // Every kind's label in the Components palette reads whole: its text and
    // icon fit in its row, and the row in the palette's visible width (the
    // Results panel's buttons wrap rather than widen the bottom area).
    void paletteLabelsShowInFull()
    {
        QFETCH(QSize, size);
        MainWindow w;
        w.resize(size);
        w.show();
        settle(w);
        Palette* palette = w.palette();
        const QFontMetrics metrics(palette->font());
        // The delegate's margins: the icon's and the text's, each side.
        const int margins = 4 * (palette->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, palette) + 1);
        for (int i = 0; i < palette->count(); ++i) {
            const QListWidgetItem* item = palette->item(i);
            const QRect r = palette->visualItemRect(item);
            const int visible = std::min(r.right(), palette->viewport()->width() - 1) - r.left() + 1;
            const int needed = metrics.horizontalAdvance(item->text()) + palette->iconSize().width() + margins;
            QVERIFY2(needed <= visible, qPrintable(QString("'%1' needs %2 px, its row shows %3 (palette %4 px wide)")
                                                      .arg(item->text())
                                                      .arg(needed)
                                                      .arg(visible)
                                                      .arg(palette->viewport()->width())));
        }
        QVERIFY(w.view()->height() >= size.height() * 45 / 100);
        // The run's buttons all show, on as many rows as they need.
        for (auto* button : w.runPanel()->findChildren<QPushButton*>())
            if (button->parentWidget() == w.runPanel())
                QVERIFY2(button->isVisible() && w.runPanel()->rect().contains(button->geometry()),
                         qPrintable(button->text() + " is cut off"));
    }

    // Every toolbar action is on the bar at 1280 px: none in the overflow menu.
    void toolbarFitsIn1280()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        settle(w);
        auto* bar = w.findChild<QToolBar*>("mainToolbar");
        QVERIFY(bar);
        // A long undo text (the last edit's name) must not widen the bar.
        w.document()->addComponent("monolith", scenarios::ComponentKind::Service, {600, 400});
        w.document()->renameComponent("monolith", "service1", "a_service_with_a_rather_long_name", nullptr);
        QApplication::processEvents();
        auto* extension = bar->findChild<QToolButton*>("qt_toolbar_ext_button");
        QVERIFY2(!extension || !extension->isVisible(), "the toolbar overflows at 1280 px");
        for (QAction* a : bar->actions()) {
            QWidget* button = bar->widgetForAction(a);
            if (!button || a->isSeparator())
                continue;
            QVERIFY2(button->isVisible(), qPrintable(a->text() + " is hidden"));
            QVERIFY2(bar->rect().contains(button->geometry()), qPrintable(a->text() + " is cut off"));
        }
    }

    void runShortcutsAct_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QKeySequence>("keys");
        QTest::newRow("pause") << "pause" << QKeySequence(Qt::Key_F6);
        QTest::newRow("resume") << "resume" << QKeySequence(Qt::Key_F7);
        QTest::newRow("stop") << "stop" << QKeySequence(Qt::Key_F8);
        QTest::newRow("compare") << "compare" << QKeySequence(Qt::SHIFT | Qt::Key_F5);
        QTest::newRow("compare live") << "compareLive" << QKeySequence(Qt::CTRL | Qt::Key_F5);
        QTest::newRow("run") << "run" << QKeySequence(Qt::Key_F5);
        QTest::newRow("rename variant") << "renameVariant" << QKeySequence(Qt::Key_F2);
        QTest::newRow("shortcuts") << "shortcuts" << QKeySequence(Qt::CTRL | Qt::Key_Slash);
    }

    // The keys, pressed on the window, trigger the action.
    void runShortcutsAct()
    {
        QFETCH(QString, action);
        QFETCH(QKeySequence, keys);
        MainWindow w;
        w.setNameAsker([](const QString&, const QString&) { return std::optional<QString>(); });
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QAction* a = w.action(action);
        QVERIFY(a);
        QCOMPARE(a->shortcut(), keys);
        QSignalSpy triggered(a, &QAction::triggered);
        if (action == "shortcuts") // the dialog is modal: close it as soon as it shows
            QTimer::singleShot(0, [] {
                if (auto* d = qobject_cast<QDialog*>(QApplication::activeModalWidget()))
                    d->reject();
            });
        // Pressed over the canvas, the keyboard's usual place while editing.
        w.view()->setFocus();
        QTest::keySequence(w.view()->viewport(), keys);
        QCOMPARE(triggered.count(), 1);
        w.runPanel()->stop();
    }

    // Help > Keyboard shortcuts: every menu action with a shortcut, with its keys.
    void shortcutsDialogListsEveryShortcut()
    {
        MainWindow w;
        w.show();
        const auto rows = ShortcutsDialog::rows(w.menuBar());
        int withKeys = 0;
        for (QAction* a : w.findChildren<QAction*>())
            if (!a->shortcut().isEmpty() && !a->menu()) {
                ++withKeys;
                const QString keys = a->shortcut().toString(QKeySequence::NativeText);
                const bool listed = std::any_of(rows.begin(), rows.end(), [&](const auto& r) {
                    return r.keys.split(", ").contains(keys);
                });
                QVERIFY2(listed, qPrintable(a->objectName() + " (" + keys + ") is not listed"));
            }
        QCOMPARE(int(rows.size()), withKeys);
        const auto pause = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.action == "Pause"; });
        QVERIFY(pause != rows.end());
        QCOMPARE(pause->menu, QString("Run"));
        QCOMPARE(pause->keys, QKeySequence(Qt::Key_F6).toString(QKeySequence::NativeText));
        ShortcutsDialog dialog(w.menuBar(), &w);
        auto* table = dialog.findChild<QTableWidget*>("shortcuts");
        QVERIFY(table);
        QCOMPARE(table->rowCount(), int(rows.size()));
        QVERIFY(w.menuBar()->actions().last()->text().contains("Help"));
    }

    // A message longer than the panel is wide wraps, and its row is tall enough for it.
    void problemsRowsShowTheirWholeText()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        settle(w);
        scenarios::Diagnostic d;
        d.file = "shop.yaml";
        d.line = 14;
        d.column = 7;
        d.path = "variants.monolith.components.app.instances";
        d.message = std::string("variants.monolith.components.app.instances must be >= 1 (got 0); ") +
                    std::string(40, 'x') + " and a long explanation of what that means for the study, repeated " +
                    "so that it cannot fit on one line of the panel at any common width of the window";
        DiagnosticsPanel* panel = w.diagnosticsPanel();
        panel->setDiagnostics({d, d});
        QApplication::processEvents();
        QVERIFY(panel->item(0)->text().startsWith("shop.yaml:14:7: error: "));
        const int line = panel->fontMetrics().height();
        for (int i = 0; i < panel->count(); ++i) {
            const QRect r = panel->visualItemRect(panel->item(i));
            QVERIFY2(panel->neededHeight(i) > 2 * line, "the message should wrap at this width");
            QVERIFY2(r.height() >= panel->neededHeight(i),
                     qPrintable(QString("row %1 is %2 px, its text needs %3").arg(i).arg(r.height()).arg(panel->neededHeight(i))));
        }
        // Narrower: the rows grow.
        const int before = panel->visualItemRect(panel->item(0)).height();
        w.resize(900, 800);
        QApplication::processEvents();
        QTRY_VERIFY(panel->visualItemRect(panel->item(0)).height() >= panel->neededHeight(0));
        QVERIFY(panel->visualItemRect(panel->item(0)).height() >= before);
    }

    // A chart with many lines: the legend goes beside (or away) so the plot
    // keeps its height; with room, below it as before.
    void chartKeepsItsPlotHeight()
    {
        // A start naming 14 components, and frames in which each has a utilization.
        QString components;
        for (int i = 0; i < 14; ++i)
            components += QString(R"({"name":"component_%1","kind":"service"},)").arg(i);
        components.chop(1);
        charts::RunSeries series;
        QCOMPARE(series.addLine(QString(R"({"type":"start","study":"s","file":"s.yaml","variant":"v","duration":200.0,)"
                                        R"("warmup":0.0,"bin":10.0,"seed":1,"replication":0,"operations":["browse"],)"
                                        R"("components":[%1]})")
                                    .arg(components)
                                    .toStdString()),
                 charts::RunSeries::LineType::Start);
        for (int t = 0; t < 20; ++t) {
            sim::Frame f;
            f.metrics.start = t * 10;
            f.metrics.end = t * 10 + 10;
            f.metrics.arrivals = 100;
            f.metrics.completions = 100;
            for (int i = 0; i < 14; ++i) {
                sim::StationMetrics st;
                st.name = QString("component_%1/0").arg(i).toStdString();
                st.utilization = 0.05 * i;
                st.up = true;
                f.metrics.stations.push_back(st);
            }
            series.addFrame(f);
        }
        charts::ChartView view;
        view.resize(900, 230);
        charts::ChartBuilder builder;
        builder.draw(view, charts::ChartKind::Utilization, {&series});
        view.placeLegend();
        view.replot();
        QVERIFY(view.legend->itemCount() >= 14);
        QVERIFY(view.legendPlace() != charts::ChartView::LegendPlace::Below);
        QVERIFY2(view.axisRect()->rect().height() >= charts::ChartView::kMinPlotHeight,
                 qPrintable(QString("plot %1 px high").arg(view.axisRect()->rect().height())));

        view.resize(900, 700);
        builder.draw(view, charts::ChartKind::Utilization, {&series});
        view.placeLegend();
        view.replot();
        QCOMPARE(view.legendPlace(), charts::ChartView::LegendPlace::Below);
        QVERIFY(view.legend->visible());
        QVERIFY(view.axisRect()->rect().height() >= 300);
    }

    void templatesOpenOnScreen_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("asVariant");
        for (const QString& t : MainWindow::templateNames()) {
            QTest::newRow(qPrintable(t)) << t << false;
            QTest::newRow(qPrintable(t + " as a variant")) << t << true;
        }
    }

    // Every item of a template lies within the canvas's visible area once opened.
    void templatesOpenOnScreen()
    {
        QFETCH(QString, name);
        MainWindow w;
        w.show();
        settle(w);
        QFETCH(bool, asVariant);
        if (asVariant) {
            // Added as a tab to a study whose canvas is zoomed in elsewhere.
            QVERIFY(w.newFromTemplate("monolith"));
            w.view()->zoomIn();
            w.view()->zoomIn();
            w.view()->centerOn(2000, 2000);
            QVERIFY(w.addVariantFromTemplate(name));
        } else {
            QVERIFY(w.newFromTemplate(name));
        }
        QApplication::processEvents();
        const QRectF visible = w.view()->mapToScene(w.view()->viewport()->rect()).boundingRect();
        int items = 0;
        for (QGraphicsItem* i : w.scene()->items())
            if (i->type() > QGraphicsItem::UserType && i->isVisible() && !i->parentItem()) {
                ++items;
                QVERIFY2(visible.contains(i->sceneBoundingRect()),
                         qPrintable(QString("an item at (%1, %2) %3x%4 is outside the view (%5, %6) %7x%8")
                                        .arg(i->sceneBoundingRect().x())
                                        .arg(i->sceneBoundingRect().y())
                                        .arg(i->sceneBoundingRect().width())
                                        .arg(i->sceneBoundingRect().height())
                                        .arg(visible.x())
                                        .arg(visible.y())
                                        .arg(visible.width())
                                        .arg(visible.height())));
            }
        QVERIFY(items >= int(w.document()->variant(w.currentVariant())->components.size()));
    }

    void zoneAreasStayApart_data()
    {
        QTest::addColumn<QString>("study"); // a file, or "template:NAME"
        for (const QFileInfo& f : QDir(SCALELAB_EXAMPLES_DIR).entryInfoList({"*.yaml"}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
        for (const QString& t : MainWindow::templateNames())
            QTest::newRow(qPrintable("template " + t)) << "template:" + t;
    }

    // As the automatic layout places them, in every variant of every bundled
    // study: two zone areas overlap only where components in both zones
    // stand (the strip between their bands), and zone labels never overlap;
    // each component lies within the areas of its zones and meets each of
    // them and no other; one in no zone meets none; no arrow's badges cover
    // a zone's label.
    void zoneAreasStayApart()
    {
        QFETCH(QString, study);
        MainWindow w;
        w.show();
        QVERIFY(study.startsWith("template:") ? w.newFromTemplate(study.mid(9)) : w.openFile(study));
        const scenarios::Study& s = w.document()->study();
        QVERIFY(!s.network.zones.empty() || !study.contains("shop"));
        for (const auto& v : s.variants) {
            w.setCurrentVariant(QString::fromStdString(v.name));
            QList<const ZoneItem*> zones;
            QList<QRectF> labels;
            for (const ZoneItem* z : w.scene()->zoneItems()) {
                labels << z->labelRect();
                if (z->level() == ZoneItem::Level::Zone)
                    zones << z;
            }
            const auto inZone = [&](const scenarios::Component& c, const QString& zone) {
                for (int z : drawnZones(s, c))
                    if (QString::fromStdString(s.network.zones[std::size_t(z)].name) == zone)
                        return true;
                return false;
            };
            for (int i = 0; i < zones.size(); ++i)
                for (int j = i + 1; j < zones.size(); ++j) {
                    const bool shared = std::any_of(v.components.begin(), v.components.end(), [&](const auto& c) {
                        return inZone(c, zones[i]->name()) && inZone(c, zones[j]->name());
                    });
                    QVERIFY2(shared || !zones[i]->rect().intersects(zones[j]->rect()),
                             qPrintable(QString("%1: the areas of %2 and %3 overlap with nothing in both")
                                            .arg(QString::fromStdString(v.name), zones[i]->name(), zones[j]->name())));
                    QVERIFY2(!zones[i]->labelRect().intersects(zones[j]->labelRect()),
                             qPrintable(QString("%1: the labels of %2 and %3 overlap")
                                            .arg(QString::fromStdString(v.name), zones[i]->name(), zones[j]->name())));
                }
            for (const auto& c : v.components) {
                const QPointF at = w.document()->position(QString::fromStdString(v.name), QString::fromStdString(c.name));
                const QRectF box(at - QPointF(ComponentItem::kWidth / 2, ComponentItem::kHeight / 2),
                                 QSizeF(ComponentItem::kWidth, ComponentItem::kHeight));
                QStringList in;
                for (int z : drawnZones(s, c))
                    in << QString::fromStdString(s.network.zones[std::size_t(z)].name);
                QPainterPath inside;
                inside.setFillRule(Qt::WindingFill); // bands overlap in their strips
                for (const ZoneItem* z : zones) {
                    const bool meets = z->rect().intersects(box);
                    QVERIFY2(meets == in.contains(z->name()),
                             qPrintable(QString("%1: %2 %3 the area of %4")
                                            .arg(QString::fromStdString(v.name), QString::fromStdString(c.name),
                                                 meets ? "meets" : "misses", z->name())));
                    if (in.contains(z->name()))
                        inside.addRect(z->rect());
                }
                if (!in.isEmpty())
                    QVERIFY2(inside.simplified().contains(box),
                             qPrintable(QString("%1: %2 sticks out of its zones' areas")
                                            .arg(QString::fromStdString(v.name), QString::fromStdString(c.name))));
            }
            for (const QGraphicsItem* i : w.scene()->items())
                if (i->type() == EdgeItem::Type) {
                    const auto* e = static_cast<const EdgeItem*>(i);
                    for (const QRectF& label : std::as_const(labels))
                        QVERIFY2(!e->badgeRect().intersects(label),
                                 qPrintable(QString("%1: the badges of %2->%3 cover a zone's label")
                                                .arg(QString::fromStdString(v.name), e->from()->name(), e->to()->name())));
                }
        }
    }

    // A badge moves along its arrow, or to its other side, off a rectangle to
    // avoid that covers where it would stand.
    void aBadgeMovesOffAZoneLabel()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.newFromTemplate("monolith"));
        EdgeItem* e = w.scene()->edge("app", "payments");
        QVERIFY(e);
        QCOMPARE(e->look().badges, QStringList{"timeout 2s"});
        e->setAvoid({});
        const QRectF free = e->badgeRect();
        QVERIFY(!free.isNull());
        e->setAvoid({free.adjusted(-20, -10, 20, 10)});
        QVERIFY(!e->badgeRect().isNull());
        QVERIFY(!e->badgeRect().intersects(free.adjusted(-20, -10, 20, 10)));
        QVERIFY(e->boundingRect().contains(e->badgeRect()));
    }

    // A dark desktop palette: the editor's own colours follow it.
    void darkPaletteKeepsPanelsLegible()
    {
        const QPalette before = QApplication::palette();
        QApplication::setPalette(theme::darkPalette());
        {
            MainWindow w;
            w.show();
            settle(w);
            QVERIFY(theme::isDark());
            const QColor base = QApplication::palette().color(QPalette::Base);
            const QColor window = QApplication::palette().color(QPalette::Window);
            for (const QColor& ink : {theme::errorInk(), theme::warningInk(), theme::okInk()}) {
                QVERIFY2(contrast(ink, base) >= 4.5, qPrintable(ink.name() + " on " + base.name()));
                QVERIFY2(contrast(ink, window) >= 4.5, qPrintable(ink.name() + " on " + window.name()));
            }
            const QColor text = QApplication::palette().color(QPalette::WindowText);
            QVERIFY(contrast(text, theme::panelBackground()) >= 7.0);
            QVERIFY(contrast(text, theme::errorTint()) >= 4.5);
            QVERIFY(w.inspector()->analytic()->styleSheet().contains(theme::panelBackground().name()));
            // The palette's icons sit on a light tile: the tile's corner pixel is light.
            Palette* palette = w.palette();
            const QImage icon = palette->item(0)->icon().pixmap(palette->iconSize()).toImage();
            QVERIFY(QColor(icon.pixel(icon.width() / 2, 1)).lightnessF() > 0.8);
            // The problems' colours follow.
            w.diagnosticsPanel()->setDiagnostics({});
            QCOMPARE(w.diagnosticsPanel()->item(0)->foreground().color(), theme::okInk());
        }
        QApplication::setPalette(theme::lightPalette());
        {
            MainWindow w;
            w.show();
            QVERIFY(!theme::isDark());
            const QColor base = QApplication::palette().color(QPalette::Base);
            for (const QColor& ink : {theme::errorInk(), theme::warningInk(), theme::okInk()})
                QVERIFY2(contrast(ink, base) >= 4.5, qPrintable(ink.name() + " on " + base.name()));
            const QImage icon = w.palette()->item(0)->icon().pixmap(w.palette()->iconSize()).toImage();
            QCOMPARE(QColor::fromRgba(icon.pixel(icon.width() / 2, 0)).alpha(), 0); // no tile on light
        }
        QApplication::setPalette(before);
    }
};

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
