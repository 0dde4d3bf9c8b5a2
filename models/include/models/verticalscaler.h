#pragma once

#include "models/componentconfig.h"

#include <functional>
#include <string>
#include <vector>

namespace scalelab::sim {
class Machine;
class Simulation;
} // namespace scalelab::sim

namespace scalelab::models {

/// The controller of a SQL primary's size (vertical scaling): every `period`
/// it measures the primary's CPU utilization and picks the smallest size of
/// the ladder whose capacity (cores x speed) would bring it to the target,
/// within the cooldowns and `max_cores`; it also applies the scheduled
/// resizes at their times. The resize itself (launch, switch-over, downtime)
/// is the owner's: `resize(size)` starts it and returns when it ends (s).
class VerticalScaler
{
public:
    /// `machines[i]` is the machine of size i; `initial` is the size serving
    /// from time 0. `resize` starts a resize to a size and returns the time
    /// (s) the new primary serves, or a negative value when it cannot start
    /// now (the primary is not on the ladder after a failover).
    VerticalScaler(sim::Simulation& sim, std::string component, const VerticalScaleConfig& config,
                   std::vector<sim::Machine*> machines, std::size_t initial,
                   std::function<double(std::size_t)> resize);

    /// Schedules the evaluations and the scheduled resizes. Call after seal().
    void start();

    /// The size the primary has now (or is being resized to).
    std::size_t size() const { return m_size; }
    /// True from a resize's decision to the end of its switch-over.
    bool resizing() const { return m_resizing; }

private:
    void evaluate();
    void resizeTo(std::size_t size, const char* why);
    /// The primary's busy cores / cores since the last evaluation, or a
    /// negative value when there is nothing to measure.
    double measure();
    /// The smallest size (<= max_cores) with at least `capacity`, else the largest allowed.
    std::size_t fit(double capacity) const;

    sim::Simulation& m_sim;
    std::string m_component;
    VerticalScaleConfig m_cfg;
    std::vector<sim::Machine*> m_machines;
    std::function<double(std::size_t)> m_resize;
    std::size_t m_size;
    bool m_resizing = false;
    double m_until = 0.0;         // end of the resize in progress
    double m_lastResize = -1e300; // time of the last resize decision
    double m_lastBusy = 0.0, m_lastTime = 0.0;
};

} // namespace scalelab::models
