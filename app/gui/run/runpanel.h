#pragma once

#include "charts/chartbuilder.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>

namespace scalelab::gui {

/// What the canvas shows of a component during a run (latest frame).
struct ComponentLiveState
{
    double utilization = 0.0; ///< 0..1, mean over the component's instances that are up
    double queue = 0.0;       ///< waiting visits, summed over instances
    int instances = 0;        ///< serving instances
    int down = 0;             ///< instances down
    bool failed = false;      ///< every instance down, or in a fault
    double moduleCores = -1.0; ///< a module: its host's cores busy with its work (time-averaged); -1 otherwise
};

/// What the canvas shows on a connection during a run (latest frame), per second.
struct ConnectionLiveState
{
    double calls = 0.0;   ///< calls made, retries included
    double retries = 0.0; ///< of which retries
    double failed = 0.0;  ///< calls that ended in an error or were refused
    double shortCircuited = 0.0; ///< calls not made: breaker open, bulkhead full
};

class RunPanelPrivate;

/// The results area: run controls (run, pause, resume, stop, speed, clock),
/// live charts, the results table, chart/table export. Two kinds of runs:
/// a quick live look, one replication as `scalelab-cli run --stream`
/// children (one variant, or every variant overlaid), charts as it runs and
/// no intervals; and the comparison itself, `scalelab-cli compare --stream`
/// (every replication in parallel, progress per replication, the CLI's table
/// with intervals and paired differences). Never touches the document (a
/// crashed child only ends its run).
class RunPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunPanel(QWidget* parent = nullptr);
    ~RunPanel() override;

    /// How the panel gets the study to run: the main window writes the current
    /// document (saved or not) to a temporary file and returns its path, or
    /// returns an empty string and sets *error.
    void setStudyProvider(std::function<QString(QString* error)> provider);
    /// The variants of the document (tab order) and the one being edited.
    void setVariants(const QStringList& variants, const QString& current);
    /// The study's replications, for the compare button's label.
    void setReplications(int replications);
    /// The study's SLO and workload bands, marked on the charts.
    void setChartAnnotations(const charts::ChartAnnotations& annotations);
    /// Where scalelab-cli is (default: next to the running executable).
    void setCliPath(const QString& path);
    /// The scalelab-cli the panel runs (also the one File > Export review runs).
    QString cliPath() const;
    bool isRunning() const;
    /// What the panel says of the run ("Comparing 3 variants: 4 of 9 replications done").
    QString statusText() const;

public slots:
    void run();         ///< one replication of the current variant, live
    void compareLive(); ///< one replication of every variant, live and overlaid (two children at a time)
    void compare();     ///< every variant over the study's replications, as `scalelab-cli compare`
    void pause();
    void resume();
    void stop();
    /// Simulated seconds per wall-clock second; 0 = as fast as possible.
    void setSpeed(double simSecondsPerSecond);

signals:
    void liveState(const QString& variant, const QHash<QString, ComponentLiveState>& byComponent);
    /// Traffic per connection, keyed "caller->target" (docs/stream.md `connections[]`).
    void liveTraffic(const QString& variant, const QHash<QString, ConnectionLiveState>& byConnection);
    void faultEvent(const QString& variant, double time, const QString& kind, const QString& subject);
    void runStarted();
    /// ok false: `message` says why (the error frame, or the stderr tail and exit status).
    void runFinished(bool ok, const QString& message);
    /// simTime and duration in simulated seconds.
    void clockChanged(double simTime, double duration);

private:
    friend class RunPanelPrivate;
    std::unique_ptr<RunPanelPrivate> d;
};

} // namespace scalelab::gui
