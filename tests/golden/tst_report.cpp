// scalelab-cli report end to end on the small shop: compare --out once, then
// report --from renders without running again; the verdict table's numbers
// equal the compare JSON; index.html is self-contained (no URL it would fetch,
// inline CSS and SVG); report.pdf has the text and its pages (pdftotext,
// pdfinfo); and the page in Debian's chromium, headless with networking off,
// has no horizontal overflow at 1280 px and every chart and diagram drawn;
// --with-sweep runs the study's sweep and shows its charts. With --calibrate,
// a study imported from traces gets the calibration table import traces
// --check prints, cell for cell.
#include "clitest.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cmath>

namespace {

using namespace scalelab::testing;

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Result run(const QString& program, const QStringList& args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted() || !p.waitForFinished(timeoutMs))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString results() const { return m_dir.filePath("results"); }
    QString report() const { return m_dir.filePath("review"); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const Result compare = cli({"compare", "shop.yaml", "--out", results()}, {}, 60000);
        QCOMPARE(compare.exitCode, 0);
        for (const char* f : {"summary.json", "summary.txt", "study.yaml", "streams/monolith.ndjson",
                              "streams/services.ndjson"})
            QVERIFY2(QFile::exists(results() + "/" + f), f);
        const Result r = cli({"report", "--from", results(), "--out", report()}, {}, 60000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out), report() + "/index.html\n" + report() + "/report.pdf\n");
    }

    void verdictNumbersAreTheCompareJson()
    {
        const QString html = QString::fromUtf8(readAll(report() + "/index.html"));
        const QJsonObject summary = QJsonDocument::fromJson(readAll(results() + "/summary.json")).object();
        const double measured = summary["duration"].toDouble() - summary["warmup"].toDouble();
        int checked = 0;
        for (const QJsonValue& v : summary["variants"].toArray()) {
            const QJsonObject variant = v.toObject();
            const QString name = variant["variant"].toString();
            auto cell = [&](const QString& key) {
                static const QString pattern = R"re(<tr data-key="%1">.*?<td data-variant="%2" data-value="([-0-9.e]+)">)re";
                const auto m = QRegularExpression(pattern.arg(key, QRegularExpression::escape(name)),
                                                  QRegularExpression::DotMatchesEverythingOption)
                                   .match(html);
                return m.hasMatch() ? m.captured(1).toDouble() : qQNaN();
            };
            const QJsonObject figures = variant["figures"].toObject();
            const QJsonObject costs = variant["costs"].toObject();
            for (const char* key : {"availability", "p99", "p50", "throughput"}) {
                QCOMPARE(cell(key), figures[key].toObject()["mean"].toDouble());
                ++checked;
            }
            const double total = costs["cost_total"].toObject()["mean"].toDouble();
            QVERIFY(qAbs(cell("cost_per_hour") - total / measured * 3600.0) < 1e-9);
            QVERIFY(qAbs(cell("cost_per_month") - total / measured * 3600.0 * 730.0) < 1e-6);
            QCOMPARE(cell("cost_per_million"), costs["cost_per_million"].toObject()["mean"].toDouble());
            QCOMPARE(cell("peak_instances"), costs["peak_instances"].toObject()["mean"].toDouble());
            checked += 4;
            const QString slo = variant["slo"].toObject()["verdict"].toString();
            QVERIFY2(html.contains(QString(R"re(data-variant="%1">%2</td>)re").arg(name, slo)), qPrintable(slo));
        }
        QCOMPARE(checked, 16);
        // The paired difference of the p99, with its interval, as compare computed it.
        const QJsonObject p99 =
            summary["differences"].toArray()[0].toObject()["figures"].toObject()["p99"].toObject();
        const auto m = QRegularExpression(R"re(<tr data-key="p99">.*?data-difference="([-0-9.e]+)" data-half-width="([-0-9.e]+)")re",
                                          QRegularExpression::DotMatchesEverythingOption)
                           .match(html);
        QVERIFY(m.hasMatch());
        QVERIFY(qAbs(m.captured(1).toDouble() - p99["mean"].toDouble()) < 1e-12);
        QVERIFY(qAbs(m.captured(2).toDouble() - p99["half_width"].toDouble()) < 1e-12);
    }

    void htmlIsSelfContained()
    {
        const QString html = QString::fromUtf8(readAll(report() + "/index.html"));
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("<style>"));
        // Nothing to fetch: no link, script or image source, no URL but SVG's namespace names.
        for (const char* never : {"<link", "<script", "src=", "@import", "url(http"})
            QVERIFY2(!html.contains(never), never);
        QString urls = html;
        urls.remove("http://www.w3.org/2000/svg").remove("http://www.w3.org/1999/xlink");
        QVERIFY(!urls.contains("http://") && !urls.contains("https://"));
        for (const char* section : {"id=\"verdict\"", "id=\"diagrams\"", "id=\"assumptions\"", "id=\"charts\"",
                                    "id=\"recovery\"", "id=\"analytic\"", "id=\"appendix\""})
            QVERIFY2(html.contains(section), section);
        QVERIFY(html.indexOf("id=\"verdict\"") < html.indexOf("id=\"diagrams\""));
        QVERIFY(html.indexOf("id=\"assumptions\"") < html.indexOf("id=\"charts\""));
        QVERIFY(html.indexOf("id=\"charts\"") < html.indexOf("id=\"recovery\""));
        QVERIFY(html.indexOf("id=\"recovery\"") < html.indexOf("id=\"analytic\""));
        // The crash of db at 20 s, in each variant: a row and a bar.
        QCOMPARE(html.count("<tr data-fault=\"kill db\""), 2);
        QCOMPARE(html.count("<rect data-fault=\"kill db\""), 2);
        QVERIFY(html.contains("<td>1 kill db</td>")); // the parity table
        QVERIFY(html.contains("<td>db 1/2 = 50.0%</td>"));
        QVERIFY(html.contains("scalelab-cli report --from"));
        QVERIFY(!html.contains(QDir::homePath() + "/"));
    }

    void pdfHasTheReport()
    {
        const QString pdf = report() + "/report.pdf";
        if (QStandardPaths::findExecutable("pdftotext").isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed: scripts/install-deps.sh installs it");
        const Result text = run("pdftotext", {"-layout", pdf, "-"});
        QCOMPARE(text.exitCode, 0);
        for (const char* s : {"Design review", "Verdict", "availability", "p99 latency", "cost per month",
                              "Designs", "Assumptions", "Charts", "Recovery per fault",
                              "Analytic model against the simulation", "Appendix", "monolith", "services"})
            QVERIFY2(text.out.contains(s), s);
        const Result info = run("pdfinfo", {pdf});
        const auto pages = QRegularExpression(R"re(Pages:\s+(\d+))re").match(QString::fromUtf8(info.out));
        QVERIFY(pages.hasMatch());
        QVERIFY2(pages.captured(1).toInt() >= 4, qPrintable(pages.captured(1)));
        // The first page is drawn (pdftoppm), not blank.
        const QString png = m_dir.filePath("page");
        QCOMPARE(run("pdftoppm", {"-r", "30", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, png}).exitCode, 0);
        QImage image(png + ".png");
        QVERIFY(!image.isNull());
        int dark = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                dark += qGray(image.pixel(x, y)) < 128;
        QVERIFY(dark > 200);
    }

    void chromiumRendersEveryChart()
    {
        QString chromium = QStandardPaths::findExecutable("chromium");
        if (chromium.isEmpty())
            QSKIP("chromium is not installed: scripts/install-deps.sh installs it");
        // A copy of the page with a probe that writes what it measured into the DOM.
        QString html = QString::fromUtf8(readAll(report() + "/index.html"));
        const QString probe = R"re(<script>
addEventListener('load', () => {
  const charts = [...document.querySelectorAll('figure.chart svg')];
  const diagrams = [...document.querySelectorAll('svg.diagram')];
  const drawn = s => { const b = s.getBoundingClientRect(); return b.width > 300 && b.height > 100 && s.querySelectorAll('*').length > 50; };
  const r = {overflow: document.documentElement.scrollWidth - innerWidth, charts: charts.length,
             chartsDrawn: charts.filter(drawn).length, diagrams: diagrams.length,
             diagramsDrawn: diagrams.filter(d => d.getBoundingClientRect().width > 100 && d.querySelectorAll('path').length > 2).length};
  const p = document.createElement('pre'); p.id = 'probe'; p.textContent = 'PROBE' + JSON.stringify(r) + 'PROBE';
  document.body.appendChild(p);
});
</script></body>)re";
        html.replace("</body>", probe);
        const QString page = m_dir.filePath("probe.html");
        QFile f(page);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(html.toUtf8());
        f.close();
        QTemporaryDir profile;
        const Result r = run(chromium,
                             {"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                              "--user-data-dir=" + profile.path(), "--window-size=1280,900",
                              // networking off: no proxy reachable, no name resolves
                              "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                              "--virtual-time-budget=5000", "--dump-dom", "file://" + page},
                             90000);
        QVERIFY2(r.exitCode == 0, r.err.right(2000).constData());
        const auto m = QRegularExpression("PROBE(\\{[^<]*\\})PROBE").match(QString::fromUtf8(r.out));
        QVERIFY2(m.hasMatch(), r.out.right(500).constData());
        const QJsonObject probed = QJsonDocument::fromJson(m.captured(1).toUtf8()).object();
        QVERIFY2(probed["overflow"].toInt() <= 0, qPrintable(m.captured(1)));
        // Two variants: latency, throughput, errors, utilization of each, instances, cost.
        QCOMPARE(probed["charts"].toInt(), 7);
        QCOMPARE(probed["chartsDrawn"].toInt(), 7);
        QCOMPARE(probed["diagrams"].toInt(), 2);
        QCOMPARE(probed["diagramsDrawn"].toInt(), 2);
    }

    void calibrationTableIsImportCheck()
    {
        const QString traces = kGoldenDir + "/../unit/data/traces/chain.jsonl";
        const QString study = m_dir.filePath("imported.yaml");
        const Result check = cli({"import", "traces", traces, "--out", study, "--check", "--replications", "3"}, {},
                                 60000);
        QCOMPARE(check.exitCode, 0);
        // The check's rows, cells split where two spaces or more part them.
        QStringList expected;
        for (const QString& line : QString::fromUtf8(check.out).split('\n'))
            if (!line.isEmpty() && !line.startsWith("Calibration") && !line.startsWith("operation") &&
                !line.startsWith("component"))
                expected << line.trimmed().split(QRegularExpression("  +")).join('|');
        QCOMPARE(expected.size(), 4); // checkout; gateway, orders, db
        QVERIFY2(expected[0].startsWith("checkout|2 / "), qPrintable(expected[0])); // the 2 traces of the file
        const QString out = m_dir.filePath("calibrated");
        const Result r = cli({"report", study, "--calibrate", traces, "--calibrate-replications", "3", "--out", out},
                             {}, 90000);
        QCOMPARE(r.exitCode, 0);
        const QString html = QString::fromUtf8(readAll(out + "/index.html"));
        QVERIFY(html.contains("<h2>Calibration against the traces</h2>"));
        QStringList rows;
        const QRegularExpression row("<tr data-name=\"[^\"]*\"><th>([^<]*)</th>((?:<td>[^<]*</td>)+)</tr>");
        for (auto it = row.globalMatch(html); it.hasNext();) {
            const auto m = it.next();
            QStringList cells{m.captured(1)};
            for (auto c = QRegularExpression("<td>([^<]*)</td>").globalMatch(m.captured(2)); c.hasNext();)
                cells << c.next().captured(1);
            rows << cells.join('|');
        }
        QCOMPARE(rows, expected);
        // Without a study's traces there is nothing to compare.
        const Result bad = cli({"report", study, "--calibrate", kGoldenDir + "/data/shop.yaml", "--out", out});
        QCOMPARE(bad.exitCode, 2);
    }

    void runsTheStudyOnceWithoutFrom()
    {
        // Without --from the study runs once, its results kept in DIR/results.
        const QString out = m_dir.filePath("direct");
        const Result r = cli({"report", "shop.yaml", "--out", out}, {}, 90000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QFile::exists(out + "/results/summary.json"));
        QVERIFY(QFile::exists(out + "/index.html"));
        QVERIFY(QFile::exists(out + "/report.pdf"));
        QVERIFY(!QFile::exists(out + "/results/overrides.txt"));
        QVERIFY2(readAll(out + "/index.html").contains(">service · 2×"), "web's two instances as in the file");
        // The design as the canvas draws it, with the canvas's legend.
        QVERIFY(readAll(out + "/index.html").contains("<svg class=\"diagram\""));
        QVERIFY(readAll(out + "/index.html").contains(">a call, caller to callee<"));
        const Result bad = cli({"report", "--from", m_dir.filePath("nothing"), "--out", out});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("summary.json is missing"), bad.err.constData());
    }

    void withSweepRunsAndShowsTheSweep()
    {
        // The small sweep of data/sweep.yaml: 3 instance counts x 2 rates x 2 variants. The report runs it into DIR/results/sweep
        // and shows its charts: each metric per rate and the cost against p99.
        const QString out = m_dir.filePath("swept");
        const Result r = cli({"report", "sweep.yaml", "--with-sweep", "--out", out}, {}, 120000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.endsWith(QString(out + "/index.html\n" + out + "/report.pdf\n").toUtf8()), r.out.constData());
        QVERIFY2(!r.out.contains("scalelab-streams"), "no temporary path in the output");

        // The sweep's own numbers: every point ran, and carried its offered rate
        // (Poisson arrivals over 2 x 18 s measured: 15 % is beyond 4 standard deviations).
        QFile aggregate(out + "/results/sweep/aggregate.csv");
        QVERIFY(aggregate.open(QIODevice::ReadOnly));
        const QStringList header = QString::fromUtf8(aggregate.readLine()).trimmed().split(',');
        int points = 0;
        QSet<QString> seen;
        while (!aggregate.atEnd()) {
            const QStringList row = QString::fromUtf8(aggregate.readLine()).trimmed().split(',');
            const auto field = [&](const char* name) { return row.value(int(header.indexOf(name))); };
            seen.insert(field("instances") + "/" + field("rps") + "/" + field("variant"));
            if (field("metric") != "throughput")
                continue;
            ++points;
            const double rps = field("rps").toDouble();
            QVERIFY2(std::abs(field("mean").toDouble() - rps) < 0.15 * rps, qPrintable(row.join(',')));
        }
        QCOMPARE(points, 12);
        QCOMPARE(seen.size(), 12);

        // The charts shown are those of this sweep, drawn as scalelab-charts draws them.
        QTemporaryDir charts;
        const Result drawn = run(QStringLiteral(SCALELAB_CHARTS), {"--sweep", out + "/results/sweep", "--out",
                                                                  charts.path(), "--format", "svg", "--size", "1000x540"});
        QVERIFY2(drawn.exitCode == 0, drawn.err.constData());
        const QByteArray html = readAll(out + "/index.html");
        QVERIFY(html.contains("<section id=\"sweep\">"));
        const QStringList svgs = QDir(charts.path()).entryList({"*.svg"}, QDir::Files, QDir::Name);
        QCOMPARE(svgs.size(), 9); // throughput, mean, p99, cost per million at 2 rates; cost against p99
        for (const QString& name : svgs) {
            const QString stem = name.chopped(4);
            QVERIFY2(html.contains("data-chart=\"sweep-" + stem.toUtf8() + "\""), qPrintable(stem));
            QByteArray svg = readAll(charts.filePath(name));
            svg = svg.mid(svg.indexOf("<svg"));
            svg = svg.mid(svg.indexOf('>') + 1); // the drawing, after the sized <svg> tag the report rewrites
            QVERIFY2(html.contains(svg), qPrintable(stem + " differs from the sweep's own chart"));
        }

        // A study without a sweep: a clear error.
        const Result none = cli({"report", "shop.yaml", "--with-sweep", "--out", m_dir.filePath("nosweep")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("has no sweep: section"), none.err.constData());
    }

    void overridesTravelWithTheResults()
    {
        // --set on the run is kept with its results (overrides.txt), so a
        // report from them describes the study that ran, not the file.
        const QString out = m_dir.filePath("overridden");
        const QString set = "variants.services.components.web.instances=3";
        const Result r = cli({"report", "shop.yaml", "--set", set, "--out", out}, {}, 90000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(readAll(out + "/results/overrides.txt"), (set + "\n").toUtf8());
        QVERIFY2(readAll(out + "/index.html").contains(">service · 3×"), "web drawn with its 3 instances");
        const Result again = cli({"report", "--from", out + "/results", "--out", m_dir.filePath("again")}, {}, 60000);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QVERIFY(readAll(m_dir.filePath("again") + "/index.html").contains(">service · 3×"));
        // The results are what they are: no --set with --from.
        const Result refused = cli({"report", "--from", out + "/results", "--set", set, "--out", out});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--set excludes --from"), refused.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
