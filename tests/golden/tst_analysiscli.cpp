// scalelab-cli analyze and capacity end to end on the golden shop
// (tests/golden/data/shop.yaml): the tables against checked-in golden files
// (byte-identical across runs), the JSON's figures against the study's own
// numbers, and exit codes and error text on bad input.
#include "clitest.h"

#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace scalelab::testing;

class TestAnalysisCli : public QObject
{
    Q_OBJECT

private slots:
    void analyzeTableMatchesGolden()
    {
        const Result first = cli({"analyze", "shop.yaml", "--variant", "services", "--rps", "300"});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.err, QByteArray());
        compareWithGolden(first.out, "analyze.txt");
        const Result second = cli({"analyze", "shop.yaml", "--variant", "services", "--rps", "300"});
        QVERIFY(first.out == second.out);
    }

    void analyzeJsonFollowsTheStudy()
    {
        // Default rate: the workload's peak (350/s), which overloads the
        // monolith's two cores (2.03 busy): no steady state, figures null.
        const Result peak = cli({"analyze", "shop.yaml", "--format", "json"});
        QCOMPARE(peak.exitCode, 0);
        const QJsonObject p = QJsonDocument::fromJson(peak.out).object();
        QCOMPARE(p["variant"].toString(), QString("monolith"));
        QCOMPARE(p["rate"].toDouble(), 350.0);
        QCOMPARE(p["stable"].toBool(), false);
        QVERIFY(p["p99"].isNull());
        QCOMPARE(p["bottleneck"].toString(), QString("app"));
        QVERIFY(p["saturation"].toDouble() < 350.0);

        const Result r = cli({"analyze", "shop.yaml", "--format", "json", "--rps", "350"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, peak.out);
        const Result low = cli({"analyze", "shop.yaml", "--format", "json", "--rps", "200"});
        const QJsonObject j = QJsonDocument::fromJson(low.out).object();
        QCOMPARE(j["rate"].toDouble(), 200.0);
        QCOMPARE(j["stable"].toBool(), true);
        const QJsonArray ops = j["operations"].toArray();
        QCOMPARE(ops.size(), 2);
        // browse: 80% of 200/s; its db visits are the cache's misses (hit_ratio 0.8).
        QCOMPARE(ops[0].toObject()["rate"].toDouble(), 160.0);
        QVERIFY(std::abs(ops[0].toObject()["visits"].toObject()["db"].toDouble() - 0.2) < 1e-12);
        // The app's cores: 160 x 4 ms + 40 x (10 ms + 3 ms of the mail consumer) on 2 cores.
        double appCpu = -1, highest = 0;
        QString highestName;
        for (const auto& c : j["components"].toArray()) {
            const QJsonObject o = c.toObject();
            if (o["name"].toString() == "app")
                appCpu = o["cpu_utilization"].toDouble();
            if (o["utilization"].toDouble() > highest) {
                highest = o["utilization"].toDouble();
                highestName = o["name"].toString();
            }
        }
        QVERIFY(std::abs(appCpu - (160 * 0.004 + 40 * 0.013) / 2) < 1e-12);
        QCOMPARE(j["bottleneck"].toString(), highestName);
        // Saturation: below the 2 cores' 344.8/s (worker pools fill first), above 200/s.
        QVERIFY(j["saturation"].toDouble() > 200.0 && j["saturation"].toDouble() < 2 / (0.8 * 0.004 + 0.2 * 0.013));
    }

    void capacityTableMatchesGolden()
    {
        const QStringList args{"capacity", "shop.yaml", "--variant", "services", "--probe", "10s", "--steps", "2"};
        const Result first = cli(args, {}, 120000);
        QCOMPARE(first.exitCode, 0);
        compareWithGolden(first.out, "capacity.txt");
        const Result second = cli(args, {}, 120000);
        QVERIFY2(first.out == second.out, "two searches with the same seed differ");
    }

    void closedWorkload()
    {
        // One user and no think time: X = 1 / R.
        const Result r = cli({"analyze", "shop.yaml", "--users", "1", "--format", "json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QVERIFY(std::abs(j["throughput"].toDouble() * j["mean"].toDouble() - 1.0) < 1e-9);
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("err");
        QTest::newRow("rps 0") << QStringList{"analyze", "shop.yaml", "--rps", "0"}
                               << QByteArray("scalelab-cli: error: --rps: must be > 0 requests/s (got 0)\n");
        QTest::newRow("rps text") << QStringList{"analyze", "shop.yaml", "--rps", "fast"}
                                  << QByteArray("scalelab-cli: error: --rps: requests/s, a number > 0 (got fast)\n");
        QTest::newRow("think alone") << QStringList{"analyze", "shop.yaml", "--think", "1s"}
                                     << QByteArray("scalelab-cli: error: --think requires --users\n");
        QTest::newRow("users and rps") << QStringList{"analyze", "shop.yaml", "--users", "5", "--rps", "10"}
                                       << QByteArray("--rps");
        QTest::newRow("unknown variant") << QStringList{"analyze", "shop.yaml", "--variant", "servces"}
                                         << QByteArray("did you mean 'services'?");
        QTest::newRow("bad format") << QStringList{"capacity", "shop.yaml", "--format", "csv"} << QByteArray("--format");
        QTest::newRow("missing study") << QStringList{"capacity", "nowhere.yaml"} << QByteArray("cannot read the study");
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, err);
        const Result r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out, QByteArray());
        QVERIFY2(r.err.contains(err), r.err.constData());
    }

    void capacityNeedsAnSlo()
    {
        QTemporaryDir dir;
        QFile in(kGoldenDir + "/data/shop.yaml");
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        text.replace("slo: {p99: 50ms, availability: 99%}\n", "");
        QFile out(dir.filePath("noslo.yaml"));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        const Result r = cli({"capacity", dir.filePath("noslo.yaml")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("scalelab-cli: error: the study sets no SLO"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestAnalysisCli)
#include "tst_analysiscli.moc"
