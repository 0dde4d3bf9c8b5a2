#pragma once

#include "benchmodel.h"

namespace scalelab::bench {

/// The model written the idiomatic SimGrid S4U way, as a user would by hand:
/// a host per station (servers cores), one actor per server looping on
/// get-from-mailbox / execute(service) / put-to-the-next-station's-mailbox,
/// and a generator actor that sleeps the inter-arrival time and puts each new
/// request (a heap-allocated struct) into the first mailbox (detached puts,
/// so the generator never blocks). Service demands come from the same
/// streams as the engine, drawn in each station's arrival order. Builds a
/// SimGrid engine in this process: call it in a child process.
RunResult runS4u(const QueueModel& model, std::uint64_t seed = kSeed);

} // namespace scalelab::bench
