#pragma once

#include "benchmodel.h"

namespace scalelab::bench {

/// The model as a minimal hand-written discrete-event loop: events (an arrival,
/// or a service end at a station) in a binary heap ordered by time, a FIFO
/// per station, nothing else. The practical limit for this model. It draws
/// from the same random streams as the engine (sim::RandomStream, a plain
/// xoshiro256** with the same keys, the same draws in the same order), so
/// both compute the same sample path and the same mean response.
RunResult runHeapLoop(const QueueModel& model, std::uint64_t seed = kSeed);

} // namespace scalelab::bench
