// The executables end well on inputs that used to crash or outlive them: a
// retry storm that aborted the engine, --help and --version with no display,
// and replication children left running after their parent was killed.
#include "clitest.h"

#include <QtTest>

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <csignal>

namespace {

using namespace scalelab::testing;

const QString kGui = QStringLiteral(SCALELAB_GUI);

/// The live processes whose parent is `parent` (zombies are dead: left out).
QList<qint64> childrenOf(qint64 parent)
{
    QList<qint64> out;
    const QStringList pids = QDir("/proc").entryList({"[0-9]*"}, QDir::Dirs);
    for (const QString& pid : pids) {
        QFile stat("/proc/" + pid + "/stat");
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        // "pid (name) state ppid ...": the name may hold spaces, so read after its ')'.
        const QList<QByteArray> rest = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (rest.size() > 1 && rest[0] != "Z" && rest[1].toLongLong() == parent)
            out.push_back(pid.toLongLong());
    }
    return out;
}

bool alive(qint64 pid)
{
    QFile stat("/proc/" + QString::number(pid) + "/stat");
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    return !text.mid(text.lastIndexOf(')') + 2).startsWith('Z');
}

} // namespace

class TestRobustness : public QObject
{
    Q_OBJECT

private slots:
    void retryStormRuns()
    {
        const Result r = cli({"run", "retry-storm.yaml", "--format", "json"}, {}, 60000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(summary.value("study").toString(), QString("retry storm"));
        // Every attempt times out and is retried thousands of times: nothing succeeds.
        QCOMPARE(summary["figures"]["availability"]["mean"].toDouble(), 0.0);
        QVERIFY(summary["figures"]["retry_amplification"]["mean"].toDouble() > 1000);
    }

    void cliVersion()
    {
        const Result r = cli({"--version"});
        QCOMPARE(r.exitCode, 0);
        static const QRegularExpression line(R"(^scalelab-cli \d+\.\d+\.\d+ \(SimGrid 3\.\d+\.\d+\)\n$)");
        QVERIFY2(line.match(QString::fromUtf8(r.out)).hasMatch(), r.out.constData());
    }

    void guiHelpAndVersionNeedNoDisplay_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("help") << "--help" << R"(^Usage: \S*scalelab \[options\] \[study.yaml\]\n)";
        QTest::newRow("version") << "--version"
                                 << R"(^scalelab \d+\.\d+\.\d+ \(Qt 6\.\d+\.\d+, SimGrid 3\.\d+\.\d+\)\n$)";
    }

    void guiHelpAndVersionNeedNoDisplay()
    {
        QFETCH(QString, flag);
        QFETCH(QString, pattern);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(name);
        p.setProcessEnvironment(env);
        p.start(kGui, {flag});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(QRegularExpression(pattern).match(out).hasMatch(), qPrintable(out));
    }

    // scalelab --set: the study opens with the value (a screenshot is taken),
    // a bad path refuses to open it, as scalelab-cli does.
    void guiTakesSetOverrides()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto gui = [&](const QStringList& args) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("QT_QPA_PLATFORM", "offscreen");
            p.setProcessEnvironment(env);
            p.setWorkingDirectory(kGoldenDir + "/data");
            p.start(kGui, args);
            p.waitForFinished(30000);
            return std::pair{p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
        };
        const QString shot = dir.filePath("set.png");
        const auto good = gui({"shop.yaml", "--set", "variants.monolith.components.app.instances=3", "--screenshot", shot});
        QCOMPARE(good.first, 0);
        QVERIFY(QFile::exists(shot));
        const auto bad = gui({"shop.yaml", "--set", "variants.monolit.components.app.instances=3", "--screenshot",
                              dir.filePath("bad.png")});
        QCOMPARE(bad.first, 2);
        QVERIFY2(bad.second.contains("Cannot open shop.yaml"), qPrintable(bad.second));
        const auto form = gui({"shop.yaml", "--set", "instances", "--screenshot", dir.filePath("form.png")});
        QCOMPARE(form.first, 2);
        QVERIFY2(form.second.contains("--set takes PATH=VALUE (got 'instances')"), qPrintable(form.second));
    }

    void replicationsDieWithTheirParent_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGKILL") << int(SIGKILL);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }

    void replicationsDieWithTheirParent()
    {
        QFETCH(int, signal);
        QProcess p;
        p.setWorkingDirectory(kGoldenDir + "/data");
        // Hours of simulated traffic: the children outlive the test unless they die with their parent.
        p.start(kCli, {"run", "shop.yaml", "--duration", "100000s", "--replications", "2", "--format", "json"});
        QVERIFY(p.waitForStarted());
        const qint64 parent = p.processId();
        QList<qint64> children;
        for (int i = 0; i < 200 && children.isEmpty(); ++i) {
            QThread::msleep(50);
            children = childrenOf(parent);
        }
        QThread::msleep(200); // the second replication starts beside the first on two cores
        children = childrenOf(parent);
        QVERIFY(!children.isEmpty());
        QCOMPARE(::kill(pid_t(parent), signal), 0);
        QVERIFY(p.waitForFinished(10000));
        bool gone = false;
        for (int i = 0; i < 100 && !gone; ++i) {
            gone = std::none_of(children.begin(), children.end(), alive);
            if (!gone)
                QThread::msleep(50);
        }
        for (qint64 child : children)
            if (alive(child))
                ::kill(pid_t(child), SIGKILL); // leave nothing behind, even when failing
        QVERIFY2(gone, "a replication outlived its parent");
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
