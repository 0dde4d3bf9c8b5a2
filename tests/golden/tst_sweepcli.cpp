// scalelab-cli sweep end to end on tests/golden/data/sweep.yaml (twelve
// point x variant pairs of a one-core service with exponential service
// times), and --set and stopping on precision through run and compare:
// tidy rows, resumption, shards merged byte for byte, the figures against
// queueing theory, and the errors.
#include "clitest.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>

#include <cmath>

using namespace scalelab::testing;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing " + path.toUtf8() + ">");
}

/// Every file a finished sweep writes, by name (points/KEY.jsonl included).
QMap<QString, QByteArray> outputs(const QString& dir)
{
    QMap<QString, QByteArray> out;
    for (const QString& name : {"results.csv", "results.jsonl", "aggregate.csv", "aggregate.jsonl", "points.csv",
                                "sweep.json"})
        out[name] = readAll(dir + "/" + name);
    for (const QString& name : QDir(dir + "/points").entryList(QDir::Files))
        out["points/" + name] = readAll(dir + "/points/" + name);
    return out;
}

/// aggregate.csv's mean for (instances, rps, variant, metric).
double aggregateMean(const QByteArray& csv, const QString& instances, const QString& rps, const QString& variant,
                     const QString& metric)
{
    for (const QByteArray& line : csv.split('\n')) {
        const QList<QByteArray> c = line.split(',');
        // point,key,instances,rps,variant,metric,replications,mean,low,high,half_width
        if (c.size() == 11 && c[2] == instances.toUtf8() && c[3] == rps.toUtf8() && c[4] == variant.toUtf8() &&
            c[5] == metric.toUtf8())
            return c[7].toDouble();
    }
    return NAN;
}

int replicationsOf(const Result& r)
{
    return QJsonDocument::fromJson(r.out).object()["replications"].toInt();
}

} // namespace

class TestSweepCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_full; // a whole local sweep, run once

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_full = m_tmp.filePath("full");
        const Result r = cli({"sweep", "sweep.yaml", "--out", m_full, "--no-plots"}, {}, 120000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("sweep: 6 points x 2 variants; 0 done, 6 to run"), r.err.constData());
    }

    void tidyRows()
    {
        const QList<QByteArray> rows = readAll(m_full + "/results.csv").trimmed().split('\n');
        QCOMPARE(rows.front(), QByteArray("point,key,instances,rps,variant,replication,metric,value"));
        QCOMPARE(rows.size(), 1 + 6 * 2 * 2 * 4); // points x variants x replications x metrics
        QCOMPARE(readAll(m_full + "/results.jsonl").trimmed().split('\n').size(), 6 * 2 * 2 * 4);
        const QList<QByteArray> agg = readAll(m_full + "/aggregate.csv").trimmed().split('\n');
        QCOMPARE(agg.front(), QByteArray("point,key,instances,rps,variant,metric,replications,mean,low,high,half_width"));
        QCOMPARE(agg.size(), 1 + 6 * 2 * 4);
        const QList<QByteArray> points = readAll(m_full + "/points.csv").trimmed().split('\n');
        QCOMPARE(points.size(), 7);
        QVERIFY(points[1].startsWith("0,") && points[1].endsWith(",1,40"));
        QVERIFY(points[6].startsWith("5,") && points[6].endsWith(",3,80"));
        QCOMPARE(QDir(m_full + "/points").entryList(QDir::Files).size(), 6);
    }

    // One core, exponential 10 ms: an M/M/1 per instance. Throughput is the
    // offered rate; the mean response at one instance is 10 ms / (1 - rho)
    // (rho 0.4: 16.7 ms); more instances only lower it. 18 s measured in two
    // replications: 25% tolerance on the mean.
    void figuresFollowQueueingTheory()
    {
        const QByteArray agg = readAll(m_full + "/aggregate.csv");
        for (const QString& rps : {"40", "80"})
            for (const QString& n : {"1", "2", "3"}) {
                const double x = aggregateMean(agg, n, rps, "single", "throughput");
                QVERIFY2(std::abs(x - rps.toDouble()) < 0.1 * rps.toDouble(), qPrintable(n + "@" + rps));
            }
        const double m1 = aggregateMean(agg, "1", "40", "single", "mean");
        QVERIFY2(std::abs(m1 - 0.010 / 0.6) < 0.25 * 0.010 / 0.6, qPrintable(QString::number(m1)));
        QVERIFY(aggregateMean(agg, "1", "80", "single", "mean") > aggregateMean(agg, "2", "80", "single", "mean"));
        QVERIFY(aggregateMean(agg, "1", "80", "single", "p99") > aggregateMean(agg, "3", "80", "single", "p99"));
        // Cost per million requests: more instances cost more per request at the same rate.
        QVERIFY(aggregateMean(agg, "3", "40", "single", "cost_per_million") >
                aggregateMean(agg, "1", "40", "single", "cost_per_million"));
    }

    void rerunIsByteIdenticalAndRunsNothing()
    {
        const QString again = m_tmp.filePath("again");
        QVERIFY(QDir().mkpath(again));
        const Result r = cli({"sweep", "sweep.yaml", "--out", again, "--no-plots"}, {}, 120000);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(outputs(again), outputs(m_full));
        const Result none = cli({"sweep", "sweep.yaml", "--out", again, "--no-plots"}, {}, 60000);
        QCOMPARE(none.exitCode, 0);
        QVERIFY2(none.err.contains("6 done, 0 to run"), none.err.constData());
        QCOMPARE(outputs(again), outputs(m_full));
    }

    // A sweep stopped half way (points missing) runs only the missing ones.
    void resumesTheMissingPoints()
    {
        const QString dir = m_tmp.filePath("resume");
        QVERIFY(QDir().mkpath(dir + "/points"));
        const QStringList files = QDir(m_full + "/points").entryList(QDir::Files);
        for (int i = 0; i < files.size(); ++i)
            if (i != 1 && i != 4)
                QVERIFY(QFile::copy(m_full + "/points/" + files[i], dir + "/points/" + files[i]));
        const Result status = cli({"sweep", "sweep.yaml", "--out", dir, "--status"});
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains("4 of 6 points done, 2 missing"), status.out.constData());
        const Result r = cli({"sweep", "sweep.yaml", "--out", dir, "--no-plots"}, {}, 120000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("4 done, 2 to run"), r.err.constData());
        QCOMPARE(outputs(dir), outputs(m_full));
    }

    // sweep --stream (docs/stream.md): the plan, the points done before as
    // they were, each point run as it lands with the rows of aggregate.jsonl,
    // the progress with its time left, then the result; the files as without it.
    void streamTellsThePlanAndEachPoint()
    {
        const QString dir = m_tmp.filePath("stream");
        QVERIFY(QDir().mkpath(dir + "/points"));
        // points.csv: point,key,instances,rps; all but points 0 and 3 done.
        for (const QByteArray& line : readAll(m_full + "/points.csv").trimmed().split('\n').mid(1)) {
            const QList<QByteArray> c = line.split(',');
            if (c[0] != "0" && c[0] != "3")
                QVERIFY(QFile::copy(m_full + "/points/" + c[1] + ".jsonl", dir + "/points/" + c[1] + ".jsonl"));
        }
        const Result r = cli({"sweep", "sweep.yaml", "--out", dir, "--stream"}, {}, 120000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QList<QJsonObject> lines;
        for (const QByteArray& line : r.out.trimmed().split('\n')) {
            QJsonParseError e;
            const QJsonDocument d = QJsonDocument::fromJson(line, &e);
            QVERIFY2(e.error == QJsonParseError::NoError && d.isObject(), line.constData());
            lines << d.object();
        }
        QVERIFY(lines.size() >= 1 + 6 + 1 + 1);
        const QJsonObject plan = lines.front();
        QCOMPARE(plan["type"].toString(), QString("sweep"));
        QCOMPARE(plan["points"].toInt(), 6);
        QCOMPARE(plan["done"].toInt(), 4);
        QCOMPARE(plan["to_run"].toInt(), 2);
        QCOMPARE(plan["replications"].toInt(), 2);
        QCOMPARE(plan["duration"].toDouble(), 20.0);
        QCOMPARE(plan["out"].toString(), dir);
        QCOMPARE(plan["sweep"].toObject(), QJsonDocument::fromJson(readAll(m_full + "/sweep.json")).object());
        QCOMPARE(lines.back()["type"].toString(), QString("result"));

        // aggregate.jsonl's rows by point.
        QMap<int, QList<QJsonObject>> expected;
        for (const QByteArray& line : readAll(m_full + "/aggregate.jsonl").trimmed().split('\n')) {
            const QJsonObject row = QJsonDocument::fromJson(line).object();
            expected[row["point"].toInt()] << row;
        }
        QList<int> order;
        int progress = 0;
        QJsonObject lastProgress;
        for (const QJsonObject& l : lines.mid(1, lines.size() - 2)) {
            const QString type = l["type"].toString();
            if (type == "progress") {
                ++progress;
                QVERIFY(l["eta"].isDouble() || l["eta"].isNull());
                QVERIFY(l["done"].toDouble() <= l["total"].toDouble() + 1e-9);
                lastProgress = l;
                continue;
            }
            QCOMPARE(type, QString("point"));
            const int point = l["point"].toInt();
            order << point;
            QList<QJsonObject> rows;
            for (const QJsonValue& row : l["rows"].toArray())
                rows << row.toObject();
            QCOMPARE(rows, expected.value(point));
        }
        // The four done first (in the sweep's order), then the two that ran.
        QCOMPARE(order, (QList<int>{1, 2, 4, 5, 0, 3}));
        QVERIFY(progress >= 1);
        QCOMPARE(lastProgress["done"].toDouble(), 2 * 2 * 2 * 20.0); // two points x variants x replications x 20 s
        QCOMPARE(lastProgress["total"].toDouble(), 2 * 2 * 2 * 20.0);
        QCOMPARE(outputs(dir), outputs(m_full));
        QVERIFY(!QDir(dir + "/charts").exists()); // the front end draws them

        // Bad input: the reason as an error line too.
        const Result bad = cli({"sweep", "shop.yaml", "--stream"});
        QCOMPARE(bad.exitCode, 2);
        const QJsonObject error = QJsonDocument::fromJson(bad.out.trimmed()).object();
        QCOMPARE(error["type"].toString(), QString("error"));
        QVERIFY2(error["message"].toString().contains("shop.yaml has no sweep: section"), bad.out.constData());
    }

    // Shards in any order, each its share of the points: the last one to end
    // merges, and the union is the whole sweep byte for byte.
    void shardsMergeToTheWhole_data()
    {
        QTest::addColumn<int>("count");
        QTest::newRow("2 shards") << 2;
        QTest::newRow("4 shards") << 4;
    }

    void shardsMergeToTheWhole()
    {
        QFETCH(int, count);
        const QString dir = m_tmp.filePath(QString("shards%1").arg(count));
        for (int i = count; i >= 1; --i) {
            const Result r = cli({"sweep", "sweep.yaml", "--out", dir, "--no-plots", "--shard",
                                  QString("%1/%2").arg(i).arg(count)},
                                 {}, 120000);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const int owned = (6 - i + count) / count; // points i-1, i-1+count, ... below 6
            QVERIFY2(r.err.contains(QString(", %1 to run (shard %2/%3)").arg(owned).arg(i).arg(count).toUtf8()),
                     r.err.constData());
            QCOMPARE(QFile::exists(dir + "/results.csv"), i == 1);
        }
        QCOMPARE(outputs(dir), outputs(m_full));
        const Result status = cli({"sweep", "sweep.yaml", "--out", dir, "--status", "--shards", QString::number(count)});
        QVERIFY2(status.out.contains("shards of " + QByteArray::number(count) + " with missing points: none"),
                 status.out.constData());
    }

    void mergeRefusesMissingPoints()
    {
        const QString dir = m_tmp.filePath("partial");
        QVERIFY(cli({"sweep", "sweep.yaml", "--out", dir, "--no-plots", "--shard", "1/3"}, {}, 120000).exitCode == 0);
        const Result status = cli({"sweep", "sweep.yaml", "--out", dir, "--status", "--shards", "3"});
        QVERIFY2(status.out.contains("2 of 6 points done, 4 missing"), status.out.constData());
        QVERIFY2(status.out.contains("shards of 3 with missing points: 2,3"), status.out.constData());
        const Result merge = cli({"sweep", "sweep.yaml", "--out", dir, "--merge"});
        QCOMPARE(merge.exitCode, 1);
        QVERIFY2(merge.err.contains("scalelab-cli: error: 4 of 6 points have no results"), merge.err.constData());
    }

    void slurmDryRunPrintsTheScripts()
    {
        const QString dir = m_tmp.filePath("slurm");
        const Result r = cli({"sweep", "sweep.yaml", "--out", dir, "--slurm", "--dry-run", "--shards", "3",
                              "--max-parallel", "2", "--partition", "debug", "--time", "10:00"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("#SBATCH --array=1,2,3%2\n"));
        QVERIFY(r.out.contains("#SBATCH --partition=debug\n"));
        QVERIFY(r.out.contains("#SBATCH --time=10:00\n"));
        QVERIFY(r.out.contains("--shard \"$SLURM_ARRAY_TASK_ID/3\""));
        QVERIFY(r.out.contains(" --merge\n"));
        QVERIFY(r.out.contains("sbatch --parsable --dependency=afterok:<array job>"));
        QVERIFY(!QFile::exists(dir + "/slurm/sweep-array.sh")); // a dry run writes nothing
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        QTest::newRow("no sweep section")
            << QStringList{"sweep", "shop.yaml"}
            << "scalelab-cli: error: shop.yaml has no sweep: section; nothing to sweep";
        QTest::newRow("bad shard") << QStringList{"sweep", "sweep.yaml", "--shard", "4/3"}
                                   << "scalelab-cli: error: --shard takes i/N with 1 <= i <= N (got '4/3')";
        QTest::newRow("bad metric") << QStringList{"sweep", "sweep.yaml", "--set", "sweep.metrics=[p99, througput]"}
                                    << "scalelab-cli: hint: did you mean 'throughput'?";
        QTest::newRow("bad value in a point")
            << QStringList{"sweep", "sweep.yaml", "--set", "sweep.parameters.0.from=0"}
            << "scalelab-cli: error: sweep point 0 (instances=0, rps=40) is not a valid study";
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        const Result r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(error.toUtf8()), r.err.constData());
    }

    // --set on the commands that read a study: a bad value gets the file's
    // message at its --set, a bad path the valid keys there.
    void setOverridesOnEveryCommand()
    {
        const Result bad = cli({"validate", "shop.yaml", "--set", "variants.monolith.components.app.instances=0"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.startsWith("shop.yaml: --set variants.monolith.components.app.instances=0: error: "
                                    "variants.monolith.components.app.instances must be >= 1 (got 0)"),
                 bad.err.constData());
        const Result path = cli({"run", "shop.yaml", "--set", "variants.monolit.components.app.instances=2"});
        QCOMPARE(path.exitCode, 2);
        QVERIFY2(path.err.contains("no 'monolit' under 'variants'; known: monolith, services (did you mean "
                                   "'variants.monolith'?)"),
                 path.err.constData());
        const Result form = cli({"analyze", "shop.yaml", "--set", "run.seed"});
        QCOMPARE(form.exitCode, 2);
        QVERIFY2(form.err.contains("--set takes PATH=VALUE (got 'run.seed')"), form.err.constData());

        // A good one changes the figures as the same edit in the file would.
        const Result a = cli({"analyze", "shop.yaml", "--format", "json", "--rps", "200"});
        const Result b = cli({"analyze", "shop.yaml", "--format", "json", "--rps", "200", "--set",
                              "variants.monolith.components.app.cores=4"});
        QCOMPARE(b.exitCode, 0);
        QVERIFY(a.out != b.out);
        for (const char* cmd : {"capacity", "export-charts", "compare"}) {
            const Result help = cli({cmd, "--help"});
            QVERIFY2(help.out.contains("--set PATH=VALUE"), cmd);
        }
    }

    // Stopping on precision: sweep.yaml's single variant at rho 0.6, the
    // mean response's interval relative to the mean. A tighter target takes
    // more replications, always within min..max, the same count every time.
    void replicationsUntilPrecise()
    {
        auto count = [](const QString& halfWidth, int min, int max) {
            const Result r = cli({"run", "sweep.yaml", "--variant", "single", "--format", "json", "--set",
                                  "run.until={metric: mean, half_width: " + halfWidth + ", min: " +
                                      QString::number(min) + ", max: " + QString::number(max) + "}"},
                                 {}, 120000);
            if (r.exitCode != 0)
                qWarning("%s", r.err.constData());
            return replicationsOf(r);
        };
        const int loose = count("50%", 3, 40);
        const int tight = count("4%", 3, 40);
        QCOMPARE(loose, 3);                 // any 3 replications of 18 s are within 50%
        QVERIFY2(tight > loose, qPrintable(QString::number(tight)));
        QVERIFY(tight <= 40);
        QCOMPARE(count("4%", 3, 40), tight); // deterministic
        QCOMPARE(count("0.01%", 3, 6), 6);  // never reached: bounded by max
        QCOMPARE(count("50%", 5, 8), 5);    // bounded below by min

        // compare grows every variant alike, so the differences stay paired.
        const Result c = cli({"compare", "sweep.yaml", "--format", "json", "--set",
                              "run.until={metric: mean, half_width: 4%, min: 3, max: 40}"},
                             {}, 120000);
        QCOMPARE(c.exitCode, 0);
        QVERIFY(replicationsOf(c) >= tight);
        // A sweep stops each point on its own: within min..max, the tables
        // hold each point's count, and a rerun reproduces them.
        const QString dir = m_tmp.filePath("until");
        const QStringList sweep{"sweep", "sweep.yaml", "--out", dir, "--no-plots", "--set",
                                "run.until={metric: mean, half_width: 10%, min: 2, max: 12}"};
        QCOMPARE(cli(sweep, {}, 120000).exitCode, 0);
        const QByteArray agg = readAll(dir + "/aggregate.csv");
        int rows = 0, total = 0;
        QSet<int> counts;
        for (const QByteArray& line : agg.trimmed().split('\n').mid(1)) {
            const QList<QByteArray> c = line.split(',');
            if (c[5] != "mean")
                continue;
            const int n = c[6].toInt();
            QVERIFY2(n >= 2 && n <= 12, line.constData());
            counts.insert(n);
            total += n;
            ++rows;
        }
        QCOMPARE(rows, 12);
        QVERIFY2(counts.size() > 1, "every point took as many replications"); // rho 0.13..0.8 differ in spread
        QCOMPARE(readAll(dir + "/results.csv").trimmed().split('\n').size() - 1, total * 4);
        const QString again = m_tmp.filePath("until-again");
        QStringList rerun = sweep;
        rerun[3] = again;
        QCOMPARE(cli(rerun, {}, 120000).exitCode, 0);
        QCOMPARE(outputs(again), outputs(dir));

        // An explicit --replications wins.
        const Result fixed = cli({"run", "sweep.yaml", "--variant", "single", "--format", "json", "--replications",
                                  "2", "--set", "run.until={metric: mean, half_width: 4%}"},
                                 {}, 60000);
        QCOMPARE(replicationsOf(fixed), 2);
    }
};

QTEST_GUILESS_MAIN(TestSweepCli)
#include "tst_sweepcli.moc"
