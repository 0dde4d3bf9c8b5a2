#pragma once

#include "charts/sweepcharts.h"

#include <QString>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace scalelab::gui {

class SweepRun;

/// The Sweep view: runs the study's sweep: section as one `scalelab-cli
/// sweep --stream` child into a results folder, with a progress bar and the
/// time left, and draws each point as it lands with the charts of
/// `scalelab-charts --sweep` (charts/sweepcharts.h): a metric against the
/// first parameter, one line per variant with its 95% band and the SLO's
/// break point, and cost per million against p99 with the Pareto front.
/// Stop kills the child; the folder keeps every finished point, and running
/// again resumes there. Never touches the document.
class SweepPanel : public QWidget
{
    Q_OBJECT
public:
    /// The plots, for export.
    enum class Plot { Lines, CostScatter };

    explicit SweepPanel(QWidget* parent = nullptr);
    ~SweepPanel() override;

    /// How the panel gets the study to run (the document written to a
    /// temporary file), or an empty string and *error.
    void setStudyProvider(std::function<QString(QString* error)> provider);
    /// How the panel finds scalelab-cli (the run panel's).
    void setCliProvider(std::function<QString()> cli);
    /// The results folder (points/KEY.jsonl, the tables); kept between runs, so a run resumes.
    void setOutputDir(const QString& dir);
    QString outputDir() const { return m_outDir; }
    /// What the study's sweep: section expands to ("12 points x 2 variants x
    /// 3 replications = 72 runs"), empty when it has none: Run is disabled.
    void setSweepSummary(const QString& summary);

    bool isRunning() const;
    QString statusText() const;
    /// The table of the points received so far; nullopt before a run's plan.
    const std::optional<charts::SweepTable>& table() const;
    QCustomPlot* plot(Plot which) const;
    QComboBox* metricBox() const { return m_metric; }
    /// The other parameters' values the lines are drawn at ("rps=400"), when the sweep has several.
    QComboBox* atBox() const { return m_at; }
    QProgressBar* progressBar() const { return m_progress; }
    /// Points of the sweep, those whose figures have come (done before included), and those done before this run.
    int pointsTotal() const;
    int pointsIn() const;
    int pointsDoneBefore() const;
    /// Writes a plot as it is drawn (charts::exportChart, the code of
    /// scalelab-charts): format "png", "pdf" or "svg", size in pixels.
    bool exportPlot(Plot which, const QString& path, const QString& format, QSize size, QString* error);

    /// Simulated seconds per wall-clock second of the last sweep that ran to its
    /// end on this machine (all cores), for estimates; nullopt when none has.
    static std::optional<double> measuredPace();

public slots:
    void run();
    void stop();

signals:
    void sweepStarted();
    /// A point's figures came and are drawn (`pointsIn()` of `pointsTotal()`).
    void pointArrived();
    /// ok false: `message` says why ("stopped" after Stop).
    void sweepFinished(bool ok, const QString& message);

private:
    void redraw();
    void updateStatus();
    void updateControls();
    void fillSelectors();
    void exportAsked(Plot which);
    void finished(bool ok, const QString& message);

    std::function<QString(QString*)> m_provider;
    std::function<QString()> m_cli;
    QString m_outDir;
    QString m_summary;
    QString m_studyCopy;
    SweepRun* m_run;
    QPushButton* m_runButton;
    QPushButton* m_stopButton;
    QProgressBar* m_progress;
    QLabel* m_status;
    QComboBox* m_metric;
    QLabel* m_atLabel;
    QComboBox* m_at;
    QToolButton* m_export;
    QCustomPlot* m_lines;
    QCustomPlot* m_scatter;
    QString m_lastMessage;
};

} // namespace scalelab::gui
