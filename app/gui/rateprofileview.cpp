#include "rateprofileview.h"

#include "scenarios/faulttype.h"
#include "scenarios/runner.h"
#include "simcore/arrivals.h"
#include "simcore/units.h"

#include <QFileInfo>
#include <QDir>
#include <QPainter>
#include <QMouseEvent>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace scalelab::gui {

RateProfileView::RateProfileView(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(130);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void RateProfileView::setStudy(const scenarios::Study& study)
{
    m_duration = std::max(study.run.duration, 1e-3);
    m_curve.clear();
    m_note.clear();
    sim::RateProfile profile;
    if (!study.workload.replay.empty()) {
        QString path = QString::fromStdString(study.workload.replay);
        if (QFileInfo(path).isRelative() && !study.path.empty())
            path = QFileInfo(QString::fromStdString(study.path)).absoluteDir().filePath(path);
        auto trace = sim::loadRateTrace(path.toStdString());
        if (trace.ok())
            profile = trace.value;
        else
            m_note = tr("trace: %1").arg(QString::fromStdString(study.workload.replay));
    } else if (!study.workload.replayTimestamps.empty()) {
        m_note = tr("replaying request timestamps from %1").arg(QString::fromStdString(study.workload.replayTimestamps));
    } else {
        profile = scenarios::rateProfile(study.workload, m_duration);
    }
    m_workload = study.workload;
    m_profiled = m_note.isEmpty() && study.workload.replay.empty();
    if (m_drag >= 0)
        m_drag = -1; // the document changed under the drag (an undo): drop it
    rebuildCurve(profile);
    m_top = 1.0;
    for (const auto& [t, r] : m_curve)
        m_top = std::max(m_top, r);
    m_top *= 1.1;
    m_faults.clear();
    for (const auto& f : study.faults)
        m_faults.push_back({f.at, QString::fromStdString(scenarios::faultLabel(f)), false});
    update();
}

void RateProfileView::rebuildCurve(const sim::RateProfile& profile)
{
    m_curve.clear();
    if (!m_note.isEmpty())
        return;
    const int samples = 400;
    for (int i = 0; i <= samples; ++i) {
        const double t = m_duration * i / samples;
        m_curve.emplace_back(t, profile.rateAt(t));
    }
    // The breakpoints too, so that a handle sits on the line drawn.
    for (const auto& p : profile.points())
        if (p.time >= 0 && p.time <= m_duration)
            m_curve.emplace_back(p.time, p.rate);
    std::stable_sort(m_curve.begin(), m_curve.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

void RateProfileView::setEditable(bool editable)
{
    m_editable = editable;
    setMouseTracking(editable);
    update();
}

QRectF RateProfileView::plotRect() const
{
    return QRectF(rect()).adjusted(44, 10, -10, -22);
}

QPointF RateProfileView::pointAt(double t, double rate) const
{
    const QRectF plot = plotRect();
    return {plot.left() + plot.width() * t / m_duration, plot.bottom() - plot.height() * rate / m_top};
}

namespace {

/// 1, 2 or 5 times a power of ten, the nearest above `raw`.
double niceStep(double raw)
{
    if (!(raw > 0))
        return 1.0;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (m * p >= raw)
            return m * p;
    return 10 * p;
}

double snap(double v, double step) { return std::round(v / step) * step; }

} // namespace

double RateProfileView::timeStep() const
{
    return std::max(1.0, niceStep(m_duration / 100));
}

double RateProfileView::rateStep() const
{
    return niceStep(m_top / 1.1 / 100);
}

std::vector<RateProfileView::Handle> RateProfileView::handles() const
{
    std::vector<Handle> out;
    if (!m_editable || !m_profiled)
        return out;
    const sim::RateProfile profile = scenarios::rateProfile(m_workload, m_duration);
    const auto& rate = m_workload.rate;
    for (int i = 0; i < int(rate.size()); ++i) {
        const auto& p = rate[std::size_t(i)];
        const double end = p.at + p.ramp;
        if (end <= m_duration)
            out.push_back({HandleKind::Phase, i, end, profile.rateAt(end)});
        if (i > 0 && p.ramp > 0 && p.at <= m_duration)
            out.push_back({HandleKind::RampStart, i, p.at, profile.rateAt(p.at)});
    }
    for (int i = 0; i < int(m_workload.spikes.size()); ++i) {
        const auto& s = m_workload.spikes[std::size_t(i)];
        const double mid = s.at + s.duration / 2;
        if (mid <= m_duration)
            out.push_back({HandleKind::Spike, i, mid, profile.rateAt(mid)});
    }
    return out;
}

int RateProfileView::handleAt(QPointF pos) const
{
    const auto hs = handles();
    int best = -1;
    double bestDistance = 9.0; // px
    for (int i = 0; i < int(hs.size()); ++i) {
        const double d = QLineF(pos, pointAt(hs[std::size_t(i)].time, hs[std::size_t(i)].rate)).length();
        if (d <= bestDistance) {
            best = i;
            bestDistance = d;
        }
    }
    return best;
}

scenarios::Workload RateProfileView::dragged(const scenarios::Workload& from, const Handle& h, double t,
                                             double r) const
{
    scenarios::Workload w = from;
    const double ts = timeStep();
    t = std::clamp(snap(t, ts), 0.0, m_duration);
    switch (h.kind) {
    case HandleKind::Phase: {
        auto& p = w.rate[std::size_t(h.index)];
        // The level: rps such that the line drawn (spikes and diurnal applied) passes at r.
        scenarios::Workload unit = w;
        unit.rate[std::size_t(h.index)].rps = 1.0;
        const double gain = scenarios::rateProfile(unit, m_duration).rateAt(p.at + p.ramp);
        const double step = rateStep();
        p.rps = std::max(0.0, snap(gain > 0 ? r / gain : r, step));
        // The time, between the neighbours (points are strictly increasing); the first point at 0s stays.
        if (!(h.index == 0 && from.rate.front().at == 0.0)) {
            const double lo = h.index > 0 ? w.rate[std::size_t(h.index - 1)].at + ts : 0.0;
            const double hi = h.index + 1 < int(w.rate.size()) ? w.rate[std::size_t(h.index + 1)].at - ts : m_duration;
            p.at = std::clamp(t - p.ramp, lo, std::max(lo, hi));
        }
        break;
    }
    case HandleKind::RampStart: {
        auto& p = w.rate[std::size_t(h.index)];
        const double end = p.at + p.ramp;
        const double lo = w.rate[std::size_t(h.index - 1)].at + ts;
        p.at = std::clamp(t, lo, std::max(lo, end));
        p.ramp = end - p.at;
        break;
    }
    case HandleKind::Spike: {
        auto& s = w.spikes[std::size_t(h.index)];
        s.at = std::clamp(snap(t - s.duration / 2, ts), 0.0, std::max(0.0, m_duration - s.duration));
        scenarios::Workload others = w;
        others.spikes.erase(others.spikes.begin() + h.index);
        const double base = scenarios::rateProfile(others, m_duration).rateAt(s.at + s.duration / 2);
        if (base > 0)
            s.factor = std::max(kFactorStep, snap(r / base, kFactorStep));
        break;
    }
    }
    return w;
}

void RateProfileView::mousePressEvent(QMouseEvent* event)
{
    const int h = event->button() == Qt::LeftButton ? handleAt(event->position()) : -1;
    if (h < 0) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_drag = h;
    m_dragFrom = m_workload;
    m_dragHandle = handles()[std::size_t(h)];
    event->accept();
}

void RateProfileView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_drag < 0) {
        const int h = m_editable ? handleAt(event->position()) : -1;
        if (h != m_hover) {
            m_hover = h;
            if (h < 0) {
                unsetCursor();
            } else {
                const HandleKind k = handles()[std::size_t(h)].kind;
                setCursor(k == HandleKind::RampStart ? Qt::SizeHorCursor : Qt::SizeAllCursor);
            }
            update();
        }
        return;
    }
    const QRectF plot = plotRect();
    const double t = (event->position().x() - plot.left()) / plot.width() * m_duration;
    const double r = (plot.bottom() - event->position().y()) / plot.height() * m_top;
    m_workload = dragged(m_dragFrom, m_dragHandle, t, r);
    rebuildCurve(scenarios::rateProfile(m_workload, m_duration));
    update();
    event->accept();
}

void RateProfileView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_drag < 0) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    m_drag = -1;
    const auto& a = m_dragFrom;
    const auto& b = m_workload;
    bool same = a.rate.size() == b.rate.size() && a.spikes.size() == b.spikes.size();
    for (std::size_t i = 0; same && i < a.rate.size(); ++i)
        same = a.rate[i].at == b.rate[i].at && a.rate[i].rps == b.rate[i].rps && a.rate[i].ramp == b.rate[i].ramp;
    for (std::size_t i = 0; same && i < a.spikes.size(); ++i)
        same = a.spikes[i].at == b.spikes[i].at && a.spikes[i].factor == b.spikes[i].factor;
    event->accept();
    if (same)
        return;
    const QString label = m_dragHandle.kind == HandleKind::Spike       ? tr("Drag spike")
                          : m_dragHandle.kind == HandleKind::RampStart ? tr("Drag ramp")
                                                                       : tr("Drag rate point");
    emit workloadEdited(m_workload, label);
}

double RateProfileView::rateAt(double t) const
{
    if (m_curve.empty())
        return 0.0;
    auto it = std::lower_bound(m_curve.begin(), m_curve.end(), t,
                               [](const auto& p, double x) { return p.first < x; });
    return it == m_curve.end() ? m_curve.back().second : it->second;
}

void RateProfileView::addEvent(double time, const QString& kind, const QString& subject)
{
    m_events.push_back({time, subject.isEmpty() ? kind : kind + " " + subject, true});
    update();
}

void RateProfileView::clearEvents()
{
    m_events.clear();
    m_clock = -1.0;
    update();
}

void RateProfileView::setClock(double time)
{
    m_clock = time;
    update();
}

void RateProfileView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), Qt::white);
    const QRectF plot = plotRect();
    QFont f = font();
    f.setPointSizeF(8);
    p.setFont(f);
    p.setPen(QColor(0xb0, 0xbe, 0xc5));
    p.drawRect(plot);
    if (!m_note.isEmpty()) {
        p.setPen(QColor(0x54, 0x6e, 0x7a));
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_note);
    }
    const double top = m_top;
    auto at = [&](double t, double r) { return pointAt(t, r); };
    // Axes: rate at the top, duration at the right.
    p.setPen(QColor(0x54, 0x6e, 0x7a));
    p.drawText(QRectF(0, plot.top() - 6, plot.left() - 4, 14), Qt::AlignRight, QString::number(top / 1.1, 'g', 4));
    p.drawText(QRectF(0, plot.bottom() - 8, plot.left() - 4, 14), Qt::AlignRight, "0");
    p.drawText(QRectF(0, plot.center().y() - 7, plot.left() - 4, 14), Qt::AlignRight, tr("req/s"));
    p.drawText(QRectF(plot.left(), plot.bottom() + 3, 60, 14), Qt::AlignLeft, "0s");
    p.drawText(QRectF(plot.right() - 80, plot.bottom() + 3, 80, 14), Qt::AlignRight,
               QString::fromStdString(sim::formatDuration(m_duration)));
    if (!m_curve.empty()) {
        QPainterPath line(at(m_curve.front().first, m_curve.front().second));
        for (const auto& [t, r] : m_curve)
            line.lineTo(at(t, r));
        QPainterPath area = line;
        area.lineTo(at(m_curve.back().first, 0));
        area.lineTo(at(m_curve.front().first, 0));
        p.fillPath(area, QColor(0x1e, 0x88, 0xe5, 40));
        p.setPen(QPen(QColor(0x1e, 0x88, 0xe5), 1.8));
        p.drawPath(line);
    }
    auto marker = [&](const Marker& m, int row) {
        const double x = at(std::clamp(m.time, 0.0, m_duration), 0).x();
        const QColor c = m.live ? QColor(0xd3, 0x2f, 0x2f) : QColor(0x8e, 0x24, 0xaa);
        p.setPen(QPen(c, 1.2, m.live ? Qt::SolidLine : Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(c);
        const QRectF label(x + 3, plot.top() + 2 + row * 12, 120, 12);
        p.drawText(label, Qt::AlignLeft | Qt::AlignVCenter, m.label);
    };
    int row = 0;
    for (const auto& m : m_faults)
        marker(m, row++ % 3);
    for (const auto& m : m_events)
        marker(m, 3 + row++ % 3);
    const auto hs = handles();
    for (int i = 0; i < int(hs.size()); ++i) {
        const Handle& h = hs[std::size_t(i)];
        const QPointF c = at(h.time, h.rate);
        const bool hot = i == m_drag || (m_drag < 0 && i == m_hover);
        p.setPen(QPen(QColor(0x15, 0x65, 0xc0), hot ? 2.0 : 1.4));
        p.setBrush(hot ? QColor(0x90, 0xca, 0xf9) : QColor(Qt::white));
        if (h.kind == HandleKind::Spike)
            p.drawPolygon(QPolygonF({c + QPointF(0, -6), c + QPointF(6, 0), c + QPointF(0, 6), c + QPointF(-6, 0)}));
        else if (h.kind == HandleKind::RampStart)
            p.drawRect(QRectF(c - QPointF(4, 4), QSizeF(8, 8)));
        else
            p.drawEllipse(c, 5, 5);
        p.setBrush(Qt::NoBrush);
        if (i == m_drag) {
            QString value;
            if (h.kind == HandleKind::Spike)
                value = QStringLiteral("x%1 at %2").arg(m_workload.spikes[std::size_t(h.index)].factor, 0, 'g', 3)
                            .arg(QString::fromStdString(sim::formatDuration(m_workload.spikes[std::size_t(h.index)].at)));
            else
                value = QStringLiteral("%1 req/s at %2, ramp %3")
                            .arg(m_workload.rate[std::size_t(h.index)].rps, 0, 'g', 6)
                            .arg(QString::fromStdString(sim::formatDuration(m_workload.rate[std::size_t(h.index)].at)),
                                 QString::fromStdString(sim::formatDuration(m_workload.rate[std::size_t(h.index)].ramp)));
            p.setPen(QColor(0x0d, 0x47, 0xa1));
            const QRectF box(std::min(c.x() + 8, plot.right() - 190), std::max(c.y() - 18, plot.top()), 190, 14);
            p.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, value);
        }
    }
    if (m_clock >= 0) {
        const double x = at(std::min(m_clock, m_duration), 0).x();
        p.setPen(QPen(QColor(0x26, 0x32, 0x38), 1.5));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
}

} // namespace scalelab::gui
