#include "rateprofileview.h"

#include "scenarios/runner.h"
#include "simcore/arrivals.h"
#include "simcore/units.h"

#include <QFileInfo>
#include <QDir>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

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
    if (m_note.isEmpty()) {
        const int samples = 400;
        for (int i = 0; i <= samples; ++i) {
            const double t = m_duration * i / samples;
            m_curve.emplace_back(t, profile.rateAt(t));
        }
    }
    m_faults.clear();
    for (const auto& f : study.faults) {
        const QString what = f.kind == scenarios::Fault::Kind::Kill ? tr("kill %1").arg(QString::fromStdString(f.target))
                                                                     : tr("%1 outage").arg(QString::fromStdString(f.target));
        m_faults.push_back({f.at, what, false});
    }
    update();
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
    const QRectF plot = QRectF(rect()).adjusted(44, 10, -10, -22);
    QFont f = font();
    f.setPointSizeF(8);
    p.setFont(f);
    p.setPen(QColor(0xb0, 0xbe, 0xc5));
    p.drawRect(plot);
    if (!m_note.isEmpty()) {
        p.setPen(QColor(0x54, 0x6e, 0x7a));
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_note);
    }
    double top = 1.0;
    for (const auto& [t, r] : m_curve)
        top = std::max(top, r);
    top *= 1.1;
    auto at = [&](double t, double r) {
        return QPointF(plot.left() + plot.width() * t / m_duration, plot.bottom() - plot.height() * r / top);
    };
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
    if (m_clock >= 0) {
        const double x = at(std::min(m_clock, m_duration), 0).x();
        p.setPen(QPen(QColor(0x26, 0x32, 0x38), 1.5));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
}

} // namespace scalelab::gui
