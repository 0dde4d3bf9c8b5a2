// scalelab-cli run --trace-out and import traces end to end. The round trip:
// the bundled shop's monolith traced for two minutes, imported back, and the
// imported study run over the traced period must agree with the traces
// within 5% on the mean and the p99 of every operation (import --check's
// table). The trace file is byte-identical for the same seed; bad input gets
// exact messages and exit codes.
#include "clitest.h"

#include <QtTest>

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace scalelab::testing;

namespace {

const QString kExamples = QStringLiteral(SCALELAB_EXAMPLES_DIR);
const QString kShop = kExamples + "/shop.yaml";
const QString kTraces = QStringLiteral(SCALELAB_TRACE_DIR);
const QString kK8s = QStringLiteral(SCALELAB_K8S_DIR);

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The relative difference in a cell "obs / sim (+d%)".
double difference(const QString& cell)
{
    const QRegularExpressionMatch m = QRegularExpression(R"(\(([-+][0-9.]+)%\))").match(cell);
    return m.hasMatch() ? m.captured(1).toDouble() / 100.0 : 1e9;
}

} // namespace

class TestImportCli : public QObject
{
    Q_OBJECT

private slots:
    void traceOutIsDeterministic()
    {
        QTemporaryDir dir;
        const QStringList args{"run", kShop, "--variant", "monolith", "--duration", "30s", "--warmup", "10s",
                               "--replications", "1", "--trace-sample", "0.2", "--trace-out"};
        const Result a = cli(args + QStringList{dir.filePath("a.jsonl")}, {}, 60000);
        QCOMPARE(a.exitCode, 0);
        const Result b = cli(args + QStringList{dir.filePath("b.jsonl")}, {}, 60000);
        QCOMPARE(b.exitCode, 0);
        const QByteArray first = readAll(dir.filePath("a.jsonl"));
        QVERIFY(!first.isEmpty());
        QCOMPARE(readAll(dir.filePath("b.jsonl")), first);
        // About a fifth of 30 s x 100 requests/s, one line each.
        const qsizetype lines = first.count('\n');
        QVERIFY2(lines > 450 && lines < 750, qPrintable(QString::number(lines)));
        // Every line one request: SERVER spans of lb and app, CLIENT spans of their calls.
        const QList<QByteArray> all = first.split('\n');
        QVERIFY(all.front().startsWith("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                                       "\"value\":{\"stringValue\":\"lb\"}}]}"));
        QVERIFY(first.contains("{\"key\":\"db.system\",\"value\":{\"stringValue\":\"other_sql\"}}"));
        QVERIFY(first.contains("{\"key\":\"peer.service\",\"value\":{\"stringValue\":\"payments\"}}"));
    }

    void roundTripAgreesWithinFivePercent()
    {
        QTemporaryDir dir;
        const QString traces = dir.filePath("shop.jsonl");
        const QString study = dir.filePath("imported.yaml");
        const Result run = cli({"run", kShop, "--variant", "monolith", "--duration", "120s", "--replications", "1",
                                "--trace-out", traces},
                               {}, 120000);
        QCOMPARE(run.exitCode, 0);
        const Result imported = cli({"import", "traces", traces, "--out", study, "--check"}, {}, 120000);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QVERIFY2(imported.err.startsWith("imported "), imported.err.constData());
        const Result valid = cli({"validate", study});
        QVERIFY2(valid.exitCode == 0, valid.err.constData());

        // The operations' rows of the calibration table: mean and p99 within 5%.
        int rows = 0;
        for (const QByteArray& raw : imported.out.split('\n')) {
            const QString line = QString::fromUtf8(raw);
            const QStringList cells = line.split(QRegularExpression("\\s{2,}"));
            if (cells.size() != 6 || !(cells[0] == "browse" || cells[0] == "search" || cells[0] == "checkout"))
                continue;
            if (rows++ >= 3)
                break; // the components' table follows
            qInfo("%s", qPrintable(line));
            QVERIFY2(std::abs(difference(cells[2])) <= 0.05, qPrintable(line));
            QVERIFY2(std::abs(difference(cells[4])) <= 0.05, qPrintable(line));
        }
        QCOMPARE(rows, 3);
    }

    void unknownFormatIsBadInput()
    {
        const Result r = cli({"import", "traces", kTraces + "/unknown.json"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err),
                 kTraces + "/unknown.json:1:1: error: unknown trace format: neither OTLP JSON (resourceSpans) nor a "
                           "Jaeger export (data) (export traces with the OpenTelemetry collector's file exporter, or "
                           "download them from Jaeger as JSON)\n"
                           "scalelab-cli: error: the traces could not be read\n"
                           "scalelab-cli: hint: see the errors above\n");
        QVERIFY(r.out.isEmpty());
    }

    void truncatedLineIsReportedAndSkipped()
    {
        QTemporaryDir dir;
        const Result r = cli({"import", "traces", kTraces + "/truncated.jsonl", "--out", dir.filePath("s.yaml")});
        QCOMPARE(r.exitCode, 0);
        const QStringList err = QString::fromUtf8(r.err).split('\n');
        QVERIFY2(err[0].startsWith(kTraces + "/truncated.jsonl:2:121: warning: malformed JSON, line skipped (a "
                                             "truncated line?) ("),
                 qPrintable(err[0]));
        QCOMPARE(err[1], "imported 1 traces (5 spans): 1 operations, 3 components, over 1.0 s -> " +
                             dir.filePath("s.yaml"));
        QCOMPARE(err[2], QString("left out: 1 malformed lines"));
    }

    void k8sManifestsMakeAValidStudy()
    {
        // The bundled shop's manifests, as a new study: it validates, and
        // stderr says what each component got and what was left out.
        QTemporaryDir dir;
        const QString out = dir.filePath("cluster.yaml");
        const Result r = cli({"import", "k8s", kExamples + "/k8s/shop.yaml", "--out", out});
        QCOMPARE(r.exitCode, 0);
        const QStringList err = QString::fromUtf8(r.err).split('\n');
        QCOMPARE(err[0], kExamples + "/k8s/shop.yaml:90:7: warning: kind ConfigMap is not read: left out (import k8s "
                                     "reads Deployment, StatefulSet, Service and HorizontalPodAutoscaler)");
        QCOMPARE(err[1], "read 6 manifests: 2 workloads, 2 services, 1 autoscalers -> " + out);
        QCOMPARE(err[2], QString("  shop-app (Deployment shop-app): instances 4, cores 4 (CPU limit 4); HPA shop-app: "
                                 "4..16, target_cpu 60%, provision 30 s"));
        QCOMPARE(err[3], QString("  postgres (StatefulSet postgres): instances 1, cores 8 (CPU limit 8)"));
        QVERIFY(err.contains("left out: 1 ConfigMap"));
        QCOMPARE(cli({"validate", out}).exitCode, 0);
    }

    void badManifestsAreBadInput()
    {
        const QString f = kK8s + "/bad/missing.yaml";
        const Result r = cli({"import", "k8s", f});
        QCOMPARE(r.exitCode, 2);
        const QStringList err = QString::fromUtf8(r.err).split('\n');
        QCOMPARE(err[0], f + ":4:3: error: Deployment: metadata.name is required (name the Deployment)");
        QCOMPARE(err.size(), 8); // 5 errors, the summary and its hint, the last newline
        QCOMPARE(err[5], QString("scalelab-cli: error: the manifests could not be read"));
        QVERIFY(r.out.isEmpty());
        // Only kinds it does not read: nothing to import.
        const Result none = cli({"import", "k8s", kK8s + "/bad/unknown.yaml"});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains("scalelab-cli: error: no Deployment or StatefulSet in 2 manifests"));
    }
};

QTEST_GUILESS_MAIN(TestImportCli)
#include "tst_importcli.moc"
