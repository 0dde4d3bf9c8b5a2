#pragma once

#include "lineprocess.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace scalelab::gui {

/// The lines of `scalelab-cli compare --stream` (docs/stream.md), read one at
/// a time: the replications (`jobs`), their `progress`, the `result` (the
/// table the CLI prints, as cells, and the JSON comparison) or a fatal
/// `error`. It trusts no line: one that is not JSON, or lacks a key, or has a
/// key of the wrong type, is refused with a message naming the line.
class CompareStream
{
public:
    /// One replication of one variant, as the CLI runs it.
    struct Job
    {
        QString variant;
        int replication = 0;
        double seconds = 0.0; ///< simulated seconds done
    };
    /// The fault parity table of the comparison (`parity_table`): its header and rows.
    struct Table
    {
        QStringList columns;
        std::vector<QStringList> rows;
    };

    enum class Line { Jobs, Progress, Result, Error, Ignored, Invalid };

    /// Reads one line; on Invalid, problem() says why.
    Line add(const QByteArray& line);

    const std::vector<Job>& jobs() const { return m_jobs; }
    double duration() const { return m_duration; } ///< s, each replication's
    /// Replications whose simulated time reached the duration.
    int jobsDone() const;
    bool hasResult() const { return !m_table.empty(); }
    const QStringList& heading() const { return m_heading; }
    /// The compare table: a header row, then per figure its label and cells
    /// (a row with a label alone heads a group).
    const std::vector<QStringList>& table() const { return m_table; }
    /// The fault parity table, when the comparison has one (empty columns otherwise).
    const Table& parity() const { return m_parity; }
    /// The fatal error the CLI sent, if any.
    const QString& error() const { return m_error; }
    /// Why the last Invalid line was refused.
    const QString& problem() const { return m_problem; }

private:
    Line refuse(const QString& why);

    std::vector<Job> m_jobs;
    double m_duration = 0.0;
    QStringList m_heading;
    std::vector<QStringList> m_table;
    Table m_parity;
    QString m_error;
    QString m_problem;
};

/// A replicated comparison: one `scalelab-cli compare STUDY --stream` child,
/// which runs the study's replications of every variant in parallel child
/// processes of its own, exactly as `scalelab-cli compare` does (the same
/// code, so the same numbers). Cancelling or destroying it kills the child,
/// and the replications die with it.
class CompareRun : public QObject
{
    Q_OBJECT
public:
    explicit CompareRun(QObject* parent = nullptr);
    ~CompareRun() override;

    /// Starts `cli compare STUDY --stream [--variants ...]`.
    void start(const QString& cli, const QString& studyPath, const QStringList& variants);
    /// Kills the child; finished(false, "cancelled") follows.
    void cancel();
    bool isRunning() const;
    const CompareStream& stream() const { return m_stream; }

signals:
    void jobsKnown();
    void progressed();
    /// ok false: `message` says why (the CLI's error, an unreadable line, the
    /// exit status and the end of stderr).
    void finished(bool ok, const QString& message);

private:
    void handleLine(const QByteArray& line);

    LineProcess* m_child;
    CompareStream m_stream;
    QString m_failure; ///< the first unreadable line's problem
};

} // namespace scalelab::gui
