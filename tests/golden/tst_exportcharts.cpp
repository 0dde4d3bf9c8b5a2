// scalelab-cli export-charts end to end, without a display: every chart of
// every variant (and overlaid) in each format asked for, at the size asked
// for (PNG IHDR, PDF MediaBox, SVG width/height/viewBox), an index and the
// CLI's own summary table, byte-identical PNGs, SVGs and PDFs across runs,
// nothing on stderr without XDG_RUNTIME_DIR, and clear errors
// with exit code 2 on bad flags. The charts are drawn by scalelab-charts,
// found next to scalelab-cli: a clear error when it is not there, and the tool
// alone on a saved `run --stream`, and drawing a study's canvases (--diagrams).
#include "clitest.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

using namespace scalelab::testing;

const QString kChartsTool = QStringLiteral(SCALELAB_CHARTS);
const QStringList kCharts{"latency", "throughput", "errors", "utilization", "queue", "instances", "cost"};

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Width and height from a PNG's IHDR chunk; {-1, -1} when it is not a PNG.
QSize pngSize(const QByteArray& png)
{
    if (png.size() < 24 || !png.startsWith("\x89PNG\r\n\x1a\n") || png.mid(12, 4) != "IHDR")
        return {-1, -1};
    auto be32 = [&](int at) {
        return int((uchar(png[at]) << 24) | (uchar(png[at + 1]) << 16) | (uchar(png[at + 2]) << 8) |
                   uchar(png[at + 3]));
    };
    return {be32(16), be32(20)};
}

/// The page size in points from a PDF's MediaBox; {-1, -1} when absent.
QSizeF pdfPageSize(const QByteArray& pdf)
{
    if (!pdf.startsWith("%PDF-"))
        return {-1, -1};
    static const QRegularExpression box("/MediaBox\\s*\\[\\s*([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s*\\]");
    const auto m = box.match(QString::fromLatin1(pdf));
    if (!m.hasMatch())
        return {-1, -1};
    return {m.captured(3).toDouble() - m.captured(1).toDouble(), m.captured(4).toDouble() - m.captured(2).toDouble()};
}

/// width, height and viewBox of the <svg> element, as written.
QStringList svgSize(const QByteArray& svg)
{
    static const QRegularExpression root("<svg width=\"([^\"]*)\" height=\"([^\"]*)\"\\s+viewBox=\"([^\"]*)\"");
    const auto m = root.match(QString::fromUtf8(svg));
    return m.hasMatch() ? QStringList{m.captured(1), m.captured(2), m.captured(3)} : QStringList{};
}

/// Runs `program` with no display at all.
Result runHeadless(const QString& program, const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    env.remove("XDG_RUNTIME_DIR"); // as under cron or in a CI container
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(kGoldenDir + "/data");
    p.start(program, args);
    if (!p.waitForStarted() || !p.waitForFinished(60000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

Result exportCharts(const QStringList& args) { return runHeadless(kCli, QStringList{"export-charts"} + args); }

} // namespace

class TestExportCharts : public QObject
{
    Q_OBJECT

private slots:
    void writesEveryChartAtTheRequestedSize()
    {
        QTemporaryDir dir;
        const Result r = exportCharts({"shop.yaml", "--out", dir.path(), "--size", "900x540"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // Nothing on stderr: not even Qt's warning about XDG_RUNTIME_DIR (unset here).
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        for (const QString prefix : {"compare", "monolith", "services"})
            for (const QString& chart : kCharts) {
                const QString stem = dir.filePath(prefix + "-" + chart);
                QCOMPARE(pngSize(readAll(stem + ".png")), QSize(900, 540));
                QCOMPARE(pdfPageSize(readAll(stem + ".pdf")), QSizeF(900, 540));
                QCOMPARE(svgSize(readAll(stem + ".svg")), (QStringList{"900", "540", "0 0 900 540"}));
            }
        // The frames carry the fleet, so the cost chart is there, as in the GUI's run panel.
        QVERIFY(QFile::exists(dir.filePath("compare-cost.png")));

        const QByteArray index = readAll(dir.filePath("index.md"));
        for (const QString& chart : kCharts)
            QVERIFY2(index.contains(("(compare-" + chart + ".png)").toUtf8()), qPrintable(chart));
        // The summary is the CLI's comparison table, figure for figure.
        const Result compare = cli({"compare", "shop.yaml"});
        QCOMPARE(compare.exitCode, 0);
        QCOMPARE(readAll(dir.filePath("summary.txt")), compare.out);
        QVERIFY(index.contains(compare.out));
    }

    void chartsHoldTheData()
    {
        QTemporaryDir dir;
        const Result r = exportCharts({"shop.yaml", "--out", dir.path(), "--variant", "monolith", "--format", "png",
                                       "--size", "800x480"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("compare-latency.png"))); // one variant: nothing to overlay
        QVERIFY(!QFile::exists(dir.filePath("monolith-latency.svg")));
        const QImage image(dir.filePath("monolith-latency.png"));
        QCOMPARE(image.size(), QSize(800, 480));
        // The p99.9 line (the fourth palette colour, #76b7b2, drawn last: on
        // top) joins the frames from t = 5 s to 30 s: it must colour nearly
        // every pixel column between them (markers cross it at two places).
        int columnsWithLine = 0;
        for (int x = 200; x < 760; ++x) {
            bool found = false;
            for (int y = 0; y < image.height() && !found; ++y) {
                const QColor c = image.pixelColor(x, y);
                found = std::abs(c.red() - 0x76) < 30 && std::abs(c.green() - 0xb7) < 30 && std::abs(c.blue() - 0xb2) < 30;
            }
            columnsWithLine += found;
        }
        QVERIFY2(columnsWithLine > 540, qPrintable(QString("the line colours %1 of 560 columns").arg(columnsWithLine)));
    }

    void sameStudySameSeedSamePictures()
    {
        QTemporaryDir a, b;
        for (QTemporaryDir* dir : {&a, &b})
            QCOMPARE(exportCharts({"shop.yaml", "--out", dir->path(), "--format", "png,svg,pdf", "--replications",
                                   "1"})
                         .exitCode,
                     0);
        // PDFs too: Qt's creation date is fixed, its font objects in a fixed order.
        QVERIFY(readAll(a.filePath("compare-latency.pdf")).contains("/CreationDate (D:20000101000000"));
        for (const QString& chart : kCharts)
            for (const QString ext : {".png", ".svg", ".pdf"}) {
                const QString name = "compare-" + chart + ext;
                QVERIFY2(readAll(a.filePath(name)) == readAll(b.filePath(name)), qPrintable(name + " differs"));
            }
    }

    void badFlags_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("error");
        QTest::newRow("no --out") << QStringList{"shop.yaml"} << 2 << "--out is required";
        QTest::newRow("bad size") << QStringList{"shop.yaml", "--out", "x", "--size", "800"} << 2
                                  << "must be WIDTHxHEIGHT, e.g. 1200x700 (got 800)";
        QTest::newRow("tiny size") << QStringList{"shop.yaml", "--out", "x", "--size", "10x10"} << 2
                                   << "width and height must be 100..10000 (got 10x10)";
        QTest::newRow("bad format") << QStringList{"shop.yaml", "--out", "x", "--format", "gif"} << 2 << "gif";
        QTest::newRow("unknown variant") << QStringList{"shop.yaml", "--out", "x", "--variant", "monolit"} << 2
                                         << "unknown variant 'monolit'; known: monolith, services";
        QTest::newRow("trace unreadable at run time") << QStringList{"replay-bad.yaml", "--out", "x"} << 1
                                                      << "the simulation failed";
    }

    void badFlags()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, error);
        QTemporaryDir dir;
        for (QString& a : args)
            if (a == "x")
                a = dir.filePath("charts");
        const Result r = exportCharts(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(error.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("charts/index.md")));
    }

    void missingChartsTool()
    {
        // scalelab-cli alone in a folder: it runs no simulation and names the tool it needs.
        QTemporaryDir bin, out;
        const QString alone = bin.filePath("scalelab-cli");
        QVERIFY(QFile::copy(kCli, alone));
        const Result r = runHeadless(alone, {"export-charts", "shop.yaml", "--out", out.filePath("charts")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(("scalelab-cli: error: cannot render the charts: '" + bin.filePath("scalelab-charts") +
                                   "' is missing or not executable\n")
                                      .toUtf8()),
                 r.err.constData());
        QVERIFY2(r.err.contains("build it (target scalelab-charts)"), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFile::exists(out.filePath("charts")));
    }

    void chartsToolOnASavedStream()
    {
        QTemporaryDir dir;
        const Result run = cli({"run", "shop.yaml", "--variant", "services", "--stream"});
        QCOMPARE(run.exitCode, 0);
        QFile stream(dir.filePath("services.ndjson"));
        QVERIFY(stream.open(QIODevice::WriteOnly));
        stream.write(run.out);
        stream.close();
        const Result r = runHeadless(kChartsTool, {"--out", dir.filePath("charts"), "--format", "png", "--size",
                                                   "640x400", stream.fileName()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        // The stream's frames carry the cost since the start: one chart more.
        QCOMPARE(r.out, QByteArray("7 chart files in " + dir.filePath("charts").toUtf8() + "\n"));
        for (const QString& chart : kCharts + QStringList{"cost"})
            QCOMPARE(pngSize(readAll(dir.filePath("charts/services-" + chart + ".png"))), QSize(640, 400));

        const Result bad = runHeadless(kChartsTool, {"--out", dir.filePath("charts"), dir.filePath("missing.ndjson")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.startsWith("scalelab-charts: error: cannot read the stream"), bad.err.constData());
        const Result noOut = runHeadless(kChartsTool, {stream.fileName()});
        QCOMPARE(noOut.exitCode, 2);
        QVERIFY2(noOut.err.startsWith("scalelab-charts: error: --out is required"), noOut.err.constData());
    }

    void diagramsOfEachVariant()
    {
        // The canvas of each variant, as designed, with its legend: the
        // components' names and kinds, the legend's entries, the width asked
        // for and the drawing's own aspect.
        QTemporaryDir dir;
        const Result r = runHeadless(kChartsTool, {"--diagrams", "shop.yaml", "--out", dir.path(), "--size", "900x600"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QCOMPARE(r.out, QByteArray("4 diagram files in " + dir.path().toUtf8() + "\n"));
        for (const QString& variant : {"monolith", "services"}) {
            // 900 wide, as tall as the drawing needs (a row of boxes and one below: far less than 600).
            const QSize png = pngSize(readAll(dir.filePath("diagram-" + variant + ".png")));
            QCOMPARE(png.width(), 900);
            QVERIFY2(png.height() > 200 && png.height() < 500, qPrintable(QString::number(png.height())));
            const QByteArray svg = readAll(dir.filePath("diagram-" + variant + ".svg"));
            QCOMPARE(svgSize(svg), (QStringList{"900", QString::number(png.height()),
                                                QString("0 0 900 %1").arg(png.height())}));
            QVERIFY2(svg.contains(">a call, caller to callee<"), "the legend's arrow");
        }
        const QByteArray services = readAll(dir.filePath("diagram-services.svg"));
        for (const char* text : {">web<", ">service · 2×", ">service<"}) // a component, its kind and count, the legend
            QVERIFY2(services.contains(text), text);
        // The same study, the same pictures.
        QTemporaryDir again;
        QCOMPARE(runHeadless(kChartsTool, {"--diagrams", "shop.yaml", "--out", again.path(), "--size", "900x600"}).exitCode, 0);
        QCOMPARE(readAll(again.filePath("diagram-services.svg")), services);

        const Result pdf = runHeadless(kChartsTool, {"--diagrams", "shop.yaml", "--out", dir.path(), "--format", "pdf"});
        QCOMPARE(pdf.exitCode, 2);
        QCOMPARE(pdf.err, QByteArray("scalelab-charts: error: --diagrams draws png or svg, not pdf\n"
                                     "scalelab-charts: hint: pass --format png,svg (or one of them)\n"));
        QFile broken(dir.filePath("broken.yaml"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("name: x\nvariants: [\n");
        broken.close();
        const Result bad = runHeadless(kChartsTool, {"--diagrams", broken.fileName(), "--out", dir.path()});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.startsWith(broken.fileName().toUtf8() + ":"), bad.err.constData());
        QVERIFY2(bad.err.contains("scalelab-charts: error: cannot draw the diagrams of"), bad.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestExportCharts)
#include "tst_exportcharts.moc"
