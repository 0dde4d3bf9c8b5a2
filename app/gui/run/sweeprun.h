#pragma once

#include "lineprocess.h"

#include "charts/sweepcharts.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <optional>
#include <set>

namespace scalelab::gui {

/// The lines of `scalelab-cli sweep --stream` (docs/stream.md), read one at
/// a time: the plan (`sweep`), each point's aggregate rows (`point`) into a
/// charts::SweepTable, the `progress`, the `result` or a fatal `error`. It
/// trusts no line: one that is not JSON, or lacks a key, or has a key of the
/// wrong type, is refused with a message naming the line.
class SweepStream
{
public:
    enum class Line { Plan, Point, Progress, Result, Error, Ignored, Invalid };

    /// Reads one line; on Invalid, problem() says why.
    Line add(const QByteArray& line);

    /// The sweep's parameters, variants, metrics and SLO, and the rows of
    /// the points received so far; nullopt before the plan.
    const std::optional<charts::SweepTable>& table() const { return m_table; }
    int points() const { return m_points; }       ///< in the sweep
    int doneBefore() const { return m_doneBefore; } ///< done by an earlier run (resumed)
    int toRun() const { return m_toRun; }
    int pointsIn() const { return int(m_received.size()); } ///< whose rows have come
    int replications() const { return m_replications; } ///< per variant and point (the first round's)
    double duration() const { return m_duration; }       ///< s, each run's
    QString outDir() const { return m_out; }
    double done() const { return m_done; }       ///< simulated seconds run so far by this process
    double total() const { return m_total; }     ///< simulated seconds it has to run
    double elapsed() const { return m_elapsed; } ///< wall seconds since it started running points
    std::optional<double> eta() const { return m_eta; } ///< wall seconds left, when known
    bool hasResult() const { return m_result; }
    const QString& error() const { return m_error; }
    const QString& problem() const { return m_problem; }

private:
    Line refuse(const QString& why);

    std::optional<charts::SweepTable> m_table;
    int m_points = 0;
    int m_doneBefore = 0;
    int m_toRun = 0;
    int m_replications = 0;
    double m_duration = 0.0;
    QString m_out;
    std::set<std::size_t> m_received;
    double m_done = 0.0;
    double m_total = 0.0;
    double m_elapsed = 0.0;
    std::optional<double> m_eta;
    bool m_result = false;
    QString m_error;
    QString m_problem;
};

/// A sweep: one `scalelab-cli sweep STUDY --stream --out DIR` child, which
/// runs the points in child processes of its own and keeps each finished
/// point under DIR, so that a sweep stopped half way resumes where it was.
/// Cancelling or destroying it kills the child, and its simulations die with it.
class SweepRun : public QObject
{
    Q_OBJECT
public:
    explicit SweepRun(QObject* parent = nullptr);
    ~SweepRun() override;

    /// Starts `cli sweep STUDY --stream --out DIR`.
    void start(const QString& cli, const QString& studyPath, const QString& outDir);
    /// Kills the child; finished(false, "stopped") follows.
    void cancel();
    bool isRunning() const;
    const SweepStream& stream() const { return m_stream; }

signals:
    void planned();
    void pointArrived();
    void progressed();
    /// ok false: `message` says why (the CLI's error, an unreadable line, the
    /// exit status and the end of stderr; "stopped" after cancel()).
    void finished(bool ok, const QString& message);

private:
    void handleLine(const QByteArray& line);

    LineProcess* m_child;
    SweepStream m_stream;
    QString m_failure; ///< the first unreadable line's problem
};

} // namespace scalelab::gui
