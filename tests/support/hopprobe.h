#pragma once

#include "simcore/simulation.h"

#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace scalelab::testing {

/// Records when each request's hop ended and how (Simulation::send's handler),
/// and releases the request.
class HopProbe : public sim::Handler
{
public:
    explicit HopProbe(sim::Simulation& s) : m_sim(s) {}
    std::vector<std::pair<double, sim::Outcome>> ends;
    void onDone(sim::Request& r, sim::Outcome o) override
    {
        ends.emplace_back(m_sim.now(), o);
        m_sim.requests().release(&r);
    }
    /// The ends as "time outcome " pairs at full precision, to hand out of a child process.
    std::string text() const
    {
        std::ostringstream o;
        o.precision(17);
        for (const auto& [t, outcome] : ends)
            o << t << ' ' << int(outcome) << ' ';
        return o.str();
    }
    /// Reads text() back: (time, outcome as an int) per hop.
    static std::vector<std::pair<double, int>> parse(const std::string& text)
    {
        std::istringstream in(text);
        std::vector<std::pair<double, int>> ends;
        double t = 0;
        int outcome = 0;
        while (in >> t >> outcome)
            ends.emplace_back(t, outcome);
        return ends;
    }

private:
    sim::Simulation& m_sim;
};

} // namespace scalelab::testing
