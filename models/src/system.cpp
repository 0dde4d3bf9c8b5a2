#include "models/system.h"

#include "models/autoscaler.h"
#include "models/resilience.h"
#include "models/verticalscaler.h"

#include "simcore/distribution.h"
#include "simcore/random.h"
#include "simcore/recorder.h"
#include "simcore/simulation.h"
#include "simcore/zipf.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <unordered_map>

namespace scalelab::models {

using sim::Outcome;
using sim::Request;

namespace {

struct Component;

/// One running copy of a component: a machine and its worker pool.
struct Instance
{
    Component* component = nullptr;
    int index = 0;
    std::string zone;
    sim::Machine* machine = nullptr;
    sim::Station* station = nullptr;
    int inFlight = 0; // calls at this instance now (least connections, power of two)
    InstanceState state = InstanceState::Serving; // autoscaling: only Serving ones get new work
    double hourly = 0.0; // USD per hour while provisioned
    int gatewayMisses = 0; // consecutive gateway calls that found the machine down
    bool serving() const { return state == InstanceState::Serving; }
};

/// A balancer's view of one target component's instances.
struct Backends
{
    std::vector<int> failures;     // consecutive failed health checks per instance
    std::vector<bool> healthy;
    std::uint64_t next = 0;        // round robin position
};

/// A message waiting in a queue.
struct Message
{
    const CallPlan* consumerPlan;
    double enqueued;
    int attempts;
};

struct Component
{
    ComponentConfig cfg;
    std::vector<Instance> instances;
    Component* host = nullptr;       // module: the service it runs in
    Component* consumer = nullptr;   // message_queue: the consuming service
    sim::RandomStream rng{0};
    std::uint64_t next = 0;          // round robin for callers without a balancer

    // load_balancer
    int connections = 0;
    std::map<const Component*, Backends> backends;
    // api_gateway: token buckets per client class
    struct Bucket
    {
        double rps, burst, tokens, last;
    };
    std::map<std::string, Bucket> buckets;
    // cache
    std::optional<sim::ZipfSampler> keys;
    std::list<std::uint64_t> lru;    // most recent first
    std::unordered_map<std::uint64_t, std::pair<std::list<std::uint64_t>::iterator, double>> entries;
    std::uint64_t lookups = 0, hits = 0;
    // message_queue
    std::deque<Message> queue;
    int delivering = 0;
    std::uint64_t deadLetters = 0, consumed = 0;
    // sql_database
    std::uint64_t staleReads = 0, replicaReads = 0;
    // autoscaling (service instances, sql_database replicas)
    std::unique_ptr<Autoscaler> autoscaler;
    double hourly = 0.0; // USD per instance-hour
    // sql_database vertical scaling: the instance of each size of the ladder
    std::vector<int> ladder;
    std::unique_ptr<VerticalScaler> vertical;

    int servingCount() const
    {
        return int(std::count_if(instances.begin(), instances.end(), [](const Instance& in) { return in.serving(); }));
    }

    // faults (docs/models.md, "Faults")
    int id = 0;                      // index in System::Impl::components
    sim::RandomStream faultRng{0};   // injected errors, random failures
    double slowAdd = 0.0, slowFactor = 1.0;
    double injectedErrorRate = 0.0;
    std::uint32_t slowGen = 0, errorGen = 0, consumerGen = 0;
    int primary = 0;                 // sql_database: the instance taking writes
    bool promoting = false;          // sql_database: failover in progress, writes fail
    bool switching = false;          // sql_database: vertical resize switching over, writes fail
    double staleUntil = -1.0;        // sql_database: replica reads before this are stale
    bool consumerDown = false;       // message_queue: consumers stopped
    std::uint64_t warmFills = ~std::uint64_t(0); // cache with hit_ratio: fills since a flush
    double cpuSeconds = 0.0;         // module: core-seconds of its host's CPU its work took (at start)

    bool isLocal(const Instance* caller) const
    {
        // A module called from its host (or from a sibling module) runs in-process.
        return cfg.kind == ComponentKind::Module && caller && caller->component &&
               (caller->component == host || caller->component->host == host);
    }
};

enum class Stage : std::uint8_t { Pick, HopIn, Admit, Work, Disk, Children, Release, HopOut, Done, Backoff };

/// One call in progress: the request is at `at`, called from `caller`.
struct Frame
{
    const CallPlan* plan = nullptr;
    Instance* caller = nullptr;
    Instance* at = nullptr;
    Stage stage = Stage::Pick;
    std::uint32_t grantEpoch = 0;
    bool holding = false;
    bool lbConnection = false;
    bool missed = false;            // cache: this lookup missed
    const CallPlan* missOf = nullptr; // running the miss calls of this cache call
    std::uint32_t nextCall = 0;
    std::uint32_t nextMiss = 0;
    bool parallelStarted = false;
    int pending = 0;                // parallel branches or a timed call outstanding
    std::uint32_t wait = 0;         // generation of the current wait (timeouts)
    Outcome failure = Outcome::Ok;
    bool isWrite = false;
    // resilience (docs/models.md, "Resilience")
    int attempt = 0;                // 0: the first attempt of this call
    bool guarded = false;           // breaker and bulkhead passed, attempt counted
    bool breakerArmed = false;      // its outcome goes to the breaker
    bool bulkheadHeld = false;
    double slowExtra = 0.0;         // s of injected delay still to serve
};

enum class FlowKind : std::uint8_t { Root, Branch, Message };

/// A request's call stack, from the pool. Branches (fan-out, timed calls) and
/// queue messages run as child requests with their own flow.
struct Flow
{
    FlowKind kind = FlowKind::Root;
    std::vector<Frame> frames;
    Request* parent = nullptr;
    std::uint64_t parentId = 0;
    std::uint32_t parentDepth = 0;
    std::uint32_t parentWait = 0;
    Component* queue = nullptr;     // Message: the queue it came from
    Message message{};
    std::vector<std::pair<const Component*, double>> writes; // this request's last write per database
    bool abandoned = false;         // Branch: its caller timed out; the breaker already heard
    bool timed = false;             // Branch: a call with a timeout (its caller retries it)
};

} // namespace

struct System::Impl
{
    sim::Simulation& sim;
    sim::Recorder& recorder;
    System& self;
    std::vector<std::unique_ptr<Component>> components;
    std::map<std::string, Component*, std::less<>> byName;
    std::vector<OperationPlan> operations;
    std::map<std::pair<const CallPlan*, std::string>, std::unique_ptr<CallPlan>> derivedPlans;

    /// The plan's demands without its downstream calls' timeout, aimed at
    /// `target` (a queue's consumer, a store's other replicas); made once per plan.
    const CallPlan* derived(const CallPlan& plan, const std::string& target)
    {
        auto& slot = derivedPlans[{&plan, target}];
        if (!slot) {
            slot = std::make_unique<CallPlan>(plan);
            slot->target = target;
            slot->component = indexOf(target);
            slot->timeout.reset();
            slot->retries.reset();
            slot->breaker.reset();
            slot->bulkhead.reset();
            if (target == plan.target) { // a replica applies the write only
                slot->calls.clear();
                slot->parallel.clear();
                slot->connection = -1;   // not a call the caller makes: not counted
            } else {
                slot->connection = connectionOf(plan.component, slot->component); // a queue delivers
            }
        }
        return slot.get();
    }
    Instance clients;
    std::vector<std::unique_ptr<Flow>> flowStore;
    std::vector<Flow*> freeFlows;
    std::map<std::string, std::vector<sim::Machine*>> machinesByZone;
    sim::RandomStream rng;

    // resilience state, keyed (caller component id or -1 for clients, target id)
    using CallKey = std::pair<int, int>;
    struct BreakerSlot
    {
        CircuitBreaker breaker;
        std::string name; // "caller->target"
        std::size_t emitted = 0;
    };
    struct Bulkhead
    {
        int out = 0;
        std::deque<std::pair<Request*, std::uint64_t>> waiting;
    };
    std::map<CallKey, BreakerSlot> breakers;
    std::map<CallKey, Bulkhead> bulkheads;
    std::map<const CallPlan*, RetryBudget> budgets;
    sim::RandomStream retryRng;
    std::map<std::pair<std::string, std::string>, sim::Link*> zoneLinks; // (zone, zone) sorted
    Frame lastPopped;                // the frame finishFrame popped last

    CallKey keyOf(const Frame& fr) const
    {
        const Component* from = fr.caller ? fr.caller->component : nullptr;
        return {from ? from->id : -1, fr.plan->component};
    }
    BreakerSlot& breakerFor(const Frame& fr);
    void emitBreaker(BreakerSlot& slot);
    bool guard(Request& r, Flow& f, Frame& fr);
    void endCall(Flow& f, const Frame& done, Outcome o);
    bool retry(Request& r, Flow& f, const Frame& done, Outcome o);
    bool retryTimed(Request& parent, Flow& pf, const CallPlan& plan, Instance* caller, int attempt);
    bool retryAllowed(const CallPlan& plan, int attempt);
    double backoff(const CallPlan& plan, int retryNumber);
    void recordBreaker(const Frame& done, Outcome o);
    /// A made call's failure goes to its connection's counters.
    void countCall(const Frame& done, Outcome o)
    {
        if (done.guarded)
            recorder.onCallFailed(done.plan->connection, o);
    }
    void releaseBulkhead(const Frame& done);
    void emitFault(const char* kind, const std::string& subject, std::string detail)
    {
        sim.emit({sim.now(), kind, subject, std::move(detail)});
    }
    void scheduleFailure(Component& c, Instance& in);

    struct Entry : sim::Handler
    {
        Impl* impl;
        void onDone(Request& r, Outcome) override { impl->begin(r); }
    } entry;

    Impl(sim::Simulation& s, sim::Recorder& rec, System& sys, const SystemConfig& config);

    Flow* newFlow(FlowKind kind)
    {
        Flow* f;
        if (freeFlows.empty()) {
            flowStore.push_back(std::make_unique<Flow>());
            f = flowStore.back().get();
        } else {
            f = freeFlows.back();
            freeFlows.pop_back();
        }
        f->kind = kind;
        f->frames.clear();
        f->parent = nullptr;
        f->queue = nullptr;
        f->writes.clear();
        f->abandoned = false;
        f->timed = false;
        return f;
    }
    void freeFlow(Flow* f) { freeFlows.push_back(f); }

    /// The frame's instance crashed (even if it is back) since it granted the worker.
    static bool lostWorker(const Frame& fr)
    {
        return fr.holding && fr.at->station->epoch() != fr.grantEpoch;
    }

    void begin(Request& r);
    void push(Request& r, Flow& f, const CallPlan& plan, Instance* caller);
    void advance(Request& r, Outcome o);
    void step(Request& r, Flow& f);
    void fail(Request& r, Flow& f, Outcome o);
    void finishFrame(Request& r, Flow& f, Outcome o);
    void resumeParent(Request& child, Flow& f, Outcome o);
    void spawnBranch(Request& parent, Flow& pf, const CallPlan& plan, Instance* caller, bool timed, int attempt = 0);

    Instance* pick(Component& target, Instance* caller, Frame& frame);
    bool admit(Request& r, Frame& fr, Outcome& refused);
    void work(Request& r, Flow& f, Frame& fr);
    void publish(Component& q, const CallPlan& plan);
    void deliver(Component& q);
    void healthCheck(Component& lb);
    /// A call `caller` sent to `backend` failed because its machine is down:
    /// a balancer counts it as a failed check at once, a gateway as a miss
    /// (passive health checking); other callers ignore it.
    void passiveFailure(Component& caller, Instance& backend);
    /// Vertical scaling: launches the database's primary at ladder size
    /// `size` and switches over to it; returns when the new primary serves
    /// (s), or -1 if it cannot start now (docs/models.md "Vertical scaling").
    double resizePrimary(Component& db, std::size_t size);
    /// Messages waiting in the queues this service consumes.
    double consumedBacklog(const Component& service) const
    {
        double n = 0.0;
        for (const auto& q : components)
            if (q->consumer == &service)
                n += double(q->queue.size());
        return n;
    }
    /// Sends a request's payload between instances, counting the bytes that cross zones or regions.
    void hop(Request& r, const Instance& from, const Instance& to, double bytes)
    {
        if (from.zone != to.zone && from.machine != to.machine)
            (regionOf(from.zone) == regionOf(to.zone) ? crossZoneBytes : crossRegionBytes) += bytes;
        sim.send(r, *from.machine, *to.machine, bytes, self);
    }
    const std::string& regionOf(const std::string& zone) const
    {
        static const std::string fallback = "default";
        const auto it = regions.find(zone);
        return it == regions.end() ? fallback : it->second;
    }
    std::map<std::string, std::string> regions; // zone -> region
    double crossZoneBytes = 0.0, crossRegionBytes = 0.0;
    Pricing pricing;
    void buildNetwork(const SystemConfig& config);
    CallPlan compile(const CallPlan& plan, int caller);
    std::map<std::pair<int, int>, int> connections; // (caller id or -1 for clients, target id) -> recorder index
    /// The recorder's index of the connection caller -> target, named on first use.
    int connectionOf(int caller, int target)
    {
        const auto [it, added] = connections.try_emplace({caller, target}, 0);
        if (added)
            it->second = recorder.addConnection(
                caller < 0 ? std::string("clients") : components[std::size_t(caller)]->cfg.name,
                components[std::size_t(target)]->cfg.name);
        return it->second;
    }
    int indexOf(const std::string& name) const
    {
        for (std::size_t i = 0; i < components.size(); ++i)
            if (components[i]->cfg.name == name)
                return static_cast<int>(i);
        assert(false && "a call names an unknown component: the reader checks routes");
        return -1;
    }
    /// The component a compiled plan calls.
    Component& target(const CallPlan& plan) const { return *components[static_cast<std::size_t>(plan.component)]; }
};

namespace {

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

double sampleOr(const std::optional<sim::Distribution>& d, sim::RandomStream& rng)
{
    return d ? d->sample(rng) : 0.0;
}

bool hasStation(ComponentKind k)
{
    return k == ComponentKind::Service || k == ComponentKind::ApiGateway || k == ComponentKind::Cache ||
           k == ComponentKind::SqlDatabase || k == ComponentKind::NosqlStore;
}

bool hasMachines(ComponentKind k)
{
    return hasStation(k) || k == ComponentKind::LoadBalancer || k == ComponentKind::MessageQueue;
}

} // namespace

System::Impl::Impl(sim::Simulation& s, sim::Recorder& rec, System& sys, const SystemConfig& config)
    : sim(s), recorder(rec), self(sys), rng(config.seed, "system", config.replication),
      retryRng(config.seed, "retries", config.replication)
{
    entry.impl = this;
    pricing = config.pricing;
    for (const auto& z : config.network.zones)
        regions[z.name] = z.region;
    std::vector<std::string> zones;
    for (const auto& z : config.network.zones)
        zones.push_back(z.name);
    if (zones.empty())
        zones.push_back("default");

    for (const ComponentConfig& cfg : config.components) {
        auto c = std::make_unique<Component>();
        c->cfg = cfg;
        c->rng = sim::RandomStream(config.seed, cfg.name, config.replication, "behaviour");
        c->faultRng = sim::RandomStream(config.seed, cfg.name, config.replication, "faults");
        c->id = static_cast<int>(components.size());
        byName[cfg.name] = c.get();
        components.push_back(std::move(c));
    }
    for (auto& c : components) {
        const ComponentConfig& cfg = c->cfg;
        if (cfg.kind == ComponentKind::Module)
            c->host = byName.at(cfg.host);
        if (cfg.kind == ComponentKind::MessageQueue && !cfg.consumer.empty())
            c->consumer = byName.at(cfg.consumer);
        if (cfg.kind == ComponentKind::Cache && !cfg.hitRatio)
            c->keys.emplace(cfg.keys, cfg.zipf);
        if (cfg.kind == ComponentKind::NosqlStore)
            c->keys.emplace(cfg.keys, cfg.hotKeySkew);
        for (const auto& limit : cfg.rateLimits)
            c->buckets[limit.clientClass] = {limit.rps, limit.burst, limit.burst, 0.0};
        if (!hasMachines(cfg.kind))
            continue;
        int count = cfg.instances;
        int threads = cfg.threads;
        double disk = 0.0;
        int initial = cfg.kind == ComponentKind::SqlDatabase ? cfg.replicas : cfg.instances;
        if (cfg.autoscale) {
            initial = std::clamp(initial, cfg.autoscale->min, cfg.autoscale->max);
            count = cfg.autoscale->max; // spare machines wait unprovisioned (hosts exist before seal)
        }
        if (cfg.kind == ComponentKind::SqlDatabase) {
            count = 1 + (cfg.autoscale ? cfg.autoscale->max : cfg.replicas);
            threads = cfg.pool;
            disk = cfg.diskBandwidth;
        } else if (cfg.kind == ComponentKind::NosqlStore) {
            count = cfg.shards * cfg.replicationFactor;
            disk = cfg.diskBandwidth;
        }
        const std::vector<std::string>& where = cfg.zones.empty() ? std::vector<std::string>{zones.front()} : cfg.zones;
        // Vertical scaling: one machine per other size of the ladder, after
        // the database's own ones, in the primary's zone.
        const auto resizable = cfg.kind == ComponentKind::SqlDatabase && cfg.vertical
                                   ? cfg.vertical->sizes
                                   : std::vector<VerticalScaleConfig::Size>{};
        std::size_t initialSize = 0;
        while (initialSize + 1 < resizable.size() && !(resizable[initialSize].cores == cfg.cores &&
                                                       resizable[initialSize].speed == cfg.speed))
            ++initialSize;
        const int spare = resizable.empty() ? 0 : int(resizable.size()) - 1;
        c->instances.resize(std::size_t(count + spare));
        for (int i = 0; i < count + spare; ++i) {
            Instance& in = c->instances[std::size_t(i)];
            in.component = c.get();
            in.index = i;
            in.zone = where[std::size_t(i < count ? i : 0) % where.size()];
            const std::string name = cfg.name + "/" + std::to_string(i);
            int cores = cfg.cores;
            double speed = cfg.speed;
            in.hourly = config.pricing.hourly(cfg);
            if (i >= count) {
                const std::size_t size = std::size_t(i - count) + (std::size_t(i - count) >= initialSize ? 1 : 0);
                cores = resizable[size].cores;
                speed = resizable[size].speed;
                in.hourly = resizable[size].hourlyPrice.value_or(config.pricing.hourly(cfg, cores));
            }
            in.machine = &sim.addMachine(name, cores, speed, disk);
            machinesByZone[in.zone].push_back(in.machine);
            if (hasStation(cfg.kind))
                in.station = &sim.addStation(name, *in.machine, {threads, cfg.backlog});
        }
        c->hourly = config.pricing.hourly(cfg);
        if (!resizable.empty()) {
            if (resizable[initialSize].hourlyPrice)
                c->instances[0].hourly = *resizable[initialSize].hourlyPrice;
            std::vector<sim::Machine*> machines;
            for (std::size_t size = 0; size < resizable.size(); ++size) {
                const int index = size == initialSize ? 0 : count + int(size) - (size > initialSize ? 1 : 0);
                c->ladder.push_back(index);
                machines.push_back(c->instances[std::size_t(index)].machine);
            }
            Component* db = c.get();
            c->vertical = std::make_unique<VerticalScaler>(sim, cfg.name, *cfg.vertical, std::move(machines),
                                                           initialSize,
                                                           [this, db](std::size_t size) { return resizePrimary(*db, size); });
        }
        if (cfg.autoscale) {
            // A SQL database scales its read replicas: the primary stays out of it.
            const std::size_t first = cfg.kind == ComponentKind::SqlDatabase ? 1 : 0;
            std::vector<ScalableInstance> scalable;
            for (std::size_t i = first; i < std::size_t(count); ++i) {
                Instance& in = c->instances[i];
                scalable.push_back({in.machine, in.station, &in.state, &in.inFlight});
            }
            Component* scaled = c.get();
            c->autoscaler = std::make_unique<Autoscaler>(sim, cfg.name, *cfg.autoscale, std::move(scalable), initial,
                                                         [this, scaled] { return consumedBacklog(*scaled); });
            c->autoscaler->setPinned([scaled, first](std::size_t i) { return int(first + i) == scaled->primary; });
            c->autoscaler->prepare();
        }
        for (int i = count; i < count + spare; ++i) { // the other sizes wait, unprovisioned
            c->instances[std::size_t(i)].state = InstanceState::Off;
            c->instances[std::size_t(i)].machine->setProvisioned(false);
        }
    }
    // Clients sit in the entry component's zone, or the first zone.
    std::string clientZone = zones.front();
    for (const auto& c : components)
        if (c->cfg.kind == ComponentKind::Entry && !c->cfg.zones.empty())
            clientZone = c->cfg.zones.front();
    clients.zone = clientZone;
    clients.machine = &sim.addMachine("clients", 1);

    for (const OperationPlan& op : config.operations) {
        OperationPlan compiled = op;
        compiled.root = compile(op.root, -1);
        operations.push_back(std::move(compiled));
    }
    buildNetwork(config);
}

CallPlan System::Impl::compile(const CallPlan& plan, int caller)
{
    // A connection is an arrow of the route as drawn: the step that names a
    // call -> the called component (docs/models.md, "Traffic per connection").
    CallPlan out = plan;
    out.component = indexOf(plan.target);
    out.connection = connectionOf(caller, out.component);
    if (const Component* consumer = components[std::size_t(out.component)]->consumer)
        connectionOf(out.component, consumer->id); // a queue's deliveries, named before the run
    for (auto* list : {&out.calls, &out.parallel, &out.miss})
        for (auto& c : *list)
            c = compile(c, out.component);
    return out;
}

void System::Impl::buildNetwork(const SystemConfig& config)
{
    const NetworkConfig& net = config.network;
    std::map<std::string, std::string> regionOf;
    for (const auto& z : net.zones)
        regionOf[z.name] = z.region;
    auto region = [&](const std::string& zone) {
        const auto it = regionOf.find(zone);
        return it == regionOf.end() ? std::string("default") : it->second;
    };
    std::map<std::pair<std::string, std::string>, sim::Link*> links;
    auto link = [&](const std::string& a, const std::string& b) -> sim::Link* {
        // One link per zone (fat pipe: a switch fabric), per zone pair, per region pair.
        std::string ka, kb, name;
        double latency, bandwidth;
        bool fat = false;
        if (a == b) {
            ka = kb = a;
            name = "zone:" + a;
            latency = net.zoneLatency;
            bandwidth = net.zoneBandwidth;
            fat = true;
        } else if (region(a) == region(b)) {
            ka = std::min(a, b);
            kb = std::max(a, b);
            name = "zones:" + ka + "~" + kb;
            latency = net.crossZoneLatency;
            bandwidth = net.crossZoneBandwidth;
        } else {
            ka = "region:" + std::min(region(a), region(b));
            kb = "region:" + std::max(region(a), region(b));
            name = "regions:" + ka.substr(7) + "~" + kb.substr(7);
            latency = net.crossRegionLatency;
            bandwidth = net.crossRegionBandwidth;
        }
        auto& slot = links[{ka, kb}];
        if (!slot)
            slot = &sim.addLink(name, latency, bandwidth, fat ? sim::LinkSharing::FatPipe : sim::LinkSharing::Shared);
        zoneLinks[std::minmax(a, b)] = slot;
        return slot;
    };
    // Routes between every pair of machines that may exchange a request.
    std::set<std::pair<sim::Machine*, sim::Machine*>> done;
    auto connect = [&](const Instance& a, const Instance& b) {
        if (a.machine == b.machine || !a.machine || !b.machine)
            return;
        auto key = std::minmax(a.machine, b.machine);
        if (!done.insert(key).second)
            return;
        sim.addRoute(*a.machine, *b.machine, {link(a.zone, b.zone)});
    };
    auto targetsOf = [&](const Component& c) -> const std::vector<Instance>& {
        return c.cfg.kind == ComponentKind::Module ? c.host->instances : c.instances;
    };
    std::function<void(const CallPlan&, const std::vector<Instance>&)> walk = [&](const CallPlan& p,
                                                                                   const std::vector<Instance>& callers) {
        Component& target = *byName.at(p.target);
        const std::vector<Instance>& here =
            target.cfg.kind == ComponentKind::External ? callers : targetsOf(target);
        for (const Instance& a : callers)
            for (const Instance& b : here)
                connect(a, b);
        for (const auto& c : p.calls)
            walk(c, here);
        for (const auto& c : p.parallel)
            walk(c, here);
        for (const auto& c : p.miss)
            walk(c, callers); // the caller makes the miss calls
        if (target.cfg.kind == ComponentKind::MessageQueue && target.consumer) {
            for (const Instance& a : target.instances)
                for (const Instance& b : target.consumer->instances)
                    connect(a, b);
            for (const auto& c : p.calls)
                walk(c, target.consumer->instances);
        }
    };
    const std::vector<Instance> clientList{clients};
    for (const auto& op : operations)
        walk(op.root, clientList);
}

// ---- request flow -----------------------------------------------------------

void System::Impl::begin(Request& r)
{
    Flow* f = newFlow(FlowKind::Root);
    r.context = f;
    push(r, *f, operations.at(r.operation).root, &clients);
    step(r, *f);
}

void System::Impl::push(Request&, Flow& f, const CallPlan& plan, Instance* caller)
{
    Frame fr;
    fr.plan = &plan;
    fr.caller = caller;
    f.frames.push_back(fr);
}

void System::Impl::advance(Request& r, Outcome o)
{
    Flow& f = *static_cast<Flow*>(r.context);
    Frame& fr = f.frames.back();
    if (o == Outcome::Ok && fr.holding && fr.grantEpoch == 0)
        fr.grantEpoch = r.grantEpoch; // the worker was just granted
    else if (o == Outcome::Ok && lostWorker(fr))
        o = Outcome::Error;
    if (o != Outcome::Ok) {
        fail(r, f, o);
        return;
    }
    step(r, f);
}

Instance* System::Impl::pick(Component& target, Instance* caller, Frame& fr)
{
    Component* owner = target.cfg.kind == ComponentKind::Module ? target.host : &target;
    std::vector<Instance>& list = owner->instances;
    if (list.empty())
        return nullptr;
    const ComponentConfig& tc = target.cfg;
    if (tc.kind == ComponentKind::SqlDatabase) {
        // Writes to the primary; reads to an up replica (round robin), else the primary.
        Instance& primary = list[static_cast<std::size_t>(owner->primary)];
        if (fr.isWrite || list.size() == 1)
            return &primary;
        for (std::size_t tries = 1; tries < list.size(); ++tries) {
            // The replicas are every instance but the primary, in index order.
            std::size_t k = 1 + (owner->next++ % (list.size() - 1));
            if (k <= static_cast<std::size_t>(owner->primary))
                --k;
            Instance& in = list[k];
            if (in.machine->isUp() && in.serving())
                return &in;
        }
        return &primary;
    }
    if (tc.kind == ComponentKind::NosqlStore) {
        // The key's shard; reads from any up replica of it, writes to its first up replica.
        const std::uint64_t key = owner->keys->sample(owner->rng);
        const std::size_t shard = shardOfKey(key, tc.shards);
        const auto rf = static_cast<std::size_t>(tc.replicationFactor);
        const std::size_t start = fr.isWrite ? 0 : static_cast<std::size_t>(owner->next++ % rf);
        for (std::size_t k = 0; k < rf; ++k) {
            Instance& in = list[shard * rf + (start + k) % rf];
            if (in.machine->isUp())
                return &in;
        }
        return &list[shard * rf];
    }
    Component* lb = caller ? caller->component : nullptr;
    if (lb && lb->cfg.kind == ComponentKind::LoadBalancer) {
        Backends& b = lb->backends[owner];
        if (b.healthy.size() != list.size()) {
            b.healthy.assign(list.size(), true);
            b.failures.assign(list.size(), 0);
        }
        std::vector<std::size_t> ok;
        for (std::size_t i = 0; i < list.size(); ++i)
            if (b.healthy[i] && list[i].serving())
                ok.push_back(i);
        if (ok.empty())
            return nullptr;
        switch (lb->cfg.policy) {
        case LbPolicy::RoundRobin:
            return &list[ok[b.next++ % ok.size()]];
        case LbPolicy::Random:
            return &list[ok[std::min(ok.size() - 1, std::size_t(lb->rng.uniform() * double(ok.size())))]];
        case LbPolicy::LeastConnections: {
            // Fewest calls in progress; ties broken round robin.
            const std::size_t offset = b.next++;
            std::size_t best = ok[offset % ok.size()];
            for (std::size_t k = 0; k < ok.size(); ++k) {
                const std::size_t i = ok[(offset + k) % ok.size()];
                if (list[i].inFlight < list[best].inFlight)
                    best = i;
            }
            return &list[best];
        }
        case LbPolicy::PowerOfTwo: {
            const std::size_t a = ok[std::min(ok.size() - 1, std::size_t(lb->rng.uniform() * double(ok.size())))];
            const std::size_t c = ok[std::min(ok.size() - 1, std::size_t(lb->rng.uniform() * double(ok.size())))];
            return list[a].inFlight <= list[c].inFlight ? &list[a] : &list[c];
        }
        case LbPolicy::Weighted: {
            double total = 0;
            for (std::size_t i : ok)
                total += i < lb->cfg.weights.size() ? lb->cfg.weights[i] : 1.0;
            double u = lb->rng.uniform() * total;
            for (std::size_t i : ok) {
                u -= i < lb->cfg.weights.size() ? lb->cfg.weights[i] : 1.0;
                if (u < 0)
                    return &list[i];
            }
            return &list[ok.back()];
        }
        }
    }
    // An API gateway skips an instance its calls found down (passive health
    // checking) until the instance is up again.
    const bool gateway = lb && lb->cfg.kind == ComponentKind::ApiGateway;
    // No balancer in front: the caller cycles through every serving instance, up or not.
    for (std::size_t tries = 0; tries < list.size(); ++tries) {
        Instance& in = list[owner->next++ % list.size()];
        if (!in.serving())
            continue;
        if (gateway) {
            if (in.machine->isUp())
                in.gatewayMisses = 0;
            else if (in.gatewayMisses >= lb->cfg.unhealthyThreshold)
                continue;
        }
        return &in;
    }
    return nullptr;
}

bool System::Impl::admit(Request& r, Frame& fr, Outcome& refused)
{
    Component& c = target(*fr.plan);
    if (c.cfg.kind == ComponentKind::LoadBalancer) {
        if (c.connections >= c.cfg.connectionLimit) {
            refused = Outcome::Rejected;
            return false;
        }
        ++c.connections;
        fr.lbConnection = true;
    }
    if (c.cfg.kind == ComponentKind::ApiGateway && !c.buckets.empty()) {
        const auto it = c.buckets.find(operations.at(r.operation).clientClass);
        if (it != c.buckets.end()) {
            auto& b = it->second;
            const double now = sim.now();
            b.tokens = std::min(b.burst, b.tokens + (now - b.last) * b.rps);
            b.last = now;
            if (b.tokens < 1.0) {
                refused = Outcome::Rejected;
                return false;
            }
            b.tokens -= 1.0;
        }
    }
    return true;
}

void System::Impl::step(Request& r, Flow& f)
{
    for (;;) {
        Frame& fr = f.frames.back();
        Component& c = target(*fr.plan);
        const ComponentKind kind = c.cfg.kind;
        switch (fr.stage) {
        case Stage::Backoff:
            fr.stage = Stage::Pick; // a retry's backoff is over
            continue;
        case Stage::Pick: {
            fr.isWrite = fr.plan->write.has_value();
            if (!fr.guarded && !guard(r, f, fr))
                return; // refused (breaker, bulkhead) or waiting for the bulkhead
            if (kind == ComponentKind::SqlDatabase && fr.isWrite && (c.promoting || c.switching)) {
                fail(r, f, Outcome::Error); // no primary while a replica is promoted
                return;
            }
            if (kind == ComponentKind::External) {
                fr.at = fr.caller;
                fr.stage = Stage::Work;
                sim.delay(r, c.cfg.latency.sample(c.rng) * c.slowFactor + c.slowAdd, self);
                return;
            }
            if (c.isLocal(fr.caller)) {
                fr.at = fr.caller; // an in-process call: no hop, the caller's worker
                fr.stage = Stage::Work;
                continue;
            }
            fr.at = pick(c, fr.caller, fr);
            if (!fr.at) {
                fail(r, f, Outcome::Error); // nothing healthy to send it to
                return;
            }
            ++fr.at->inFlight;
            fr.stage = Stage::HopIn;
            hop(r, *fr.caller, *fr.at, fr.plan->requestBytes);
            return;
        }
        case Stage::HopIn: {
            fr.stage = Stage::Admit;
            continue;
        }
        case Stage::Admit: {
            Outcome refused = Outcome::Ok;
            if (!admit(r, fr, refused)) {
                fail(r, f, refused);
                return;
            }
            if (kind == ComponentKind::MessageQueue) {
                if (c.queue.size() >= c.cfg.queueCapacity || !fr.at->machine->isUp()) {
                    fail(r, f, fr.at->machine->isUp() ? Outcome::Rejected : Outcome::Error);
                    return;
                }
                publish(c, *fr.plan);
                fr.stage = Stage::HopOut; // the producer continues once enqueued
                continue;
            }
            fr.stage = Stage::Work;
            if (kind == ComponentKind::LoadBalancer) {
                sim.delay(r, c.cfg.overhead * c.slowFactor + c.slowAdd, self);
                return;
            }
            if (fr.at->station && c.cfg.shedWait &&
                sim.now() - fr.at->station->oldestEnqueued(sim.now()) > *c.cfg.shedWait) {
                fail(r, f, Outcome::Rejected); // load shedding: the backlog is too old
                return;
            }
            if (fr.at->station) {
                fr.holding = true;
                fr.at->station->acquire(r, self);
                return;
            }
            continue;
        }
        case Stage::Work: {
            if (c.injectedErrorRate > 0 && c.faultRng.uniform() < c.injectedErrorRate) {
                fail(r, f, Outcome::Error); // an injected error (fault)
                return;
            }
            if (kind == ComponentKind::External) {
                if (c.cfg.errorRate > 0 && c.rng.uniform() < c.cfg.errorRate) {
                    fail(r, f, Outcome::Error);
                    return;
                }
                fr.stage = Stage::Children;
                continue;
            }
            fr.stage = Stage::Disk;
            work(r, f, fr);
            return;
        }
        case Stage::Disk: {
            if (fr.slowExtra > 0) {
                // A slow dependency: the visit holds its worker for the extra time.
                const double extra = fr.slowExtra;
                fr.slowExtra = 0;
                sim.delay(r, extra, self);
                return;
            }
            fr.stage = Stage::Children;
            const bool database = kind == ComponentKind::SqlDatabase || kind == ComponentKind::NosqlStore;
            if (database && fr.plan->disk > 0 && fr.at->machine->hasDisk()) {
                fr.at->machine->diskIo(r, fr.plan->disk, fr.isWrite, self);
                return;
            }
            continue;
        }
        case Stage::Children: {
            // A cache miss first runs the cache call's miss calls, from this frame.
            if (fr.missOf) {
                if (fr.nextMiss < fr.missOf->miss.size()) {
                    const CallPlan& next = fr.missOf->miss[fr.nextMiss++];
                    if (next.timeout) {
                        spawnBranch(r, f, next, fr.at, true);
                        return;
                    }
                    push(r, f, next, fr.at);
                    continue;
                }
                fr.missOf = nullptr;
            }
            if (fr.nextCall < fr.plan->calls.size()) {
                const CallPlan& next = fr.plan->calls[fr.nextCall++];
                if (next.timeout) {
                    spawnBranch(r, f, next, fr.at, true);
                    return;
                }
                push(r, f, next, fr.at);
                continue;
            }
            if (!fr.parallelStarted && !fr.plan->parallel.empty()) {
                fr.parallelStarted = true;
                for (const CallPlan& branch : fr.plan->parallel)
                    spawnBranch(r, f, branch, fr.at, false);
                return; // resumed when the last branch is back
            }
            fr.stage = Stage::Release;
            continue;
        }
        case Stage::Release: {
            if (fr.holding) {
                fr.at->station->release(fr.grantEpoch);
                fr.holding = false;
            }
            fr.stage = Stage::HopOut;
            continue;
        }
        case Stage::HopOut: {
            fr.stage = Stage::Done;
            if (fr.at && fr.at != fr.caller && kind != ComponentKind::External) {
                hop(r, *fr.at, *fr.caller, fr.plan->responseBytes);
                return;
            }
            continue;
        }
        case Stage::Done:
            finishFrame(r, f, Outcome::Ok);
            return;
        }
    }
}

void System::Impl::work(Request& r, Flow& f, Frame& fr)
{
    Component& c = target(*fr.plan);
    const ComponentConfig& cfg = c.cfg;
    double demand = sampleOr(fr.plan->cpu, c.rng);
    switch (cfg.kind) {
    case ComponentKind::ApiGateway:
        demand += cfg.authOverhead;
        break;
    case ComponentKind::SqlDatabase:
    case ComponentKind::NosqlStore:
        demand += sampleOr(fr.isWrite ? fr.plan->write : fr.plan->read, c.rng);
        if (cfg.kind == ComponentKind::SqlDatabase) {
            // Read-your-writes: a replica applies the primary's writes
            // `replication_lag` later, so a request reading from a replica soon
            // after its own write reads stale data.
            auto mine = std::find_if(f.writes.begin(), f.writes.end(), [&](const auto& w) { return w.first == &c; });
            if (fr.isWrite) {
                if (mine == f.writes.end())
                    f.writes.emplace_back(&c, sim.now());
                else
                    mine->second = sim.now();
            } else if (fr.at->index != c.primary) {
                ++c.replicaReads;
                // During a failover and for a replication lag after it the
                // replicas lag the lost primary: every replica read is stale.
                if ((mine != f.writes.end() && sim.now() - mine->second < cfg.replicationLag) ||
                    c.promoting || sim.now() < c.staleUntil)
                    ++c.staleReads;
            }
        }
        if (cfg.kind == ComponentKind::NosqlStore && fr.isWrite) {
            // The other replicas of the shard apply the write too (not awaited).
            const auto rf = static_cast<std::size_t>(cfg.replicationFactor);
            const std::size_t shard = static_cast<std::size_t>(fr.at->index) / rf;
            for (std::size_t k = 0; k < rf; ++k) {
                Instance& replica = c.instances[shard * rf + k];
                if (&replica == fr.at || !replica.machine->isUp())
                    continue;
                Request* copy = sim.requests().acquire();
                copy->created = sim.now();
                Flow* cf = newFlow(FlowKind::Branch);
                copy->context = cf;
                cf->parent = nullptr; // fire and forget
                const CallPlan* plan = derived(*fr.plan, c.cfg.name);
                Frame rf2;
                rf2.plan = plan;
                rf2.caller = fr.at;
                rf2.at = &replica;
                rf2.isWrite = true;
                rf2.stage = Stage::HopIn;
                ++replica.inFlight;
                cf->frames.push_back(rf2);
                hop(*copy, *fr.at, replica, plan->requestBytes);
            }
        }
        break;
    case ComponentKind::Cache: {
        ++c.lookups;
        bool hit;
        if (cfg.hitRatio) {
            // After a flush the hit ratio climbs back as the misses refill the
            // cache: hit_ratio x fills / capacity until `capacity` fills.
            double ratio = *cfg.hitRatio;
            if (c.warmFills < cfg.capacity)
                ratio *= double(c.warmFills) / double(cfg.capacity);
            hit = c.rng.uniform() < ratio;
            if (!hit && c.warmFills < cfg.capacity)
                ++c.warmFills;
        } else {
            const std::uint64_t key = c.keys->sample(c.rng);
            const double now = sim.now();
            const auto it = c.entries.find(key);
            const bool present = it != c.entries.end();
            hit = present && (!cfg.ttl || now - it->second.second <= *cfg.ttl);
            // A hit moves the entry to the front and keeps its age; a miss means
            // the caller loads the value and fills the entry now.
            const double filled = hit ? it->second.second : now;
            if (present) {
                c.lru.erase(it->second.first);
                c.entries.erase(it);
            }
            c.lru.push_front(key);
            c.entries[key] = {c.lru.begin(), filled};
            while (c.lru.size() > cfg.capacity) {
                c.entries.erase(c.lru.back());
                c.lru.pop_back();
            }
        }
        c.hits += hit;
        fr.missed = !hit;
        break;
    }
    default:
        break;
    }
    if (c.slowFactor != 1.0 || c.slowAdd > 0.0)
        fr.slowExtra = c.slowAdd + (c.slowFactor - 1.0) * demand;
    if (cfg.kind == ComponentKind::Module)
        c.cpuSeconds += demand / fr.at->machine->speed(); // on its host's machine
    fr.at->machine->compute(r, demand, self);
}

void System::Impl::fail(Request& r, Flow& f, Outcome o)
{
    // Unwind the current frame: give back what it holds, then tell its caller.
    Frame& fr = f.frames.back();
    if (fr.holding) {
        fr.at->station->release(fr.grantEpoch);
        fr.holding = false;
    }
    finishFrame(r, f, o);
}

void System::Impl::finishFrame(Request& r, Flow& f, Outcome o)
{
    Frame done = f.frames.back();
    f.frames.pop_back();
    lastPopped = done; // resumeParent: which call a branch made
    if (done.at && done.at != done.caller)
        --done.at->inFlight;
    if (o != Outcome::Ok && done.at && done.caller && done.caller->component && !done.at->machine->isUp())
        passiveFailure(*done.caller->component, *done.at);
    Component& c = target(*done.plan);
    if (done.lbConnection)
        --c.connections;
    endCall(f, done, o);
    if (o != Outcome::Ok && retry(r, f, done, o))
        return;
    if (f.frames.empty()) {
        resumeParent(r, f, o);
        return;
    }
    Frame& caller = f.frames.back();
    if (o == Outcome::Ok && lostWorker(caller))
        o = Outcome::Error; // the caller's instance crashed while it waited
    if (o != Outcome::Ok) {
        fail(r, f, o);
        return;
    }
    if (done.missed) {
        caller.missOf = done.plan;
        caller.nextMiss = 0;
    }
    step(r, f);
}

void System::Impl::spawnBranch(Request& parent, Flow& pf, const CallPlan& plan, Instance* caller, bool timed,
                               int attempt)
{
    Frame& pfr = pf.frames.back();
    Request* child = sim.requests().acquire();
    child->created = parent.created;
    child->operation = parent.operation;
    child->parent = &parent;
    Flow* cf = newFlow(FlowKind::Branch);
    child->context = cf;
    cf->parent = &parent;
    cf->parentId = parent.id;
    cf->parentDepth = static_cast<std::uint32_t>(pf.frames.size());
    cf->parentWait = pfr.wait;
    ++pfr.pending;
    if (timed) {
        // Whichever comes first: the call's answer or its timeout.
        Request* p = &parent;
        const std::uint64_t id = parent.id;
        const std::uint32_t depth = cf->parentDepth;
        const std::uint32_t wait = pfr.wait;
        const std::uint64_t childId = child->id;
        const CallPlan* planPtr = &plan;
        sim.at(sim.now() + *plan.timeout, [this, p, id, depth, wait, child, childId, planPtr, caller, attempt] {
            if (p->id != id)
                return;
            Flow& f = *static_cast<Flow*>(p->context);
            if (f.frames.size() != depth || f.frames.back().wait != wait)
                return;
            Frame& fr = f.frames.back();
            ++fr.wait; // the late answer is ignored
            fr.pending = 0;
            // The attempt timed out: the breaker hears a failure now, not the late answer.
            if (child->id == childId) {
                Flow& cf2 = *static_cast<Flow*>(child->context);
                if (!cf2.frames.empty() && !cf2.abandoned) {
                    recordBreaker(cf2.frames.front(), Outcome::Error);
                    countCall(cf2.frames.front(), Outcome::Error);
                }
                cf2.abandoned = true;
            }
            if (!retryTimed(*p, f, *planPtr, caller, attempt))
                fail(*p, f, Outcome::Error);
        });
    }
    cf->timed = timed;
    push(*child, *cf, plan, caller);
    cf->frames.back().attempt = attempt;
    step(*child, *cf);
}

void System::Impl::resumeParent(Request& r, Flow& f, Outcome o)
{
    switch (f.kind) {
    case FlowKind::Root:
        freeFlow(&f);
        r.context = nullptr;
        recorder.onDone(r, o);
        return;
    case FlowKind::Message: {
        Component& q = *f.queue;
        --q.delivering;
        Message m = f.message;
        freeFlow(&f);
        sim.requests().release(&r);
        if (o == Outcome::Ok) {
            ++q.consumed;
        } else if (++m.attempts >= q.cfg.maxAttempts) {
            ++q.deadLetters;
        } else {
            q.queue.push_back(m);
        }
        deliver(q);
        return;
    }
    case FlowKind::Branch: {
        const Frame lastBranch = lastPopped;
        Request* parent = f.parent;
        const std::uint64_t id = f.parentId;
        const std::uint32_t depth = f.parentDepth;
        const std::uint32_t wait = f.parentWait;
        const bool timed = f.timed;
        freeFlow(&f);
        sim.requests().release(&r);
        if (!parent || parent->id != id)
            return; // fire and forget, or the parent is gone
        Flow& pf = *static_cast<Flow*>(parent->context);
        if (pf.frames.size() != depth || pf.frames.back().wait != wait)
            return; // the parent timed out or failed meanwhile
        Frame& pfr = pf.frames.back();
        if (timed && o != Outcome::Ok && lastBranch.plan && pfr.pending == 1) {
            // A timed call failed before its timeout: its caller may retry it.
            ++pfr.wait; // its timer no longer applies
            pfr.pending = 0;
            if (retryTimed(*parent, pf, *lastBranch.plan, lastBranch.caller, lastBranch.attempt))
                return;
            fail(*parent, pf, o);
            return;
        }
        if (o != Outcome::Ok && pfr.failure == Outcome::Ok)
            pfr.failure = o;
        if (--pfr.pending > 0)
            return;
        ++pfr.wait; // this wait is over: a timer set for it no longer applies
        if (pfr.failure != Outcome::Ok) {
            fail(*parent, pf, pfr.failure);
            return;
        }
        step(*parent, pf);
        return;
    }
    }
}

void System::Impl::publish(Component& q, const CallPlan& plan)
{
    // The consumer's work: the publish step's cpu and calls, at the consumer.
    const CallPlan* consumerPlan = derived(plan, q.cfg.consumer);
    q.queue.push_back({consumerPlan, sim.now(), 0});
    deliver(q);
}

void System::Impl::deliver(Component& q)
{
    if (!q.consumer || q.instances.empty() || !q.instances[0].machine->isUp() || q.consumerDown)
        return;
    const int slots = q.cfg.concurrency * q.consumer->servingCount();
    while (!q.queue.empty() && q.delivering < slots) {
        Message m = q.queue.front();
        q.queue.pop_front();
        ++q.delivering;
        Request* r = sim.requests().acquire();
        r->created = sim.now();
        Flow* f = newFlow(FlowKind::Message);
        r->context = f;
        f->queue = &q;
        f->message = m;
        push(*r, *f, *m.consumerPlan, &q.instances[0]);
        step(*r, *f);
    }
}

void System::Impl::healthCheck(Component& lb)
{
    for (auto& [target, b] : lb.backends) {
        for (std::size_t i = 0; i < target->instances.size() && i < b.healthy.size(); ++i) {
            const std::string backend = lb.cfg.name + "->" + target->instances[i].machine->name();
            if (target->instances[i].machine->isUp()) {
                b.failures[i] = 0;
                if (!b.healthy[i])
                    sim.emit({sim.now(), "backend_readmitted", backend, {}});
                b.healthy[i] = true;
            } else if (++b.failures[i] >= lb.cfg.unhealthyThreshold) {
                if (b.healthy[i])
                    sim.emit({sim.now(), "backend_ejected", backend, {}});
                b.healthy[i] = false;
            }
        }
    }
    sim.at(sim.now() + lb.cfg.healthInterval, [this, &lb] { healthCheck(lb); });
}

void System::Impl::passiveFailure(Component& caller, Instance& backend)
{
    int failures = 0;
    if (caller.cfg.kind == ComponentKind::ApiGateway) {
        // The gateway skips the instance until it is up again (pick()).
        failures = ++backend.gatewayMisses;
        if (failures != caller.cfg.unhealthyThreshold)
            return;
    } else if (caller.cfg.kind == ComponentKind::LoadBalancer) {
        // Only with active checks: they are what re-admits an ejected backend.
        if (caller.cfg.healthInterval <= 0)
            return;
        const auto it = caller.backends.find(backend.component);
        if (it == caller.backends.end())
            return;
        Backends& b = it->second;
        const auto i = std::size_t(backend.index);
        if (i >= b.healthy.size() || !b.healthy[i] || ++b.failures[i] < caller.cfg.unhealthyThreshold)
            return;
        b.healthy[i] = false;
        failures = b.failures[i];
    } else {
        return; // other callers have no health knowledge
    }
    sim.emit({sim.now(), "backend_ejected", caller.cfg.name + "->" + backend.machine->name(),
              "passive: " + std::to_string(failures) + " failed calls"});
}

double System::Impl::resizePrimary(Component& db, std::size_t size)
{
    const auto from = std::find(db.ladder.begin(), db.ladder.end(), db.primary);
    const int nextIndex = db.ladder[size];
    Instance& next = db.instances[std::size_t(nextIndex)];
    // Not while a failover holds the primary, nor after one moved it off the ladder.
    if (db.promoting || db.switching || from == db.ladder.end() || next.state != InstanceState::Off)
        return -1.0;
    const VerticalScaleConfig& v = *db.cfg.vertical;
    const double switchAt = sim.now() + v.provision;
    // The new size is launched (and billed) now; it serves once the switch is over.
    next.state = InstanceState::Booting;
    next.machine->setProvisioned(true);
    Component* dbp = &db;
    sim.at(switchAt, [this, dbp, nextIndex] {
        Component& c = *dbp;
        Instance& old = c.instances[std::size_t(c.primary)];
        Instance& fresh = c.instances[std::size_t(nextIndex)];
        const bool replicas = std::any_of(c.instances.begin(), c.instances.end(), [&](const Instance& in) {
            return &in != &old && in.serving() && in.machine->isUp();
        });
        // Writes fail while the primary switches (reads go on on the replicas);
        // the old primary's connections drop and its machine is released.
        c.switching = true;
        emitFault("resize_start", c.cfg.name,
                  "primary " + old.machine->name() + " stops, " + fresh.machine->name() +
                      (replicas ? " promoted: writes fail" : " restarts: every query fails"));
        old.machine->turnOff();
        old.state = InstanceState::Off;
        old.machine->setProvisioned(false);
        Instance* oldp = &old;
        sim.at(sim.now() + c.cfg.vertical->restart, [this, dbp, oldp, nextIndex] {
            Component& c2 = *dbp;
            Instance& serving = c2.instances[std::size_t(nextIndex)];
            oldp->machine->turnOn(); // a spare again, unprovisioned
            c2.primary = nextIndex;
            serving.state = InstanceState::Serving;
            c2.switching = false;
            emitFault("resize_end", c2.cfg.name,
                      "primary " + serving.machine->name() + " " + std::to_string(serving.machine->cores()) +
                          " cores x" + number(serving.machine->speed()));
        });
    });
    return switchAt + v.restart;
}

// ---- resilience ---------------------------------------------------------------

System::Impl::BreakerSlot& System::Impl::breakerFor(const Frame& fr)
{
    const CallKey key = keyOf(fr);
    auto it = breakers.find(key);
    if (it == breakers.end()) {
        // The first call site seen sets the policy of a caller -> target pair.
        BreakerSlot slot{CircuitBreaker(*fr.plan->breaker), {}, 0};
        slot.name = (key.first < 0 ? std::string("clients") : components[std::size_t(key.first)]->cfg.name) + "->" +
                    components[std::size_t(key.second)]->cfg.name;
        it = breakers.emplace(key, std::move(slot)).first;
    }
    return it->second;
}

void System::Impl::emitBreaker(BreakerSlot& slot)
{
    const auto& changes = slot.breaker.transitions();
    for (; slot.emitted < changes.size(); ++slot.emitted) {
        const auto& [time, state] = changes[slot.emitted];
        sim.emit({time, "breaker_" + std::string(breakerStateName(state)), slot.name, {}});
        if (state == CircuitBreaker::State::Open) {
            // Half-open once the open time is up, even if no call asks.
            BreakerSlot* p = &slot;
            sim.at(time + slot.breaker.policy().openFor, [this, p] {
                p->breaker.state(sim.now());
                emitBreaker(*p);
            });
        }
    }
}

bool System::Impl::guard(Request& r, Flow& f, Frame& fr)
{
    const CallPlan& plan = *fr.plan;
    if (plan.breaker && !fr.breakerArmed) { // armed already: it waited for the bulkhead
        BreakerSlot& slot = breakerFor(fr);
        const bool allowed = slot.breaker.allow(sim.now());
        emitBreaker(slot);
        if (!allowed) {
            recorder.onShortCircuit(plan.connection);
            fail(r, f, Outcome::Rejected); // short-circuited: the call is not made
            return false;
        }
        fr.breakerArmed = true;
    }
    if (plan.bulkhead && !fr.bulkheadHeld) {
        Bulkhead& b = bulkheads[keyOf(fr)];
        if (b.out >= plan.bulkhead->max) {
            if (b.waiting.size() < plan.bulkhead->queue) {
                b.waiting.emplace_back(&r, r.id); // resumed by releaseBulkhead
                return false;
            }
            recorder.onShortCircuit(plan.connection);
            fail(r, f, Outcome::Rejected);
            return false;
        }
        ++b.out;
        fr.bulkheadHeld = true;
    }
    fr.guarded = true;
    assert(plan.connection >= 0 && "every plan a frame guards has its connection");
    recorder.onAttempt(fr.attempt > 0, plan.connection);
    if (fr.attempt == 0 && plan.retries && plan.retries->budget)
        budgets.try_emplace(&plan, *plan.retries->budget).first->second.onFirstAttempt();
    return true;
}

void System::Impl::recordBreaker(const Frame& done, Outcome o)
{
    if (!done.breakerArmed)
        return;
    BreakerSlot& slot = breakerFor(done);
    slot.breaker.record(sim.now(), o == Outcome::Ok);
    emitBreaker(slot);
}

void System::Impl::releaseBulkhead(const Frame& done)
{
    Bulkhead& b = bulkheads[keyOf(done)];
    --b.out;
    while (!b.waiting.empty() && b.out < done.plan->bulkhead->max) {
        const auto [waiter, id] = b.waiting.front();
        b.waiting.pop_front();
        if (waiter->id != id)
            continue;
        ++b.out;
        Flow& wf = *static_cast<Flow*>(waiter->context);
        wf.frames.back().bulkheadHeld = true;
        sim.at(sim.now(), [this, waiter, id] {
            if (waiter->id == id)
                step(*waiter, *static_cast<Flow*>(waiter->context));
        });
    }
}

void System::Impl::endCall(Flow& f, const Frame& done, Outcome o)
{
    if (done.bulkheadHeld)
        releaseBulkhead(done);
    // A timed call whose caller gave up already told the breaker (a failure).
    if (!(f.abandoned && f.frames.empty())) {
        recordBreaker(done, o);
        countCall(done, o);
    }
}

bool System::Impl::retryAllowed(const CallPlan& plan, int attempt)
{
    if (!plan.retries || attempt >= plan.retries->max)
        return false;
    if (!plan.retries->budget)
        return true;
    return budgets.try_emplace(&plan, *plan.retries->budget).first->second.tryRetry();
}

double System::Impl::backoff(const CallPlan& plan, int retryNumber)
{
    const RetryPolicy& p = *plan.retries;
    const double delay = retryDelay(p, retryNumber);
    return p.jitter == Jitter::None ? delay : jittered(p.jitter, delay, retryRng.uniform());
}

bool System::Impl::retry(Request& r, Flow& f, const Frame& done, Outcome)
{
    if (f.frames.empty() && f.kind == FlowKind::Branch && f.timed)
        return false; // the caller retries a timed call (retryTimed)
    if (!retryAllowed(*done.plan, done.attempt))
        return false;
    // The same call again from the same caller, after the backoff.
    push(r, f, *done.plan, done.caller);
    Frame& again = f.frames.back();
    again.attempt = done.attempt + 1;
    again.stage = Stage::Backoff;
    const double delay = backoff(*done.plan, again.attempt);
    if (delay > 0)
        sim.delay(r, delay, self);
    else
        step(r, f);
    return true;
}

bool System::Impl::retryTimed(Request& parent, Flow& pf, const CallPlan& plan, Instance* caller, int attempt)
{
    if (!retryAllowed(plan, attempt))
        return false;
    Request* p = &parent;
    const std::uint64_t id = parent.id;
    const std::uint32_t depth = static_cast<std::uint32_t>(pf.frames.size());
    const std::uint32_t wait = pf.frames.back().wait;
    ++pf.frames.back().pending; // the caller waits through the backoff
    sim.at(sim.now() + backoff(plan, attempt + 1), [this, p, id, depth, wait, &plan, caller, attempt] {
        if (p->id != id)
            return;
        Flow& f = *static_cast<Flow*>(p->context);
        if (f.frames.size() != depth || f.frames.back().wait != wait)
            return;
        --f.frames.back().pending;
        spawnBranch(*p, f, plan, caller, true, attempt + 1);
    });
    return true;
}

// ---- faults -------------------------------------------------------------------

void System::Impl::scheduleFailure(Component& c, Instance& in)
{
    const FailurePolicy& p = *c.cfg.failures;
    sim::Machine* m = in.machine;
    Component* cp = &c;
    Instance* ip = &in;
    sim.at(sim.now() + c.faultRng.exponential(p.mtbf), [this, m, cp, ip] {
        const double repair = cp->faultRng.exponential(cp->cfg.failures->mttr);
        if (m->isUp()) {
            m->turnOff();
            sim.at(sim.now() + repair, [this, m, cp, ip] {
                m->turnOn();
                if (cp->cfg.kind == ComponentKind::MessageQueue)
                    deliver(*cp);
                scheduleFailure(*cp, *ip);
            });
        } else {
            scheduleFailure(*cp, *ip); // down already (another fault): next failure later
        }
    });
}

// ---- System -----------------------------------------------------------------

System::System(sim::Simulation& sim, sim::Recorder& recorder, const SystemConfig& config)
    : m_impl(std::make_unique<Impl>(sim, recorder, *this, config))
{
}

System::~System() = default;

void System::start()
{
    for (auto& c : m_impl->components) {
        if (c->cfg.failures)
            for (Instance& in : c->instances)
                m_impl->scheduleFailure(*c, in);
        if (c->cfg.kind == ComponentKind::LoadBalancer && c->cfg.healthInterval > 0) {
            Component* lb = c.get();
            m_impl->sim.at(m_impl->sim.now() + lb->cfg.healthInterval, [this, lb] { m_impl->healthCheck(*lb); });
        }
        if (c->autoscaler)
            c->autoscaler->start();
        if (c->vertical)
            c->vertical->start();
    }
}

sim::Handler& System::entry() { return m_impl->entry; }

void System::onDone(Request& request, Outcome outcome) { m_impl->advance(request, outcome); }

int System::crash(const std::string& component, int count, std::optional<double> restartAfter)
{
    const auto it = m_impl->byName.find(component);
    if (it == m_impl->byName.end())
        return 0;
    Component& c = *it->second;
    int crashed = 0;
    const std::string detail = "kill " + std::to_string(count);
    for (Instance& in : c.instances) {
        if (crashed >= count)
            break;
        if (!in.machine->isUp() || in.state == InstanceState::Off)
            continue;
        in.machine->turnOff();
        ++crashed;
        if (restartAfter) {
            sim::Machine* m = in.machine;
            Component* cp = &c;
            m_impl->sim.at(m_impl->sim.now() + *restartAfter, [this, m, cp] {
                m->turnOn();
                if (cp->cfg.kind == ComponentKind::MessageQueue)
                    m_impl->deliver(*cp);
            });
        }
    }
    if (crashed > 0) {
        m_impl->emitFault("fault_start", component, detail);
        if (restartAfter)
            m_impl->sim.at(m_impl->sim.now() + *restartAfter,
                           [this, component, detail] { m_impl->emitFault("fault_end", component, detail); });
    }
    return crashed;
}

int System::zoneOutage(const std::string& zone, double duration)
{
    const auto it = m_impl->machinesByZone.find(zone);
    if (it == m_impl->machinesByZone.end())
        return 0;
    int n = 0;
    for (sim::Machine* m : it->second) {
        if (!m->isUp())
            continue;
        m->turnOff();
        ++n;
        m_impl->sim.at(m_impl->sim.now() + duration, [m] { m->turnOn(); });
    }
    m_impl->emitFault("fault_start", zone, "zone outage");
    m_impl->sim.at(m_impl->sim.now() + duration, [this, zone] {
        m_impl->emitFault("fault_end", zone, "zone outage");
        for (auto& c : m_impl->components)
            if (c->cfg.kind == ComponentKind::MessageQueue)
                m_impl->deliver(*c);
    });
    return n;
}

bool System::slowDown(const std::string& component, double add, double factor, double duration)
{
    const auto it = m_impl->byName.find(component);
    if (it == m_impl->byName.end())
        return false;
    Component& c = *it->second;
    c.slowAdd = add;
    c.slowFactor = factor;
    const std::uint32_t gen = ++c.slowGen;
    std::string detail = "slow dependency";
    if (factor != 1.0)
        detail += " x" + number(factor);
    if (add > 0.0)
        detail += " +" + number(add * 1000.0) + "ms";
    m_impl->emitFault("fault_start", component, detail);
    m_impl->sim.at(m_impl->sim.now() + duration, [this, &c, gen, detail] {
        if (c.slowGen != gen)
            return; // a later slow fault replaced this one
        c.slowAdd = 0.0;
        c.slowFactor = 1.0;
        m_impl->emitFault("fault_end", c.cfg.name, detail);
    });
    return true;
}

bool System::injectErrors(const std::string& component, double rate, double duration)
{
    const auto it = m_impl->byName.find(component);
    if (it == m_impl->byName.end())
        return false;
    Component& c = *it->second;
    c.injectedErrorRate = rate;
    const std::uint32_t gen = ++c.errorGen;
    const std::string detail = "errors " + number(rate * 100.0) + "%";
    m_impl->emitFault("fault_start", component, detail);
    m_impl->sim.at(m_impl->sim.now() + duration, [this, &c, gen, detail] {
        if (c.errorGen != gen)
            return;
        c.injectedErrorRate = 0.0;
        m_impl->emitFault("fault_end", c.cfg.name, detail);
    });
    return true;
}

bool System::partition(const std::string& zoneA, const std::string& zoneB, double duration)
{
    const auto it = m_impl->zoneLinks.find(std::minmax(zoneA, zoneB));
    if (it == m_impl->zoneLinks.end())
        return false; // no call crosses between these zones
    sim::Link* link = it->second;
    const std::string subject = std::min(zoneA, zoneB) + "~" + std::max(zoneA, zoneB);
    m_impl->emitFault("fault_start", subject, "partition " + link->name());
    link->setUp(false);
    m_impl->sim.at(m_impl->sim.now() + duration, [this, link, subject] {
        link->setUp(true);
        m_impl->emitFault("fault_end", subject, "partition " + link->name());
    });
    return true;
}

bool System::failover(const std::string& database, double promotion)
{
    const auto it = m_impl->byName.find(database);
    if (it == m_impl->byName.end() || it->second->cfg.kind != ComponentKind::SqlDatabase)
        return false;
    Component& c = *it->second;
    if (c.promoting || c.switching) // one switch of primary at a time
        return false;
    Instance& old = c.instances[std::size_t(c.primary)];
    c.promoting = true;
    old.machine->turnOff();
    m_impl->emitFault("failover_start", database, "primary " + old.machine->name() + " lost");
    m_impl->sim.at(m_impl->sim.now() + promotion, [this, &c, &old] {
        // The first replica up becomes the primary; the old one rejoins as a replica.
        int next = c.primary;
        for (std::size_t k = 1; k <= c.instances.size(); ++k) {
            const std::size_t i = (std::size_t(c.primary) + k) % c.instances.size();
            if (c.instances[i].machine->isUp() && c.instances[i].serving()) {
                next = int(i);
                break;
            }
        }
        old.machine->turnOn();
        c.primary = next;
        c.promoting = false;
        c.staleUntil = m_impl->sim.now() + c.cfg.replicationLag;
        m_impl->emitFault("failover_end", c.cfg.name,
                          "primary " + c.instances[std::size_t(next)].machine->name());
    });
    return true;
}

bool System::flushCache(const std::string& cache)
{
    const auto it = m_impl->byName.find(cache);
    if (it == m_impl->byName.end() || it->second->cfg.kind != ComponentKind::Cache)
        return false;
    Component& c = *it->second;
    c.lru.clear();
    c.entries.clear();
    c.warmFills = 0;
    m_impl->emitFault("fault_start", cache, "cache flush");
    return true;
}

bool System::consumerOutage(const std::string& queue, double duration)
{
    const auto it = m_impl->byName.find(queue);
    if (it == m_impl->byName.end() || it->second->cfg.kind != ComponentKind::MessageQueue)
        return false;
    Component& c = *it->second;
    c.consumerDown = true;
    const std::uint32_t gen = ++c.consumerGen;
    m_impl->emitFault("fault_start", queue, "consumer outage");
    m_impl->sim.at(m_impl->sim.now() + duration, [this, &c, gen] {
        if (c.consumerGen != gen)
            return;
        c.consumerDown = false;
        m_impl->emitFault("fault_end", c.cfg.name, "consumer outage");
        m_impl->deliver(c);
    });
    return true;
}

std::vector<BreakerState> System::breakers() const
{
    std::vector<BreakerState> out;
    const double now = m_impl->sim.now();
    for (auto& [key, slot] : m_impl->breakers) {
        const std::size_t arrow = slot.name.find("->");
        out.push_back({slot.name.substr(0, arrow), slot.name.substr(arrow + 2),
                       std::string(breakerStateName(slot.breaker.peek(now)))});
    }
    return out;
}

std::vector<Gauge> System::gauges() const
{
    std::vector<Gauge> out;
    const double now = m_impl->sim.now();
    for (const auto& c : m_impl->components) {
        const std::string& n = c->cfg.name;
        switch (c->cfg.kind) {
        case ComponentKind::MessageQueue:
            out.push_back({n, "backlog", double(c->queue.size())});
            out.push_back({n, "oldest_age", c->queue.empty() ? 0.0 : now - c->queue.front().enqueued});
            out.push_back({n, "in_delivery", double(c->delivering)});
            out.push_back({n, "consumed", double(c->consumed)});
            out.push_back({n, "dead_letters", double(c->deadLetters)});
            break;
        case ComponentKind::Cache:
            out.push_back({n, "hit_ratio", c->lookups ? double(c->hits) / double(c->lookups) : 0.0});
            out.push_back({n, "lookups", double(c->lookups)});
            break;
        case ComponentKind::SqlDatabase:
            out.push_back({n, "stale_reads", double(c->staleReads)});
            out.push_back({n, "replica_reads", double(c->replicaReads)});
            if (c->vertical) {
                const sim::Machine& primary = *c->instances[std::size_t(c->primary)].machine;
                out.push_back({n, "primary_cores", double(primary.cores())});
                out.push_back({n, "primary_speed", primary.speed()});
            }
            break;
        case ComponentKind::LoadBalancer: {
            double healthy = 0;
            for (const auto& [target, b] : c->backends)
                for (std::size_t i = 0; i < b.healthy.size() && i < target->instances.size(); ++i)
                    healthy += b.healthy[i] && target->instances[i].serving() ? 1.0 : 0.0;
            out.push_back({n, "healthy_backends", healthy});
            out.push_back({n, "connections", double(c->connections)});
            break;
        }
        case ComponentKind::Module: {
            // Its work runs on its host's machines: its share of their busy CPU.
            double hostBusy = 0.0;
            for (const Instance& in : c->host->instances)
                hostBusy += in.machine->busyCoreArea(now);
            out.push_back({n, "cpu_seconds", c->cpuSeconds});
            out.push_back({n, "cpu_share", hostBusy > 0 ? std::min(1.0, c->cpuSeconds / hostBusy) : 0.0});
            break;
        }
        default:
            break;
        }
    }
    return out;
}

std::size_t shardOfKey(std::uint64_t key, int shards)
{
    std::uint64_t h = key * 0x9e3779b97f4a7c15ULL; // Fibonacci hashing spreads neighbouring keys
    h ^= h >> 29;
    return static_cast<std::size_t>(h % std::uint64_t(shards));
}

FleetStatus System::fleet() const
{
    FleetStatus out;
    const double now = m_impl->sim.now();
    for (const auto& c : m_impl->components) {
        if (c->instances.empty() || c->cfg.kind == ComponentKind::Module)
            continue;
        InstanceCounts counts{c->cfg.name};
        for (const Instance& in : c->instances) {
            out.cost += in.hourly * in.machine->provisionedArea(now) / 3600.0;
            if (!in.machine->isProvisioned())
                continue;
            out.costRate += in.hourly;
            if (!in.machine->isUp())
                ++counts.down;
            else if (in.state == InstanceState::Booting)
                ++counts.booting;
            else if (in.serving())
                ++counts.serving;
            else
                ++counts.draining;
        }
        out.components.push_back(std::move(counts));
    }
    out.cost += (m_impl->crossZoneBytes * m_impl->pricing.crossZoneGb +
                 m_impl->crossRegionBytes * m_impl->pricing.crossRegionGb) / 1e9;
    return out;
}

std::string System::componentOf(const std::string& stationName)
{
    return stationName.substr(0, stationName.rfind('/'));
}

} // namespace scalelab::models
