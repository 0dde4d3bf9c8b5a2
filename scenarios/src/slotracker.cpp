#include "scenarios/slotracker.h"

#include <algorithm>

namespace scalelab::scenarios {

double frameAvailability(const sim::MetricFrame& frame)
{
    const std::uint64_t ended = frame.completions + frame.errors + frame.rejections;
    return ended ? double(frame.completions) / double(ended) : 1.0;
}

bool binMeetsSlo(const Slo& slo, const sim::MetricFrame& bin)
{
    if (slo.availability && frameAvailability(bin) < *slo.availability)
        return false;
    if (slo.p99 && bin.completions > 0 && bin.p99 > *slo.p99)
        return false;
    return true;
}

double faultEnd(const Fault& fault, double runEnd)
{
    switch (fault.kind) {
    case Fault::Kind::Kill:
        return fault.restart ? fault.at + *fault.restart : runEnd;
    case Fault::Kind::Failover:
        return fault.at + fault.promotion;
    case Fault::Kind::CacheFlush:
        return fault.at;
    default:
        return fault.at + fault.duration;
    }
}

SloTracker::SloTracker(const Study& study, const std::vector<Fault>& faults) : m_study(study), m_faults(faults) {}

void SloTracker::onFrame(const sim::MetricFrame& frame)
{
    m_bins.push_back({frame.start, frame.end, binMeetsSlo(m_study.slo, frame)});
}

double SloTracker::timeInSlo() const
{
    std::size_t measured = 0, met = 0;
    for (const Bin& b : m_bins) {
        if (b.start < m_study.run.warmup)
            continue;
        ++measured;
        met += b.met;
    }
    return measured ? double(met) / double(measured) : 1.0;
}

std::vector<double> SloTracker::recoveryTimes() const
{
    std::vector<double> out;
    const double runEnd = m_bins.empty() ? m_study.run.duration : m_bins.back().end;
    const double bin = m_study.run.bin;
    for (const Fault& f : m_faults) {
        const double until = faultEnd(f, runEnd) + bin;
        auto violated = std::find_if(m_bins.begin(), m_bins.end(),
                                     [&](const Bin& b) { return b.end > f.at && b.start < until && !b.met; });
        if (violated == m_bins.end()) {
            out.push_back(0.0);
            continue;
        }
        auto recovered = std::find_if(violated, m_bins.end(), [](const Bin& b) { return b.met; });
        out.push_back((recovered == m_bins.end() ? runEnd : recovered->start) - f.at);
    }
    return out;
}

} // namespace scalelab::scenarios
