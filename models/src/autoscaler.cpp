#include "models/autoscaler.h"

#include "simcore/simulation.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace scalelab::models {

namespace {

// How often a draining instance is checked for in-flight work, s.
constexpr double kDrainPoll = 1.0;

} // namespace

Autoscaler::Autoscaler(sim::Simulation& sim, std::string component, const AutoscaleConfig& config,
                       std::vector<ScalableInstance> instances, int initial, std::function<double()> backlog)
    : m_sim(sim), m_component(std::move(component)), m_cfg(config), m_instances(std::move(instances)),
      m_serving(m_instances.size()), m_lastBusy(m_instances.size(), 0.0), m_lastServing(m_instances.size(), 0.0),
      m_backlog(std::move(backlog)), m_initial(initial)
{
    assert(initial >= 0 && std::size_t(initial) <= m_instances.size());
}

void Autoscaler::prepare()
{
    for (std::size_t i = 0; i < m_instances.size(); ++i) {
        const bool on = int(i) < m_initial;
        *m_instances[i].state = on ? InstanceState::Serving : InstanceState::Off;
        m_instances[i].machine->setProvisioned(on);
        m_serving[i].set(0.0, on ? 1.0 : 0.0);
    }
    m_highest = m_initial;
}

void Autoscaler::start()
{
    if (m_cfg.targetCpu || m_cfg.targetQueue) {
        m_lastEval = m_sim.now();
        m_sim.at(m_sim.now() + m_cfg.period, [this] { evaluate(); });
    }
    for (const AutoscaleConfig::Step& step : m_cfg.schedule)
        m_sim.at(std::max(step.at, m_sim.now()), [this, step] { applyStep(step); });
}

int Autoscaler::capacity() const
{
    return int(std::count_if(m_instances.begin(), m_instances.end(), [](const ScalableInstance& in) {
        return *in.state == InstanceState::Serving || *in.state == InstanceState::Booting;
    }));
}

void Autoscaler::setState(std::size_t i, InstanceState s)
{
    ScalableInstance& in = m_instances[i];
    *in.state = s;
    in.machine->setProvisioned(s != InstanceState::Off);
    m_serving[i].set(m_sim.now(), s == InstanceState::Serving ? 1.0 : 0.0);
}

double Autoscaler::measure()
{
    const double now = m_sim.now();
    double busy = 0.0, servingCoreTime = 0.0, waiting = 0.0;
    int serving = 0;
    for (std::size_t i = 0; i < m_instances.size(); ++i) {
        const ScalableInstance& in = m_instances[i];
        const double b = in.machine->busyCoreArea(now);
        const double s = m_serving[i].areaUntil(now);
        // Only the time an instance served counts: a booting one is idle by design.
        if (s > m_lastServing[i]) {
            busy += b - m_lastBusy[i];
            servingCoreTime += (s - m_lastServing[i]) * in.machine->cores();
        }
        m_lastBusy[i] = b;
        m_lastServing[i] = s;
        if (*in.state == InstanceState::Serving) {
            ++serving;
            if (in.station)
                waiting += double(in.station->queueLength());
        }
    }
    if (m_cfg.targetCpu)
        return servingCoreTime > 0 ? busy / servingCoreTime : -1.0;
    if (serving == 0)
        return -1.0;
    if (m_backlog)
        waiting += m_backlog();
    return waiting / serving;
}

void Autoscaler::evaluate()
{
    const double now = m_sim.now();
    const double metric = measure();
    m_sim.at(now + m_cfg.period, [this] { evaluate(); });
    if (metric < 0.0)
        return;
    const double target = m_cfg.targetCpu ? *m_cfg.targetCpu : *m_cfg.targetQueue;
    const double ratio = metric / target;
    if (std::fabs(ratio - 1.0) <= m_cfg.tolerance)
        return;
    const int current = capacity();
    // Target tracking: the capacity at which the metric would sit at its target.
    // A queue target with an empty backlog says nothing about how many fewer
    // instances would do: scale in one at a time then.
    int desired = int(std::ceil(double(current) * ratio - 1e-9));
    if (m_cfg.targetQueue && metric == 0.0)
        desired = current - 1;
    desired = std::clamp(desired, m_cfg.min, m_cfg.max);
    if (desired > current && now - m_lastOut >= m_cfg.scaleOutCooldown) {
        m_lastOut = now;
        setCapacity(desired);
    } else if (desired < current && now - m_lastAny >= m_cfg.scaleInCooldown) {
        setCapacity(desired);
    }
}

void Autoscaler::applyStep(const AutoscaleConfig::Step& step)
{
    if (step.min)
        m_cfg.min = *step.min;
    if (step.max)
        m_cfg.max = *step.max;
    m_cfg.max = std::min(m_cfg.max, int(m_instances.size()));
    m_cfg.min = std::min(m_cfg.min, m_cfg.max);
    setCapacity(step.desired ? *step.desired : capacity());
}

void Autoscaler::setCapacity(int target)
{
    target = std::clamp(target, m_cfg.min, std::min(m_cfg.max, int(m_instances.size())));
    const int current = capacity();
    if (target == current)
        return;
    const double now = m_sim.now();
    m_lastAny = now;
    m_sim.emit({now, target > current ? "scale_out" : "scale_in", m_component,
                std::to_string(current) + " -> " + std::to_string(target)});
    if (target > current) {
        int missing = target - current;
        for (std::size_t i = 0; i < m_instances.size() && missing > 0; ++i) {
            if (*m_instances[i].state != InstanceState::Off)
                continue;
            setState(i, InstanceState::Booting);
            --missing;
            m_sim.at(now + m_cfg.provision, [this, i] {
                if (*m_instances[i].state == InstanceState::Booting)
                    setState(i, InstanceState::Serving);
            });
        }
        m_highest = std::max(m_highest, capacity());
        return;
    }
    // Scale in: cancel the newest launches first, then retire the last serving instances.
    int extra = current - target;
    for (std::size_t i = m_instances.size(); i-- > 0 && extra > 0;) {
        if (*m_instances[i].state == InstanceState::Booting) {
            setState(i, InstanceState::Off);
            --extra;
        }
    }
    for (std::size_t i = m_instances.size(); i-- > 0 && extra > 0;) {
        if (*m_instances[i].state == InstanceState::Serving && !(m_pinned && m_pinned(i))) {
            setState(i, InstanceState::Draining);
            --extra;
            drain(i);
        }
    }
}

void Autoscaler::drain(std::size_t i)
{
    ScalableInstance& in = m_instances[i];
    if (*in.state != InstanceState::Draining)
        return;
    const bool idle = (!in.inFlight || *in.inFlight == 0) &&
                      (!in.station || (in.station->busy() == 0 && in.station->queueLength() == 0));
    if (idle || !in.machine->isUp()) {
        setState(i, InstanceState::Off);
        return;
    }
    m_sim.at(m_sim.now() + kDrainPoll, [this, i] { drain(i); });
}

} // namespace scalelab::models
