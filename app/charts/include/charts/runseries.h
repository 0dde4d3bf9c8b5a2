#pragma once

#include "charts/intervalseries.h"
#include "simcore/framejson.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace scalelab::charts {

/// The latest frame's traffic on one connection (stream `connections[]`).
struct ConnectionState
{
    QString caller;       ///< component, or "clients"
    QString target;
    double calls = 0.0;   ///< calls made per second, retries included
    double retries = 0.0; ///< of which retries, per second
    double failed = 0.0;  ///< calls per second that ended in an error or were refused
    double shortCircuited = 0.0; ///< calls per second not made (breaker open, bulkhead full)
};

/// One line of a per-component chart: a component's value in every frame.
struct ComponentSeries
{
    QString name;
    QVector<double> values; ///< one per frame (aligned with RunSeries::times())
};

/// Something that happened at a point in simulated time (a stream `event`).
struct EventMarker
{
    double time = 0.0; ///< s
    QString kind;      ///< "host_down", "fault_start", "scale_out", ...
    QString subject;   ///< "db/0", "web->payments", ...
    QString detail;    ///< optional short text ("3 -> 4")
};

/// The latest frame of a component, for the canvas.
struct ComponentState
{
    QString name;
    double utilization = 0.0; ///< 0..1, mean over its stations that are up
    double queue = 0.0;       ///< waiting visits, summed over its stations
    int instances = 0;        ///< serving instances
    int down = 0;             ///< instances down
    bool failed = false;      ///< every instance down
    /// A module: its host's cores busy with the module's work (time-averaged
    /// over the bin, from its `cpu_seconds` gauge); -1 for other kinds.
    double moduleCores = -1.0;
};

/// The time series of one variant's run, built from the lines of
/// `scalelab-cli run --stream` (docs/stream.md, read by simcore/framejson.h)
/// or from the frames themselves: one point per frame, at the end of its bin.
/// A frame without its fleet has its cost read as "not available", never as
/// zero. Qt containers only, no widgets.
class RunSeries
{
public:
    enum class LineType { Start, Frame, Event, Summary, Error, Ignored, Malformed };

    explicit RunSeries(QString variant = {});

    /// Feeds one line of the stream (without its newline). A line that cannot
    /// be read is reported (Malformed, and problem() says why), not thrown;
    /// unknown types and keys are ignored.
    LineType addLine(std::string_view line);
    void addStart(const sim::StreamStart& start);
    void addEvent(const sim::RunEvent& event);
    /// A frame and the events it carries.
    void addFrame(const sim::Frame& frame);

    const QString& variant() const { return m_variant; }
    void setVariant(const QString& variant) { m_variant = variant; }
    double duration() const { return m_duration; } ///< s, 0 until the start line
    double warmup() const { return m_warmup; }     ///< s
    double bin() const { return m_bin; }           ///< s
    /// s of simulated time reached (the last frame's end).
    double clock() const { return m_times.isEmpty() ? 0.0 : m_times.back(); }
    int frameCount() const { return int(m_times.size()); }

    const QVector<double>& times() const { return m_times; } ///< s, each frame's end
    const QVector<double>& p50() const { return m_p50; }     ///< s
    const QVector<double>& p95() const { return m_p95; }     ///< s
    const QVector<double>& p99() const { return m_p99; }     ///< s
    const QVector<double>& p999() const { return m_p999; }   ///< s
    const QVector<double>& offered() const { return m_offered; }       ///< arrivals/s
    const QVector<double>& throughput() const { return m_throughput; } ///< completions/s
    const QVector<double>& errors() const { return m_errors; }         ///< errors/s
    const QVector<double>& rejections() const { return m_rejections; } ///< rejections/s
    /// Per component with stations, in the start line's order: CPU utilization
    /// (0..1, mean over its stations), waiting visits (summed), serving instances.
    const std::vector<ComponentSeries>& utilization() const { return m_utilization; }
    const std::vector<ComponentSeries>& queue() const { return m_queue; }
    const std::vector<ComponentSeries>& instances() const { return m_instances; }
    /// USD since the start, when the frames carry `cost` (else empty).
    const QVector<double>& cost() const { return m_cost; }
    bool hasCost() const { return !m_cost.isEmpty(); }
    const std::vector<EventMarker>& events() const { return m_events; }
    /// The latest frame's state of each component with stations, and of each module.
    const std::vector<ComponentState>& latestState() const { return m_state; }
    /// The latest frame's traffic per connection, in the stream's order.
    const std::vector<ConnectionState>& latestConnections() const { return m_connections; }

    bool hasSummary() const { return !m_summary.empty(); }
    /// The `summary` line as received (JSON text), empty before it arrives.
    const std::string& summaryJson() const { return m_summary; }
    /// True when the summary says the run was stopped early.
    bool stopped() const { return m_stopped; }
    /// The message of the last `error` line; `fatal` whether it ended the run.
    const QString& errorMessage() const { return m_error; }
    bool fatalError() const { return m_fatal; }
    /// Why the last Malformed line could not be read.
    const QString& problem() const { return m_problem; }

    /// The per-bin means and intervals over every replication of this
    /// variant: the charts draw the mean with its band where these are set.
    void setIntervals(IntervalSeries intervals) { m_intervals = std::move(intervals); }
    const IntervalSeries* intervals() const { return m_intervals ? &*m_intervals : nullptr; }

private:
    int componentIndex(const QString& name);

    QString m_variant;
    double m_duration = 0.0, m_warmup = 0.0, m_bin = 0.0;
    QStringList m_components; ///< from the start line, then as stations appear
    QVector<double> m_times, m_p50, m_p95, m_p99, m_p999, m_offered, m_throughput, m_errors, m_rejections, m_cost;
    std::vector<ComponentSeries> m_utilization, m_queue, m_instances;
    std::vector<EventMarker> m_events;
    std::vector<ComponentState> m_state;
    std::vector<ConnectionState> m_connections;
    std::map<QString, double> m_moduleCpu; ///< module -> its latest `cpu_seconds` gauge
    std::string m_summary;
    bool m_stopped = false;
    QString m_error;
    bool m_fatal = false;
    QString m_problem;
    std::optional<IntervalSeries> m_intervals;
};

} // namespace scalelab::charts
