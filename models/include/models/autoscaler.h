#pragma once

#include "models/componentconfig.h"
#include "simcore/statistics.h"

#include <functional>
#include <string>
#include <vector>

namespace scalelab::sim {
class Machine;
class Simulation;
class Station;
} // namespace scalelab::sim

namespace scalelab::models {

/// Where an instance is in its life under autoscaling. Off: not launched,
/// not billed. Booting: launched and billed, not in the balancer's pool yet.
/// Serving: in the pool. Draining: out of the pool, billed until its
/// in-flight work is done.
enum class InstanceState { Off, Booting, Serving, Draining };

/// One instance the autoscaler may launch or retire (owned by System).
struct ScalableInstance
{
    sim::Machine* machine = nullptr;
    sim::Station* station = nullptr;
    InstanceState* state = nullptr;
    const int* inFlight = nullptr; ///< calls at or on their way to the instance
};

/// The controller of one component's capacity: every `period` it measures
/// the metric over its serving instances and moves the capacity (serving +
/// booting) toward ceil(capacity x metric / target), within [min, max] and
/// the cooldowns, or, as Kubernetes' HorizontalPodAutoscaler does, through
/// stabilization windows and rate policies (controller hpa); it also applies
/// the scheduled steps at their times. A launched instance serves after
/// `provision` seconds; a retired one leaves the pool at once and is released
/// when its in-flight work has drained.
class Autoscaler
{
public:
    /// `instances` are every machine the component may use, initial ones
    /// first; `initial` of them serve from time 0. `backlog` adds waiting
    /// work that is not in the instances' backlogs (a message queue the
    /// component consumes), or is empty.
    Autoscaler(sim::Simulation& sim, std::string component, const AutoscaleConfig& config,
               std::vector<ScalableInstance> instances, int initial, std::function<double()> backlog);

    /// Instances (by position in `instances`) it must not retire now: a SQL
    /// database's replica promoted to primary by a failover.
    void setPinned(std::function<bool(std::size_t)> pinned) { m_pinned = std::move(pinned); }
    /// Marks the spare machines unprovisioned. Call before Simulation::seal().
    void prepare();
    /// Schedules the evaluations and the scheduled steps. Call after seal().
    void start();

    /// Serving + booting instances.
    int capacity() const;
    int highest() const { return m_highest; }
    const std::string& component() const { return m_component; }

private:
    void evaluate();
    /// controller hpa: one sync of the HorizontalPodAutoscaler.
    void evaluateHpa(double metric);
    /// The HPA's replicas for the metric (before stabilization and policies).
    int hpaProposal(double metric, int current) const;
    /// The HPA's stabilization, then its rate policies and [min, max].
    int hpaNormalized(int desired, int current);
    /// The most (up) or fewest (down) instances the policies allow now.
    int hpaLimit(const HpaRules& rules, bool up, int current) const;
    void applyStep(const AutoscaleConfig::Step& step);
    /// Launches or retires instances to reach `target` (clamped to [min, max]).
    void setCapacity(int target);
    void setState(std::size_t i, InstanceState s);
    void drain(std::size_t i);
    /// The metric over the last period, or a negative value when there is none.
    double measure();

    sim::Simulation& m_sim;
    std::string m_component;
    AutoscaleConfig m_cfg;
    std::vector<ScalableInstance> m_instances;
    std::vector<sim::TimeWeighted> m_serving; // per instance: 1 while serving
    std::vector<double> m_lastBusy, m_lastServing;
    std::function<double()> m_backlog;
    std::function<bool(std::size_t)> m_pinned;
    int m_initial;
    int m_highest = 0;
    double m_lastOut = -1e300, m_lastAny = -1e300, m_lastEval = 0.0;
    // controller hpa: the rules with Kubernetes' defaults filled in, past
    // recommendations (s, instances) and scalings (s, instances added or removed).
    HpaRules m_up, m_down;
    struct Timed
    {
        double at;
        int value;
    };
    std::vector<Timed> m_recommendations, m_upEvents, m_downEvents;
};

} // namespace scalelab::models
