#pragma once

#include "models/system.h"
#include "scenarios/impactmeter.h"
#include "scenarios/slotracker.h"
#include "scenarios/study.h"
#include "simcore/arrivals.h"
#include "simcore/frame.h"
#include "simcore/framejson.h"
#include "simcore/metrics.h"

#include <cstdint>
#include <string>
#include <vector>

namespace scalelab::scenarios {

/// The request rate a workload describes over [0, duration]: its rate points
/// (steps and ramps), times its spikes, times its diurnal curve. The diurnal
/// curve is followed in linear pieces of period/96. (Replayed traces are read
/// by runVariant.)
sim::RateProfile rateProfile(const Workload& workload, double duration);

/// A file the study names (a replayed trace): as written when absolute or
/// when the study has no path, else relative to the study's folder.
std::string studyFilePath(const Study& study, const std::string& file);

/// The runtime configuration of one variant: its components as they are, its
/// routes compiled into call plans (in the study's operation order), the
/// network, and the random streams' key.
models::SystemConfig systemConfig(const Study& study, const Variant& variant, std::uint64_t seed,
                                  std::uint32_t replication);

/// Receives what a running variant produces, between simulation slices.
class VariantObserver
{
public:
    virtual ~VariantObserver() = default;
    /// One time bin, whole: its metrics and events, and the breakers, gauges
    /// and fleet at its end.
    virtual void onFrame(const sim::Frame& frame) = 0;
    /// Asked after every frame; returning false stops the run early.
    virtual bool keepRunning() { return true; }
    /// The most requests the run may generate, asked once before it starts
    /// (0: no cap). Bounds a run's work whatever the study's rates.
    virtual std::uint64_t maxArrivals() const { return 0; }
    /// The most requests in flight at once before new ones are rejected
    /// (models::SystemConfig::maxInFlight), asked once before the run starts.
    virtual std::size_t maxInFlight() const { return models::kMaxRequestsInFlight; }
    /// Where the sampled requests' spans go (models::SystemConfig::traceSink),
    /// asked once before the run starts; null: no tracing.
    virtual models::TraceSink* traceSink() { return nullptr; }
    /// The share of requests traced, 0..1 (models::traceSampled).
    virtual double traceSample() const { return 1.0; }
};

/// What one replication of a variant measured.
struct VariantRun
{
    sim::MetricFrame summary;          ///< after warm-up
    std::vector<models::Gauge> gauges; ///< at the end
    RunImpact impact;                  ///< cost and money lost, after warm-up
    double timeInSlo = 1.0;            ///< share of bins after warm-up meeting the SLO (SloTracker)
    std::vector<Recovery> recoveries;  ///< one per study fault (SloTracker)
};

/// Builds and runs one replication of a variant in this process (SimGrid
/// allows one per process: callers fork, see sim::runParallel). The traffic
/// and the faults come from the study; `seed` and `replication` key the random
/// streams, so two variants run with the same seed see the same arrivals.
/// Throws std::runtime_error when a replayed trace cannot be read.
VariantRun runVariant(const Study& study, const Variant& variant, std::uint64_t seed, std::uint32_t replication,
                      VariantObserver* observer = nullptr);

/// The stream's `start` line for replication 0 of `variant` (docs/stream.md).
sim::StreamStart streamStart(const Study& study, const Variant& variant);

/// Serialises a VariantRun as one line of JSON (exact round trip).
std::string variantRunToJson(const VariantRun& run);
VariantRun variantRunFromJson(const std::string& json);

} // namespace scalelab::scenarios
