#pragma once

#include "models/componentconfig.h"
#include "models/kinds/registry.h"
#include "simcore/request.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scalelab::sim {
struct Gauge;
} // namespace scalelab::sim

namespace scalelab::models {

using Gauge = sim::Gauge; // the frame's record (simcore/frame.h), as models/system.h names it

namespace detail {
struct Component;
struct Frame;
struct Flow;
struct Instance;
struct KindState;
struct Message;
struct Runtime;
enum class Next : unsigned char;
} // namespace detail

namespace analytic::detail {
class Network;
struct Node;
} // namespace analytic::detail

/// One kind of component as a module: what the editor shows of it, the flags
/// the rest of the code asks of it, its runtime behaviour (the hooks System
/// calls at fixed points of a visit), its part of the analytic model and its
/// default price. What every kind shares (calls, fan-out, timeouts, retries,
/// breakers, bulkheads, accounting, network hops) stays in System. The
/// runtime and analytic hooks take internals of models (models/src); only
/// models calls them. The defaults are a service's: a counted set of
/// machines with a worker pool each, doing CPU work per visit.
class Kind
{
public:
    explicit Kind(ComponentKind id) : m_id(id) {}
    virtual ~Kind() = default;
    Kind(const Kind&) = delete;
    Kind& operator=(const Kind&) = delete;

    ComponentKind id() const { return m_id; }
    /// The name in study files ("load_balancer").
    std::string_view name() const { return kindName(m_id); }

    // ---- what the editor shows --------------------------------------------
    /// The name for people ("load balancer").
    std::string label() const;
    /// The icon's Qt resource path (":/icons/load_balancer.svg").
    std::string icon() const;
    /// A new component's name before its number ("lb" -> lb1).
    virtual std::string_view baseName() const { return name(); }
    /// The line under a component's name on the canvas (UTF-8): "service · 2×4c".
    virtual std::string summary(const ComponentConfig& c) const;
    /// Points a new component's required reference to a service (a module's
    /// host, a queue's consumer) at `service`.
    virtual void referTo(ComponentConfig&, const std::string& /*service*/) const {}
    /// Why its instances cannot be killed ("an external: no machine"), or empty.
    virtual std::string unkillable(const ComponentConfig&) const { return {}; }

    // ---- flags --------------------------------------------------------------
    /// Runs on machines of its own (placement, cores, failures, prices apply).
    virtual bool hasMachines() const { return true; }
    /// Each instance has a worker pool (threads or connections) and a backlog.
    virtual bool hasWorkerPool() const { return true; }
    /// Its instance count is the `instances` field (else derived, or none).
    virtual bool countedByInstances() const { return true; }
    /// Its machines have disks (disk_bandwidth, a query's bytes).
    virtual bool hasDisk() const { return false; }
    /// Modules may run in it and queues deliver to it.
    virtual bool hostsWork() const { return false; }
    /// Clients sit in its first zone.
    virtual bool hostsClients() const { return false; }
    /// Hands each call's work to its `consumer` and lets the caller go on.
    virtual bool delivers() const { return false; }
    /// Its calls run where the caller is: no machine of its own, no hop.
    virtual bool runsInCaller() const { return false; }
    /// Its instances send requests to one another (a NoSQL store's replicas
    /// apply each write), so the network routes them.
    virtual bool instancesTalk() const { return false; }
    /// Each lookup hits or misses its own contents: hit_ratio, zipf, keys,
    /// capacity, ttl and a step's `miss` calls apply to it.
    virtual bool caches() const { return false; }
    /// A caching kind that loads its misses itself (read-through): it answers
    /// a hit alone, and its calls (the rest of the route) run only on a miss;
    /// a step's `miss` does not apply. Else a caching kind is cache-aside: the
    /// caller runs the step's `miss` calls.
    virtual bool readsThrough() const { return false; }
    /// Answers after its `latency`, failing `error_rate` of the calls: a
    /// service that is not on the study's machines.
    virtual bool remote() const { return false; }
    /// Why `key` (a route step's if `step`) does not apply to it, where that
    /// needs saying ("a sql_database's worker pool is its pool"); else empty.
    virtual std::string_view notApplicableHint(std::string_view /*key*/, bool /*step*/) const { return {}; }
    /// Instances at the file's counts, no autoscaling (0: no machines).
    virtual int instanceCount(const ComponentConfig& c) const { return c.instanceTotal(); }
    /// What `autoscale:` scales (a SQL database: its read replicas; with
    /// groups: the scaled group's instances).
    virtual int scaledCount(const ComponentConfig& c) const;
    /// USD per core-hour of the study's default pricing; unset: not billed by core.
    virtual std::optional<double> coreHourPrice() const { return std::nullopt; }
    /// USD per GB it serves to its callers, its list price; unset: bytes served are not billed.
    virtual std::optional<double> egressGbPrice() const { return std::nullopt; }
    /// It bills the bytes it serves (`egress_price` applies).
    bool billsEgress() const { return egressGbPrice().has_value(); }

    // ---- runtime (System) ---------------------------------------------------
    /// Its own state of one component (a cache's entries, a queue's messages).
    virtual std::unique_ptr<detail::KindState> makeState(const ComponentConfig&) const;
    /// Machines to build, spares for autoscaling included.
    virtual int machineCount(const ComponentConfig& c) const;
    /// Workers per instance.
    virtual int workers(const ComponentConfig& c) const { return c.threads; }
    /// The first instance `autoscale:` may launch or retire.
    virtual int firstScaled() const { return 0; }
    /// Resolves its references to other components (every component exists).
    virtual void link(detail::Runtime&, detail::Component&) const {}
    /// After its instances are built, before the autoscaler (more machines, controllers).
    virtual void built(detail::Runtime&, detail::Component&) const {}
    /// The autoscaler must not retire instance `index` now.
    virtual bool pinned(const detail::Component&, int index) const { return index == 0; }
    /// At System::start(), after Simulation::seal().
    virtual void start(detail::Runtime&, detail::Component&) const {}
    /// A call reached the kind (guards passed): by default the caller picks an
    /// instance and hops there (a remote kind: waits its latency at the
    /// caller); a kind may serve it elsewhere (set the frame's stage) or refuse it.
    virtual detail::Next arrive(detail::Runtime&, detail::Component&, sim::Request&, detail::Frame&) const;
    /// The instance of `owner` (this kind's component, or a module's host) a
    /// call goes to, or nullptr: the caller chooses (choose()).
    virtual detail::Instance* pick(detail::Component& owner, detail::Frame&) const;
    /// As a caller: the instance of `owner` this component sends a call to
    /// (by default round robin over the serving ones), or nullptr: none fits.
    /// Not `avoid` (a retry's failed instance) while another one fits.
    virtual detail::Instance* choose(detail::Runtime& rt, detail::Component& self, detail::Component& owner,
                                     const detail::Instance* avoid) const;
    /// The call is at the instance (stage Work set): admit it and start serving.
    virtual detail::Next admit(detail::Runtime&, detail::Component&, sim::Request&, detail::Frame&) const;
    /// A call the kind admitted with the frame's `admitted` mark is over.
    virtual void leave(detail::Component&) const {}
    /// Stage Work: the visit's own work (CPU by default, which extra() adds to).
    virtual detail::Next work(detail::Runtime&, detail::Component&, sim::Request&, detail::Flow&,
                              detail::Frame&) const;
    /// The visit's CPU demand in s (reference core), given the step's `cpu`.
    virtual double demand(detail::Runtime&, detail::Component&, detail::Flow&, detail::Frame&, double cpu) const
    {
        return cpu;
    }
    /// As a caller: a call to `backend` failed on a machine that is down.
    virtual void backendFailed(detail::Runtime&, detail::Component& /*self*/, detail::Instance& /*backend*/) const {}
    /// A message it delivered was handled (its flow is gone).
    virtual void delivered(detail::Runtime&, detail::Component&, const detail::Message&, sim::Outcome) const {}
    /// Messages waiting for `consumer` in this component.
    virtual double backlogFor(const detail::Component&, const detail::Component& /*consumer*/) const { return 0.0; }
    /// Machines of the component (or a zone) came back up.
    virtual void resumed(detail::Runtime&, detail::Component&) const {}
    /// Appends its figures now (docs/models.md "Gauges").
    virtual void gauges(const detail::Runtime&, const detail::Component&, std::vector<Gauge>&) const {}
    /// USD it billed since time 0 beyond its instance-hours (bytes it served).
    virtual double cost(const detail::Runtime&, const detail::Component&) const { return 0.0; }
    /// Faults that only some kinds know (System::failover, flushCache,
    /// consumerOutage); false: not this kind, or not now.
    virtual bool failover(detail::Runtime&, detail::Component&, double /*promotion*/) const { return false; }
    virtual bool flush(detail::Runtime&, detail::Component&) const { return false; }
    virtual bool consumerOutage(detail::Runtime&, detail::Component&, double /*duration*/) const { return false; }

    // ---- analytic model (models::analytic) ---------------------------------
    /// Adds its instance pools (and hit ratio, shard shares) to the model (a remote kind: none).
    virtual void addPools(analytic::detail::Network&, int component) const;
    /// As a caller: it spreads calls at random (Poisson arrivals at each instance).
    virtual bool spreadsAtRandom(const ComponentConfig&) const { return false; }
    /// Instances [first, first + count) a call may land on.
    virtual std::pair<int, int> callSpan(const ComponentConfig& c, bool /*write*/) const;
    /// Where one call runs and what it asks: its node's at, shares, demands,
    /// delays (a remote kind: its latency at the caller).
    virtual void analyticCall(analytic::detail::Network&, analytic::detail::Node&, int callerAt) const;

private:
    ComponentKind m_id;
};

} // namespace scalelab::models
