#pragma once

#include "scenarios/study.h"

#include <QWidget>

#include <vector>

namespace scalelab::gui {

/// The study's timeline: the request rate the workload describes over the run
/// (rate points, ramps, spikes, diurnal curve, or the replayed trace), the
/// study's faults as markers, and during a run the fault events that happened
/// and the simulated clock.
class RateProfileView : public QWidget
{
    Q_OBJECT
public:
    explicit RateProfileView(QWidget* parent = nullptr);
    /// Draws this study's workload and faults.
    void setStudy(const scenarios::Study& study);
    /// The rate drawn at time t (requests/s), for tests.
    double rateAt(double t) const;
    QSize sizeHint() const override { return {320, 150}; }

public slots:
    /// A fault event of the running variant (stream frame), marked on the timeline.
    void addEvent(double time, const QString& kind, const QString& subject);
    void clearEvents();
    /// The simulated clock of the run; a negative time hides it.
    void setClock(double time);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Marker
    {
        double time;
        QString label;
        bool live;
    };
    std::vector<std::pair<double, double>> m_curve; // (t, rps)
    std::vector<Marker> m_faults;
    std::vector<Marker> m_events;
    double m_duration = 600.0;
    double m_clock = -1.0;
    QString m_note;
};

} // namespace scalelab::gui
