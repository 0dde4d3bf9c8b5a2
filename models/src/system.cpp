#include "models/system.h"

#include "runtime.h"

#include "models/autoscaler.h"
#include "models/kinds/kind.h"
#include "models/resilience.h"

#include "simcore/distribution.h"
#include "simcore/random.h"
#include "simcore/recorder.h"
#include "simcore/simulation.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

namespace scalelab::models {

using sim::Outcome;
using sim::Request;

namespace detail {

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

int Component::servingCount() const
{
    return int(std::count_if(instances.begin(), instances.end(), [](const Instance& in) { return in.serving(); }));
}

Runtime::Runtime(sim::Simulation& s, sim::Recorder& rec, sim::Handler& handler, const SystemConfig& config)
    : sim(s), recorder(rec), self(handler), rng(config.seed, "system", config.replication),
      retryRng(config.seed, "retries", config.replication), seed(config.seed), replication(config.replication),
      maxInFlight(config.maxInFlight), traceSink(config.traceSink), traceSample(config.traceSample)
{
    entry.runtime = this;
    shapedHop.runtime = this;
    lostHop.runtime = this;
    pricing = config.pricing;
    for (const auto& z : config.network.zones) {
        regions[z.name] = z.region;
        zones.push_back(z.name);
    }
    if (zones.empty())
        zones.push_back("default");

    for (const ComponentConfig& cfg : config.components) {
        auto c = std::make_unique<Component>();
        c->cfg = cfg;
        c->kind = &kindOf(cfg.kind);
        c->rng = sim::RandomStream(config.seed, cfg.name, config.replication, "behaviour");
        c->faultRng = sim::RandomStream(config.seed, cfg.name, config.replication, "faults");
        c->id = static_cast<int>(components.size());
        byName[cfg.name] = c.get();
        components.push_back(std::move(c));
    }
    for (auto& c : components) {
        c->kind->link(*this, *c);
        c->state = c->kind->makeState(c->cfg);
        if (c->kind->hasMachines())
            build(*c);
    }
    // Clients sit in the entry component's zone, or the first zone.
    std::string clientZone = zones.front();
    for (const auto& c : components)
        if (c->kind->hostsClients() && !c->cfg.zones.empty())
            clientZone = c->cfg.zones.front();
    placeIn(clients, clientZone);
    clients.machine = &sim.addMachine("clients", 1, 1.0, 0.0, networkZones[std::size_t(clients.zoneId)]);

    for (const OperationPlan& op : config.operations) {
        operations.push_back(op);
        compile(operations.back().root, -1);
    }
    buildNetwork(config);
}

void Runtime::build(Component& c)
{
    const ComponentConfig& cfg = c.cfg;
    const Kind& kind = *c.kind;
    const int count = kind.machineCount(cfg);
    const std::vector<std::string>& where = cfg.zones.empty() ? std::vector<std::string>{zones.front()} : cfg.zones;
    c.hourly = pricing.hourly(cfg);
    c.instances.reserve(std::size_t(count));
    // The machines the autoscaler may launch or retire: all from the kind's
    // first, or the scaled group's (spares included).
    std::size_t first = std::size_t(kind.firstScaled()), last = std::size_t(count);
    if (cfg.groups.empty()) {
        for (int i = 0; i < count; ++i)
            addInstance(c, i, where[std::size_t(i) % where.size()], cfg.cores, cfg.speed, c.hourly);
    } else {
        // A mixed fleet: each group's machines in turn, the scaled group's up to autoscale.max.
        const int scaled = cfg.scaledGroup();
        for (std::size_t g = 0; g < cfg.groups.size(); ++g) {
            const ComponentConfig machines = cfg.groupConfig(g);
            const double hourly = pricing.hourly(machines);
            const int n = int(g) == scaled ? cfg.autoscale->max : machines.instances;
            if (int(g) == scaled)
                first = c.instances.size();
            for (int k = 0; k < n; ++k) {
                const int i = int(c.instances.size());
                addInstance(c, i, where[std::size_t(i) % where.size()], machines.cores, machines.speed, hourly);
            }
            if (int(g) == scaled)
                last = c.instances.size();
        }
    }
    kind.built(*this, c);
    if (cfg.autoscale) {
        const int initial = std::clamp(kind.scaledCount(cfg), cfg.autoscale->min, cfg.autoscale->max);
        std::vector<ScalableInstance> scalable;
        for (std::size_t i = first; i < last; ++i) {
            Instance& in = c.instances[i];
            scalable.push_back({in.machine, in.station, &in.state, &in.inFlight});
        }
        Component* scaled = &c;
        c.autoscaler = std::make_unique<Autoscaler>(sim, cfg.name, *cfg.autoscale, std::move(scalable), initial,
                                                    [this, scaled] { return consumedBacklog(*scaled); });
        c.autoscaler->setPinned(
            [scaled, first](std::size_t i) { return scaled->kind->pinned(*scaled, int(first + i)); });
        c.autoscaler->prepare();
    }
}

Instance& Runtime::addInstance(Component& c, int index, const std::string& zone, int cores, double speed,
                               double hourly)
{
    Instance& in = c.instances.emplace_back();
    in.component = &c;
    in.index = index;
    placeIn(in, zone);
    in.hourly = hourly;
    const std::string name = c.cfg.name + "/" + std::to_string(index);
    in.machine = &sim.addMachine(name, cores, speed, c.kind->hasDisk() ? c.cfg.diskBandwidth : 0.0,
                                 networkZones[std::size_t(in.zoneId)]);
    machinesByZone[in.zone].push_back(in.machine);
    if (c.kind->hasWorkerPool())
        in.station = &sim.addStation(name, *in.machine, {c.kind->workers(c.cfg), c.cfg.backlog});
    return in;
}

const CallPlan* Runtime::derived(const CallPlan& plan, const std::string& target)
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
        slot->then.clear(); // the stages follow the caller's call, not a delivery or a replica's copy
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

int Runtime::connectionOf(int caller, int target)
{
    const auto [it, added] = connections.try_emplace({caller, target}, 0);
    if (added)
        it->second = recorder.addConnection(
            caller < 0 ? std::string("clients") : components[std::size_t(caller)]->cfg.name,
            components[std::size_t(target)]->cfg.name);
    return it->second;
}

int Runtime::indexOf(const std::string& name) const
{
    const auto it = byName.find(name);
    assert(it != byName.end() && "a call names an unknown component: the reader checks routes");
    return it == byName.end() ? -1 : it->second->id;
}

void Runtime::compile(CallPlan& plan, int caller)
{
    // A connection is an arrow of the route as drawn: the step that names a
    // call -> the called component (docs/models.md, "Traffic per connection").
    // In place: time and memory linear in the size of the call tree, however deep.
    plan.component = indexOf(plan.target);
    plan.connection = connectionOf(caller, plan.component);
    if (const Component* consumer = components[std::size_t(plan.component)]->consumer)
        connectionOf(plan.component, consumer->id); // a queue's deliveries, named before the run
    for (auto* list : {&plan.calls, &plan.parallel, &plan.miss})
        for (CallPlan& c : *list)
            compile(c, plan.component);
    // A pipeline's arrows: each stage is called from the stage before.
    int from = plan.component;
    for (CallPlan& stage : plan.then) {
        compile(stage, from);
        from = stage.component;
    }
}
void Runtime::buildNetwork(const SystemConfig& config)
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
    // A route for every pair of zones whose machines may exchange a request:
    // the one link chosen by the pair. Memory goes with the pairs of
    // components and zones that talk, never with the pairs of machines.
    // hopEnds by ids: (from component id or -1 for the clients, to component id, from zone id, to zone id).
    std::set<std::tuple<int, int, int, int>> hopEndIds;
    auto connect = [&](const Instance& a, const Instance& b) {
        if (a.machine == b.machine || !a.machine || !b.machine)
            return;
        const int ia = a.component ? a.component->id : -1, ib = b.component ? b.component->id : -1;
        if (hopEndIds.emplace(ia, ib, a.zoneId, b.zoneId).second) {
            const std::string ca = a.component ? a.component->cfg.name : "";
            const std::string cb = b.component ? b.component->cfg.name : "";
            hopEndIds.emplace(ib, ia, b.zoneId, a.zoneId);
            hopEnds.emplace(ca, cb, a.zone, b.zone);
            hopEnds.emplace(cb, ca, b.zone, a.zone);
        }
        if (!zoneLinks.count(std::minmax(a.zone, b.zone)))
            sim.setZoneRoute(networkZones[std::size_t(a.zoneId)], networkZones[std::size_t(b.zoneId)],
                             {link(a.zone, b.zone)});
    };
    // Returns the instances the request may leave the call from (its answer's sender).
    using Instances = std::vector<Instance>;
    std::function<const Instances*(const CallPlan&, const Instances&)> walk = [&](const CallPlan& p,
                                                                               const Instances& callers) {
        Component& target = *byName.at(p.target);
        const std::vector<Instance>& here = target.kind->runsInCaller() ? callers : target.owner().instances;
        for (const Instance& a : callers)
            for (const Instance& b : here)
                connect(a, b);
        if (target.kind->instancesTalk())
            for (const Instance& a : target.instances)
                for (const Instance& b : target.instances)
                    connect(a, b);
        for (const auto& c : p.calls)
            walk(c, here);
        for (const auto& c : p.parallel)
            walk(c, here);
        for (const auto& c : p.miss)
            walk(c, callers); // the caller makes the miss calls
        if (target.consumer) { // a queue's deliveries, and the consumer's calls
            for (const Instance& a : target.instances)
                for (const Instance& b : target.consumer->instances)
                    connect(a, b);
            for (const auto& c : p.calls)
                walk(c, target.consumer->instances);
        }
        // A remote kind answers at the caller; the rest from their instances.
        const Instances* leaves = target.kind->remote() || here.empty() ? &callers : &here;
        if (p.then.empty())
            return leaves;
        for (const auto& stage : p.then)
            leaves = walk(stage, *leaves);
        for (const Instance& a : *leaves) // the last stage answers the caller
            for (const Instance& b : callers)
                connect(a, b);
        return leaves;
    };
    const std::vector<Instance> clientList{clients};
    for (const auto& op : operations)
        walk(op.root, clientList);
}

// ---- request flow -----------------------------------------------------------

Flow* Runtime::newFlow(FlowKind kind)
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
    f->trace.reset();
    f->traceParent = -1;
    return f;
}

bool Runtime::overLimit(std::size_t more)
{
    if (sim.requests().live() + more <= maxInFlight)
        return false;
    if (limitRejections++ == 0)
        sim.emit({sim.now(), "in_flight_limit", {},
                  std::to_string(maxInFlight) + " requests in flight: new requests are rejected"});
    return true;
}

void Runtime::begin(Request& r)
{
    Flow* f = newFlow(FlowKind::Root);
    r.context = f;
    if (traceSink && traceSampled(seed, replication, r.id, traceSample)) {
        f->trace = std::make_shared<TraceRecord>();
        f->trace->request = r.id;
        f->trace->operation = r.operation;
    }
    push(r, *f, operations.at(r.operation).root, &clients);
    // The request itself is live already: past the limit it is refused unmade.
    if (overLimit(0)) {
        fail(r, *f, Outcome::Rejected);
        return;
    }
    step(r, *f);
}

void Runtime::push(Request&, Flow& f, const CallPlan& plan, Instance* caller)
{
    Frame& fr = f.frames.emplace_back();
    fr.plan = &plan;
    fr.caller = caller;
}

void Runtime::advance(Request& r, Outcome o)
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

Instance* Runtime::pick(Component& target, Instance* caller, Frame& fr)
{
    Component& owner = target.owner();
    if (owner.instances.empty())
        return nullptr;
    if (Instance* in = target.kind->pick(owner, fr))
        return in;
    Component* from = caller ? caller->component : nullptr;
    return from ? from->kind->choose(*this, *from, owner, fr.avoid)
                : roundRobinAvoiding(owner, fr.avoid, [](const Instance&) { return false; });
}

Next Runtime::acquireWorker(Request& r, Frame& fr, const Component& c)
{
    if (!fr.at->station)
        return Next::Go;
    if (c.cfg.shedWait && sim.now() - fr.at->station->oldestEnqueued(sim.now()) > *c.cfg.shedWait)
        return Next::Reject; // load shedding: the backlog is too old
    fr.holding = true;
    fr.at->station->acquire(r, self);
    return Next::Wait;
}

Next Runtime::compute(Request& r, Flow& f, Frame& fr, Component& c)
{
    fr.stage = Stage::Disk;
    const double cpu = fr.plan->cpu ? fr.plan->cpu->sample(c.rng) : 0.0;
    const double demand = c.kind->demand(*this, c, f, fr, cpu);
    fr.waitLeft = fr.plan->wait ? fr.plan->wait->sample(c.rng) : 0.0;
    if (c.slowFactor != 1.0 || c.slowAdd > 0.0)
        fr.slowExtra = c.slowAdd + (c.slowFactor - 1.0) * (demand + fr.waitLeft);
    fr.at->machine->compute(r, demand, self);
    return Next::Wait;
}

void Runtime::step(Request& r, Flow& f)
{
    // A kind's hook says how the request goes on.
    auto proceed = [&](Next next) {
        switch (next) {
        case Next::Go:
            return true;
        case Next::Wait:
            break;
        case Next::Fail:
            fail(r, f, Outcome::Error);
            break;
        case Next::Reject:
            fail(r, f, Outcome::Rejected);
            break;
        }
        return false;
    };
    for (;;) {
        Frame& fr = f.frames.back();
        Component& c = target(*fr.plan);
        switch (fr.stage) {
        case Stage::Backoff:
            fr.stage = Stage::Pick; // a retry's backoff is over
            continue;
        case Stage::Pick: {
            fr.isWrite = fr.plan->write.has_value();
            if (f.trace && fr.clientSpan < 0)
                openClientSpan(f, fr);
            if (!fr.guarded && !guard(r, f, fr))
                return; // refused (breaker, bulkhead) or waiting for the bulkhead
            if (!proceed(c.kind->arrive(*this, c, r, fr)))
                return;
            if (fr.stage != Stage::Pick)
                continue; // served without a pick (in-process, at the caller)
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
            if (f.trace && fr.serverSpan < 0)
                openServerSpan(f, fr);
            fr.stage = Stage::Work;
            if (!proceed(c.kind->admit(*this, c, r, fr)))
                return;
            continue;
        }
        case Stage::Work: {
            if (f.trace && fr.serverSpan < 0)
                openServerSpan(f, fr); // served without an admission (in-process, remote)
            if (c.injectedErrorRate > 0 && c.faultRng.uniform() < c.injectedErrorRate) {
                fail(r, f, Outcome::Error); // an injected error (fault)
                return;
            }
            if (!proceed(c.kind->work(*this, c, r, f, fr)))
                return;
            continue;
        }
        case Stage::Disk: {
            if (fr.waitLeft > 0 || fr.slowExtra > 0) {
                // A wait, or a slow dependency: the visit holds its worker, not a core.
                const double extra = fr.waitLeft + fr.slowExtra;
                fr.waitLeft = 0;
                fr.slowExtra = 0;
                sim.delay(r, extra, self);
                return;
            }
            fr.stage = Stage::Children;
            // Only the kinds with disks give their machines one (Kind::hasDisk).
            if (fr.plan->disk > 0 && fr.at->machine->hasDisk()) {
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
                    if (made(next, c) && !call(r, f, next, fr.at))
                        return;
                    continue;
                }
                fr.missOf = nullptr;
            }
            if (fr.nextCall < fr.plan->calls.size()) {
                const CallPlan& next = fr.plan->calls[fr.nextCall++];
                if (made(next, c) && !call(r, f, next, fr.at))
                    return;
                continue;
            }
            if (!fr.parallelStarted && !fr.plan->parallel.empty()) {
                fr.parallelStarted = true;
                // A fan-out past the limit is refused whole, before any branch starts.
                if (overLimit(fr.plan->parallel.size())) {
                    fail(r, f, Outcome::Rejected);
                    return;
                }
                // Which branches this visit makes, drawn before any starts.
                std::vector<const CallPlan*> branches;
                for (const CallPlan& branch : fr.plan->parallel)
                    if (made(branch, c))
                        branches.push_back(&branch);
                for (const CallPlan* branch : branches)
                    spawnBranch(r, f, *branch, fr.at, false);
                if (!branches.empty())
                    return; // resumed when the last branch is back
                continue;
            }
            fr.stage = Stage::Release;
            continue;
        }
        case Stage::Release: {
            if (f.trace)
                closeSpan(f, fr.serverSpan, false);
            if (fr.holding) {
                fr.at->station->release(fr.grantEpoch);
                fr.holding = false;
            }
            fr.stage = Stage::Then;
            continue;
        }
        case Stage::Then: {
            // A pipeline: the target is done with the request (worker released);
            // each stage gets it from where it is, one after the other.
            if (fr.nextStage < fr.plan->then.size()) {
                if (!fr.left) {
                    leaveInstance(fr);
                    fr.pipeAt = fr.at;
                }
                if (!call(r, f, fr.plan->then[fr.nextStage++], fr.pipeAt))
                    return; // a timed stage runs in a child request, piped too (spawnBranch)
                f.frames.back().piped = true;
                continue;
            }
            fr.stage = Stage::HopOut;
            continue;
        }
        case Stage::HopOut: {
            fr.stage = Stage::Done;
            if (fr.piped)
                continue; // a stage: the next one (or the pipeline's answer) leaves from here
            Instance* from = fr.leavesFrom();
            if (from && from != fr.caller) { // an external or in-process call has no hop
                hop(r, *from, *fr.caller, fr.plan->returnedBytes());
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

bool Runtime::call(Request& r, Flow& f, const CallPlan& next, Instance* caller)
{
    if (!next.timeout) {
        push(r, f, next, caller);
        return true;
    }
    if (overLimit(1))
        fail(r, f, Outcome::Rejected);
    else
        spawnBranch(r, f, next, caller, true);
    return false;
}

void Runtime::fail(Request& r, Flow& f, Outcome o)
{
    // Unwind the current frame: give back what it holds, then tell its caller.
    Frame& fr = f.frames.back();
    if (fr.holding) {
        fr.at->station->release(fr.grantEpoch);
        fr.holding = false;
    }
    finishFrame(r, f, o);
}

void Runtime::finishFrame(Request& r, Flow& f, Outcome o)
{
    Frame done = f.frames.back();
    f.frames.pop_back();
    lastPopped = done; // resumeParent: which call a branch made
    if (f.trace) {
        closeSpan(f, done.serverSpan, o != Outcome::Ok);
        closeSpan(f, done.clientSpan, o != Outcome::Ok);
    }
    if (done.missRunner) {
        // Only the miss calls ran here: the cache call was counted when it returned.
        resumeParent(r, f, o);
        return;
    }
    if (!done.left) { // a call whose stages began left its instance then
        const bool down = o != Outcome::Ok && done.at && done.caller && done.caller->component &&
                          !done.at->machine->isUp();
        leaveInstance(done);
        if (down)
            done.caller->component->kind->backendFailed(*this, *done.caller->component, *done.at);
    }
    endCall(f, done, o);
    if (o != Outcome::Ok && retry(r, f, done, o))
        return;
    if (f.frames.empty()) {
        if (o == Outcome::Ok && done.missed && !done.plan->miss.empty()) {
            runMissAtCaller(r, f, done);
            return;
        }
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
    if (caller.stage == Stage::Then)
        caller.pipeAt = done.leavesFrom(); // a stage is over: the request is there
    else if (done.missed) {
        caller.missOf = done.plan;
        caller.nextMiss = 0;
    }
    step(r, f);
}

void Runtime::leaveInstance(Frame& fr)
{
    fr.left = true;
    if (fr.at && fr.at != fr.caller)
        --fr.at->inFlight;
    if (fr.admitted) {
        Component& c = target(*fr.plan);
        c.kind->leave(c);
        fr.admitted = false;
    }
}

void Runtime::runMissAtCaller(Request& r, Flow& f, const Frame& cacheCall)
{
    // The cache was this flow's first call (a route's first step, a branch or a
    // message): no frame of the caller's is on the stack to make the miss calls,
    // so one stands in for it, at the caller, running those calls only.
    Frame fr;
    fr.plan = cacheCall.plan;
    fr.caller = cacheCall.caller;
    fr.at = cacheCall.caller;
    fr.stage = Stage::Children;
    fr.missOf = cacheCall.plan;
    fr.nextCall = static_cast<std::uint32_t>(cacheCall.plan->calls.size());
    fr.parallelStarted = true;
    fr.nextStage = static_cast<std::uint32_t>(cacheCall.plan->then.size()); // its stages ran already
    fr.attempt = cacheCall.attempt;
    fr.missRunner = true;
    f.frames.push_back(fr);
    step(r, f);
}

void Runtime::spawnBranch(Request& parent, Flow& pf, const CallPlan& plan, Instance* caller, bool timed,
                               int attempt, Instance* avoid)
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
    cf->trace = pf.trace;
    cf->traceParent = pfr.serverSpan >= 0 ? pfr.serverSpan : pf.traceParent;
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
            Instance* failedAt = nullptr;
            if (child->id == childId) {
                Flow& cf2 = *static_cast<Flow*>(child->context);
                if (!cf2.frames.empty())
                    failedAt = cf2.frames.front().at;
                if (!cf2.frames.empty() && !cf2.abandoned) {
                    recordBreaker(cf2.frames.front(), Outcome::Error);
                    countCall(cf2.frames.front(), Outcome::Error);
                }
                cf2.abandoned = true;
            }
            if (!retryTimed(*p, f, *planPtr, caller, attempt, failedAt))
                fail(*p, f, Outcome::Error);
        });
    }
    cf->timed = timed;
    push(*child, *cf, plan, caller);
    cf->frames.back().attempt = attempt;
    cf->frames.back().avoid = avoid;
    cf->frames.back().piped = pf.frames.back().stage == Stage::Then; // a timed pipeline stage
    step(*child, *cf);
}

void Runtime::resumeParent(Request& r, Flow& f, Outcome o)
{
    switch (f.kind) {
    case FlowKind::Root:
        if (f.trace) {
            traceSink->onTrace(*f.trace);
            f.trace.reset(); // a branch still out writes to its own copy of the pointer
        }
        freeFlow(&f);
        r.context = nullptr;
        recorder.onDone(r, o);
        return;
    case FlowKind::Message: {
        Component& from = *f.queue;
        const Message m = f.message;
        freeFlow(&f);
        sim.requests().release(&r);
        from.kind->delivered(*this, from, m, o);
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
            if (retryTimed(*parent, pf, *lastBranch.plan, lastBranch.caller, lastBranch.attempt, lastBranch.at))
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
        if (pfr.stage == Stage::Then)
            pfr.pipeAt = lastBranch.leavesFrom(); // a timed stage is over: the request is there
        step(*parent, pf);
        return;
    }
    }
}

// ---- resilience ---------------------------------------------------------------

Runtime::BreakerSlot& Runtime::breakerFor(const Frame& fr)
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

void Runtime::emitBreaker(BreakerSlot& slot)
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

bool Runtime::guard(Request& r, Flow& f, Frame& fr)
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

void Runtime::recordBreaker(const Frame& done, Outcome o)
{
    if (!done.breakerArmed)
        return;
    BreakerSlot& slot = breakerFor(done);
    slot.breaker.record(sim.now(), o == Outcome::Ok);
    emitBreaker(slot);
}

void Runtime::releaseBulkhead(const Frame& done)
{
    Bulkhead& b = bulkheads[keyOf(done)];
    --b.out;
    while (!b.waiting.empty() && b.out < done.plan->bulkhead->max) {
        // Named copies, not a structured binding: a lambda below captures them.
        auto* const waiter = b.waiting.front().first;
        const auto id = b.waiting.front().second;
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

void Runtime::endCall(Flow& f, const Frame& done, Outcome o)
{
    if (done.bulkheadHeld)
        releaseBulkhead(done);
    // A timed call whose caller gave up already told the breaker (a failure).
    if (!(f.abandoned && f.frames.empty())) {
        recordBreaker(done, o);
        countCall(done, o);
    }
}

bool Runtime::retryAllowed(const CallPlan& plan, int attempt)
{
    if (!plan.retries || attempt >= plan.retries->max)
        return false;
    if (!plan.retries->budget)
        return true;
    return budgets.try_emplace(&plan, *plan.retries->budget).first->second.tryRetry();
}

double Runtime::backoff(const CallPlan& plan, int retryNumber)
{
    const RetryPolicy& p = *plan.retries;
    const double delay = retryDelay(p, retryNumber);
    return p.jitter == Jitter::None ? delay : jittered(p.jitter, delay, retryRng.uniform());
}

bool Runtime::retry(Request& r, Flow& f, const Frame& done, Outcome)
{
    if (f.frames.empty() && f.kind == FlowKind::Branch && f.timed)
        return false; // the caller retries a timed call (retryTimed)
    if (!retryAllowed(*done.plan, done.attempt))
        return false;
    // The same call again from the same caller, after the backoff.
    push(r, f, *done.plan, done.caller);
    Frame& again = f.frames.back();
    again.piped = done.piped;
    again.attempt = done.attempt + 1;
    again.avoid = avoidOnRetry(*done.plan, done.at);
    again.stage = Stage::Backoff;
    const double delay = backoff(*done.plan, again.attempt);
    if (delay > 0)
        sim.delay(r, delay, self);
    else
        step(r, f);
    return true;
}

bool Runtime::retryTimed(Request& parent, Flow& pf, const CallPlan& plan, Instance* caller, int attempt,
                         Instance* failed)
{
    if (!retryAllowed(plan, attempt))
        return false;
    Request* p = &parent;
    const std::uint64_t id = parent.id;
    const std::uint32_t depth = static_cast<std::uint32_t>(pf.frames.size());
    const std::uint32_t wait = pf.frames.back().wait;
    ++pf.frames.back().pending; // the caller waits through the backoff
    Instance* const avoid = avoidOnRetry(plan, failed);
    sim.at(sim.now() + backoff(plan, attempt + 1), [this, p, id, depth, wait, &plan, caller, attempt, avoid] {
        if (p->id != id)
            return;
        Flow& f = *static_cast<Flow*>(p->context);
        if (f.frames.size() != depth || f.frames.back().wait != wait)
            return;
        --f.frames.back().pending;
        spawnBranch(*p, f, plan, caller, true, attempt + 1, avoid);
    });
    return true;
}

bool Runtime::made(const CallPlan& call, Component& caller)
{
    // A draw only for a call made sometimes: a study without probabilities keeps its streams.
    return call.probability >= 1.0 || caller.rng.uniform() < call.probability;
}

// ---- tracing --------------------------------------------------------------------

void Runtime::openClientSpan(Flow& f, Frame& fr)
{
    SpanRecord span;
    span.side = SpanSide::Client;
    // Made from the visit below it on the stack, or, first in a branch, from the branch's caller.
    const std::size_t depth = f.frames.size();
    span.parent = depth >= 2 && f.frames[depth - 2].serverSpan >= 0 ? f.frames[depth - 2].serverSpan : f.traceParent;
    span.component = fr.plan->component;
    span.caller = fr.caller && fr.caller->component ? fr.caller->component->id : -1;
    span.start = span.end = sim.now();
    span.write = fr.isWrite;
    fr.clientSpan = int(f.trace->spans.size());
    f.trace->spans.push_back(span);
}

void Runtime::openServerSpan(Flow& f, Frame& fr)
{
    SpanRecord span;
    span.side = SpanSide::Server;
    span.parent = fr.clientSpan;
    span.component = fr.plan->component;
    span.caller = fr.caller && fr.caller->component ? fr.caller->component->id : -1;
    span.instance = fr.at ? fr.at->index : 0;
    span.start = span.end = sim.now();
    span.write = fr.isWrite;
    fr.serverSpan = int(f.trace->spans.size());
    f.trace->spans.push_back(span);
}

void Runtime::closeSpan(Flow& f, int span, bool error)
{
    if (span < 0)
        return;
    SpanRecord& s = f.trace->spans[std::size_t(span)];
    if (s.ended)
        return;
    s.end = sim.now();
    s.error = error;
    s.ended = true;
}

// ---- faults -------------------------------------------------------------------

void Runtime::scheduleFailure(Component& c, Instance& in)
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
                cp->kind->resumed(*this, *cp);
                scheduleFailure(*cp, *ip);
            });
        } else {
            scheduleFailure(*cp, *ip); // down already (another fault): next failure later
        }
    });
}

void Runtime::startMessage(Component& from, const Message& m, Instance& sender)
{
    Request* r = sim.requests().acquire();
    r->created = sim.now();
    Flow* f = newFlow(FlowKind::Message);
    r->context = f;
    f->queue = &from;
    f->message = m;
    push(*r, *f, *m.consumerPlan, &sender);
    step(*r, *f);
}

void Runtime::placeIn(Instance& in, const std::string& zone)
{
    in.zone = zone;
    const auto [it, added] = zoneIds.try_emplace(zone, int(zoneIds.size()));
    in.zoneId = it->second;
    if (added)
        networkZones.push_back(sim.addNetworkZone());
    in.regionId = regionIds.try_emplace(regionOf(zone), int(regionIds.size())).first->second;
}

void Runtime::hop(Request& r, const Instance& from, const Instance& to, double bytes)
{
    if (from.zoneId != to.zoneId && from.machine != to.machine)
        (from.regionId == to.regionId ? crossZoneBytes : crossRegionBytes) += bytes;
    if (!shapers.empty()) {
        shapeHop(r, from, to, bytes);
        return;
    }
    sim.send(r, *from.machine, *to.machine, bytes, self);
}

void Runtime::shapeHop(Request& r, const Instance& from, const Instance& to, double bytes)
{
    HopEffect total;
    if (from.machine != to.machine) { // a message that stays on its machine crosses no network
        const HopEnds ends{from.component ? std::string_view(from.component->cfg.name) : std::string_view(),
                           to.component ? std::string_view(to.component->cfg.name) : std::string_view(), from.zone,
                           to.zone};
        for (ActiveShaper& s : shapers)
            if (s.shaper->concerns(ends)) {
                const HopEffect e = s.shaper->shape(ends, bytes, sim.now(), s.rng);
                total.delay += e.delay;
                total.lost = total.lost || e.lost;
            }
    }
    if (total.lost) {
        sim.delay(r, total.delay, lostHop); // the sender gives up: nothing arrives
    } else if (total.delay > 0) {
        static_cast<Flow*>(r.context)->frames.back().hopDelay = total.delay;
        sim.send(r, *from.machine, *to.machine, bytes, shapedHop);
    } else {
        sim.send(r, *from.machine, *to.machine, bytes, self);
    }
}

void Runtime::arriveShaped(Request& r, Outcome o)
{
    Frame& fr = static_cast<Flow*>(r.context)->frames.back();
    const double delay = fr.hopDelay;
    fr.hopDelay = 0.0;
    if (o == Outcome::Ok)
        sim.delay(r, delay, self);
    else
        advance(r, o);
}

const std::string& Runtime::regionOf(const std::string& zone) const
{
    static const std::string fallback = "default";
    const auto it = regions.find(zone);
    return it == regions.end() ? fallback : it->second;
}

double Runtime::consumedBacklog(const Component& service) const
{
    double n = 0.0;
    for (const auto& c : components)
        n += c->kind->backlogFor(*c, service);
    return n;
}

void Runtime::emitEjected(const Component& caller, const Instance& backend, int failures)
{
    sim.emit({sim.now(), "backend_ejected", caller.cfg.name + "->" + backend.machine->name(),
              "passive: " + std::to_string(failures) + " failed calls"});
}

void Runtime::emitReadmitted(const Component& caller, const Instance& backend)
{
    sim.emit({sim.now(), "backend_readmitted", caller.cfg.name + "->" + backend.machine->name(),
              "ejection time over: a live request tries it"});
}

} // namespace detail

// ---- System -----------------------------------------------------------------

using detail::Component;
using detail::Instance;
using detail::number;

struct System::Impl : detail::Runtime
{
    using Runtime::Runtime;
};

System::System(sim::Simulation& sim, sim::Recorder& recorder, const SystemConfig& config)
    : m_impl(std::make_unique<Impl>(sim, recorder, static_cast<sim::Handler&>(*this), config))
{
}

System::~System() = default;

void System::start()
{
    for (auto& c : m_impl->components) {
        if (c->cfg.failures)
            for (Instance& in : c->instances)
                m_impl->scheduleFailure(*c, in);
        if (c->autoscaler)
            c->autoscaler->start();
        c->kind->start(*m_impl, *c);
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
                cp->kind->resumed(*m_impl, *cp);
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
            c->kind->resumed(*m_impl, *c);
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

bool System::shapeHops(std::unique_ptr<HopShaper> shaper, double duration, const std::string& subject,
                       const std::string& detail)
{
    detail::Runtime& rt = *m_impl;
    const bool reachable = std::any_of(rt.hopEnds.begin(), rt.hopEnds.end(), [&](const auto& e) {
        return shaper->concerns({std::get<0>(e), std::get<1>(e), std::get<2>(e), std::get<3>(e)});
    });
    if (!reachable)
        return false; // no message of this variant concerns it
    const std::uint64_t id = ++rt.shapersMade;
    // Keyed by what it is and when, not by how many came before: a fault that
    // is inert in one variant shifts no other fault's draws.
    const std::string key = detail + " at " + number(rt.sim.now());
    rt.shapers.push_back({std::move(shaper), sim::RandomStream(rt.seed, "hops:" + subject, rt.replication, key), id});
    rt.emitFault("fault_start", subject, detail);
    rt.sim.at(rt.sim.now() + duration, [&rt, id, subject, detail] {
        std::erase_if(rt.shapers, [id](const auto& s) { return s.id == id; });
        rt.emitFault("fault_end", subject, detail);
    });
    return true;
}

bool System::failover(const std::string& database, double promotion)
{
    const auto it = m_impl->byName.find(database);
    return it != m_impl->byName.end() && it->second->kind->failover(*m_impl, *it->second, promotion);
}

bool System::flushCache(const std::string& cache)
{
    const auto it = m_impl->byName.find(cache);
    return it != m_impl->byName.end() && it->second->kind->flush(*m_impl, *it->second);
}

bool System::consumerOutage(const std::string& queue, double duration)
{
    const auto it = m_impl->byName.find(queue);
    return it != m_impl->byName.end() && it->second->kind->consumerOutage(*m_impl, *it->second, duration);
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
    for (const auto& c : m_impl->components)
        c->kind->gauges(*m_impl, *c, out);
    if (m_impl->limitRejections > 0)
        out.push_back({"clients", "in_flight_limit_rejections", double(m_impl->limitRejections)});
    return out;
}

bool traceSampled(std::uint64_t seed, std::uint32_t replication, std::uint64_t id, double rate)
{
    if (rate >= 1.0)
        return true;
    if (rate <= 0.0)
        return false;
    // splitmix64 of the three: uniform, and independent of every random stream of the run.
    std::uint64_t z = seed * 0x9e3779b97f4a7c15ULL + (std::uint64_t(replication) << 32) + id;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-53 < rate;
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
        out.cost += c->kind->cost(*m_impl, *c);
        if (c->instances.empty())
            continue; // no machines of its own
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
