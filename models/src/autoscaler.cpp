#include "models/autoscaler.h"

#include "simcore/simulation.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace scalelab::models {

namespace {

// How often a draining instance is checked for in-flight work, s.
constexpr double kDrainPoll = 1.0;

// Times are compared with this margin: the HPA keeps what happened strictly
// after a cutoff, and sums of periods carry rounding.
constexpr double kTimeEpsilon = 1e-9;

} // namespace

Autoscaler::Autoscaler(sim::Simulation& sim, std::string component, const AutoscaleConfig& config,
                       std::vector<ScalableInstance> instances, int initial, std::function<double()> backlog)
    : m_sim(sim), m_component(std::move(component)), m_cfg(config), m_instances(std::move(instances)),
      m_serving(m_instances.size()), m_lastBusy(m_instances.size(), 0.0), m_lastServing(m_instances.size(), 0.0),
      m_backlog(std::move(backlog)), m_initial(initial), m_up(hpaResolved(config.scaleUp, true)),
      m_down(hpaResolved(config.scaleDown, false))
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
    if (m_cfg.controller == AutoscaleController::Hpa) {
        evaluateHpa(metric);
        return;
    }
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

// Kubernetes' HorizontalPodAutoscaler, one sync (its reconcileAutoscaler with
// behaviors, as the HPA documentation describes it): the replicas the metric
// asks for, the stabilization window over past recommendations, then the rate
// policies and the bounds.
void Autoscaler::evaluateHpa(double metric)
{
    const double now = m_sim.now();
    const int current = capacity();
    // The first sync records the capacity it found as a recommendation.
    if (m_recommendations.empty())
        m_recommendations.push_back({now, current});
    if (current == 0 && m_cfg.min != 0)
        return; // scaled to zero by hand: the HPA leaves it
    const int most = std::min(m_cfg.max, int(m_instances.size()));
    int desired;
    if (current > most) {
        desired = most;
    } else if (current < m_cfg.min) {
        desired = m_cfg.min;
    } else {
        if (metric < 0.0)
            return; // no instance served: no metric, no decision
        desired = hpaNormalized(hpaProposal(metric, current), current);
    }
    if (desired == current)
        return;
    (desired > current ? m_upEvents : m_downEvents).push_back({now, std::abs(desired - current)});
    // Events older than every policy's period count no more.
    for (auto [events, rules] : {std::pair{&m_upEvents, &m_up}, {&m_downEvents, &m_down}}) {
        double longest = 0.0;
        for (const HpaPolicy& p : rules->policies)
            longest = std::max(longest, p.period);
        std::erase_if(*events, [&](const Timed& e) { return e.at <= now - longest - kTimeEpsilon; });
    }
    setCapacity(desired);
}

int Autoscaler::hpaProposal(double metric, int current) const
{
    const double target = m_cfg.targetCpu ? *m_cfg.targetCpu : *m_cfg.targetQueue;
    const double ratio = metric / target;
    int serving = 0, booting = 0;
    double servingWeight = 0.0, bootingWeight = 0.0; // cores (CPU), instances (queue)
    for (const ScalableInstance& in : m_instances) {
        const double weight = m_cfg.targetCpu ? double(in.machine->cores()) : 1.0;
        if (*in.state == InstanceState::Serving) {
            ++serving;
            servingWeight += weight;
        } else if (*in.state == InstanceState::Booting) {
            ++booting;
            bootingWeight += weight;
        }
    }
    if (booting == 0 || ratio <= 1.0) {
        if (std::fabs(ratio - 1.0) <= m_cfg.tolerance)
            return current;
        return int(std::ceil(ratio * double(serving) - 1e-9));
    }
    // Scaling up with instances not ready yet: they count as idle, which
    // damps the step; no action when that brings the ratio within tolerance
    // or below 1.
    const double damped = ratio * servingWeight / (servingWeight + bootingWeight);
    if (std::fabs(damped - 1.0) <= m_cfg.tolerance || damped < 1.0)
        return current;
    return std::max(current, int(std::ceil(damped * double(serving + booting) - 1e-9)));
}

int Autoscaler::hpaNormalized(int desired, int current)
{
    const double now = m_sim.now();
    const double upCutoff = now - *m_up.stabilization, downCutoff = now - *m_down.stabilization;
    int lowest = desired, highest = desired;
    for (const Timed& r : m_recommendations) {
        if (r.at > upCutoff + kTimeEpsilon)
            lowest = std::min(lowest, r.value);
        if (r.at > downCutoff + kTimeEpsilon)
            highest = std::max(highest, r.value);
    }
    std::erase_if(m_recommendations, [&](const Timed& r) {
        return r.at <= std::min(upCutoff, downCutoff) + kTimeEpsilon;
    });
    m_recommendations.push_back({now, desired});
    // Up: the lowest recommendation in the up window; down: the highest in the down window.
    int replicas = std::min(std::max(current, lowest), highest);
    const int most = std::min(m_cfg.max, int(m_instances.size()));
    if (replicas > current)
        replicas = std::min(replicas, std::min(most, std::max(current, hpaLimit(m_up, true, current))));
    else if (replicas < current)
        replicas = std::max(replicas, std::max(m_cfg.min, std::min(current, hpaLimit(m_down, false, current))));
    return replicas;
}

int Autoscaler::hpaLimit(const HpaRules& rules, bool up, int current) const
{
    if (rules.select == HpaSelect::Disabled)
        return current;
    // Max picks the policy allowing the largest change: the highest limit up, the lowest down.
    const bool highest = (rules.select == HpaSelect::Max) == up;
    int limit = highest ? std::numeric_limits<int>::min() : std::numeric_limits<int>::max();
    const double now = m_sim.now();
    for (const HpaPolicy& p : rules.policies) {
        int added = 0, removed = 0;
        for (const Timed& e : m_upEvents)
            if (e.at > now - p.period + kTimeEpsilon)
                added += e.value;
        for (const Timed& e : m_downEvents)
            if (e.at > now - p.period + kTimeEpsilon)
                removed += e.value;
        const int start = current - added + removed;
        int proposed;
        if (p.pods)
            proposed = up ? start + *p.pods : start - *p.pods;
        else if (up)
            proposed = int(std::ceil(double(start) * (1.0 + *p.percent / 100.0)));
        else
            proposed = int(double(start) * (1.0 - *p.percent / 100.0)); // truncated, as Kubernetes does
        limit = highest ? std::max(limit, proposed) : std::min(limit, proposed);
    }
    return limit;
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
