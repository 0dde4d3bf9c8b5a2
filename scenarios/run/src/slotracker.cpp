#include "scenarios/slotracker.h"

#include "scenarios/faulttype.h"
#include "scenarios/parity.h"

#include <algorithm>
#include <limits>

namespace scalelab::scenarios {

bool binMeetsSlo(const Slo& slo, const sim::MetricFrame& bin)
{
    if (slo.availability && bin.availability() < *slo.availability)
        return false;
    if (slo.p99 && bin.completions > 0 && bin.p99 > *slo.p99)
        return false;
    return true;
}

std::string_view recoveryStatusKey(Recovery::Status status)
{
    switch (status) {
    case Recovery::Status::NotApplied:
        return "not_applied";
    case Recovery::Status::Recovered:
        return "recovered";
    case Recovery::Status::NotRecovered:
        return "not_recovered";
    case Recovery::Status::NoImpact:
        break;
    }
    return "no_impact";
}

Recovery::Status recoveryStatusFromKey(std::string_view key)
{
    for (Recovery::Status s : {Recovery::Status::NotApplied, Recovery::Status::Recovered,
                               Recovery::Status::NotRecovered})
        if (recoveryStatusKey(s) == key)
            return s;
    return Recovery::Status::NoImpact;
}

std::string faultInertReason(const Study& study, const Fault& fault, const Variant& variant)
{
    if (!fault.appliesTo(variant.name))
        return "not for this variant";
    if (!resolveFault(study, fault, variant).empty())
        return {};
    return faultReach(study, fault, variant).nothing;
}

SloTracker::SloTracker(const Study& study, const std::vector<Fault>& faults)
    : m_slo(study.slo), m_run(study.run), m_faults(faults), m_inert(faults.size())
{
}

void SloTracker::setInert(std::size_t index, std::string reason) { m_inert.at(index) = std::move(reason); }

void SloTracker::onFrame(const sim::MetricFrame& frame)
{
    m_bins.push_back({frame.start, frame.end, binMeetsSlo(m_slo, frame)});
}

double SloTracker::timeInSlo() const
{
    std::size_t measured = 0, met = 0;
    for (const Bin& b : m_bins) {
        if (b.start < m_run.warmup)
            continue;
        ++measured;
        met += b.met;
    }
    return measured ? double(met) / double(measured) : 1.0;
}

std::vector<Recovery> SloTracker::recoveries() const
{
    const double runEnd = m_bins.empty() ? m_run.duration : m_bins.back().end;
    const double stable = std::max(kStablePeriod, m_run.bin);
    // Per bin missing the SLO: the end of the first bin of its violation.
    std::vector<double> begun(m_bins.size(), 0.0);
    for (std::size_t i = 0; i < m_bins.size(); ++i)
        if (!m_bins[i].met)
            begun[i] = i > 0 && !m_bins[i - 1].met ? begun[i - 1] : m_bins[i].end;
    auto acts = [&](std::size_t k) { return m_inert[k].empty() && m_faults[k].at < runEnd; };

    std::vector<Recovery> out;
    for (std::size_t k = 0; k < m_faults.size(); ++k) {
        const double at = m_faults[k].at;
        Recovery r;
        if (!acts(k)) {
            r.status = Recovery::Status::NotApplied;
            r.reason = m_inert[k].empty() ? "after the end of the run" : m_inert[k];
            out.push_back(std::move(r));
            continue;
        }
        // A violation that began after the next fault started is that fault's.
        double next = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < m_faults.size(); ++j)
            if (acts(j) && m_faults[j].at > at)
                next = std::min(next, m_faults[j].at);
        auto holdsFrom = [&](double t) {
            const double until = std::min(t + stable, runEnd);
            for (std::size_t i = 0; i < m_bins.size(); ++i)
                if (m_bins[i].end > t && m_bins[i].start < until && !m_bins[i].met && begun[i] <= next)
                    return false;
            return true;
        };
        double t = at;
        std::size_t i = 0;
        while (t < runEnd && !holdsFrom(t)) {
            while (i < m_bins.size() && m_bins[i].start <= t)
                ++i; // candidates after the fault's start: the bins' starts
            t = i < m_bins.size() ? m_bins[i].start : runEnd;
        }
        if (t >= runEnd) {
            r.status = Recovery::Status::NotRecovered;
            r.seconds = runEnd - at;
        } else {
            r.status = t > at ? Recovery::Status::Recovered : Recovery::Status::NoImpact;
            r.seconds = t - at;
        }
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace scalelab::scenarios
