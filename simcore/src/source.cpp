#include "simcore/source.h"

#include "simcore/recorder.h"
#include "simcore/simulation.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace scalelab::sim {

Source::Source(Simulation& sim, Recorder& recorder, std::unique_ptr<ArrivalProcess> arrivals, Handler& entry,
               std::vector<double> operationShares, RandomStream mixStream)
    : m_sim(sim), m_recorder(recorder), m_arrivals(std::move(arrivals)), m_entry(entry), m_mix(mixStream)
{
    if (operationShares.size() > 1) {
        m_cumulative.resize(operationShares.size());
        std::partial_sum(operationShares.begin(), operationShares.end(), m_cumulative.begin());
        const double total = m_cumulative.back();
        for (double& c : m_cumulative)
            c /= total;
    }
}

void Source::start() { scheduleNext(); }

void Source::scheduleNext()
{
    if (m_generated >= m_limit)
        return;
    const double t = m_arrivals->next(m_sim.now());
    if (std::isfinite(t))
        m_sim.at(t, [this] { arrive(); });
}

void Source::arrive()
{
    Request* r = m_sim.requests().acquire();
    r->created = m_sim.now();
    if (!m_cumulative.empty()) {
        const double u = m_mix.uniform();
        r->operation = static_cast<std::uint32_t>(
            std::min<std::ptrdiff_t>(std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u) -
                                         m_cumulative.begin(),
                                     static_cast<std::ptrdiff_t>(m_cumulative.size()) - 1));
    }
    ++m_generated;
    m_recorder.onArrival(*r);
    // Schedule the next arrival before this request moves: its path may end at once.
    scheduleNext();
    m_entry.onDone(*r, Outcome::Ok);
}

} // namespace scalelab::sim
