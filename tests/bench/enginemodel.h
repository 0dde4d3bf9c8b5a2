#pragma once

#include "benchmodel.h"

namespace scalelab::bench {

/// How the engine run is cut and stopped.
struct EngineOptions
{
    double binWidth = 1.0; ///< s of simulated time per metric frame
    /// Run until every request has finished; otherwise stop at the last
    /// arrival (overload: the backlog is left in place).
    bool drain = true;
};

/// The model through ScaleLab's engine, as a study runs it: sim::Simulation,
/// one Machine + Station per station (threads = cores = servers, so service
/// is a kernel timer), models::QueueNode with exponential service and routes
/// to the next node, a Poisson sim::Source capped at model.requests arrivals,
/// and sim::Recorder::run() slicing the run into frames. Random streams are
/// keyed ("clients") and (station name, "service"). Builds a simulation in
/// this process: call it in a child process.
RunResult runEngine(const QueueModel& model, std::uint64_t seed = kSeed, EngineOptions options = {});

} // namespace scalelab::bench
