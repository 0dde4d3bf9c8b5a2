#include "scenarios/impactmeter.h"

#include <algorithm>

namespace scalelab::scenarios {

ImpactMeter::ImpactMeter(const Study& study)
    : m_warmup(study.run.warmup), m_threshold(study.slo.availability.value_or(1.0)),
      m_perMinute(study.business.downtimeCost), m_lossPerSecond(study.business.conversionLoss),
      m_baseline(study.business.baselineLatency ? *study.business.baselineLatency : study.slo.p99.value_or(-1.0))
{
    for (const Operation& op : study.operations)
        m_values.push_back(op.value);
}

double ImpactMeter::lossShare(double latency) const
{
    if (m_baseline < 0.0 || latency <= m_baseline)
        return 0.0;
    return std::min(1.0, m_lossPerSecond * (latency - m_baseline));
}

void ImpactMeter::onRequestEnd(const sim::Request& request, sim::Outcome outcome, double now)
{
    if (outcome != sim::Outcome::Ok || now < m_warmup || request.operation >= m_values.size())
        return;
    const double value = m_values[request.operation];
    if (value > 0.0)
        m_conversion += value * lossShare(now - request.created);
}

void ImpactMeter::onFrame(const sim::MetricFrame& frame)
{
    if (frame.start < m_warmup)
        return;
    const std::uint64_t ended = frame.completions + frame.errors + frame.rejections;
    if (ended == 0)
        return;
    const double availability = double(frame.completions) / double(ended);
    if (availability < m_threshold)
        m_downtime += frame.duration() * (1.0 - availability);
}

double ImpactMeter::downtimeCost() const { return downtimeMinutes() * m_perMinute; }

} // namespace scalelab::scenarios
