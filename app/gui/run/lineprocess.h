#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace scalelab::gui {

/// A child process read a line at a time: every complete stdout line (and a
/// last one without its newline) as it comes, the last few KB of stderr kept
/// for the error message, one ended() however it ends. `scalelab-cli compare
/// --stream` and `sweep --stream` are read through it.
class LineProcess : public QObject
{
    Q_OBJECT
public:
    explicit LineProcess(QObject* parent = nullptr);
    ~LineProcess() override;

    /// Starts `program arguments`; false when one is running already.
    bool start(const QString& program, const QStringList& arguments);
    /// Kills the child (its own children are bound to it and die too); ended() follows.
    void kill();
    bool isRunning() const { return m_process != nullptr; }
    /// Whether kill() ended the current or last child.
    bool killed() const { return m_killed; }
    /// The end of its stderr, trimmed.
    QString stderrTail() const;
    /// Why a stream's run failed, empty when it did not, once ended(`ended`)
    /// came: `unreadable` (a refused line) first, then `cancelled` after
    /// kill(), then the exit failure with the stream's `fatalError` or the
    /// stderr tail, then `incomplete` when it exited 0 without its last line.
    QString failure(const QString& ended, const QString& unreadable, const QString& fatalError, bool complete,
                    const QString& cancelled, const QString& incomplete) const;

signals:
    void lineRead(const QByteArray& line);
    /// `failure` is empty after exit code 0; otherwise why it ended (cannot
    /// start, crashed, exit code N), without the stderr tail.
    void ended(const QString& failure);

private:
    void readOutput();
    void finish(const QString& failure);

    QProcess* m_process = nullptr;
    QByteArray m_partial;
    QByteArray m_stderrTail;
    bool m_killed = false;
};

} // namespace scalelab::gui
