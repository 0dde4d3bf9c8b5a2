#pragma once

#include "scenarios/study.h"
#include "simcore/metrics.h"

#include <cstddef>
#include <string>
#include <vector>

namespace scalelab::scenarios {

/// Whether one time bin meets the study's SLO: availability (successful /
/// ended requests, 1 when none ended) >= slo.availability and the bin's p99
/// of successful requests <= slo.p99. A study without an SLO: every bin does.
bool binMeetsSlo(const Slo& slo, const sim::MetricFrame& bin);

/// What one fault did to the SLO in one run (docs/models.md, "Resilience metrics").
struct Recovery
{
    enum class Status {
        NotApplied,   ///< the fault did nothing in this variant (`reason` says why)
        NoImpact,     ///< the SLO held for the stable period from the fault's start
        Recovered,    ///< the SLO broke and then held for the stable period
        NotRecovered, ///< the SLO did not hold for the stable period before the end of the run
    };
    Status status = Status::NoImpact;
    double seconds = 0.0; ///< s from the fault's start to recovery; NotRecovered: to the end of the run
    std::string reason;   ///< NotApplied: "no catalog in this variant"
};

/// The status's key in JSON: "not_applied", "no_impact", "recovered", "not_recovered".
std::string_view recoveryStatusKey(Recovery::Status status);
/// The status for a key of recoveryStatusKey; NoImpact for an unknown key.
Recovery::Status recoveryStatusFromKey(std::string_view key);

/// Why a fault of `study` cannot act in a variant, known before the run: it
/// is not for it (Fault::only), or hits nothing there (scenarios/parity.h:
/// no component plays its role, or none a kill could crash). Empty when it
/// may act (whether it did is known only at its time).
std::string faultInertReason(const Study& study, const Fault& fault, const Variant& variant);

/// Follows a run bin by bin and measures, against the study's SLO, the share
/// of measured bins meeting it and the time to recover after each fault
/// (docs/models.md, "Resilience metrics").
class SloTracker
{
public:
    /// How long the SLO must hold, s, before a fault counts as recovered
    /// (at least one bin).
    static constexpr double kStablePeriod = 30.0;

    SloTracker(const Study& study, const std::vector<Fault>& faults);
    void onFrame(const sim::MetricFrame& frame);
    /// Fault `index` did nothing in this run (why: `reason`): it is reported
    /// NotApplied and no violation is attributed to it.
    void setInert(std::size_t index, std::string reason);

    /// Bins after the warm-up that met the SLO / bins after the warm-up (1 when none).
    double timeInSlo() const;
    /// Per fault, in the order given. With bins of the run (warm-up included)
    /// and S = max(kStablePeriod, one bin): a violation is a maximal run of
    /// bins missing the SLO; it belongs to the last acting fault that started
    /// before the end of its first bin. Fault k recovers at the first time t
    /// (its start, or a later bin start) such that no bin of [t, t + S) (cut
    /// at the end of the run) misses the SLO within a violation that began
    /// before the next later-starting fault; recovery = t - start. t = start:
    /// NoImpact. No such t before the end of the run: NotRecovered, censored
    /// at the end. A fault at or after the end of the run: NotApplied.
    std::vector<Recovery> recoveries() const;

private:
    struct Bin
    {
        double start, end;
        bool met;
    };
    // Copies, not a reference to the study: a tracker may outlive the study it
    // was given (a temporary), and these are all it reads of it.
    Slo m_slo;
    RunSettings m_run;
    std::vector<Fault> m_faults;
    std::vector<std::string> m_inert; // per fault: why it did nothing, empty when it acted
    std::vector<Bin> m_bins;          // one flag per bin: O(bins), like the time series
};

} // namespace scalelab::scenarios
