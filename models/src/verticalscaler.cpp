#include "models/verticalscaler.h"

#include "simcore/simulation.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

namespace scalelab::models {

namespace {

std::string label(const VerticalScaleConfig::Size& s)
{
    char text[48];
    if (s.speed == 1.0)
        std::snprintf(text, sizeof text, "%d cores", s.cores);
    else
        std::snprintf(text, sizeof text, "%d cores x%g", s.cores, s.speed);
    return text;
}

} // namespace

VerticalScaler::VerticalScaler(sim::Simulation& sim, std::string component, const VerticalScaleConfig& config,
                               std::vector<sim::Machine*> machines, std::size_t initial,
                               std::function<double(std::size_t)> resize)
    : m_sim(sim), m_component(std::move(component)), m_cfg(config), m_machines(std::move(machines)),
      m_resize(std::move(resize)), m_size(initial)
{
    assert(m_machines.size() == m_cfg.sizes.size() && initial < m_machines.size());
}

void VerticalScaler::start()
{
    if (m_cfg.targetCpu) {
        m_lastTime = m_sim.now();
        m_lastBusy = m_machines[m_size]->busyCoreArea(m_lastTime);
        m_sim.at(m_sim.now() + m_cfg.period, [this] { evaluate(); });
    }
    for (const VerticalScaleConfig::Step& step : m_cfg.schedule) {
        const std::size_t size = step.size;
        m_sim.at(std::max(step.at, m_sim.now()), [this, size] { resizeTo(size, "scheduled"); });
    }
}

double VerticalScaler::measure()
{
    const double now = m_sim.now();
    const sim::Machine& m = *m_machines[m_size];
    const double busy = m.busyCoreArea(now);
    const double span = now - m_lastTime;
    const double u = span > 0 ? (busy - m_lastBusy) / (span * double(m.cores())) : -1.0;
    m_lastBusy = busy;
    m_lastTime = now;
    return u;
}

std::size_t VerticalScaler::fit(double capacity) const
{
    std::size_t best = 0;
    for (std::size_t i = 0; i < m_cfg.sizes.size(); ++i) {
        if (m_cfg.maxCores && m_cfg.sizes[i].cores > *m_cfg.maxCores)
            break;
        best = i;
        if (m_cfg.sizes[i].capacity() >= capacity - 1e-9)
            break;
    }
    return best;
}

void VerticalScaler::evaluate()
{
    const double now = m_sim.now();
    m_sim.at(now + m_cfg.period, [this] { evaluate(); });
    if (m_resizing)
        return; // measured afresh on the new primary once the switch is over
    const double u = measure();
    if (u < 0.0)
        return;
    const double ratio = u / *m_cfg.targetCpu;
    if (std::fabs(ratio - 1.0) <= m_cfg.tolerance)
        return;
    // Target tracking: the capacity at which the primary would sit at its target.
    const std::size_t want = fit(m_cfg.sizes[m_size].capacity() * ratio);
    if (want > m_size && now - m_lastResize >= m_cfg.scaleUpCooldown)
        resizeTo(want, "target_cpu");
    else if (want < m_size && now - m_lastResize >= m_cfg.scaleDownCooldown)
        resizeTo(want, "target_cpu");
}

void VerticalScaler::resizeTo(std::size_t size, const char* why)
{
    const double now = m_sim.now();
    if (m_resizing) {
        // One resize at a time: a scheduled one waits for the switch in progress.
        m_sim.at(m_until, [this, size, why] { resizeTo(size, why); });
        return;
    }
    if (size == m_size)
        return;
    const double until = m_resize(size);
    if (until < 0.0)
        return;
    m_sim.emit({now, size > m_size ? "resize_up" : "resize_down", m_component,
                label(m_cfg.sizes[m_size]) + " -> " + label(m_cfg.sizes[size]) + " (" + why + ")"});
    m_lastResize = now;
    m_size = size;
    m_until = until;
    m_resizing = true;
    m_sim.at(until, [this] {
        m_resizing = false;
        m_lastTime = m_sim.now();
        m_lastBusy = m_machines[m_size]->busyCoreArea(m_lastTime);
    });
}

} // namespace scalelab::models
