#pragma once

#include "scenarios/study.h"
#include "simcore/metrics.h"
#include "simcore/request.h"

#include <vector>

namespace scalelab::scenarios {

/// What a replication cost and what it lost, over the measured part of the
/// run (after warm-up). docs/models.md ("Cost", "Business impact") defines each.
struct RunImpact
{
    double cost = 0.0;            ///< USD: instance-hours and cross-zone traffic after warm-up
    double costPerMillion = 0.0;  ///< USD per million requests that arrived after warm-up
    double peakInstances = 0.0;   ///< most provisioned instances at a bin's end, all components
    double downtimeMinutes = 0.0; ///< bins below the availability SLO, weighted by their failed share
    double downtimeCost = 0.0;    ///< USD: downtimeMinutes x business.downtime_cost
    double conversionLoss = 0.0;  ///< USD: revenue lost to latency above the baseline
    double moneyLost() const { return downtimeCost + conversionLoss; }
};

/// Accumulates the business impact of a run: the conversion lost by every
/// successful request slower than the baseline latency, and the downtime of
/// every bin whose availability is below the SLO.
class ImpactMeter
{
public:
    explicit ImpactMeter(const Study& study);

    /// A request ended at `now` (s).
    void onRequestEnd(const sim::Request& request, sim::Outcome outcome, double now);
    /// A bin ended; bins that start before the warm-up end are not counted.
    void onFrame(const sim::MetricFrame& frame);

    /// The share of an order lost at this latency (s): conversion_loss per
    /// second above the baseline, at most 1; 0 without a baseline.
    double lossShare(double latency) const;
    double downtimeMinutes() const { return m_downtime / 60.0; }
    double downtimeCost() const;
    double conversionLoss() const { return m_conversion; }

private:
    std::vector<double> m_values; // USD per successful request, by operation
    double m_warmup;
    double m_threshold;           // a bin is down below this availability
    double m_perMinute;
    double m_lossPerSecond;
    double m_baseline;            // s; < 0: none
    double m_downtime = 0.0;      // s
    double m_conversion = 0.0;    // USD
};

} // namespace scalelab::scenarios
