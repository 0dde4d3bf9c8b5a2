#include "simcore/simulation.h"

#include "routezone.h"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <unordered_map>

namespace sg4 = simgrid::s4u;
using KernelTimer = simgrid::kernel::timer::Timer;
using scalelab::sim::detail::Route;
using scalelab::sim::detail::RouteZone;

namespace scalelab::sim {

namespace {
/// A reference core executes this many flops per second; demands are given in
/// seconds on such a core and machine speeds relative to it.
constexpr double kReferenceFlops = 1e9;
Simulation::Impl* g_current = nullptr;
bool g_completionHooked = false;
} // namespace

/// An activity in flight: a visit (on the calendar or an Exec), a hop (Comm),
/// a disk access (Io) or a delay (on the calendar). Records live in a deque so
/// their addresses stay put; SimGrid activities carry the record's index as
/// their data, calendar entries the index and the record's generation.
struct InFlight
{
    enum class Kind : std::uint8_t { Compute, Hop, Delay, DiskIo };
    Kind kind = Kind::Compute;
    Request* request = nullptr;
    Machine* machine = nullptr;
    sg4::ExecPtr exec; // kept so the Exec lives until SimGrid reports its end
    sg4::CommPtr comm;
    sg4::IoPtr io;
    const Route* route = nullptr; // a hop on the calendar: the links it crosses
    Machine* to = nullptr;        // a hop: where it goes (`machine`: where it comes from)
    std::uint32_t position = 0;   // index in the machine's computing or disk list
    std::uint32_t generation = 0; // bumped on release: older calendar entries are void
    bool onCalendar = false;      // its end is a calendar entry (no SimGrid activity)
    bool abandoned = false;       // failed by ScaleLab before SimGrid reported its end
    bool failed = false;          // a hop on the calendar whose link was cut: it ends in Error
};

/// ScaleLab's own event calendar: the events whose time is known when they
/// are scheduled (arrivals and other `at` callbacks, visits with a core to
/// themselves, hops nothing can slow down, pure delays). A flat binary heap
/// ordered by (time, sequence), so ties run in the order they were scheduled.
/// Entries for the current time (a zero-latency hop) skip the heap: they go
/// to a FIFO that runs after the heap's entries for that time, which were all
/// scheduled before them, so the order is the heap's. See docs/engine.md.
class Calendar
{
public:
    static constexpr std::uint32_t kFunction = std::numeric_limits<std::uint32_t>::max();

    struct Entry
    {
        double time;
        std::uint64_t seq;
        std::uint32_t record;     // InFlight index, or kFunction
        std::uint32_t generation; // the record's generation, or the function's slot
    };

    bool empty() const { return m_heap.empty() && m_nowHead == m_now.size(); }
    double nextTime() const
    {
        const double heap = m_heap.empty() ? std::numeric_limits<double>::infinity() : m_heap.front().time;
        return m_nowHead == m_now.size() ? heap : std::min(heap, m_now[m_nowHead].time);
    }
    /// Schedules an entry at `time` (>= now, the calendar's clock).
    void push(double time, double now, std::uint32_t record, std::uint32_t generation)
    {
        if (time == now) {
            m_now.push_back({time, m_seq++, record, generation});
            return;
        }
        m_heap.push_back({time, m_seq++, record, generation});
        std::push_heap(m_heap.begin(), m_heap.end(), later);
    }
    std::uint32_t storeFunction(std::function<void()> fn)
    {
        if (m_freeFunctions.empty()) {
            m_functions.push_back(std::move(fn));
            return static_cast<std::uint32_t>(m_functions.size() - 1);
        }
        const std::uint32_t slot = m_freeFunctions.back();
        m_freeFunctions.pop_back();
        m_functions[slot] = std::move(fn);
        return slot;
    }
    std::function<void()> takeFunction(std::uint32_t slot)
    {
        std::function<void()> fn = std::move(m_functions[slot]);
        m_functions[slot] = nullptr;
        m_freeFunctions.push_back(slot);
        return fn;
    }
    Entry pop()
    {
        // The FIFO's entries share the earliest time; the heap's entries at
        // that time were scheduled before them and go first.
        if (m_nowHead < m_now.size() && (m_heap.empty() || m_heap.front().time > m_now[m_nowHead].time)) {
            const Entry e = m_now[m_nowHead++];
            if (m_nowHead == m_now.size()) {
                m_now.clear();
                m_nowHead = 0;
            }
            return e;
        }
        std::pop_heap(m_heap.begin(), m_heap.end(), later);
        const Entry e = m_heap.back();
        m_heap.pop_back();
        return e;
    }

private:
    static bool later(const Entry& a, const Entry& b)
    {
        return a.time > b.time || (a.time == b.time && a.seq > b.seq);
    }
    std::vector<Entry> m_heap;
    std::vector<Entry> m_now; // entries scheduled for the time it was then, in order
    std::size_t m_nowHead = 0;
    std::uint64_t m_seq = 0;
    std::vector<std::function<void()>> m_functions;
    std::vector<std::uint32_t> m_freeFunctions;
};

struct Simulation::Impl
{
    std::unique_ptr<sg4::Engine> engine; // first member: destroyed last
    RouteZone* routing = nullptr; // SimGrid's root netzone: owned by the engine
    sg4::NetZone* zone = nullptr;  // its s4u face
    std::deque<InFlight> records;
    std::vector<std::uint32_t> freeRecords;
    // Activities whose end was reported, kept alive until SimGrid is done with
    // them: the one being completed is still in use when our callback returns.
    std::vector<sg4::ActivityPtr> retired;
    std::unordered_map<std::string, Machine*> machinesByName;
    std::unordered_map<std::string, Link*> linksByName;
    bool simgridOnly = false; // EnginePaths::SimGridOnly
    // Links cut now (Link::setUp): while none is, a hop needs no route look-up.
    std::size_t linksDown = 0;

    // Time keeping (docs/engine.md). While SimGrid has no activity of ours in
    // flight, runUntil pops the calendar itself, with no SimGrid step, and
    // SimGrid's clock may lag `clock`: it is brought up before the next
    // activity starts (syncSimGrid). While SimGrid has work, it runs to the
    // slice's end and a kernel timer, the bell, rings at each calendar time,
    // so SimGrid's events and the calendar's interleave in time order.
    Calendar calendar;
    double clock = 0.0;          // s, Simulation::now()
    std::uint64_t sgActive = 0;  // Execs, Comms and Ios started and not yet reported
    bool inSimGrid = false;      // inside engine->run_until
    double sgTarget = 0.0;       // where that run_until stops
    double bellAt = std::numeric_limits<double>::infinity(); // the live bell's time
    std::uint64_t bellToken = 0;                             // the live bell's
#ifndef NDEBUG
    double lastDispatched = 0.0; // the last calendar entry's time: entries come in order
#endif

    void schedule(double time, std::uint32_t record, std::uint32_t generation)
    {
        // A NaN time breaks the heap's order: later entries come out first and
        // SimGrid is then asked to run back in time.
        assert(time >= clock && "the calendar takes no time in the past, nor NaN");
        calendar.push(time, clock, record, generation);
        if (inSimGrid && time <= sgTarget && time < bellAt)
            armBell(time);
    }
    void armBell(double time)
    {
        // One bell is live at a time: an earlier one replaces it, and a
        // replaced bell rings for nothing.
        assert(time >= sg4::Engine::get_clock() && "a bell in SimGrid's past: the calendar fell behind");
        bellAt = time;
        const std::uint64_t token = ++bellToken;
        KernelTimer::set(time, [this, token] {
            if (token == bellToken)
                ringBell();
        });
    }
    void ringBell()
    {
        clock = sg4::Engine::get_clock();
        bellAt = clock; // entries scheduled for now are taken by the loop below
        while (calendar.nextTime() <= clock)
            dispatch(calendar.pop());
        bellAt = std::numeric_limits<double>::infinity();
        if (calendar.nextTime() <= sgTarget)
            armBell(calendar.nextTime());
    }
    /// Runs SimGrid up to `target` (>= its clock), the calendar's entries up to
    /// then included; `quiet`: without the calendar's (to bring SimGrid up to
    /// the calendar's clock from inside one of its entries).
    void runSimGrid(double target, bool quiet = false)
    {
        inSimGrid = true;
        sgTarget = quiet ? -std::numeric_limits<double>::infinity() : target;
        bellAt = std::numeric_limits<double>::infinity();
        ++bellToken; // bells left from an earlier run are void
        assert(target >= sg4::Engine::get_clock() && "SimGrid never runs back in time");
        if (calendar.nextTime() <= sgTarget)
            armBell(calendar.nextTime());
        engine->run_until(target);
        inSimGrid = false;
        clock = std::max(clock, sg4::Engine::get_clock());
    }
    /// Host and link state changes take effect only from inside SimGrid's run
    /// (measured: a link turned off from outside leaves its hops running).
    void insideSimGrid(std::function<void()> fn)
    {
        if (inSimGrid) {
            fn();
            return;
        }
        KernelTimer::set(clock, std::move(fn));
        runSimGrid(clock, true);
    }
    /// Before starting a SimGrid activity: SimGrid's clock must read `clock`.
    void syncSimGrid()
    {
        if (!inSimGrid && sg4::Engine::get_clock() < clock)
            runSimGrid(clock, true);
        ++sgActive;
    }
    void dispatch(const Calendar::Entry& e);

    std::uint32_t acquire(InFlight::Kind kind, Request* request)
    {
        std::uint32_t id;
        if (freeRecords.empty()) {
            id = static_cast<std::uint32_t>(records.size());
            records.emplace_back();
        } else {
            id = freeRecords.back();
            freeRecords.pop_back();
        }
        InFlight& rec = records[id];
        rec.kind = kind;
        rec.request = request;
        rec.machine = nullptr;
        rec.onCalendar = false;
        if (rec.exec)
            retired.emplace_back(std::move(rec.exec));
        if (rec.comm)
            retired.emplace_back(std::move(rec.comm));
        if (rec.io)
            retired.emplace_back(std::move(rec.io));
        rec.abandoned = false;
        rec.failed = false;
        rec.route = nullptr;
        request->slot = id;
        return id;
    }
    void release(std::uint32_t id)
    {
        ++records[id].generation;
        freeRecords.push_back(id);
    }

    /// The route between two machines: their zones' (RouteZone), or null.
    const Route* findRoute(const Machine& from, const Machine& to) const
    {
        const Route& r = routing->route(from.m_zone, to.m_zone);
        return r.set ? &r : nullptr;
    }
    /// Fails, from the calendar at the current time, the hops on it for
    /// which `concerned(record)` is true (they cross a cut link, or an end
    /// went down), as SimGrid fails a Comm then.
    template <typename Concerned> void failCalendarHops(Concerned concerned);

    static void* tag(std::uint32_t id) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(id) + 1); }
    static std::uint32_t untag(const void* p)
    {
        return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p) - 1);
    }

    void onActivityEnd(const sg4::Activity& activity);
};

void Simulation::Impl::dispatch(const Calendar::Entry& e)
{
    assert(e.time >= lastDispatched && "the calendar hands out its entries in time order");
#ifndef NDEBUG
    lastDispatched = e.time;
#endif
    clock = e.time;
    if (e.record == Calendar::kFunction) {
        calendar.takeFunction(e.generation)();
        return;
    }
    InFlight& rec = records[e.record];
    if (rec.generation != e.generation || !rec.onCalendar)
        return; // failed (a machine went down) before its end
    rec.onCalendar = false;
    if (rec.kind == InFlight::Kind::Compute) {
        rec.machine->finishCompute(*rec.request, true);
    } else {
        Request& r = *rec.request;
        const Outcome outcome = rec.failed ? Outcome::Error : Outcome::Ok;
        release(e.record);
        r.then->onDone(r, outcome);
    }
}

template <typename Concerned> void Simulation::Impl::failCalendarHops(Concerned concerned)
{
    // Cuts and crashes are rare (faults): a scan of the records in flight
    // costs nothing per hop. Each failure is reported from the calendar at the
    // fault's time, after the event that made it, as SimGrid reports a failed Comm.
    for (std::uint32_t id = 0; id < records.size(); ++id) {
        InFlight& rec = records[id];
        if (rec.kind != InFlight::Kind::Hop || !rec.onCalendar || rec.failed || !concerned(rec))
            continue;
        ++rec.generation; // its arrival entry is void
        rec.failed = true;
        schedule(clock, id, rec.generation);
    }
}

void Simulation::Impl::onActivityEnd(const sg4::Activity& activity)
{
    retired.clear(); // those ended before this one: SimGrid no longer uses them
    const void* data = activity.get_data<void>();
    if (data == nullptr)
        return;
    clock = sg4::Engine::get_clock();
    --sgActive;
    const std::uint32_t id = untag(data);
    InFlight& rec = records[id];
    if (rec.abandoned) {
        release(id);
        return;
    }
    const bool ok = activity.get_state() == sg4::Activity::State::FINISHED;
    Request& request = *rec.request;
    if (rec.kind == InFlight::Kind::Compute) {
        rec.machine->finishCompute(request, ok);
    } else if (rec.kind == InFlight::Kind::DiskIo) {
        std::vector<Request*>& list = rec.machine->m_diskIo;
        Request* last = list.back();
        list[rec.position] = last;
        records[last->slot].position = rec.position;
        list.pop_back();
        release(id);
        request.then->onDone(request, ok ? Outcome::Ok : Outcome::Error);
    } else {
        release(id);
        request.then->onDone(request, ok ? Outcome::Ok : Outcome::Error);
    }
}

// ---- Link -------------------------------------------------------------------

Link::Link(Simulation& sim, std::string name, double latency, double bandwidth, bool fatPipe, void* link)
    : m_sim(&sim), m_name(std::move(name)), m_latency(latency), m_bandwidth(bandwidth), m_fatPipe(fatPipe),
      m_link(link)
{
}

void Link::setUp(bool up)
{
    if (up == m_up)
        return;
    m_up = up;
    if (up)
        --m_sim->impl().linksDown;
    else
        ++m_sim->impl().linksDown;
    auto* link = static_cast<sg4::Link*>(m_link);
    m_sim->impl().insideSimGrid([link, up] {
        if (up)
            link->turn_on();
        else
            link->turn_off();
    });
    if (!up)
        m_sim->impl().failCalendarHops([this](const InFlight& hop) {
            return std::find(hop.route->links.begin(), hop.route->links.end(), this) != hop.route->links.end();
        });
    m_sim->emit({m_sim->now(), up ? "link_up" : "link_down", m_name, {}});
}

// ---- Machine ----------------------------------------------------------------

Machine::Machine(Simulation& sim, std::string name, int cores, double speed, void* host, void* disk)
    : m_sim(&sim), m_name(std::move(name)), m_cores(cores), m_speed(speed), m_host(host), m_disk(disk)
{
    m_provisioned.set(0.0, 1.0);
}

void Machine::setProvisioned(bool provisioned)
{
    m_provisioned.set(m_sim->sealed() ? m_sim->now() : 0.0, provisioned ? 1.0 : 0.0);
}

void Machine::compute(Request& request, double demand, Handler& then)
{
    assert(demand >= 0);
    if (!m_up) {
        then.onDone(request, Outcome::Error);
        return;
    }
    const double now = m_sim->now();
    Simulation::Impl& impl = m_sim->impl();
    request.then = &then;
    request.demand = demand;
    const std::uint32_t id = impl.acquire(InFlight::Kind::Compute, &request);
    InFlight& rec = impl.records[id];
    rec.machine = this;
    rec.position = static_cast<std::uint32_t>(m_computing.size());
    m_computing.push_back(&request);
    m_busyCores.set(now, std::min(computing(), m_cores));
    if (m_timers) {
        // A core to itself at constant speed: the finish time is known now.
        rec.onCalendar = true;
        impl.schedule(now + demand / m_speed, id, rec.generation);
    } else {
        impl.syncSimGrid();
        rec.exec = sg4::Exec::init();
        rec.exec->set_host(static_cast<sg4::Host*>(m_host));
        rec.exec->set_flops_amount(demand * kReferenceFlops);
        rec.exec->set_data(Simulation::Impl::tag(id));
        rec.exec->start();
    }
}

void Machine::finishCompute(Request& request, bool ok)
{
    Simulation::Impl& impl = m_sim->impl();
    const std::uint32_t id = request.slot;
    const std::uint32_t pos = impl.records[id].position;
    Request* last = m_computing.back();
    m_computing[pos] = last;
    impl.records[last->slot].position = pos;
    m_computing.pop_back();
    impl.release(id);
    m_busyCores.set(m_sim->now(), std::min(computing(), m_cores));
    request.then->onDone(request, ok ? Outcome::Ok : Outcome::Error);
}

void Machine::diskIo(Request& request, double bytes, bool write, Handler& then)
{
    if (!m_up || m_disk == nullptr) {
        then.onDone(request, Outcome::Error);
        return;
    }
    Simulation::Impl& impl = m_sim->impl();
    request.then = &then;
    const std::uint32_t id = impl.acquire(InFlight::Kind::DiskIo, &request);
    InFlight& rec = impl.records[id];
    rec.machine = this;
    rec.position = static_cast<std::uint32_t>(m_diskIo.size());
    m_diskIo.push_back(&request);
    impl.syncSimGrid();
    rec.io = sg4::Io::init();
    rec.io->set_disk(static_cast<sg4::Disk*>(m_disk));
    rec.io->set_size(static_cast<sg_size_t>(std::max(0.0, bytes)));
    rec.io->set_op_type(write ? sg4::Io::OpType::WRITE : sg4::Io::OpType::READ);
    rec.io->set_data(Simulation::Impl::tag(id));
    rec.io->start();
}

void Machine::turnOff()
{
    if (!m_up)
        return;
    m_up = false;
    Simulation::Impl& impl = m_sim->impl();
    std::vector<Request*> failed;
    // Bursts and disk accesses in flight: calendar entries are voided (the
    // record's generation moves on); SimGrid activities are abandoned
    // (released when SimGrid reports them failed).
    for (std::vector<Request*>* list : {&m_computing, &m_diskIo}) {
        for (Request* r : *list) {
            InFlight& rec = impl.records[r->slot];
            if (rec.onCalendar) {
                rec.onCalendar = false;
                impl.release(r->slot);
            } else {
                rec.abandoned = true;
            }
            failed.push_back(r);
        }
        list->clear();
    }
    m_busyCores.set(m_sim->now(), 0.0);
    for (Station* s : m_stations)
        s->crash(failed);
    auto* host = static_cast<sg4::Host*>(m_host);
    impl.insideSimGrid([host] { host->turn_off(); });
    impl.failCalendarHops([this](const InFlight& hop) { return hop.machine == this || hop.to == this; });
    m_sim->emit({m_sim->now(), "host_down", m_name, {}});
    // Work in flight reports to its own handler; queued requests to their acquire handler.
    for (Request* r : failed)
        r->then->onDone(*r, Outcome::Error);
}

void Machine::turnOn()
{
    if (m_up)
        return;
    m_up = true;
    auto* host = static_cast<sg4::Host*>(m_host);
    m_sim->impl().insideSimGrid([host] { host->turn_on(); });
    m_sim->emit({m_sim->now(), "host_up", m_name, {}});
}

// ---- Station ----------------------------------------------------------------

Station::Station(Simulation& sim, std::string name, Machine& machine, StationConfig config)
    : m_sim(&sim), m_name(std::move(name)), m_machine(&machine), m_config(config)
{
    assert(config.threads >= 1);
    m_visitGranted.station = this;
    m_visitDone.station = this;
}

void Station::submit(Request& request, double demand, Handler& then)
{
    assert(demand >= 0);
    request.visitThen = &then;
    request.demand = demand;
    acquire(request, m_visitGranted);
}

void Station::VisitGranted::onDone(Request& request, Outcome outcome)
{
    if (outcome != Outcome::Ok) {
        request.visitThen->onDone(request, outcome);
        return;
    }
    station->m_machine->compute(request, request.demand, station->m_visitDone);
}

void Station::VisitDone::onDone(Request& request, Outcome outcome)
{
    // Hand the worker to the backlog before the request moves on, so a request
    // fed back to this station joins the end of the queue.
    station->release(request.grantEpoch);
    request.visitThen->onDone(request, outcome);
}

void Station::acquire(Request& request, Handler& then)
{
    ++m_counters.arrivals;
    ++request.visits;
    request.then = &then;
    request.enqueued = m_sim->now();
    request.queued = false;
    if (!m_machine->m_up) {
        ++m_counters.failed;
        then.onDone(request, Outcome::Error);
        return;
    }
    if (m_held < m_config.threads) {
        grant(request);
        then.onDone(request, Outcome::Ok);
    } else if (m_queue.size() < m_config.backlog) {
        request.queued = true;
        m_queue.push_back(&request);
        m_counters.queue.set(m_sim->now(), double(m_queue.size()));
    } else {
        ++m_counters.rejected;
        then.onDone(request, Outcome::Rejected);
    }
}

void Station::grant(Request& request)
{
    const double now = m_sim->now();
    ++m_counters.started;
    if (request.queued) {
        ++m_counters.waited;
        m_counters.waitSum += now - request.enqueued;
    }
    ++m_held;
    m_counters.busy.set(now, double(m_held));
    request.grantEpoch = m_epoch;
}

void Station::release(std::uint32_t grantEpoch)
{
    if (grantEpoch != m_epoch)
        return; // granted before a crash: that worker is gone
    assert(m_held > 0);
    --m_held;
    ++m_counters.completed;
    m_counters.busy.set(m_sim->now(), double(m_held));
    startQueued();
}

void Station::startQueued()
{
    if (!m_machine->m_up)
        return;
    while (!m_queue.empty() && m_held < m_config.threads) {
        Request* next = m_queue.front();
        m_queue.pop_front();
        m_counters.queue.set(m_sim->now(), double(m_queue.size()));
        grant(*next);
        next->then->onDone(*next, Outcome::Ok);
    }
}

void Station::crash(std::vector<Request*>& failed)
{
    const double now = m_sim->now();
    ++m_epoch;
    m_counters.failed += static_cast<std::uint64_t>(m_held) + m_queue.size();
    m_held = 0;
    m_counters.busy.set(now, 0.0);
    failed.insert(failed.end(), m_queue.begin(), m_queue.end());
    m_queue.clear();
    m_counters.queue.set(now, 0.0);
}

// ---- Simulation -------------------------------------------------------------

EnginePaths defaultEnginePaths()
{
    const char* paths = std::getenv("SCALELAB_ENGINE_PATHS");
    return paths && std::strcmp(paths, "simgrid") == 0 ? EnginePaths::SimGridOnly : EnginePaths::Fast;
}

Simulation::Simulation(EnginePaths paths) : m_impl(std::make_unique<Impl>()), m_paths(paths)
{
    m_impl->simgridOnly = paths == EnginePaths::SimGridOnly;
    assert(g_current == nullptr && "one Simulation per process: run others in child processes");
    static int argc = 1;
    static char name[] = "scalelab";
    static char* argv[] = {name, nullptr};
    xbt_log_control_set("root.thresh:critical");
    m_impl->engine = std::make_unique<sg4::Engine>(&argc, argv);
    // CM02: a 1 ms link takes 1 ms (the default model multiplies latency by 13);
    // no cross-traffic (ACK) share and no TCP window bound, so a hop costs
    // latency + size / bandwidth as entered.
    m_impl->engine->set_config("network/model:CM02");
    m_impl->engine->set_config("network/crosstraffic:0");
    m_impl->engine->set_config("network/TCP-gamma:0");
    // The first netzone created becomes SimGrid's root (NetZoneImpl's
    // constructor), as create_full_zone's does; the engine deletes it.
    m_impl->routing = new RouteZone("scalelab");
    m_impl->zone = m_impl->routing->get_iface();
    m_impl->routing->addZone();
    g_current = m_impl.get();
    if (!g_completionHooked) {
        g_completionHooked = true;
        sg4::Activity::on_completion_cb([](const sg4::Activity& a) {
            if (g_current)
                g_current->onActivityEnd(a);
        });
    }
}

Simulation::~Simulation()
{
    g_current = nullptr;
    // Cancel what is still in flight, so SimGrid does not report activities
    // freed before their completion (the completion hook ignores them now).
    for (InFlight& rec : m_impl->records) {
        if (rec.exec && rec.exec->get_state() == sg4::Activity::State::STARTED)
            rec.exec->cancel();
        if (rec.comm && rec.comm->get_state() == sg4::Activity::State::STARTED)
            rec.comm->cancel();
        if (rec.io && rec.io->get_state() == sg4::Activity::State::STARTED)
            rec.io->cancel();
    }
    m_stations.clear();
    m_machines.clear();
    m_links.clear();
}

bool Simulation::exists() { return g_current != nullptr; }

NetworkZone Simulation::addNetworkZone()
{
    assert(!m_sealed);
    return {m_impl->routing->addZone()};
}

Machine& Simulation::addMachine(const std::string& name, int cores, double speed, double diskBandwidth,
                                NetworkZone zone)
{
    assert(!m_sealed && cores >= 1 && speed > 0 && diskBandwidth >= 0);
    assert(zone.index < m_impl->routing->zoneCount());
    assert(!m_impl->machinesByName.count(name));
    sg4::Host* host = m_impl->zone->create_host(name, speed * kReferenceFlops);
    host->set_core_count(cores);
    sg4::Disk* disk = nullptr;
    if (diskBandwidth > 0)
        disk = host->create_disk(name + "-disk", diskBandwidth, diskBandwidth);
    host->seal();
    m_impl->routing->place(host->get_netpoint()->id(), zone.index);
    m_machines.push_back(std::unique_ptr<Machine>(new Machine(*this, name, cores, speed, host, disk)));
    m_machines.back()->m_zone = zone.index;
    m_impl->machinesByName[name] = m_machines.back().get();
    return *m_machines.back();
}

Station& Simulation::addStation(const std::string& name, Machine& machine, StationConfig config)
{
    assert(!m_sealed);
    m_stations.push_back(std::unique_ptr<Station>(new Station(*this, name, machine, config)));
    machine.m_stations.push_back(m_stations.back().get());
    return *m_stations.back();
}

Link& Simulation::addLink(const std::string& name, double latency, double bandwidth, LinkSharing sharing)
{
    assert(!m_sealed && latency >= 0 && bandwidth > 0);
    sg4::Link* link = m_impl->zone->create_link(name, bandwidth);
    link->set_latency(latency);
    link->set_sharing_policy(sharing == LinkSharing::FatPipe ? sg4::Link::SharingPolicy::FATPIPE
                                                             : sg4::Link::SharingPolicy::SHARED);
    link->seal();
    m_links.push_back(
        std::unique_ptr<Link>(new Link(*this, name, latency, bandwidth, sharing == LinkSharing::FatPipe, link)));
    m_impl->linksByName[name] = m_links.back().get();
    return *m_links.back();
}

void Simulation::setZoneRoute(NetworkZone a, NetworkZone b, const std::vector<Link*>& links)
{
    assert(!m_sealed);
    std::vector<simgrid::kernel::resource::StandardLinkImpl*> simgridLinks;
    for (Link* l : links)
        simgridLinks.push_back(static_cast<sg4::Link*>(l->m_link)->get_impl());
    m_impl->routing->setRoute(a.index, b.index, links, simgridLinks);
}

void Simulation::seal()
{
    assert(!m_sealed);
    m_impl->zone->seal();
    for (auto& m : m_machines) {
        int threads = 0;
        for (Station* s : m->m_stations)
            threads += s->threads();
        // Calendar entries when every worker has a core to itself; otherwise
        // Execs share the cores (SimGrid's CPU model decides the finish times).
        m->m_timers = threads <= m->m_cores && !m_impl->simgridOnly;
    }
    m_sealed = true;
}

double Simulation::now() const { return m_impl->clock; }

void Simulation::at(double time, std::function<void()> fn)
{
    assert(time >= now());
    m_impl->schedule(time, Calendar::kFunction, m_impl->calendar.storeFunction(std::move(fn)));
}

void Simulation::runUntil(double t)
{
    assert(m_sealed);
    Impl& impl = *m_impl;
    while (impl.calendar.nextTime() <= t || impl.sgActive > 0) {
        if (impl.sgActive > 0) {
            impl.runSimGrid(std::max(t, sg4::Engine::get_clock()));
            impl.retired.clear();
            break;
        }
        impl.dispatch(impl.calendar.pop());
    }
    impl.clock = std::max(impl.clock, t);
    impl.retired.clear();
}

void Simulation::send(Request& request, Machine& from, Machine& to, double bytes, Handler& then)
{
    if (&from == &to) {
        then.onDone(request, Outcome::Ok);
        return;
    }
    if (!from.isUp() || !to.isUp()) {
        then.onDone(request, Outcome::Error);
        return;
    }
    Impl& impl = *m_impl;
    const Route* route = impl.findRoute(from, to);
    if (!route) {
        then.onDone(request, Outcome::Error); // zones with no route between them
        return;
    }
    if (impl.linksDown > 0) {
        for (const Link* l : route->links) {
            if (!l->isUp()) {
                then.onDone(request, Outcome::Error); // a network partition
                return;
            }
        }
    }
    // SimGrid moves whole bytes.
    const std::uint64_t size = static_cast<std::uint64_t>(std::max(0.0, bytes));
    request.then = &then;
    const std::uint32_t id = impl.acquire(InFlight::Kind::Hop, &request);
    InFlight& rec = impl.records[id];
    if (!impl.simgridOnly && (size == 0 || route->fatPipes)) {
        // Nothing can slow it down: no bytes to share a link with, or links
        // that give every hop their whole bandwidth. It takes what a lone
        // Comm takes (CM02: latency, then the bytes at the narrowest link's
        // bandwidth), known now.
        rec.onCalendar = true;
        rec.route = route;
        rec.machine = &from;
        rec.to = &to;
        const double arrival = impl.clock + route->latency;
        impl.schedule(size == 0 ? arrival : arrival + double(size) / route->bandwidth, id, rec.generation);
        return;
    }
    impl.syncSimGrid();
    rec.comm = sg4::Comm::sendto_init(static_cast<sg4::Host*>(from.m_host), static_cast<sg4::Host*>(to.m_host));
    rec.comm->set_payload_size(size);
    rec.comm->set_data(Impl::tag(id));
    rec.comm->start();
}

void Simulation::delay(Request& request, double seconds, Handler& then)
{
    assert(seconds >= 0);
    request.then = &then;
    const std::uint32_t id = m_impl->acquire(InFlight::Kind::Delay, &request);
    InFlight& rec = m_impl->records[id];
    rec.onCalendar = true;
    m_impl->schedule(now() + seconds, id, rec.generation);
}

Machine* Simulation::findMachine(const std::string& name) const
{
    const auto it = m_impl->machinesByName.find(name);
    return it == m_impl->machinesByName.end() ? nullptr : it->second;
}

Link* Simulation::findLink(const std::string& name) const
{
    const auto it = m_impl->linksByName.find(name);
    return it == m_impl->linksByName.end() ? nullptr : it->second;
}

void Simulation::emit(RunEvent event) { m_events.push_back(std::move(event)); }

} // namespace scalelab::sim
