#pragma once

#include "benchmodel.h"

namespace scalelab::bench {

/// The model on SimGrid's kernel timers alone: the heap loop's logic, with
/// every arrival and service end a simgrid::kernel::timer::Timer and SimGrid's
/// engine loop (Engine::run) dispatching them; no actor, no activity, no
/// ScaleLab layer. It is the floor of any design that steps SimGrid once per
/// event, as ScaleLab's engine does for timer-based visits: not a target,
/// a diagnostic that splits the engine's cost between SimGrid and ScaleLab.
/// Same streams as the engine. Builds a SimGrid engine: call it in a child.
RunResult runKernelTimers(const QueueModel& model, std::uint64_t seed = kSeed);

} // namespace scalelab::bench
