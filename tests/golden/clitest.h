#pragma once

// Shared by the golden tests: run the built scalelab-cli, compare its output
// with checked-in files (SCALELAB_UPDATE_GOLDEN=1 rewrites them).
#include <QFile>
#include <QProcess>
#include <QtTest>

namespace scalelab::testing {


inline const QString kCli = QStringLiteral(SCALELAB_CLI);
inline const QString kGoldenDir = QStringLiteral(SCALELAB_GOLDEN_DIR);

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs scalelab-cli in tests/golden/data (study paths are relative, as in the goldens).
inline Result cli(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 20000,
                  const QString& workingDir = kGoldenDir + "/data")
{
    QProcess p;
    p.setWorkingDirectory(workingDir);
    p.start(kCli, args);
    if (!p.waitForStarted())
        return {};
    p.write(input);
    p.closeWriteChannel();
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        // Still running: a failure that says so, never the exit code 0 of a process not yet ended.
        p.kill();
        p.waitForFinished();
        r.out = p.readAllStandardOutput();
        r.err = "scalelab-cli " + args.join(' ').toUtf8() + " did not finish within " +
                QByteArray::number(timeoutMs) + " ms\n" + p.readAllStandardError();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// Compares `actual` with expected/<name>, line by line for a readable failure;
/// rewrites the file instead when SCALELAB_UPDATE_GOLDEN is set.
inline void compareWithGolden(const QByteArray& actual, const QString& name)
{
    const QString path = kGoldenDir + "/expected/" + name;
    if (qEnvironmentVariableIsSet("SCALELAB_UPDATE_GOLDEN")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(actual);
        qInfo("rewrote %s", qPrintable(path));
        return;
    }
    QFile f(path);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable("missing golden file " + path));
    const QByteArray expected = f.readAll();
    const QList<QByteArray> want = expected.split('\n');
    const QList<QByteArray> got = actual.split('\n');
    for (qsizetype i = 0; i < std::min(want.size(), got.size()); ++i)
        QVERIFY2(want[i] == got[i], qPrintable(QString("%1 line %2:\n  expected: %3\n  actual:   %4")
                                                   .arg(name)
                                                   .arg(i + 1)
                                                   .arg(QString::fromUtf8(want[i]), QString::fromUtf8(got[i]))));
    QCOMPARE(got.size(), want.size());
}

} // namespace scalelab::testing
