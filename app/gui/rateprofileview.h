#pragma once

#include "scenarios/study.h"
#include "simcore/arrivals.h"

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

    /// Lets the user drag the workload's points (the workload tab's timeline):
    /// a rate point's level and time, a ramp's start, a spike's factor and time.
    void setEditable(bool editable);
    /// What a drag handle moves.
    enum class HandleKind { Phase, RampStart, Spike };
    struct Handle
    {
        HandleKind kind;
        int index;        ///< into workload.rate (Phase, RampStart) or workload.spikes
        double time;      ///< s
        double rate;      ///< requests/s
    };
    /// The drag handles of the workload as drawn (empty unless editable).
    std::vector<Handle> handles() const;
    /// Where (t s, rate requests/s) is drawn, in widget coordinates.
    QPointF pointAt(double t, double rate) const;
    /// The snapping steps of a drag: seconds, requests/s, spike factor.
    double timeStep() const;
    double rateStep() const;
    static constexpr double kFactorStep = 0.1;

signals:
    /// A drag ended: the workload as the user left it (one undo step for the document).
    void workloadEdited(const scenarios::Workload& workload, const QString& label);

public slots:
    /// A fault event of the running variant (stream frame), marked on the timeline.
    void addEvent(double time, const QString& kind, const QString& subject);
    void clearEvents();
    /// The simulated clock of the run; a negative time hides it.
    void setClock(double time);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    struct Marker
    {
        double time;
        QString label;
        bool live;
    };
    void rebuildCurve(const sim::RateProfile& profile);
    QRectF plotRect() const;
    int handleAt(QPointF pos) const;
    /// The workload with handle `h` of `from` dragged to (t, rate), snapped and limited.
    scenarios::Workload dragged(const scenarios::Workload& from, const Handle& h, double t, double rate) const;

    std::vector<std::pair<double, double>> m_curve; // (t, rps)
    scenarios::Workload m_workload;                 // as the study has it (the preview during a drag)
    scenarios::Workload m_dragFrom;                 // before the drag
    bool m_editable = false;
    bool m_profiled = false;                        // the curve comes from rate points (not a trace)
    int m_drag = -1;                                // the handle dragged, or -1
    int m_hover = -1;
    Handle m_dragHandle{HandleKind::Phase, 0, 0.0, 0.0};
    double m_top = 1.0;                             // the rate at the top of the plot (frozen during a drag)
    std::vector<Marker> m_faults;
    std::vector<Marker> m_events;
    double m_duration = 600.0;
    double m_clock = -1.0;
    QString m_note;
};

} // namespace scalelab::gui
