// Export from the GUI path (offscreen): the buttons and menu open the export
// dialog, driven here through its widgets; the chart's PNG has the pixels
// asked for, its PDF is a well-formed PDF with that page size (and the same
// bytes when exported again), its SVG parses and has that size; the canvas
// exports to PNG and SVG; the results table to CSV with the table's rows.
#include "exportdialog.h"
#include "canvasscene.h"
#include "mainwindow.h"
#include "run/resultstable.h"
#include "run/runpanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QXmlStreamReader>
#include <QtTest>

#include <functional>

using namespace scalelab::gui;

namespace {

const QString kCli = QStringLiteral(SCALELAB_CLI);
const QString kData = QStringLiteral(SCALELAB_GOLDEN_DIR) + "/data";

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Fills the next export dialog that opens (path, format, size, check boxes to tick) and accepts it.
void answerDialog(const QString& path, const QString& format, QSize size = {}, const QStringList& tick = {})
{
    auto* timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [=] {
        auto* dialog = qobject_cast<ExportDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        timer->stop();
        timer->deleteLater();
        auto* formats = dialog->findChild<QComboBox*>("format");
        formats->setCurrentIndex(formats->findData(format));
        dialog->findChild<QLineEdit*>("path")->setText(path);
        if (size.isValid()) {
            dialog->findChild<QSpinBox*>("width")->setValue(size.width());
            dialog->findChild<QSpinBox*>("height")->setValue(size.height());
        }
        for (const QString& name : tick)
            dialog->findChild<QCheckBox*>(name)->setChecked(true);
        dialog->accept();
    });
    timer->start();
}

/// A PDF's structure: header, trailer, and every cross-reference entry
/// pointing at its object; the page size from the MediaBox. Empty size when broken.
QSizeF checkedPdfPageSize(const QByteArray& pdf)
{
    if (!pdf.startsWith("%PDF-1.") || !pdf.trimmed().endsWith("%%EOF"))
        return {};
    const QRegularExpression startxref("startxref\\s+(\\d+)\\s+%%EOF\\s*$");
    const auto sx = startxref.match(QString::fromLatin1(pdf));
    if (!sx.hasMatch())
        return {};
    const qsizetype xref = sx.captured(1).toLongLong();
    if (pdf.mid(xref, 4) != "xref")
        return {};
    const QRegularExpression header("xref\\s+0\\s+(\\d+)\\s+");
    const auto h = header.match(QString::fromLatin1(pdf.mid(xref, 40)));
    if (!h.hasMatch())
        return {};
    const int objects = h.captured(1).toInt();
    const qsizetype entries = xref + h.capturedEnd(0);
    for (int i = 1; i < objects; ++i) {
        const QByteArray entry = pdf.mid(entries + 20 * i, 20); // "0000000017 00000 n \n"
        if (entry.size() < 18 || entry[17] != 'n')
            continue;
        const qsizetype at = entry.left(10).toLongLong();
        if (!pdf.mid(at, 20).startsWith(QByteArray::number(i) + " 0 obj"))
            return {};
    }
    const QRegularExpression box("/MediaBox\\s*\\[\\s*([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s*\\]");
    const auto m = box.match(QString::fromLatin1(pdf));
    if (!m.hasMatch())
        return {};
    return {m.captured(3).toDouble() - m.captured(1).toDouble(), m.captured(4).toDouble() - m.captured(2).toDouble()};
}

/// The <svg> root's width and height, after checking that the whole file parses; empty when not.
QSize checkedSvgSize(const QString& path)
{
    QXmlStreamReader xml(readAll(path));
    QSize size;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("svg") && !size.isValid())
            size = QSize(xml.attributes().value("width").toInt(), xml.attributes().value("height").toInt());
    }
    if (xml.hasError())
        return {};
    QSvgRenderer renderer(path);
    return renderer.isValid() && renderer.defaultSize() == size ? size : QSize();
}

QPushButton* button(QWidget& parent, const QString& text)
{
    for (auto* b : parent.findChildren<QPushButton*>())
        if (b->text() == text)
            return b;
    return nullptr;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ScaleLabTest");
        QCoreApplication::setApplicationName("tst_export");
    }

    void chartsAndTableFromTheRunPanel()
    {
        RunPanel panel;
        panel.setCliPath(kCli);
        panel.setStudyProvider([](QString*) { return kData + "/shop.yaml"; });
        panel.setVariants({"monolith"}, "monolith");
        panel.show();
        QSignalSpy finished(&panel, &RunPanel::runFinished);
        panel.run();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.front().at(0).toBool(), true);
        panel.findChild<QTabWidget*>()->setCurrentIndex(0); // latency
        QPushButton* chart = button(panel, "Export chart…");
        QPushButton* table = button(panel, "Export table…");
        QVERIFY(chart && table);
        QTemporaryDir dir;

        answerDialog(dir.filePath("latency"), "png", {640, 400}); // the format's suffix is added
        chart->click();
        QCOMPARE(QImage(dir.filePath("latency.png")).size(), QSize(640, 400));

        answerDialog(dir.filePath("latency.pdf"), "pdf", {500, 300});
        chart->click();
        const QByteArray pdf = readAll(dir.filePath("latency.pdf"));
        QCOMPARE(checkedPdfPageSize(pdf), QSizeF(500, 300));
        // The same chart again: the same bytes (no creation time, fonts in a fixed order).
        QTest::qWait(1100);
        answerDialog(dir.filePath("again.pdf"), "pdf", {500, 300});
        chart->click();
        QVERIFY(readAll(dir.filePath("again.pdf")) == pdf);

        answerDialog(dir.filePath("latency.svg"), "svg", {700, 450});
        chart->click();
        QCOMPARE(checkedSvgSize(dir.filePath("latency.svg")), QSize(700, 450));

        auto* results = panel.findChild<ResultsTable*>("results");
        QVERIFY(results && results->rowCount() > 5);
        answerDialog(dir.filePath("results.csv"), "csv");
        table->click();
        const QStringList lines = QString::fromUtf8(readAll(dir.filePath("results.csv"))).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), results->rowCount() + 1); // the header, then a line per row
        QCOMPARE(lines.front().section(',', 1, 1), QString("monolith"));
        for (int r = 0; r < results->rowCount(); ++r)
            QVERIFY2(lines[r + 1].startsWith(results->item(r, 0)->text()), qPrintable(lines[r + 1]));
    }

    void canvasToPngAndSvg()
    {
        MainWindow w;
        w.show();
        QAction* exportCanvas = w.action("exportCanvas");
        QVERIFY(exportCanvas);
        QTemporaryDir dir;
        answerDialog(dir.filePath("canvas.png"), "png", {800, 500});
        exportCanvas->trigger();
        const QImage image(dir.filePath("canvas.png"));
        QCOMPARE(image.size(), QSize(800, 500));
        // The drawing, not a blank page: some pixels are not white.
        int ink = 0;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                ink += image.pixelColor(x, y) != QColor(Qt::white);
        QVERIFY2(ink > 200, qPrintable(QString::number(ink)));

        answerDialog(dir.filePath("canvas.svg"), "svg", {900, 600});
        exportCanvas->trigger();
        QCOMPARE(checkedSvgSize(dir.filePath("canvas.svg")), QSize(900, 600));
        QVERIFY(readAll(dir.filePath("canvas.svg")).contains("app")); // the component names, as text
    }

    void canvasHasTitleZonesAndTheDesignedColours()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(QStringLiteral(SCALELAB_EXAMPLES_DIR) + "/checkout_resilience.yaml"));
        QCOMPARE(w.currentVariant(), QString("naive"));
        // A run left web nearly saturated and the db faulty: colours of the run.
        const QColor busy = utilizationColor(0.95).lighter(150);
        w.scene()->setLiveStates({{"web", LiveState{0.95, 12.0, 4, 0, false, -1.0, {}}}});
        w.scene()->setFaulty({"orders-db"});
        QTemporaryDir dir;
        answerDialog(dir.filePath("designed.svg"), "svg", {1200, 800});
        w.action("exportCanvas")->trigger();
        const QString designed = QString::fromUtf8(readAll(dir.filePath("designed.svg")));
        QCOMPARE(checkedSvgSize(dir.filePath("designed.svg")), QSize(1200, 800));
        // The title, and each zone's box with its label (text in the SVG).
        QVERIFY(designed.contains(QString::fromUtf8("checkout resilience — naive")));
        // As laid out, one band per zone: web and orders-db (both zones)
        // in the strip where the bands overlap, lb and cache (eu-1b) in its band.
        QCOMPARE(designed.count("zone eu-1a"), 1);
        QVERIFY(designed.contains("zone eu-1b"));
        QVERIFY2(!designed.contains(busy.name(), Qt::CaseInsensitive), qPrintable(busy.name()));
        QVERIFY(!designed.contains("#d32f2f", Qt::CaseInsensitive)); // no fault border either
        // The canvas keeps showing the run.
        QVERIFY(w.scene()->item("web")->live().has_value());
        QVERIFY(w.scene()->item("orders-db")->faulty());

        answerDialog(dir.filePath("run.svg"), "svg", {1200, 800}, {"keepRunColours"});
        w.action("exportCanvas")->trigger();
        const QString run = QString::fromUtf8(readAll(dir.filePath("run.svg")));
        QVERIFY2(run.contains(busy.name(), Qt::CaseInsensitive), qPrintable(busy.name()));
        QVERIFY(run.contains("#d32f2f", Qt::CaseInsensitive));
        QVERIFY(run.contains("zone eu-1b"));

        // The PNG: the title's ink at the top left, white where nothing is drawn.
        answerDialog(dir.filePath("designed.png"), "png", {1200, 800});
        w.action("exportCanvas")->trigger();
        const QImage image(dir.filePath("designed.png"));
        QCOMPARE(image.size(), QSize(1200, 800));
        int titleInk = 0;
        for (int y = 0; y < 48; ++y)
            for (int x = 16; x < 400; ++x)
                titleInk += image.pixelColor(x, y).lightness() < 128;
        QVERIFY2(titleInk > 100, qPrintable(QString::number(titleInk)));
        int busyPixels = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                busyPixels += image.pixelColor(x, y) == busy;
        QCOMPARE(busyPixels, 0);
    }
};

QTEST_MAIN(TestExport)
#include "tst_export.moc"
