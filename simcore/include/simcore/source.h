#pragma once

#include "simcore/arrivals.h"
#include "simcore/random.h"
#include "simcore/request.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace scalelab::sim {

class Recorder;
class Simulation;

/// Where requests enter: draws arrival times from an ArrivalProcess (one kernel
/// timer pending at a time), picks each request's operation from the mix, and
/// hands the request to the entry handler.
class Source
{
public:
    /// operationShares: relative weights of the operations (empty: one operation).
    Source(Simulation& sim, Recorder& recorder, std::unique_ptr<ArrivalProcess> arrivals,
           Handler& entry, std::vector<double> operationShares = {},
           RandomStream mixStream = RandomStream(0));

    /// Schedules the first arrival. Call once, after Simulation::seal().
    void start();
    /// Stops generating after `maxArrivals` requests (a cap on a run's work
    /// whatever its rates; the default is no cap).
    void setLimit(std::uint64_t maxArrivals) { m_limit = maxArrivals; }
    std::uint64_t generated() const { return m_generated; }

private:
    void arrive();
    void scheduleNext();

    Simulation& m_sim;
    Recorder& m_recorder;
    std::unique_ptr<ArrivalProcess> m_arrivals;
    Handler& m_entry;
    std::vector<double> m_cumulative;
    RandomStream m_mix;
    std::uint64_t m_generated = 0;
    std::uint64_t m_limit = UINT64_MAX;
};

} // namespace scalelab::sim
