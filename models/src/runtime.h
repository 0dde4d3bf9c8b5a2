#pragma once

// What System and the kinds' modules share (not public API): a component and
// its instances at run time, a request's call stack, and the runtime's core
// (models/src/system.cpp), which runs what every kind shares and calls the
// kinds' hooks (models/kinds/kind.h) at fixed points of a visit.

#include "models/autoscaler.h"
#include "models/kinds/kind.h"
#include "models/resilience.h"
#include "models/system.h"
#include "models/tracesink.h"

#include "simcore/distribution.h"
#include "simcore/random.h"
#include "simcore/recorder.h"
#include "simcore/simulation.h"

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace scalelab::models::detail {

struct Component;

/// One running copy of a component: a machine and its worker pool.
struct Instance
{
    Component* component = nullptr;
    int index = 0;
    std::string zone;
    int zoneId = 0;   // `zone` interned (Runtime::placeIn): compared on every hop
    int regionId = 0; // its region, interned
    sim::Machine* machine = nullptr;
    sim::Station* station = nullptr;
    int inFlight = 0; // calls at this instance now (least connections, power of two)
    InstanceState state = InstanceState::Serving; // autoscaling: only Serving ones get new work
    double hourly = 0.0; // USD per hour while provisioned
    int passiveMisses = 0; // consecutive calls that found the machine down (a gateway's passive check)
    double ejectedUntil = 0.0; // s; a gateway's passive ejection with eject_for: skipped before then
    bool serving() const { return state == InstanceState::Serving; }
};

/// A kind's own state of one component (Kind::makeState).
struct KindState
{
    virtual ~KindState() = default;
};

struct Component
{
    ComponentConfig cfg;
    const Kind* kind = nullptr;
    std::vector<Instance> instances;
    Component* host = nullptr;       // where its calls run (a module: its service); null: itself
    Component* consumer = nullptr;   // a delivering kind: the service its work goes to
    sim::RandomStream rng{0};
    std::uint64_t next = 0;          // round robin for callers without a balancer
    std::unique_ptr<KindState> state;
    std::unique_ptr<Autoscaler> autoscaler;
    double hourly = 0.0; // USD per instance-hour

    // faults (docs/models.md, "Faults")
    int id = 0;                      // index in Runtime::components
    sim::RandomStream faultRng{0};   // injected errors, random failures
    double slowAdd = 0.0, slowFactor = 1.0;
    double injectedErrorRate = 0.0;
    std::uint32_t slowGen = 0, errorGen = 0;

    /// The kind's state, as the kind made it.
    template <typename State> State& as() { return static_cast<State&>(*state); }
    template <typename State> const State& as() const { return static_cast<const State&>(*state); }
    /// Whose instances run its calls.
    Component& owner() { return host ? *host : *this; }
    int servingCount() const;
};

enum class Stage : std::uint8_t { Pick, HopIn, Admit, Work, Disk, Children, Release, Then, HopOut, Done, Backoff };

/// What the request does after a kind's hook: go on through the stages (the
/// hook may have set the next one), wait for the activity the hook started,
/// or fail with an error or a rejection.
enum class Next : unsigned char { Go, Wait, Fail, Reject };

/// One call in progress: the request is at `at`, called from `caller`.
struct Frame
{
    const CallPlan* plan = nullptr;
    Instance* caller = nullptr;
    Instance* at = nullptr;
    Stage stage = Stage::Pick;
    std::uint32_t grantEpoch = 0;
    bool holding = false;
    bool admitted = false;          // the kind counts it until Kind::leave (a balancer's connections)
    bool missed = false;            // cache: this lookup missed
    const CallPlan* missOf = nullptr; // running the miss calls of this cache call
    bool missRunner = false;        // the caller's side of a flow's first call, a cache that missed
    std::uint32_t nextCall = 0;
    std::uint32_t nextMiss = 0;
    bool parallelStarted = false;
    int pending = 0;                // parallel branches or a timed call outstanding
    std::uint32_t wait = 0;         // generation of the current wait (timeouts)
    sim::Outcome failure = sim::Outcome::Ok;
    bool isWrite = false;
    // resilience (docs/models.md, "Resilience")
    int attempt = 0;                // 0: the first attempt of this call
    Instance* avoid = nullptr;      // a retry: the instance whose attempt failed (RetryTarget::Other)
    bool guarded = false;           // breaker and bulkhead passed, attempt counted
    bool breakerArmed = false;      // its outcome goes to the breaker
    bool bulkheadHeld = false;
    double slowExtra = 0.0;         // s of injected delay still to serve
    double waitLeft = 0.0;          // s of the step's `wait` still to serve (holds the worker, no core)
    double hopDelay = 0.0;          // s a hop shaper adds once this frame's send arrives
    // pipeline (CallPlan::then, docs/models.md "Nested calls and pipelines")
    std::uint32_t nextStage = 0;    // the next of the plan's `then` stages
    Instance* pipeAt = nullptr;     // where the request is after the stages so far (null: at `at`)
    bool piped = false;             // a stage of its caller's pipeline: no hop back, the next leaves from here
    bool left = false;              // its stages began: `at` no longer counts it (in flight, admitted)
    /// The instance the request leaves from when this call is over.
    Instance* leavesFrom() const { return pipeAt ? pipeAt : at; }
    // tracing (SystemConfig::traceSink): indices in the flow's trace, -1 none
    int clientSpan = -1;
    int serverSpan = -1;
};

/// A message waiting in a queue.
struct Message
{
    const CallPlan* consumerPlan;
    double enqueued;
    int attempts;
};

enum class FlowKind : std::uint8_t { Root, Branch, Message };

/// A request's call stack, from the pool. Branches (fan-out, timed calls) and
/// queue messages run as child requests with their own flow.
struct Flow
{
    FlowKind kind = FlowKind::Root;
    std::vector<Frame> frames;
    sim::Request* parent = nullptr;
    std::uint64_t parentId = 0;
    std::uint32_t parentDepth = 0;
    std::uint32_t parentWait = 0;
    Component* queue = nullptr;     // Message: the component it came from
    Message message{};
    std::vector<std::pair<const Component*, double>> writes; // this request's last write per database
    bool abandoned = false;         // Branch: its caller timed out; the breaker already heard
    bool timed = false;             // Branch: a call with a timeout (its caller retries it)
    // The traced request's spans (shared by its branches); null when it is not traced.
    std::shared_ptr<TraceRecord> trace;
    int traceParent = -1;           // the span a Branch's first call is made from
};

/// The runtime of one variant (System's implementation): the components, the
/// request flow through every call tree, resilience and faults.
struct Runtime
{
    sim::Simulation& sim;
    sim::Recorder& recorder;
    sim::Handler& self;             // hears every activity a visit starts
    std::vector<std::unique_ptr<Component>> components;
    std::map<std::string, Component*, std::less<>> byName;
    std::vector<OperationPlan> operations;
    std::map<std::pair<const CallPlan*, std::string>, std::unique_ptr<CallPlan>> derivedPlans;
    Instance clients;
    std::vector<std::unique_ptr<Flow>> flowStore;
    std::vector<Flow*> freeFlows;
    std::map<std::string, std::vector<sim::Machine*>> machinesByZone;
    std::vector<std::string> zones; // the study's, or "default"
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
        std::deque<std::pair<sim::Request*, std::uint64_t>> waiting;
    };
    std::map<CallKey, BreakerSlot> breakers;
    std::map<CallKey, Bulkhead> bulkheads;
    std::map<const CallPlan*, RetryBudget> budgets;
    sim::RandomStream retryRng;
    std::map<std::pair<std::string, std::string>, sim::Link*> zoneLinks; // (zone, zone) sorted
    Frame lastPopped;                // the frame finishFrame popped last
    std::map<std::string, std::string> regions; // zone -> region
    double crossZoneBytes = 0.0, crossRegionBytes = 0.0;
    Pricing pricing;
    std::map<std::pair<int, int>, int> connections; // (caller id or -1 for clients, target id) -> recorder index
    std::uint64_t seed = 1;
    std::uint32_t replication = 0;
    TraceSink* traceSink = nullptr; // SystemConfig::traceSink
    double traceSample = 1.0;

    // ---- tracing (only while the flow has a trace)
    /// Opens the client span of the call on top of `f`'s stack.
    void openClientSpan(Flow& f, Frame& fr);
    /// Opens the server span of the visit on top of `f`'s stack.
    void openServerSpan(Flow& f, Frame& fr);
    void closeSpan(Flow& f, int span, bool error);

    // hop shapers in their window (System::shapeHops); empty: hops cost nothing more
    struct ActiveShaper
    {
        std::unique_ptr<HopShaper> shaper;
        sim::RandomStream rng;
        std::uint64_t id = 0;
    };
    std::vector<ActiveShaper> shapers;
    std::uint64_t shapersMade = 0;
    // (from component, to component, from zone, to zone) of every pair of machines that may exchange messages
    std::set<std::tuple<std::string, std::string, std::string, std::string>> hopEnds;

    struct Entry : sim::Handler
    {
        Runtime* runtime;
        void onDone(sim::Request& r, sim::Outcome) override { runtime->begin(r); }
    } entry;
    /// A shaped hop's send arrived: its frame's hopDelay follows.
    struct ShapedHop : sim::Handler
    {
        Runtime* runtime;
        void onDone(sim::Request& r, sim::Outcome o) override { runtime->arriveShaped(r, o); }
    } shapedHop;
    /// A lost message: the call fails once the sender gives up.
    struct LostHop : sim::Handler
    {
        Runtime* runtime;
        void onDone(sim::Request& r, sim::Outcome o) override
        {
            runtime->advance(r, o == sim::Outcome::Ok ? sim::Outcome::Error : o);
        }
    } lostHop;

    Runtime(sim::Simulation& s, sim::Recorder& rec, sim::Handler& handler, const SystemConfig& config);

    // ---- build
    void build(Component& c);
    /// Adds instance `index` of `c` on a new machine (and station, if its kind has a pool).
    Instance& addInstance(Component& c, int index, const std::string& zone, int cores, double speed, double hourly);
    void buildNetwork(const SystemConfig& config);
    /// Sets the component and connection indices of `plan`'s tree, called from `caller`.
    void compile(CallPlan& plan, int caller);
    /// The recorder's index of the connection caller -> target, named on first use.
    int connectionOf(int caller, int target);
    int indexOf(const std::string& name) const;
    /// The component a compiled plan calls.
    Component& target(const CallPlan& plan) const { return *components[static_cast<std::size_t>(plan.component)]; }
    /// The plan's demands without its downstream calls' timeout, aimed at
    /// `target` (a queue's consumer, a store's other replicas); made once per plan.
    const CallPlan* derived(const CallPlan& plan, const std::string& target);

    // ---- request flow
    Flow* newFlow(FlowKind kind);
    void freeFlow(Flow* f) { freeFlows.push_back(f); }
    /// The frame's instance crashed (even if it is back) since it granted the worker.
    static bool lostWorker(const Frame& fr) { return fr.holding && fr.at->station->epoch() != fr.grantEpoch; }
    void begin(sim::Request& r);
    /// Whether `more` requests would take the variant past kMaxRequestsInFlight;
    /// counts the refusal and reports the first one as an event.
    bool overLimit(std::size_t more);
    std::size_t maxInFlight = kMaxRequestsInFlight; // SystemConfig::maxInFlight
    std::uint64_t limitRejections = 0; // requests and calls refused past maxInFlight
    void push(sim::Request& r, Flow& f, const CallPlan& plan, Instance* caller);
    void advance(sim::Request& r, sim::Outcome o);
    void step(sim::Request& r, Flow& f);
    /// Makes the call `next` from `caller`: pushed on the flow (true: step on
    /// to it), or with a timeout in a child request (false: the request waits,
    /// or was refused past the in-flight limit).
    bool call(sim::Request& r, Flow& f, const CallPlan& next, Instance* caller);
    void fail(sim::Request& r, Flow& f, sim::Outcome o);
    /// Makes the miss calls of a cache call that was its flow's first, from its caller.
    void runMissAtCaller(sim::Request& r, Flow& f, const Frame& cacheCall);
    void finishFrame(sim::Request& r, Flow& f, sim::Outcome o);
    /// The call no longer counts at its instance (in flight, a balancer's connection).
    void leaveInstance(Frame& fr);
    void resumeParent(sim::Request& child, Flow& f, sim::Outcome o);
    /// Whether this visit makes `call` (its probability), drawn from the calling component's stream.
    bool made(const CallPlan& call, Component& caller);
    void spawnBranch(sim::Request& parent, Flow& pf, const CallPlan& plan, Instance* caller, bool timed,
                     int attempt = 0, Instance* avoid = nullptr);
    Instance* pick(Component& target, Instance* caller, Frame& frame);
    /// A visit's worker: shed if the backlog is too old, else wait for one
    /// (a kind without a pool goes straight on).
    Next acquireWorker(sim::Request& r, Frame& fr, const Component& c);
    /// Stage Work as most kinds do it: CPU (the step's and the kind's), stretched by a slow fault.
    Next compute(sim::Request& r, Flow& f, Frame& fr, Component& c);
    /// A pure delay at the current stage (a slow fault's factor and addition apply).
    void delay(sim::Request& r, const Component& c, double seconds)
    {
        sim.delay(r, seconds * c.slowFactor + c.slowAdd, self);
    }
    /// Starts a request for a message of `from` at `plan`, from `sender`.
    void startMessage(Component& from, const Message& m, Instance& sender);
    /// Sends a request's payload between instances, counting the bytes that cross zones or regions.
    void hop(sim::Request& r, const Instance& from, const Instance& to, double bytes);
    /// hop() while shapers are registered: their delay after the send, or a loss.
    void shapeHop(sim::Request& r, const Instance& from, const Instance& to, double bytes);
    void arriveShaped(sim::Request& r, sim::Outcome o);
    const std::string& regionOf(const std::string& zone) const;
    /// Puts `in` in `zone`, with the zone's and its region's interned ids.
    void placeIn(Instance& in, const std::string& zone);
    std::map<std::string, int, std::less<>> zoneIds, regionIds;
    std::vector<sim::NetworkZone> networkZones; // by zone id: the simulation's network zone for each
    /// Messages waiting in the components this service consumes from.
    double consumedBacklog(const Component& service) const;
    /// A caller ejects `backend` after `failures` failed calls (passive health checking).
    void emitEjected(const Component& caller, const Instance& backend, int failures);
    /// A passively ejected backend taken back after its ejection time: the next call tries it.
    void emitReadmitted(const Component& caller, const Instance& backend);

    // ---- resilience
    CallKey keyOf(const Frame& fr) const
    {
        const Component* from = fr.caller ? fr.caller->component : nullptr;
        return {from ? from->id : -1, fr.plan->component};
    }
    BreakerSlot& breakerFor(const Frame& fr);
    void emitBreaker(BreakerSlot& slot);
    bool guard(sim::Request& r, Flow& f, Frame& fr);
    void endCall(Flow& f, const Frame& done, sim::Outcome o);
    bool retry(sim::Request& r, Flow& f, const Frame& done, sim::Outcome o);
    bool retryTimed(sim::Request& parent, Flow& pf, const CallPlan& plan, Instance* caller, int attempt,
                    Instance* failed);
    /// The instance a retry of `plan` keeps away from, after an attempt at `failed`.
    static Instance* avoidOnRetry(const CallPlan& plan, Instance* failed)
    {
        return plan.retries && plan.retries->instance == RetryTarget::Other ? failed : nullptr;
    }
    bool retryAllowed(const CallPlan& plan, int attempt);
    double backoff(const CallPlan& plan, int retryNumber);
    void recordBreaker(const Frame& done, sim::Outcome o);
    /// A made call's failure goes to its connection's counters.
    void countCall(const Frame& done, sim::Outcome o)
    {
        if (done.guarded)
            recorder.onCallFailed(done.plan->connection, o);
    }
    void releaseBulkhead(const Frame& done);

    // ---- faults
    void emitFault(const char* kind, const std::string& subject, std::string detail)
    {
        sim.emit({sim.now(), kind, subject, std::move(detail)});
    }
    void scheduleFailure(Component& c, Instance& in);
};

/// A caller without a balancer cycles through the serving instances of
/// `owner`, up or not, passing over those `skip(instance)` is true for;
/// nullptr when none is left.
template <typename Skip> Instance* roundRobin(Component& owner, Skip skip)
{
    std::vector<Instance>& list = owner.instances;
    for (std::size_t tries = 0; tries < list.size(); ++tries) {
        Instance& in = list[owner.next++ % list.size()];
        if (in.serving() && !skip(in))
            return &in;
    }
    return nullptr;
}

/// roundRobin(), not `avoid` (a retry's failed instance) while another fits.
template <typename Skip> Instance* roundRobinAvoiding(Component& owner, const Instance* avoid, Skip skip)
{
    if (avoid)
        if (Instance* in = roundRobin(owner, [&](Instance& i) { return &i == avoid || skip(i); }))
            return in;
    return roundRobin(owner, skip);
}

/// A database query's CPU demand (s): the step's `write` or `read`, as the call is.
inline double queryCpu(const Frame& fr, sim::RandomStream& rng)
{
    const std::optional<sim::Distribution>& query = fr.isWrite ? fr.plan->write : fr.plan->read;
    return query ? query->sample(rng) : 0.0;
}

/// `v` as %g prints it.
std::string number(double v);

} // namespace scalelab::models::detail
