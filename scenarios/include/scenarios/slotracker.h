#pragma once

#include "scenarios/study.h"
#include "simcore/metrics.h"

#include <vector>

namespace scalelab::scenarios {

/// Whether one time bin meets the study's SLO: availability (successful /
/// ended requests, 1 when none ended) >= slo.availability and the bin's p99
/// of successful requests <= slo.p99. A study without an SLO: every bin does.
bool binMeetsSlo(const Slo& slo, const sim::MetricFrame& bin);

/// Successful / ended requests of a frame; 1 when none ended.
double frameAvailability(const sim::MetricFrame& frame);

/// When a fault stops acting, s: its start plus its duration (kill: restart,
/// or never; failover: promotion; cache_flush: at once). `runEnd` when never.
double faultEnd(const Fault& fault, double runEnd);

/// Follows a run bin by bin and measures, against the study's SLO, the share
/// of measured bins meeting it and the time to recover after each fault
/// (docs/models.md, "Resilience metrics").
class SloTracker
{
public:
    SloTracker(const Study& study, const std::vector<Fault>& faults);
    void onFrame(const sim::MetricFrame& frame);

    /// Bins after the warm-up that met the SLO / bins after the warm-up (1 when none).
    double timeInSlo() const;
    /// Per fault, in the order given: s from its start to the start of the
    /// first bin meeting the SLO after the first violating bin that overlaps
    /// [start, end + one bin]; 0 when no such bin violates it; censored at the
    /// end of the run when the SLO never holds again.
    std::vector<double> recoveryTimes() const;

private:
    struct Bin
    {
        double start, end;
        bool met;
    };
    const Study& m_study;
    std::vector<Fault> m_faults;
    std::vector<Bin> m_bins; // one flag per bin: O(bins), like the time series
};

} // namespace scalelab::scenarios
