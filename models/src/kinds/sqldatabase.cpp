#include "kinds/sqldatabase.h"

#include "analytic/network.h"
#include "runtime.h"

#include "models/verticalscaler.h"

#include <algorithm>

namespace scalelab::models {

namespace kinds {

namespace {

struct DatabaseState : detail::KindState
{
    int primary = 0;          // the instance taking writes
    bool promoting = false;   // failover in progress: writes fail
    bool switching = false;   // vertical resize switching over: writes fail
    double staleUntil = -1.0; // replica reads before this are stale
    std::uint64_t staleReads = 0, replicaReads = 0;
    std::vector<int> ladder;  // vertical scaling: the instance of each size
    std::unique_ptr<VerticalScaler> vertical;
};

/// Vertical scaling: launches the primary at ladder size `size` and switches
/// over to it; returns when the new primary serves (s), or -1 if it cannot
/// start now (docs/models.md "Vertical scaling").
double resizePrimary(detail::Runtime& rt, detail::Component& db, std::size_t size)
{
    DatabaseState& s = db.as<DatabaseState>();
    const auto from = std::find(s.ladder.begin(), s.ladder.end(), s.primary);
    const int nextIndex = s.ladder[size];
    detail::Instance& next = db.instances[std::size_t(nextIndex)];
    // Not while a failover holds the primary, nor after one moved it off the ladder.
    if (s.promoting || s.switching || from == s.ladder.end() || next.state != InstanceState::Off)
        return -1.0;
    const VerticalScaleConfig& v = *db.cfg.vertical;
    const double switchAt = rt.sim.now() + v.provision;
    // The new size is launched (and billed) now; it serves once the switch is over.
    next.state = InstanceState::Booting;
    next.machine->setProvisioned(true);
    detail::Runtime* r = &rt;
    detail::Component* dbp = &db;
    rt.sim.at(switchAt, [r, dbp, nextIndex] {
        detail::Component& c = *dbp;
        DatabaseState& st = c.as<DatabaseState>();
        detail::Instance& old = c.instances[std::size_t(st.primary)];
        detail::Instance& fresh = c.instances[std::size_t(nextIndex)];
        const bool replicas = std::any_of(c.instances.begin(), c.instances.end(), [&](const detail::Instance& in) {
            return &in != &old && in.serving() && in.machine->isUp();
        });
        // Writes fail while the primary switches (reads go on on the replicas);
        // the old primary's connections drop and its machine is released.
        st.switching = true;
        r->emitFault("resize_start", c.cfg.name,
                     "primary " + old.machine->name() + " stops, " + fresh.machine->name() +
                         (replicas ? " promoted: writes fail" : " restarts: every query fails"));
        old.machine->turnOff();
        old.state = InstanceState::Off;
        old.machine->setProvisioned(false);
        detail::Instance* oldp = &old;
        r->sim.at(r->sim.now() + c.cfg.vertical->restart, [r, dbp, oldp, nextIndex] {
            detail::Component& c2 = *dbp;
            DatabaseState& st2 = c2.as<DatabaseState>();
            detail::Instance& serving = c2.instances[std::size_t(nextIndex)];
            oldp->machine->turnOn(); // a spare again, unprovisioned
            st2.primary = nextIndex;
            serving.state = InstanceState::Serving;
            st2.switching = false;
            r->emitFault("resize_end", c2.cfg.name,
                         "primary " + serving.machine->name() + " " + std::to_string(serving.machine->cores()) +
                             " cores x" + detail::number(serving.machine->speed()));
        });
    });
    return switchAt + v.restart;
}

} // namespace

std::string_view SqlDatabase::notApplicableHint(std::string_view key, bool step) const
{
    if (step)
        return {};
    if (key == "threads")
        return "a sql_database's worker pool is its pool";
    if (key == "instances")
        return "a sql_database has 1 + replicas instances";
    return {};
}

std::string SqlDatabase::summary(const ComponentConfig& c) const
{
    return label() + " · 1+" + std::to_string(c.replicas);
}

std::unique_ptr<detail::KindState> SqlDatabase::makeState(const ComponentConfig&) const
{
    return std::make_unique<DatabaseState>();
}

int SqlDatabase::machineCount(const ComponentConfig& c) const
{
    return 1 + (c.autoscale ? c.autoscale->max : c.replicas); // spare replicas wait unprovisioned
}

void SqlDatabase::built(detail::Runtime& rt, detail::Component& c) const
{
    const ComponentConfig& cfg = c.cfg;
    if (!cfg.vertical || cfg.vertical->sizes.empty())
        return;
    // Vertical scaling: one machine per other size of the ladder, after the
    // database's own ones, in the primary's zone; they wait unprovisioned.
    const std::vector<VerticalScaleConfig::Size>& sizes = cfg.vertical->sizes;
    std::size_t initial = 0;
    while (initial + 1 < sizes.size() && !(sizes[initial].cores == cfg.cores && sizes[initial].speed == cfg.speed))
        ++initial;
    const int count = int(c.instances.size());
    const std::string zone = c.instances.front().zone;
    c.instances.reserve(c.instances.size() + sizes.size() - 1);
    for (std::size_t size = 0; size < sizes.size(); ++size) {
        if (size == initial)
            continue;
        const auto& s = sizes[size];
        rt.addInstance(c, int(c.instances.size()), zone, s.cores, s.speed,
                       s.hourlyPrice.value_or(rt.pricing.hourly(cfg, s.cores)));
    }
    if (sizes[initial].hourlyPrice)
        c.instances[0].hourly = *sizes[initial].hourlyPrice;
    DatabaseState& st = c.as<DatabaseState>();
    std::vector<sim::Machine*> machines;
    for (std::size_t size = 0; size < sizes.size(); ++size) {
        const int index = size == initial ? 0 : count + int(size) - (size > initial ? 1 : 0);
        st.ladder.push_back(index);
        machines.push_back(c.instances[std::size_t(index)].machine);
    }
    detail::Runtime* r = &rt;
    detail::Component* db = &c;
    st.vertical = std::make_unique<VerticalScaler>(rt.sim, cfg.name, *cfg.vertical, std::move(machines), initial,
                                                   [r, db](std::size_t size) { return resizePrimary(*r, *db, size); });
    for (std::size_t i = std::size_t(count); i < c.instances.size(); ++i) {
        c.instances[i].state = InstanceState::Off;
        c.instances[i].machine->setProvisioned(false);
    }
}

bool SqlDatabase::pinned(const detail::Component& c, int index) const
{
    return index == c.as<DatabaseState>().primary; // a replica promoted by a failover
}

void SqlDatabase::start(detail::Runtime&, detail::Component& c) const
{
    if (auto& vertical = c.as<DatabaseState>().vertical)
        vertical->start();
}

detail::Next SqlDatabase::arrive(detail::Runtime&, detail::Component& c, sim::Request&, detail::Frame& fr) const
{
    const DatabaseState& s = c.as<DatabaseState>();
    if (fr.isWrite && (s.promoting || s.switching))
        return detail::Next::Fail; // no primary while a replica is promoted
    return detail::Next::Go;
}

detail::Instance* SqlDatabase::pick(detail::Component& owner, detail::Frame& fr) const
{
    // Writes to the primary; reads to an up replica (round robin), else the primary.
    std::vector<detail::Instance>& list = owner.instances;
    const int primaryIndex = owner.as<DatabaseState>().primary;
    detail::Instance& primary = list[static_cast<std::size_t>(primaryIndex)];
    if (fr.isWrite || list.size() == 1)
        return &primary;
    for (std::size_t tries = 1; tries < list.size(); ++tries) {
        // The replicas are every instance but the primary, in index order.
        std::size_t k = 1 + (owner.next++ % (list.size() - 1));
        if (k <= static_cast<std::size_t>(primaryIndex))
            --k;
        detail::Instance& in = list[k];
        if (in.machine->isUp() && in.serving())
            return &in;
    }
    return &primary;
}

double SqlDatabase::demand(detail::Runtime& rt, detail::Component& c, detail::Flow& f, detail::Frame& fr,
                           double cpu) const
{
    const double demand = cpu + detail::queryCpu(fr, c.rng);
    // Read-your-writes: a replica applies the primary's writes
    // `replication_lag` later, so a request reading from a replica soon
    // after its own write reads stale data.
    DatabaseState& s = c.as<DatabaseState>();
    const double now = rt.sim.now();
    auto mine = std::find_if(f.writes.begin(), f.writes.end(), [&](const auto& w) { return w.first == &c; });
    if (fr.isWrite) {
        if (mine == f.writes.end())
            f.writes.emplace_back(&c, now);
        else
            mine->second = now;
    } else if (fr.at->index != s.primary) {
        ++s.replicaReads;
        // During a failover and for a replication lag after it the
        // replicas lag the lost primary: every replica read is stale.
        if ((mine != f.writes.end() && now - mine->second < c.cfg.replicationLag) || s.promoting ||
            now < s.staleUntil)
            ++s.staleReads;
    }
    return demand;
}

void SqlDatabase::gauges(const detail::Runtime&, const detail::Component& c, std::vector<Gauge>& out) const
{
    const DatabaseState& s = c.as<DatabaseState>();
    const std::string& n = c.cfg.name;
    out.push_back({n, "stale_reads", double(s.staleReads)});
    out.push_back({n, "replica_reads", double(s.replicaReads)});
    if (s.vertical) {
        const sim::Machine& primary = *c.instances[std::size_t(s.primary)].machine;
        out.push_back({n, "primary_cores", double(primary.cores())});
        out.push_back({n, "primary_speed", primary.speed()});
    }
}

bool SqlDatabase::failover(detail::Runtime& rt, detail::Component& c, double promotion) const
{
    DatabaseState& s = c.as<DatabaseState>();
    if (s.promoting || s.switching) // one switch of primary at a time
        return false;
    detail::Instance& old = c.instances[std::size_t(s.primary)];
    s.promoting = true;
    old.machine->turnOff();
    rt.emitFault("failover_start", c.cfg.name, "primary " + old.machine->name() + " lost");
    detail::Runtime* r = &rt;
    detail::Component* db = &c;
    detail::Instance* oldp = &old;
    rt.sim.at(rt.sim.now() + promotion, [r, db, oldp] {
        // The first replica up becomes the primary; the old one rejoins as a replica.
        detail::Component& c2 = *db;
        DatabaseState& st = c2.as<DatabaseState>();
        int next = st.primary;
        for (std::size_t k = 1; k <= c2.instances.size(); ++k) {
            const std::size_t i = (std::size_t(st.primary) + k) % c2.instances.size();
            if (c2.instances[i].machine->isUp() && c2.instances[i].serving()) {
                next = int(i);
                break;
            }
        }
        oldp->machine->turnOn();
        st.primary = next;
        st.promoting = false;
        st.staleUntil = r->sim.now() + c2.cfg.replicationLag;
        r->emitFault("failover_end", c2.cfg.name, "primary " + c2.instances[std::size_t(next)].machine->name());
    });
    return true;
}

void SqlDatabase::addPools(analytic::detail::Network& net, int component) const
{
    const ComponentConfig& c = net.component(component);
    net.addPool(component, 1, c.pool, c.diskBandwidth > 0); // the primary
    if (c.replicas > 0)
        net.addPool(component, c.replicas, c.pool, c.diskBandwidth > 0);
}

std::pair<int, int> SqlDatabase::callSpan(const ComponentConfig& c, bool write) const
{
    if (write || c.replicas == 0)
        return {0, 1};
    return {1, c.replicas};
}

void SqlDatabase::analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int) const
{
    const CallPlan& plan = *n.plan;
    n.at = n.target;
    net.queryWork(n);
    const std::vector<int>& pools = net.poolsOf(n.at);
    n.shares.push_back({pools[(plan.write || pools.size() == 1) ? 0 : 1], 1.0, 1.0});
    n.acquires = true;
}

} // namespace kinds

SCALELAB_DEFINE_KIND(SqlDatabase)

} // namespace scalelab::models
