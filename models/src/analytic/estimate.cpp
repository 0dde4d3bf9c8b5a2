#include "models/analytic/estimate.h"

#include "network.h"

#include "models/analytic/mva.h"
#include "models/kinds/kind.h"
#include "models/analytic/queueing.h"

#include <Eigen/Sparse>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

namespace scalelab::models::analytic {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The per-rate state of a pool.
struct PoolState
{
    double lambda = 0.0;      // visits/s per instance
    double cpuLoad = 0.0, cpuLoad2 = 0.0, diskLoad = 0.0; // sums of lambda x demand (per instance)
    double cpuUtil = 0.0, diskUtil = 0.0, occupancy = 0.0;
    double cpuWait = 0.0, cpuWaitVar = 0.0; // FIFO cores (threads <= cores): none; PS: via the M/M/c wait
    double psStretch = 1.0;   // PS cores: response / demand
    double workerWait = 0.0, workerWaitVar = 0.0, blocking = 0.0;
    double hold = 0.0, hold2 = 0.0; // sums of lambda x hold, lambda x hold^2
};

double linkCost(const NetworkConfig& net, const std::map<std::string, std::string>& region, const std::string& a,
                const std::string& b, double bytes)
{
    auto regionOf = [&](const std::string& z) {
        const auto it = region.find(z);
        return it == region.end() ? std::string("default") : it->second;
    };
    if (a == b)
        return net.zoneLatency + bytes / net.zoneBandwidth;
    if (regionOf(a) == regionOf(b))
        return net.crossZoneLatency + bytes / net.crossZoneBandwidth;
    return net.crossRegionLatency + bytes / net.crossRegionBandwidth;
}

double demandMean(const std::optional<sim::Distribution>& d) { return d ? d->mean() : 0.0; }
double demandSecond(const std::optional<sim::Distribution>& d) { return d ? d->secondMoment() : 0.0; }

} // namespace

namespace detail {

// T solves sum(1 - exp(-p_i T)) = C; hit = sum p_i (1 - exp(-p_i T)).
double cheHitRatio(std::uint64_t keys, double s, std::uint64_t capacity)
{
    if (capacity >= keys)
        return 1.0;
    std::vector<double> p(keys);
    double norm = 0.0;
    for (std::uint64_t i = 0; i < keys; ++i)
        norm += p[i] = std::pow(double(i + 1), -s);
    for (double& x : p)
        x /= norm;
    // Newton from below on the concave occupancy: monotone convergence.
    double t = double(capacity);
    for (int it = 0; it < 100; ++it) {
        double f = -double(capacity), df = 0.0;
        for (double x : p) {
            const double e = std::exp(-x * t);
            f += 1.0 - e;
            df += x * e;
        }
        const double step = f / df;
        t -= step;
        if (std::abs(step) < 1e-9 * t)
            break;
    }
    double hit = 0.0;
    for (double x : p)
        hit += x * (1.0 - std::exp(-x * t));
    return hit;
}

int Network::indexOf(const std::string& name) const
{
    for (std::size_t i = 0; i < m_cfg.components.size(); ++i)
        if (m_cfg.components[i].name == name)
            return int(i);
    throw std::invalid_argument("a call names an unknown component: " + name);
}

/// The zones of instances [first, first + count) of a component.
std::vector<std::string> Network::zonesOf(int component, int first, int count) const
{
    const ComponentConfig& c = m_cfg.components[std::size_t(component)];
    std::vector<std::string> out;
    for (int i = first; i < first + count; ++i)
        out.push_back(c.zones.empty() ? m_zones.front() : c.zones[std::size_t(i) % c.zones.size()]);
    return out;
}

Network::Network(const SystemConfig& config) : m_cfg(config)
{
    for (const auto& z : config.network.zones) {
        m_zones.push_back(z.name);
        m_region[z.name] = z.region;
    }
    if (m_zones.empty())
        m_zones.push_back("default");
    m_clientZone = m_zones.front();
    for (const auto& c : config.components)
        if (kindOf(c.kind).hostsClients() && !c.zones.empty())
            m_clientZone = c.zones.front();

    // Instance classes, cache hit ratios, shard shares.
    m_poolsOf.resize(config.components.size());
    m_hitRatio.assign(config.components.size(), -1.0);
    m_shardShares.resize(config.components.size());
    m_weightsOn.resize(config.components.size());
    for (const OperationPlan& op : config.operations)
        findWeights(op.root);
    for (std::size_t i = 0; i < config.components.size(); ++i)
        kindOf(config.components[i].kind).addPools(*this, int(i));
    for (std::size_t o = 0; o < config.operations.size(); ++o)
        add(int(o), config.operations[o].root, -1, Edge::Root, -1);
    for (Node& n : m_nodes) {
        n.cpuShares = n.shares;
        if (n.local && !m_poolsOf[std::size_t(n.at)].empty()) {
            // In process: on the caller's instance, which its own caller spread like its own calls.
            n.cpuShares = m_nodes[std::size_t(n.from)].shares;
            if (n.cpuShares.empty())
                n.cpuShares = {{m_poolsOf[std::size_t(n.at)].front(), 1.0, 1.0}};
        }
    }
    // A caller spreading its calls at random sends Poisson streams.
    for (const Node& n : m_nodes) {
        if (n.from < 0)
            continue;
        const ComponentConfig& caller = config.components[std::size_t(m_nodes[std::size_t(n.from)].target)];
        if (kindOf(caller.kind).spreadsAtRandom(caller))
            for (const Share& s : n.shares)
                if (s.pool >= 0)
                    m_pools[std::size_t(s.pool)].arrivalScv = 1.0;
    }
    solveVisits();
}

void Network::addPool(int component, int instances, int threads, bool disk, bool hashed)
{
    const ComponentConfig& c = m_cfg.components[std::size_t(component)];
    m_poolsOf[std::size_t(component)].push_back(int(m_pools.size()));
    Pool pool;
    pool.component = component;
    pool.instances = std::max(1, instances);
    pool.speed = c.speed > 0 ? c.speed : 1.0;
    pool.cores = std::max(1, c.cores);
    pool.threads = threads;
    pool.backlog = long(c.backlog);
    pool.disk = disk;
    pool.arrivalScv = hashed ? 1.0 : 1.0 / std::max(1, instances);
    m_pools.push_back(pool);
}

void Network::findWeights(const CallPlan& plan)
{
    const ComponentConfig& c = m_cfg.components[std::size_t(indexOf(plan.target))];
    if (c.kind == ComponentKind::LoadBalancer && c.policy == LbPolicy::Weighted && !c.weights.empty())
        for (const auto* list : {&plan.calls, &plan.parallel})
            for (const CallPlan& callee : *list) {
                const ComponentConfig& t = m_cfg.components[std::size_t(indexOf(callee.target))];
                const int owner = t.host.empty() ? indexOf(callee.target) : indexOf(t.host); // a module: its host's
                auto& seen = m_weightsOn[std::size_t(owner)];
                if (std::find(seen.begin(), seen.end(), &c.weights) == seen.end())
                    seen.push_back(&c.weights);
            }
    for (const auto* list : {&plan.calls, &plan.parallel, &plan.miss, &plan.then})
        for (const CallPlan& next : *list)
            findWeights(next);
}

void Network::addPools(int component, bool disk)
{
    const ComponentConfig& c = m_cfg.components[std::size_t(component)];
    const auto& weights = m_weightsOn[std::size_t(component)];
    if (c.groups.empty() && weights.empty()) {
        addPool(component, c.instances, c.threads, disk);
        return;
    }
    // Instances alike: the same group and the same weight from every weighted caller.
    const int total = std::max(1, c.instanceTotal());
    std::vector<int> groupOf;
    for (std::size_t g = 0; g < c.groups.size(); ++g)
        groupOf.insert(groupOf.end(), std::size_t(c.groups[g].instances), int(g));
    groupOf.resize(std::size_t(total), c.groups.empty() ? -1 : groupOf.empty() ? 0 : groupOf.back());
    std::vector<std::pair<std::vector<double>, std::vector<int>>> classes; // key (group, weights) -> instances
    for (int i = 0; i < total; ++i) {
        std::vector<double> key{double(groupOf[std::size_t(i)])};
        for (const std::vector<double>* w : weights)
            key.push_back(std::size_t(i) < w->size() ? (*w)[std::size_t(i)] : 1.0);
        auto it = std::find_if(classes.begin(), classes.end(), [&](const auto& k) { return k.first == key; });
        if (it == classes.end())
            it = classes.emplace(classes.end(), key, std::vector<int>{});
        it->second.push_back(i);
    }
    for (const auto& [key, members] : classes) {
        const int g = int(key.front());
        const ComponentConfig machines = g >= 0 ? c.groupConfig(std::size_t(g)) : c;
        addPool(component, int(members.size()), c.threads, disk);
        Pool& pool = m_pools.back();
        pool.group = g;
        pool.members = members;
        pool.cores = std::max(1, machines.cores);
        pool.speed = machines.speed > 0 ? machines.speed : 1.0;
        pool.arrivalScv = 1.0 / total; // round robin over all the component's instances
    }
}

void Network::cpuWork(Node& n, const std::optional<sim::Distribution>& extra, double fixed) const
{
    const ComponentConfig& host = m_cfg.components[std::size_t(n.at)];
    const double speed = host.speed > 0 ? host.speed : 1.0;
    const double c1 = demandMean(n.plan->cpu), c2 = demandSecond(n.plan->cpu);
    const double e1 = demandMean(extra) + fixed;
    const double e2 = demandSecond(extra) + 2 * demandMean(extra) * fixed + fixed * fixed;
    n.demand = (c1 + e1) / speed;
    n.demand2 = (c2 + 2 * c1 * e1 + e2) / (speed * speed);
    // A wait does not run on a core: the host's speed leaves it as it is.
    n.wait = demandMean(n.plan->wait);
    n.waitVar = demandSecond(n.plan->wait) - n.wait * n.wait;
}

void Network::queryWork(Node& n) const
{
    const ComponentConfig& t = m_cfg.components[std::size_t(n.target)];
    const CallPlan& plan = *n.plan;
    cpuWork(n, plan.write ? plan.write : plan.read, 0.0);
    if (plan.disk > 0 && t.diskBandwidth > 0)
        n.disk = plan.disk / t.diskBandwidth;
}

void Network::onFirstPool(Node& n) const
{
    const std::vector<int>& pools = m_poolsOf[std::size_t(n.at)];
    if (pools.empty())
        return;
    const ComponentConfig& at = m_cfg.components[std::size_t(n.at)];
    const double speed = at.speed > 0 ? at.speed : 1.0;
    if (pools.size() == 1 || m_pools[std::size_t(pools.front())].members.empty()) {
        n.shares.push_back({pools.front(), 1.0, 1.0, speed / m_pools[std::size_t(pools.front())].speed});
        return;
    }
    // How the caller spreads its calls over the instances.
    const ComponentConfig* caller =
        n.from >= 0 ? &m_cfg.components[std::size_t(m_nodes[std::size_t(n.from)].target)] : nullptr;
    const bool balanced = caller && caller->kind == ComponentKind::LoadBalancer;
    const LbPolicy policy = balanced ? caller->policy : LbPolicy::RoundRobin;
    double total = 0.0;
    std::vector<double> weight;
    for (int k : pools) {
        const Pool& p = m_pools[std::size_t(k)];
        double w = 0.0;
        for (int i : p.members) {
            if (policy == LbPolicy::Weighted && !caller->weights.empty())
                w += std::size_t(i) < caller->weights.size() ? caller->weights[std::size_t(i)] : 1.0;
            else if (policy == LbPolicy::LeastConnections || policy == LbPolicy::PowerOfTwo)
                w += double(p.threads > 0 ? std::min(p.cores, p.threads) : p.cores) * p.speed; // busy ones get fewer
            else
                w += 1.0;
        }
        weight.push_back(w);
        total += w;
    }
    for (std::size_t k = 0; k < pools.size(); ++k)
        if (weight[k] > 0)
            n.shares.push_back({pools[k], weight[k] / total, 1.0, speed / m_pools[std::size_t(pools[k])].speed});
}

double Network::hopCost(int callerAt, const Node& n, double bytes) const
{
    // Which instances the call may land on, and where the caller runs.
    const ComponentConfig& t = m_cfg.components[std::size_t(n.at)];
    const auto [first, count] = kindOf(t.kind).callSpan(t, n.plan->write.has_value());
    const std::vector<std::string> to = zonesOf(n.at, first, count);
    std::vector<std::string> from;
    if (callerAt < 0) {
        from = {m_clientZone};
    } else {
        const ComponentConfig& c = m_cfg.components[std::size_t(callerAt)];
        from = zonesOf(callerAt, 0, std::max(1, kindOf(c.kind).instanceCount(c)));
    }
    // Average over caller and callee instances, by zone counts.
    std::map<std::string, double> a, b;
    for (const auto& z : from)
        a[z] += 1.0 / double(from.size());
    for (const auto& z : to)
        b[z] += 1.0 / double(to.size());
    double cost = 0.0;
    for (const auto& [za, wa] : a)
        for (const auto& [zb, wb] : b)
            cost += wa * wb * linkCost(m_cfg.network, m_region, za, zb, bytes);
    return cost;
}

void Network::add(int op, const CallPlan& plan, int parent, Edge edge, int callerAt, int target, int from)
{
    const int self = int(m_nodes.size());
    m_nodes.emplace_back();
    {
        Node& n = m_nodes.back();
        n.op = op;
        n.parent = parent;
        n.from = from >= 0 ? from : parent;
        n.edge = edge;
        n.plan = &plan;
        n.target = target >= 0 ? target : indexOf(plan.target);
        n.consumer = edge == Edge::Async || (parent >= 0 && m_nodes[std::size_t(parent)].consumer);
    }
    const ComponentConfig& t = m_cfg.components[std::size_t(m_nodes[std::size_t(self)].target)];
    const Kind& kind = kindOf(t.kind);
    int at = -1;
    {
        Node& n = m_nodes[std::size_t(self)];
        kind.analyticCall(*this, n, callerAt);
        n.delayVar = std::max(0.0, n.delayVar);
        // A pipeline stage's answer goes on to the next stage, and the last
        // one's to the pipeline's caller (counted at the pipeline's first call).
        if (n.hops && n.at >= 0)
            n.hop = hopCost(callerAt, n, plan.requestBytes) +
                    (edge == Edge::Then    ? 0.0
                     : edge == Edge::Async ? hopCost(callerAt, n, plan.responseBytes)
                                           : hopCost(callerAt, n, plan.returnedBytes()));
        at = n.at;
    }
    if (kind.delivers()) {
        // The consumer runs the step's cpu and calls; the producer does not wait for it.
        if (!t.consumer.empty()) {
            m_nodes[std::size_t(self)].async = int(m_nodes.size());
            add(op, plan, self, Edge::Async, at, indexOf(t.consumer));
        }
    } else {
        addCalls(op, plan, self, at, callerAt);
    }
    if (edge == Edge::Async)
        return; // a delivery runs the step's work, not the stages that follow the producer's call
    // Pipeline stages: each is sent from where the stage before ran.
    int stageAt = at >= 0 ? at : callerAt, sender = self;
    for (const auto& c : plan.then) {
        const int id = int(m_nodes.size());
        m_nodes[std::size_t(self)].then.push_back(id);
        add(op, c, self, Edge::Then, stageAt, -1, sender);
        const int ran = m_nodes[std::size_t(id)].at;
        stageAt = ran >= 0 ? ran : stageAt;
        sender = id;
    }
}

void Network::addCalls(int op, const CallPlan& plan, int self, int at, int callerAt)
{
    const Kind& kind = kindOf(m_cfg.components[std::size_t(m_nodes[std::size_t(self)].target)].kind);
    const int childAt = at;
    // A read-through kind makes its calls on a miss only: they weigh as miss calls.
    const bool onMiss = kind.readsThrough();
    for (const auto& c : plan.calls) {
        const int id = int(m_nodes.size());
        (onMiss ? m_nodes[std::size_t(self)].miss : m_nodes[std::size_t(self)].calls).push_back(id);
        add(op, c, self, onMiss ? Edge::Miss : Edge::Call, childAt);
    }
    for (const auto& c : plan.parallel) {
        const int id = int(m_nodes.size());
        m_nodes[std::size_t(self)].parallel.push_back(id);
        add(op, c, self, onMiss ? Edge::Miss : Edge::Parallel, childAt);
    }
    for (const auto& c : plan.miss) {
        // The caller makes the miss calls: from the caller's instances.
        const int id = int(m_nodes.size());
        m_nodes[std::size_t(self)].miss.push_back(id);
        add(op, c, self, Edge::Miss, callerAt);
    }
}

void Network::solveVisits()
{
    // Traffic equations of the open network: v = e + P^T v, with P(i, j) the
    // expected calls to node j per visit of node i (1 for calls, fan-out and
    // queue deliveries; the miss ratio for a cache's miss calls) and e the
    // operations' entries. Nodes are in preorder, so I - P^T is lower
    // triangular: a sparse triangular solve, O(nodes).
    const auto n = Eigen::Index(m_nodes.size());
    std::vector<Eigen::Triplet<double>> entries;
    entries.reserve(std::size_t(2 * n));
    Eigen::VectorXd e = Eigen::VectorXd::Zero(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const Node& node = m_nodes[std::size_t(i)];
        entries.emplace_back(i, i, 1.0);
        if (node.parent < 0) {
            e[i] = 1.0;
            continue;
        }
        // A call made on a share of its caller's visits (a queue's delivery is its own step's).
        double p = node.edge == Edge::Async ? 1.0 : node.plan->probability;
        if (node.edge == Edge::Miss) {
            const double h = m_hitRatio[std::size_t(m_nodes[std::size_t(node.parent)].target)];
            p *= h >= 0 ? 1.0 - h : 1.0;
        }
        entries.emplace_back(i, node.parent, -p);
    }
    Eigen::SparseMatrix<double> a(n, n);
    a.setFromTriplets(entries.begin(), entries.end());
    const Eigen::VectorXd v = a.triangularView<Eigen::Lower>().solve(e);
    for (Eigen::Index i = 0; i < n; ++i)
        m_nodes[std::size_t(i)].visit = v[i];
}

/// Response time figures of one node, as its caller sees them.
struct Response
{
    double mean = 0.0, var = 0.0;
};

/// Its calls land on pools of different speeds (instance groups).
bool mixedSpeeds(const Node& n)
{
    return std::any_of(n.cpuShares.begin(), n.cpuShares.end(),
                       [&](const Share& s) { return s.scale != n.cpuShares.front().scale; });
}

Estimate Network::evaluate(const Rates& rates, bool quantiles) const
{
    if (rates.perOperation.size() != m_cfg.operations.size())
        throw std::invalid_argument("rates for " + std::to_string(rates.perOperation.size()) + " operations, the system has " +
                                    std::to_string(m_cfg.operations.size()));
    const std::size_t nodes = m_nodes.size();
    std::vector<double> lambda(nodes);
    for (std::size_t i = 0; i < nodes; ++i)
        lambda[i] = rates.perOperation[std::size_t(m_nodes[i].op)] * m_nodes[i].visit;

    // CPU and disk: fixed by the rates.
    std::vector<PoolState> ps(m_pools.size());
    for (std::size_t i = 0; i < nodes; ++i) {
        const Node& n = m_nodes[i];
        for (const Share& s : n.cpuShares) {
            if (s.pool < 0)
                continue;
            PoolState& p = ps[std::size_t(s.pool)];
            const double l = lambda[i] * s.fraction * s.load / m_pools[std::size_t(s.pool)].instances;
            if (n.acquires)
                p.lambda += l;
            p.cpuLoad += l * n.demand * s.scale;
            p.cpuLoad2 += l * n.demand2 * s.scale * s.scale;
            p.diskLoad += l * n.disk;
        }
    }
    for (std::size_t k = 0; k < m_pools.size(); ++k) {
        const Pool& pool = m_pools[k];
        PoolState& p = ps[k];
        const bool ps_ = pool.threads == 0 || pool.threads > pool.cores;
        const int servers = ps_ ? pool.cores : pool.threads;
        p.cpuUtil = p.cpuLoad / servers;
        p.diskUtil = pool.disk ? p.diskLoad : 0.0;
        if (ps_ && p.cpuLoad > 0) {
            // Processor sharing over the cores: insensitive to the demand's
            // distribution, the M/M/c number in system; stretch = R / S.
            const double meanS = p.cpuLoad / std::max(p.lambda, 1e-300);
            const double arrivals = p.cpuLoad / (meanS > 0 ? meanS : 1.0);
            // PS is insensitive to the demand's distribution (scv 1), not to the arrivals'.
            const QueueFigures q = mgc(servers, arrivals, meanS, 1.0, 0, pool.arrivalScv);
            p.psStretch = q.stable ? 1.0 + q.wait / meanS : kInf;
        }
    }

    // The time a visit of `n` at share `s` holds its worker for its own work:
    // CPU (stretched by processor sharing), disk and the step's wait.
    auto ownWork = [&](const Node& n, const Share& s, const PoolState& p) -> Response {
        const Pool& pool = m_pools[std::size_t(s.pool)];
        const bool shared = pool.threads == 0 || pool.threads > pool.cores;
        const double demand = n.demand * s.scale;
        const double cpu = shared ? demand * p.psStretch : demand;
        const double cpuVar =
            (n.demand2 - n.demand * n.demand) * s.scale * s.scale * (shared ? p.psStretch * p.psStretch : 1.0);
        const double diskT = n.disk > 0 && pool.disk ? (p.diskUtil < 1 ? n.disk / (1 - p.diskUtil) : kInf) : 0.0;
        return {cpu + diskT + n.wait, std::max(0.0, cpuVar + n.waitVar)};
    };
    // Its average over the pools the node's CPU runs on.
    auto averageWork = [&](const Node& n, const std::vector<PoolState>& states) {
        Response avg;
        for (const Share& s : n.cpuShares)
            if (s.pool >= 0) {
                const Response mine = ownWork(n, s, states[std::size_t(s.pool)]);
                avg.mean += s.fraction * mine.mean;
                avg.var += s.fraction * mine.var;
            }
        return avg;
    };

    // Worker pools: the hold time includes downstream calls, whose waits depend
    // on other pools: iterate to the fixed point (exact after the call depth
    // when the component graph has no cycle).
    std::vector<Response> resp(nodes), hold(nodes);
    for (int iteration = 0; iteration < 200; ++iteration) {
        for (std::size_t r = nodes; r-- > 0;) {
            const Node& n = m_nodes[r];
            Response own;
            own.mean = n.hop + n.delay;
            own.var = n.delayVar;
            Response work; // what holds the worker: CPU, disk, downstream
            double queued = 0.0, queuedVar = 0.0;
            for (const Share& s : n.cpuShares) {
                if (s.pool < 0)
                    continue;
                const PoolState& p = ps[std::size_t(s.pool)];
                const Response mine = ownWork(n, s, p);
                work.mean += s.fraction * mine.mean;
                work.var += s.fraction * mine.var;
                if (n.acquires) {
                    queued += s.fraction * p.workerWait;
                    queuedVar += s.fraction * p.workerWaitVar;
                }
            }
            for (int c : n.calls) {
                // Made with probability q: a Bernoulli mixture of the call and nothing.
                const double q = m_nodes[std::size_t(c)].plan->probability, m = resp[std::size_t(c)].mean;
                work.mean += q * m;
                work.var += q * resp[std::size_t(c)].var + q * (1 - q) * m * m;
            }
            if (!n.parallel.empty()) {
                std::vector<double> means;
                for (int c : n.parallel)
                    means.push_back(m_nodes[std::size_t(c)].plan->probability * resp[std::size_t(c)].mean);
                const double m = expectedMaxOfExponentials(means);
                work.mean += m;
                work.var += m * m;
            }
            hold[r] = work;
            own.mean += work.mean + queued;
            own.var += work.var + queuedVar;
            for (int c : n.then) { // after the worker is released: the caller waits, the worker does not
                own.mean += resp[std::size_t(c)].mean;
                own.var += resp[std::size_t(c)].var;
            }
            if (!n.miss.empty()) {
                // The caller runs the miss calls after a miss: add them, weighted.
                const double h = std::max(0.0, m_hitRatio[std::size_t(n.target)]);
                double m = 0.0, v = 0.0;
                for (int c : n.miss) {
                    m += resp[std::size_t(c)].mean;
                    v += resp[std::size_t(c)].var;
                }
                own.mean += (1 - h) * m;
                own.var += (1 - h) * v + h * (1 - h) * m * m;
            }
            resp[r] = own;
        }
        // Worker pools at these hold times.
        double change = 0.0;
        for (auto& p : ps)
            p.hold = p.hold2 = 0.0;
        for (std::size_t i = 0; i < nodes; ++i) {
            const Node& n = m_nodes[i];
            if (!n.acquires)
                continue;
            for (const Share& s : n.shares) {
                if (s.pool < 0)
                    continue;
                PoolState& p = ps[std::size_t(s.pool)];
                const double l = lambda[i] * s.fraction * s.load / m_pools[std::size_t(s.pool)].instances;
                // A NoSQL write's copies hold a replica's worker for the write alone.
                Response h = hold[i];
                if (mixedSpeeds(n)) { // an instance group holds its worker for its own CPU time
                    const Response avg = averageWork(n, ps), mine = ownWork(n, s, p);
                    h.mean += mine.mean - avg.mean;
                    h.var = std::max(0.0, h.var + mine.var - avg.var);
                }
                p.hold += l * h.mean;
                p.hold2 += l * (h.var + h.mean * h.mean);
            }
        }
        for (std::size_t k = 0; k < m_pools.size(); ++k) {
            const Pool& pool = m_pools[k];
            PoolState& p = ps[k];
            if (pool.threads == 0 || p.lambda <= 0)
                continue;
            const double meanH = p.hold / p.lambda;
            const double before = p.workerWait;
            p.occupancy = p.hold / pool.threads;
            if (!std::isfinite(meanH)) {
                p.workerWait = p.workerWaitVar = kInf;
                p.blocking = 1.0;
            } else {
                const double scv = meanH > 0 ? std::max(0.0, (p.hold2 / p.lambda) / (meanH * meanH) - 1.0) : 0.0;
                const QueueFigures q =
                    mgc(pool.threads, p.lambda, meanH, scv, pool.threads + pool.backlog, pool.arrivalScv);
                p.workerWait = q.wait;
                p.workerWaitVar = std::max(0.0, q.waitSecondMoment - q.wait * q.wait);
                p.blocking = q.blocking;
            }
            if (std::isfinite(p.workerWait) && std::isfinite(before))
                change = std::max(change, std::abs(p.workerWait - before));
            else if (std::isfinite(p.workerWait) != std::isfinite(before))
                change = kInf;
        }
        if (change < 1e-12)
            break;
    }

    Estimate out;
    out.rate = rates.total();
    const std::size_t nc = m_cfg.components.size();
    out.components.resize(nc);
    std::vector<double> waitSum(nc, 0.0), blockSum(nc, 0.0), visitsTo(nc, 0.0);
    for (std::size_t c = 0; c < nc; ++c) {
        ComponentEstimate& e = out.components[c];
        const ComponentConfig& cfg = m_cfg.components[c];
        e.name = cfg.name;
        e.kind = cfg.kind;
        e.hitRatio = m_hitRatio[c];
        e.hasStation = !m_poolsOf[c].empty();
        for (const InstanceGroup& g : cfg.groups)
            e.groups.push_back({g.name});
        double visits = 0.0;
        for (int k : m_poolsOf[c]) {
            const PoolState& p = ps[std::size_t(k)];
            e.cpuUtilization = std::max(e.cpuUtilization, p.cpuUtil);
            e.workerOccupancy = std::max(e.workerOccupancy, p.occupancy);
            e.diskUtilization = std::max(e.diskUtilization, p.diskUtil);
            visits += p.lambda * m_pools[std::size_t(k)].instances;
            const int g = m_pools[std::size_t(k)].group;
            if (g < 0 || std::size_t(g) >= e.groups.size())
                continue;
            GroupEstimate& ge = e.groups[std::size_t(g)];
            ge.cpuUtilization = std::max(ge.cpuUtilization, p.cpuUtil);
            ge.workerOccupancy = std::max(ge.workerOccupancy, p.occupancy);
            ge.share += p.lambda * m_pools[std::size_t(k)].instances;
        }
        for (GroupEstimate& ge : e.groups)
            ge.share = visits > 0 ? ge.share / visits : 0.0;
    }
    // Message queues: the consumers' slots (instances x concurrency) serve the messages.
    std::vector<double> messageWait(nc, 0.0), messageBlock(nc, 0.0);
    for (std::size_t c = 0; c < nc; ++c) {
        const ComponentConfig& q = m_cfg.components[c];
        double l = 0.0, h = 0.0;
        for (std::size_t i = 0; i < nodes; ++i)
            if (int(c) == m_nodes[i].target && m_nodes[i].async >= 0) {
                l += lambda[i];
                h += lambda[i] * resp[std::size_t(m_nodes[i].async)].mean;
            }
        if (l <= 0)
            continue;
        const int slots = q.concurrency * std::max(1, m_cfg.components[std::size_t(indexOf(q.consumer))].instanceTotal());
        const double meanH = h / l;
        ComponentEstimate& e = out.components[c];
        e.hasStation = true;
        e.workerOccupancy = h / slots;
        if (std::isfinite(meanH)) {
            const QueueFigures f = mmc(slots, l, meanH, long(slots) + long(std::min<std::uint64_t>(q.queueCapacity, 1u << 30)));
            messageWait[c] = f.wait;
            messageBlock[c] = f.blocking;
        } else {
            messageWait[c] = kInf;
            messageBlock[c] = 1.0;
        }
    }

    // Operations: response, availability, visits.
    out.operations.resize(m_cfg.operations.size());
    for (std::size_t o = 0; o < m_cfg.operations.size(); ++o) {
        out.operations[o].name = m_cfg.operations[o].name;
        out.operations[o].rate = rates.perOperation[o];
        out.operations[o].visits.assign(nc, 0.0);
    }
    std::vector<double> logAvail(m_cfg.operations.size(), 0.0);
    // Rate limits (a gateway's): a client class's calls beyond its tokens/s are rejected.
    std::map<std::pair<int, std::string>, double> classRate;
    for (std::size_t i = 0; i < nodes; ++i) {
        const Node& n = m_nodes[i];
        if (!m_cfg.components[std::size_t(n.target)].rateLimits.empty())
            classRate[{n.target, m_cfg.operations[std::size_t(n.op)].clientClass}] += lambda[i];
    }
    for (std::size_t i = 0; i < nodes; ++i) {
        const Node& n = m_nodes[i];
        OperationEstimate& op = out.operations[std::size_t(n.op)];
        op.visits[std::size_t(n.target)] += n.visit;
        // Calls count where they run: a module's at its host, unless in-process.
        if (n.hosted)
            out.components[std::size_t(n.at)].arrivalRate += lambda[i];
        out.components[std::size_t(n.target)].arrivalRate += lambda[i];
        double fail = n.errorRate;
        double wait = 0.0, block = 0.0;
        for (const Share& s : n.shares) {
            if (s.pool < 0 || !n.acquires)
                continue;
            const PoolState& p = ps[std::size_t(s.pool)];
            block += s.fraction * p.blocking;
            const Pool& pool = m_pools[std::size_t(s.pool)];
            const bool shared = pool.threads == 0 || pool.threads > pool.cores;
            wait += s.fraction * (p.workerWait + (shared ? n.demand * s.scale * (p.psStretch - 1) : 0.0));
        }
        const ComponentConfig& t = m_cfg.components[std::size_t(n.target)];
        for (const auto& limit : t.rateLimits) {
            if (limit.clientClass != m_cfg.operations[std::size_t(n.op)].clientClass)
                continue;
            const double offered = classRate[{n.target, limit.clientClass}];
            if (offered > limit.rps)
                block = 1 - (1 - block) * (limit.rps / offered);
        }
        if (n.async >= 0) {
            block = std::max(block, messageBlock[std::size_t(n.target)]);
            wait = messageWait[std::size_t(n.target)];
        }
        waitSum[std::size_t(n.target)] += lambda[i] * wait;
        blockSum[std::size_t(n.target)] += lambda[i] * block;
        fail = 1 - (1 - fail) * (1 - block);
        if (!n.consumer) // a consumer's failure is not the producer's
            logAvail[std::size_t(n.op)] += n.visit * (fail >= 1 ? -kInf : std::log1p(-fail));
    }
    for (std::size_t c = 0; c < nc; ++c) {
        ComponentEstimate& e = out.components[c];
        if (e.arrivalRate > 0) {
            e.wait = waitSum[c] / e.arrivalRate;
            e.blocking = blockSum[c] / e.arrivalRate;
        }
        e.utilization = std::max({e.cpuUtilization, e.workerOccupancy, e.diskUtilization});
        if (!std::isfinite(e.utilization))
            e.utilization = kInf;
        // Linear in the rate: the largest finite figure (an unbounded worker
        // pool sits on cores that are already past 1).
        double linear = 0.0;
        for (double u : {e.cpuUtilization, e.workerOccupancy, e.diskUtilization})
            if (std::isfinite(u))
                linear = std::max(linear, u);
        e.saturation = linear > 0 ? out.rate / linear : kInf;
        if (e.utilization >= 1)
            out.stable = false;
        if (e.hasStation && e.utilization > 0 &&
            (out.bottleneck < 0 || e.utilization > out.components[std::size_t(out.bottleneck)].utilization))
            out.bottleneck = int(c);
    }
    // Async consumers' work is not part of the producer's response: resp[] of a
    // queue node holds only its hops, so the roots' responses are end to end.
    std::vector<double> weights, means, vars;
    double total = 0.0, meanSum = 0.0, availSum = 0.0;
    for (std::size_t i = 0; i < nodes; ++i) {
        if (m_nodes[i].parent >= 0)
            continue;
        OperationEstimate& op = out.operations[std::size_t(m_nodes[i].op)];
        op.meanResponse = resp[i].mean;
        op.responseVariance = resp[i].var;
        op.p99 = quantiles ? gammaQuantile(resp[i].mean, resp[i].var, 0.99) : 0.0;
        op.availability = std::exp(logAvail[std::size_t(m_nodes[i].op)]);
        weights.push_back(op.rate);
        means.push_back(op.meanResponse);
        vars.push_back(op.responseVariance);
        total += op.rate;
        meanSum += op.rate * op.meanResponse;
        availSum += op.rate * op.availability;
    }
    if (total > 0) {
        out.meanResponse = meanSum / total;
        out.availability = availSum / total;
        out.p99 = quantiles ? mixtureQuantile(weights, means, vars, 0.99) : 0.0;
    }
    if (!std::isfinite(out.meanResponse))
        out.stable = false;
    return out;
}

double Network::saturation(const std::vector<double>& shares) const
{
    // Utilization of cores and disks grows in proportion to the rate; worker
    // occupancy faster (hold times grow with the load downstream): bisect on
    // the full model below the linear bound.
    const Estimate unit = evaluate(Rates::mix(shares, 1.0), false);
    double linear = 0.0;
    for (const auto& c : unit.components)
        linear = std::max({linear, c.cpuUtilization, c.diskUtilization});
    double hi = linear > 0 ? 1.0 / linear : 1.0;
    auto saturated = [&](double r) {
        const Estimate e = evaluate(Rates::mix(shares, r), false);
        for (const auto& c : e.components)
            if (c.utilization >= 1.0)
                return true;
        return false;
    };
    if (linear <= 0) {
        while (!saturated(hi) && hi < 1e12)
            hi *= 2;
        if (hi >= 1e12)
            return kInf;
    }
    double lo = 0.0;
    for (int i = 0; i < 60 && hi - lo > 1e-5 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (saturated(mid) ? hi : lo) = mid;
    }
    return lo;
}

ClosedEstimate Network::closed(const std::vector<double>& shares, int users, double think) const
{
    const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
    std::vector<MvaStation> stations;
    std::vector<int> componentOf; // per station, -1 for the delay
    std::vector<double> cpu(m_pools.size(), 0.0), disk(m_pools.size(), 0.0);
    double delay = 0.0;
    for (const Node& n : m_nodes) {
        const double w = sum > 0 ? shares[std::size_t(n.op)] / sum * n.visit : 0.0;
        delay += w * (n.hop + n.delay + n.wait); // worker pools left out: a wait is a delay
        for (const Share& sh : n.cpuShares) {
            if (sh.pool < 0)
                continue;
            cpu[std::size_t(sh.pool)] += w * sh.fraction * sh.load * n.demand * sh.scale;
            disk[std::size_t(sh.pool)] += w * sh.fraction * sh.load * n.disk;
        }
    }
    for (std::size_t k = 0; k < m_pools.size(); ++k) {
        const Pool& p = m_pools[k];
        const int perInstance = p.threads == 0 ? p.cores : std::min(p.cores, p.threads);
        if (cpu[k] > 0) {
            stations.push_back({cpu[k], p.instances * perInstance, false});
            componentOf.push_back(p.component);
        }
        if (disk[k] > 0 && p.disk) {
            stations.push_back({disk[k], p.instances, false});
            componentOf.push_back(p.component);
        }
    }
    stations.push_back({delay, 1, true});
    componentOf.push_back(-1);
    const MvaResult r = mva(stations, users, think);
    ClosedEstimate out;
    out.throughput = r.throughput;
    out.meanResponse = r.response;
    out.utilization.assign(m_cfg.components.size(), 0.0);
    for (std::size_t k = 0; k < stations.size(); ++k)
        if (componentOf[k] >= 0)
            out.utilization[std::size_t(componentOf[k])] =
                std::max(out.utilization[std::size_t(componentOf[k])], r.utilization[k]);
    return out;
}

} // namespace detail

using detail::Network;

Rates Rates::mix(const std::vector<double>& shares, double rps)
{
    const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
    Rates r;
    for (double s : shares)
        r.perOperation.push_back(sum > 0 ? rps * s / sum : 0.0);
    return r;
}

double Rates::total() const { return std::accumulate(perOperation.begin(), perOperation.end(), 0.0); }

Estimate analyze(const SystemConfig& config, const Rates& rates)
{
    const Network net(config);
    Estimate e = net.evaluate(rates);
    std::vector<double> shares = rates.perOperation;
    if (rates.total() <= 0)
        shares.assign(shares.size(), 1.0);
    e.saturation = net.saturation(shares);
    e.headroom = e.saturation > 0 && std::isfinite(e.saturation) ? 1.0 - e.rate / e.saturation : 1.0;
    return e;
}

double capacity(const SystemConfig& config, const std::vector<double>& shares, const SloTarget& slo,
                double maxUtilization)
{
    const Network net(config);
    auto ok = [&](double r) {
        const Estimate e = net.evaluate(Rates::mix(shares, r));
        for (const auto& c : e.components)
            if (c.utilization >= maxUtilization)
                return false;
        if (slo.p99 > 0 && !(e.p99 <= slo.p99))
            return false;
        if (slo.availability > 0 && e.availability < slo.availability)
            return false;
        return true;
    };
    const double hi0 = net.saturation(shares);
    if (!std::isfinite(hi0))
        return kInf;
    double lo = 0.0, hi = hi0;
    if (!ok(hi * 1e-6))
        return 0.0;
    for (int i = 0; i < 60 && hi - lo > 1e-6 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (ok(mid) ? lo : hi) = mid;
    }
    return lo;
}

ClosedEstimate analyzeClosed(const SystemConfig& config, const std::vector<double>& shares, int users, double think)
{
    return Network(config).closed(shares, users, think);
}

} // namespace scalelab::models::analytic
