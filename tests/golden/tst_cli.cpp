// scalelab-cli end to end: the summaries of a small study against checked-in
// golden files (and byte-identical across runs), exit codes and error text on
// bad input, the JSON, CSV and --out outputs, and the --stream protocol.
// SCALELAB_UPDATE_GOLDEN=1 rewrites expected/*.txt from the current binary.
#include "clitest.h"
#include "../support/fixtureheader.h"

#include <QtTest>

#include <cmath>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

using namespace scalelab::testing;

QJsonObject parseObject(const QByteArray& text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning("not a JSON object (%s): %s", qPrintable(error.errorString()), text.left(200).constData());
    return doc.object();
}

QList<QJsonObject> ndjson(const QByteArray& text)
{
    QList<QJsonObject> out;
    for (const QByteArray& line : text.split('\n'))
        if (!line.isEmpty())
            out.push_back(parseObject(line));
    return out;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void runTableMatchesGolden()
    {
        const Result first = cli({"run", "shop.yaml"});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.err, QByteArray());
        compareWithGolden(first.out, "run.txt");
        const Result second = cli({"run", "shop.yaml"});
        QVERIFY2(first.out == second.out, "two runs with the same seed differ");
    }

    void compareTableMatchesGolden()
    {
        const Result first = cli({"compare", "shop.yaml"});
        QCOMPARE(first.exitCode, 0);
        compareWithGolden(first.out, "compare.txt");
        const Result second = cli({"compare", "shop.yaml"});
        QVERIFY2(first.out == second.out, "two comparisons with the same seed differ");
    }

    // No diagnostic; on stdout only what its fault hits in each variant.
    void validGoldenStudyValidates()
    {
        const Result r = cli({"validate", "shop.yaml"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QByteArray());
        compareWithGolden(r.out, "validate.txt");
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("err");

        QTest::newRow("bad flag") << QStringList{"run", "shop.yaml", "--bogus"} << 2
                                  << QByteArray("scalelab-cli: error: The following argument was not expected: --bogus\n"
                                                "scalelab-cli: hint: see 'scalelab-cli run --help' for the usage\n");
        QTest::newRow("duration without a unit")
            << QStringList{"run", "shop.yaml", "--duration", "60"} << 2
            << QByteArray("scalelab-cli: error: --duration: duration '60' has no unit; write e.g. 60ms or 60s\n"
                          "scalelab-cli: hint: see 'scalelab-cli run --help' for the usage\n");
        QTest::newRow("unknown subcommand")
            << QStringList{"compar", "shop.yaml"} << 2
            << QByteArray("scalelab-cli: error: unknown subcommand 'compar'; known: validate, import, run, compare, sweep, analyze, capacity, export-charts, report, selfcheck, schema\n"
                          "scalelab-cli: hint: did you mean 'compare'?\n");
        QTest::newRow("missing study")
            << QStringList{"run", "missing.yaml"} << 2
            << QByteArray("missing.yaml: error: cannot read the study: No such file or directory\n"
                          "scalelab-cli: error: cannot read the study 'missing.yaml'\n"
                          "scalelab-cli: hint: check the path (relative paths start in the current folder)\n");
        // invalid.yaml's diagnostics as its header states them (badStudyFilesValidate checks them).
        const QByteArray invalid =
            readFixtureHeader(kGoldenDir + "/data/invalid.yaml").diagnostics.join('\n').toUtf8() + '\n';
        QTest::newRow("invalid study, run")
            << QStringList{"run", "invalid.yaml"} << 2
            << invalid + "scalelab-cli: error: invalid.yaml: 2 errors; nothing was run\n"
                         "scalelab-cli: hint: fix the lines above ('scalelab-cli validate invalid.yaml' checks a "
                         "study without running it)\n";
        // run refuses what validate reports: the default warm-up longer than the run.
        QTest::newRow("default warm-up, run")
            << QStringList{"run", "warmup-default.yaml"} << 2
            << readFixtureHeader(kGoldenDir + "/data/warmup-default.yaml").diagnostics.join('\n').toUtf8() + '\n' +
                   "scalelab-cli: error: warmup-default.yaml: 1 error; nothing was run\n"
                   "scalelab-cli: hint: fix the lines above ('scalelab-cli validate warmup-default.yaml' checks a "
                   "study without running it)\n";
        QTest::newRow("unknown variant")
            << QStringList{"run", "shop.yaml", "--variant", "monolit"} << 2
            << QByteArray("scalelab-cli: error: unknown variant 'monolit'; known: monolith, services\n"
                          "scalelab-cli: hint: did you mean 'monolith'?\n");
        QTest::newRow("warm-up too long")
            << QStringList{"run", "shop.yaml", "--duration", "4s"} << 2
            << QByteArray("scalelab-cli: error: the warm-up (5s) must be shorter than the duration (4s)\n"
                          "scalelab-cli: hint: pass a shorter --warmup as well\n");
        QTest::newRow("compare one variant")
            << QStringList{"compare", "shop.yaml", "--variants", "services"} << 2
            << QByteArray("scalelab-cli: error: compare needs at least two variants (got services only)\n"
                          "scalelab-cli: hint: list two or more: --variants a,b\n");
        QTest::newRow("bad trace at run time")
            << QStringList{"run", "replay-bad.yaml"} << 1
            << QByteArray("scalelab-cli: error: the simulation failed: variant v1, replication 0: bad-trace.csv:3:3: "
                          "error: rate must be a number of requests/s >= 0 (got 'lots')\n"
                          "scalelab-cli: hint: the study is valid but its simulation stopped: check the file the "
                          "message names (a replayed trace), or report a crash with the study attached\n");
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, err);
        const Result r = cli(args);
        QCOMPARE(r.err, err);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE(r.out, QByteArray());
    }

    // Every study file of tests/scenarios/bad, and those of data/ with a header,
    // against the stderr and exit code their header states (tests/README.md).
    void badStudyFilesValidate_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("file");
        const QString bad = QDir::cleanPath(kGoldenDir + "/../scenarios/bad");
        const QString data = kGoldenDir + "/data";
        for (const QString& file : QDir(bad).entryList({"*.yaml"}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable("bad/" + file)) << bad << file;
        for (const QString& file : QDir(data).entryList({"*.yaml"}, QDir::Files, QDir::Name))
            if (readFixtureHeader(data + "/" + file).hasExpectation())
                QTest::newRow(qPrintable("data/" + file)) << data << file;
    }

    void badStudyFilesValidate()
    {
        QFETCH(QString, folder);
        QFETCH(QString, file);
        const FixtureHeader expected = readFixtureHeader(folder + "/" + file);
        QVERIFY2(expected.error.isEmpty(), qPrintable(expected.error));
        QVERIFY2(expected.hasExpectation(),
                 "no '# expect:'/'# exit:' header: a bad study file states what it must produce");
        const Result r = cli({"validate", file}, {}, 20000, folder);
        // Line by line for a readable failure; the last element is what follows the final newline.
        QCOMPARE(QString::fromUtf8(r.err).split('\n'), expected.diagnostics + QStringList{""});
        QCOMPARE(r.exitCode, *expected.exitCode);
        QCOMPARE(r.out, QByteArray());
    }

    void badStudyFilesFound()
    {
        QVERIFY(QDir(kGoldenDir + "/../scenarios/bad").entryList({"*.yaml"}, QDir::Files).size() >= 25);
    }

    void helpOnEverySubcommand()
    {
        for (const char* sub : {"validate", "run", "compare", "selfcheck"}) {
            const Result r = cli({sub, "--help"});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("Usage:"), sub);
        }
        QVERIFY(cli({"run", "--help"}).out.contains("--stream"));
    }

    void jsonSummary()
    {
        const Result r = cli({"run", "shop.yaml", "--format", "json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = parseObject(r.out);
        for (const char* key : {"study", "file", "seed", "duration", "warmup", "bin", "variant", "replications",
                                "figures", "operations", "slo", "components", "bottleneck", "gauges"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["variant"].toString(), QStringLiteral("monolith"));
        QCOMPARE(j["replications"].toInt(), 2);
        const QJsonObject figures = j["figures"].toObject();
        for (const char* key : {"offered", "throughput", "mean", "p50", "p95", "p99", "p999", "error_rate",
                                "rejection_rate", "availability"}) {
            QVERIFY2(figures.contains(key), key);
            const QJsonObject f = figures[key].toObject();
            QVERIFY(f["mean"].isDouble());
            QVERIFY(f["half_width"].isDouble());
            QCOMPARE(f["values"].toArray().size(), 2);
        }
        QCOMPARE(figures["p99"].toObject()["unit"].toString(), QStringLiteral("s"));
        QCOMPARE(j["slo"].toObject()["verdict"].toString(), QStringLiteral("missed"));
        const QJsonArray components = j["components"].toArray();
        QVERIFY(!components.isEmpty());
        QCOMPARE(components[0].toObject()["name"].toString(), QStringLiteral("app"));
        QVERIFY(components[0].toObject()["occupancy"].toObject()["mean"].toDouble() > 0.0);
        QCOMPARE(j["bottleneck"].toObject()["component"].toString(), QStringLiteral("app"));
    }

    void jsonComparison()
    {
        const Result r = cli({"compare", "shop.yaml", "--format", "json", "--variants", "services,monolith"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = parseObject(r.out);
        QCOMPARE(j["baseline"].toString(), QStringLiteral("services"));
        QCOMPARE(j["variants"].toArray().size(), 2);
        const QJsonObject diff = j["differences"].toArray()[0].toObject();
        QCOMPARE(diff["variant"].toString(), QStringLiteral("monolith"));
        // Common random numbers: both variants see exactly the same arrivals.
        const QJsonObject offered = diff["figures"].toObject()["offered"].toObject();
        QCOMPARE(offered["mean"].toDouble(), 0.0);
        QCOMPARE(offered["significant"].toBool(), false);
    }

    void compareStreamIsTheComparison()
    {
        // The stream's result is the comparison --format json prints, and its
        // table the one the text prints; before it, the jobs and their progress.
        const Result stream = cli({"compare", "shop.yaml", "--stream"});
        QCOMPARE(stream.exitCode, 0);
        const QList<QByteArray> lines = stream.out.trimmed().split('\n');
        QVERIFY(lines.size() >= 3);
        const QJsonObject jobs = parseObject(lines.front());
        QCOMPARE(jobs["type"].toString(), QStringLiteral("jobs"));
        QCOMPARE(jobs["duration"].toDouble(), 30.0);
        QCOMPARE(jobs["jobs"].toArray().size(), 4); // 2 variants x 2 replications
        QCOMPARE(jobs["jobs"].toArray()[2].toObject()["variant"].toString(), QStringLiteral("services"));
        QCOMPARE(jobs["jobs"].toArray()[2].toObject()["replication"].toInt(), 0);
        std::vector<double> previous(4, 0.0);
        for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
            const QJsonObject p = parseObject(lines[i]);
            QCOMPARE(p["type"].toString(), QStringLiteral("progress"));
            const QJsonArray seconds = p["seconds"].toArray();
            QCOMPARE(seconds.size(), 4);
            for (qsizetype k = 0; k < 4; ++k) {
                QVERIFY(seconds[k].toDouble() >= previous[std::size_t(k)]); // never backwards
                previous[std::size_t(k)] = seconds[k].toDouble();
            }
        }
        QVERIFY(previous == std::vector<double>(4, 30.0)); // the last progress: every replication done
        const QJsonObject result = parseObject(lines.back());
        QCOMPARE(result["type"].toString(), QStringLiteral("result"));

        const Result json = cli({"compare", "shop.yaml", "--format", "json"});
        QCOMPARE(result["compare"].toObject(), parseObject(json.out));
        const Result text = cli({"compare", "shop.yaml"});
        QString rebuilt;
        for (const QJsonValue& line : result["heading"].toArray())
            rebuilt += line.toString() + "\n";
        QCOMPARE(rebuilt + "\n", QString::fromUtf8(text.out).section('\n', 0, 2, QString::SectionIncludeTrailingSep));
        // The text: the table, a blank line, the fault parity table's title and rows.
        const QStringList all = QString::fromUtf8(text.out).trimmed().split('\n').mid(3);
        const qsizetype blank = all.indexOf(QString());
        QVERIFY(blank > 0);
        const auto matches = [](const QJsonArray& rows, const QStringList& textLines) {
            QCOMPARE(rows.size(), textLines.size());
            for (qsizetype i = 0; i < rows.size(); ++i) {
                QStringList cells;
                for (const QJsonValue& c : rows[i].toArray())
                    cells << QRegularExpression::escape(c.toString());
                QVERIFY2(QRegularExpression("^\\s*" + cells.join("\\s{2,}") + "\\s*$").match(textLines[i]).hasMatch(),
                         qPrintable(textLines[i]));
            }
        };
        matches(result["table"].toArray(), all.mid(0, blank));
        QVERIFY(all[blank + 1].startsWith("fault parity: "));
        const QJsonArray parity = result["parity_table"].toArray();
        QCOMPARE(parity.size(), 2); // the header and the database's kill
        QCOMPARE(parity[1].toArray()[0].toString(), QStringLiteral("1 kill db"));
        matches(parity, all.mid(blank + 2, parity.size()));
        // Then the assumptions, as the JSON comparison lists them.
        QCOMPARE(all[blank + 2 + parity.size()], QString());
        QVERIFY(all[blank + 3 + parity.size()].startsWith("assumptions: "));
        const QJsonArray assumptions = result["compare"].toObject()["assumptions"].toArray();
        QCOMPARE(all.size(), blank + 4 + parity.size() + assumptions.size());
        for (qsizetype i = 0; i < assumptions.size(); ++i)
            QVERIFY(all[blank + 4 + parity.size() + i].trimmed().startsWith(
                assumptions[i].toObject()["key"].toString() + " "));
        // A percentile says its resolution; its interval is no narrower.
        const QJsonObject p95 =
            result["compare"].toObject()["variants"].toArray()[1].toObject()["figures"].toObject()["p95"].toObject();
        QVERIFY(p95["resolution"].toDouble() > 0.0);
        QVERIFY(p95["half_width"].toDouble() >= p95["resolution"].toDouble() / 2.0);
    }

    void compareStreamBadInputIsAnErrorLine()
    {
        const Result r = cli({"compare", "shop.yaml", "--stream", "--variants", "monolith,nosuch"});
        QCOMPARE(r.exitCode, 2);
        const QJsonObject error = parseObject(r.out.trimmed());
        QCOMPARE(error["type"].toString(), QStringLiteral("error"));
        QCOMPARE(error["fatal"].toBool(), true);
        QVERIFY2(error["message"].toString().contains("nosuch"), qPrintable(error["message"].toString()));
    }

    void csvSummary()
    {
        const Result r = cli({"run", "shop.yaml", "--format", "csv", "--replications", "1"});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.front(), QByteArray("metric,unit,mean,half_width"));
        QVERIFY(lines[2].startsWith("throughput,1/s,"));
        QVERIFY(lines[2].endsWith(",")); // one replication: no interval
        QCOMPARE(lines.back(), QByteArray("bottleneck,component,app.utilization,"));
    }

    void outWritesSummaryAndTimeSeries()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("results/run1");
        const Result r = cli({"run", "shop.yaml", "--out", out});
        QCOMPARE(r.exitCode, 0);
        QFile summary(out + "/summary.json");
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const QJsonObject json = parseObject(summary.readAll());
        QCOMPARE(json["variant"].toString(), QStringLiteral("monolith"));
        QFile series(out + "/timeseries.csv");
        QVERIFY(series.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = series.readAll().trimmed().split('\n');
        QCOMPARE(lines.front(),
                 QByteArray("start,end,arrivals,completions,errors,rejections,throughput,p50,p95,p99,p999,"
                            "app.utilization,app.occupancy,cache.utilization,cache.occupancy,db.utilization,"
                            "db.occupancy,lb.healthy_backends,lb.connections,cache.hit_ratio,cache.lookups,"
                            "db.stale_reads,db.replica_reads,mail.backlog,mail.oldest_age,mail.in_delivery,"
                            "mail.consumed,mail.dead_letters,cost,cost_rate,lb.instances,lb.booting,lb.down,"
                            "app.instances,app.booting,app.down,cache.instances,cache.booting,cache.down,"
                            "db.instances,db.booting,db.down,mail.instances,mail.booting,mail.down"));
        QCOMPARE(lines.size(), 1 + 6); // 30 s in 5 s bins
        QVERIFY(lines[1].startsWith("0,5,"));
        QVERIFY(lines.back().startsWith("25,30,"));
        // The fault parity: kill db takes the primary of 1 + 1 replica in each variant.
        QFile parity(out + "/parity.csv");
        QVERIFY(parity.open(QIODevice::ReadOnly));
        QCOMPARE(parity.readAll(), QByteArray("fault,label,at,variant,applies,components,hit,instances,share,nothing\n"
                                              "1,kill db,20,monolith,true,db,1,2,0.5,\n"
                                              "1,kill db,20,services,true,db,1,2,0.5,\n"));
        const QJsonArray faults = json["parity"].toArray();
        QCOMPARE(faults.size(), 1);
        QCOMPARE(faults[0].toObject()["label"].toString(), QStringLiteral("kill db"));
        const QJsonArray variants = faults[0].toObject()["variants"].toArray();
        QCOMPARE(variants.size(), 2);
        QCOMPARE(variants[1].toObject()["variant"].toString(), QStringLiteral("services"));
        QCOMPARE(variants[1].toObject()["share"].toDouble(), 0.5);
    }

    void seriesAllWritesEveryReplicationAndTheirMean()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("r");
        const Result r = cli({"run", "shop.yaml", "--out", out, "--series", "all", "--replications", "3"});
        QCOMPARE(r.exitCode, 0);
        auto readCsv = [](const QString& path) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                return QList<QList<QByteArray>>{};
            QList<QList<QByteArray>> rows;
            for (const QByteArray& line : f.readAll().trimmed().split('\n'))
                rows.push_back(line.split(','));
            return rows;
        };
        const auto first = readCsv(out + "/timeseries.csv");
        const auto all = readCsv(out + "/timeseries-all.csv");
        const auto mean = readCsv(out + "/timeseries-mean.csv");
        QCOMPARE(first.size(), 1 + 6); // 30 s in 5 s bins
        QCOMPARE(all.size(), 1 + 3 * 6);
        QCOMPARE(all[0][0], QByteArray("replication"));
        QCOMPARE(all[0].mid(1), first[0]);
        for (int b = 1; b <= 6; ++b) // replication 0's rows are timeseries.csv's
            QCOMPARE(all[b].mid(1), first[b]);
        QCOMPARE(all[1 + 2 * 6][0], QByteArray("2"));
        QCOMPARE(mean.size(), 1 + 6);
        QCOMPARE(mean[0].mid(0, 5), (QList<QByteArray>{"start", "end", "replications", "arrivals", "arrivals.half_width"}));
        const int throughput = int(first[0].indexOf("throughput"));
        const int meanThroughput = int(mean[0].indexOf("throughput"));
        QVERIFY(throughput > 0 && meanThroughput > 0);
        QCOMPARE(mean[0][meanThroughput + 1], QByteArray("throughput.half_width"));
        // Per bin: the mean of the three replications and its 95% Student-t half-width (t(0.975, 2) = 4.3027).
        for (int b = 1; b <= 6; ++b) {
            double x[3];
            for (int k = 0; k < 3; ++k)
                x[k] = all[1 + k * 6 + (b - 1)][1 + throughput].toDouble();
            const double m = (x[0] + x[1] + x[2]) / 3;
            const double var = ((x[0] - m) * (x[0] - m) + (x[1] - m) * (x[1] - m) + (x[2] - m) * (x[2] - m)) / 2;
            const double half = 4.302652729911275 * std::sqrt(var / 3);
            QCOMPARE(mean[b][0], first[b][0]);
            QCOMPARE(mean[b][2], QByteArray("3"));
            QVERIFY(std::abs(mean[b][meanThroughput].toDouble() - m) < 1e-9 * std::max(1.0, m));
            QVERIFY(std::abs(mean[b][meanThroughput + 1].toDouble() - half) < 1e-6 * std::max(1.0, half));
        }
        // The summary has each operation's mean latency.
        QFile summary(out + "/summary.json");
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const QJsonArray ops = parseObject(summary.readAll())["operations"].toArray();
        QVERIFY(!ops.isEmpty());
        for (const QJsonValue& op : ops) {
            const double m = op.toObject()["mean"].toObject()["mean"].toDouble();
            QVERIFY2(m > 0 && m < op.toObject()["p99"].toObject()["mean"].toDouble(), "a mean latency below the p99");
        }
    }

    void streamEmitsStartFramesSummary()
    {
        const Result r = cli({"run", "shop.yaml", "--stream", "--variant", "services"});
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> lines = ndjson(r.out);
        QVERIFY(lines.size() >= 8);
        QCOMPARE(lines.front()["type"].toString(), QStringLiteral("start"));
        QCOMPARE(lines.front()["variant"].toString(), QStringLiteral("services"));
        QCOMPARE(lines.front()["duration"].toDouble(), 30.0);
        QCOMPARE(lines.front()["bin"].toDouble(), 5.0);
        int frames = 0, events = 0;
        for (const QJsonObject& o : lines.mid(1, lines.size() - 2)) {
            const QString type = o["type"].toString();
            if (type == "frame") {
                ++frames;
                QCOMPARE(o["schema_version"].toInt(), 1);
                QVERIFY(o["stations"].isArray());
                QVERIFY(o["gauges"].isArray());
                QVERIFY(o.contains("p999"));
            } else {
                QCOMPARE(type, QStringLiteral("event"));
                QVERIFY(o.contains("time") && o.contains("kind") && o.contains("subject"));
                ++events;
            }
        }
        QCOMPARE(frames, 6);
        QVERIFY(events >= 2); // the database's instance goes down and comes back
        const QJsonObject summary = lines.back();
        QCOMPARE(summary["type"].toString(), QStringLiteral("summary"));
        QCOMPARE(summary["stopped"].toBool(), false);
        QCOMPARE(summary["end"].toDouble(), 30.0);
        QVERIFY(summary["figures"].toObject().contains("p99"));
    }

    void streamShowsFaultsAndBreakers()
    {
        // The bundled resilience example: its faults and its breaker show in
        // events, frames and the summary (docs/stream.md).
        const Result r = cli({"run", "checkout_resilience.yaml", "--stream", "--variant", "resilient", "--duration",
                              "240s"},
                             {}, 60000, kGoldenDir + "/../../scenarios/examples");
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> lines = ndjson(r.out);
        QStringList kinds;
        bool slowDetail = false, breakerStates = false;
        double retries = 0;
        for (const QJsonObject& o : lines) {
            if (o["type"].toString() == "event") {
                kinds << o["kind"].toString();
                if (o["kind"].toString() == "fault_start" && o["subject"].toString() == "payments" &&
                    o["detail"].toString() == "slow dependency +3000ms")
                    slowDetail = true;
                if (o["kind"].toString().startsWith("breaker_"))
                    QCOMPARE(o["subject"].toString(), QStringLiteral("web->payments"));
            } else if (o["type"].toString() == "frame") {
                QVERIFY(o.contains("availability") && o.contains("attempts") && o.contains("retries"));
                const double ended = o["completions"].toDouble() + o["errors"].toDouble() + o["rejections"].toDouble();
                QCOMPARE(o["availability"].toDouble(), ended > 0 ? o["completions"].toDouble() / ended : 1.0);
                retries += o["retries"].toDouble();
                for (const auto& b : o["breakers"].toArray()) {
                    QCOMPARE(b.toObject()["caller"].toString(), QStringLiteral("web"));
                    breakerStates = breakerStates || b.toObject()["state"].toString() == "open";
                }
            }
        }
        QVERIFY(slowDetail);
        QVERIFY(breakerStates);
        QVERIFY(retries > 0);
        for (const char* kind : {"fault_start", "fault_end", "breaker_open", "breaker_half_open", "breaker_closed",
                                 "failover_start", "failover_end", "host_down"})
            QVERIFY2(kinds.contains(kind), kind);
        const QJsonObject figures = lines.back()["figures"].toObject();
        for (const char* key : {"retry_amplification", "time_in_slo", "error_budget_burn", "recovery_time.1",
                                "recovery_time.5"})
            QVERIFY2(figures.contains(key), key);
    }

    void streamObeysPauseAndStop()
    {
        QProcess p;
        p.setWorkingDirectory(kGoldenDir + "/data");
        p.start(kCli, {"run", "shop.yaml", "--stream", "--duration", "100000s"});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        auto readFor = [&](int ms, const std::function<bool()>& done) {
            QElapsedTimer t;
            t.start();
            while (!done() && t.elapsed() < ms) {
                p.waitForReadyRead(20);
                out += p.readAllStandardOutput();
            }
            return done();
        };
        QVERIFY(readFor(10000, [&] { return out.count("\"type\":\"frame\"") >= 2; }));
        p.write("pause\n");
        readFor(500, [] { return false; }); // frames already under way still arrive
        const qsizetype paused = out.count('\n');
        readFor(500, [] { return false; });
        QCOMPARE(out.count('\n'), paused);
        p.write("stop\n");
        QVERIFY(p.waitForFinished(10000));
        out += p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 0);
        const QList<QJsonObject> lines = ndjson(out);
        const QJsonObject summary = lines.back();
        QCOMPARE(summary["type"].toString(), QStringLiteral("summary"));
        QCOMPARE(summary["stopped"].toBool(), true);
        QVERIFY(summary["end"].toDouble() < 100000.0);
    }

    void streamSpeedPacesTheRun()
    {
        // 30 s at 50x real time: the 25 s after the first bin take at least 0.5 s.
        QElapsedTimer t;
        t.start();
        const Result r = cli({"run", "shop.yaml", "--stream"}, "speed 50\n");
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(t.elapsed() >= 450, qPrintable(QString("took %1 ms").arg(t.elapsed())));
        QCOMPARE(ndjson(r.out).back()["stopped"].toBool(), false);
    }

    void streamReportsBadCommands()
    {
        const Result r = cli({"run", "shop.yaml", "--stream"}, "faster please\n");
        QCOMPARE(r.exitCode, 0);
        bool reported = false;
        for (const QJsonObject& o : ndjson(r.out))
            if (o["type"].toString() == "error") {
                QCOMPARE(o["message"].toString(),
                         QStringLiteral("unknown command 'faster please'; known: pause, resume, speed X, stop"));
                QCOMPARE(o["fatal"].toBool(), false);
                reported = true;
            }
        QVERIFY(reported);
    }

    // Above --max-events a study is refused before it runs, saying how to shrink it.
    void workAboveTheLimitIsRefused()
    {
        for (const char* command : {"run", "compare"}) {
            const Result r = cli({command, "shop.yaml", "--max-events", "1000"});
            QCOMPARE(r.exitCode, 2);
            QVERIFY(r.out.isEmpty());
            const QList<QByteArray> lines = r.err.trimmed().split('\n');
            QCOMPARE(lines.size(), 2);
            QVERIFY2(lines[0].startsWith("scalelab-cli: error: the study needs about ") &&
                         lines[0].endsWith(" replications), more than --max-events (1000)"),
                     lines[0].constData());
            QCOMPARE(lines[1], QByteArray("scalelab-cli: hint: shorten run.duration (30s) or pass --duration, lower "
                                          "the workload's rate (350.0/s at its peak) or run fewer replications "
                                          "(--replications); or run it anyway with --force"));
        }
        // The estimate, worked out: 150/s for 15 s, a 5 s ramp to 350/s, 350/s for 10 s: 7000
        // requests; 3.76 visits each in one variant, 3.56 in the other (the analytic model's
        // visits over the operation mix): 3.66 on average, x 2 variants x 2 replications =
        // 102480. A small limit reads as a whole number.
        const Result small = cli({"run", "shop.yaml", "--max-events", "10"});
        QCOMPARE(small.err.trimmed().split('\n').value(0),
                 QByteArray("scalelab-cli: error: the study needs about 102480 events (7000 requests x 3.66 visits x "
                            "2 variants x 2 replications), more than --max-events (10)"));
        const Result forced = cli({"run", "shop.yaml", "--max-events", "1000", "--force", "--replications", "1"});
        QCOMPARE(forced.exitCode, 0);
    }

    // A command that is not UTF-8 is an unknown command like any other: the
    // run reports it, with U+FFFD for the bad byte, and goes on to its summary.
    void streamReportsNonUtf8Commands()
    {
        const Result r = cli({"run", "shop.yaml", "--stream"}, QByteArray("pa\xffse\n"));
        QCOMPARE(r.exitCode, 0);
        int reported = 0;
        bool summary = false;
        for (const QJsonObject& o : ndjson(r.out)) {
            if (o["type"].toString() == "error") {
                QCOMPARE(o["message"].toString(), QStringLiteral("unknown command 'pa\uFFFDse'; known: pause, resume, speed X, stop"));
                QCOMPARE(o["fatal"].toBool(), false);
                ++reported;
            }
            summary = summary || o["type"].toString() == "summary";
        }
        QCOMPARE(reported, 1);
        QVERIFY(summary);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
