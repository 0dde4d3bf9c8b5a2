#pragma once

// The analytic model's structure (not public API): the call tree's nodes and
// the instance pools they run on, built by analytic::Network from a
// SystemConfig with the kinds' help (Kind::addPools, Kind::analyticCall).

#include "models/analytic/estimate.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scalelab::models::analytic::detail {

enum class Edge { Root, Call, Parallel, Miss, Async, Then };

/// Where a share of a node's calls runs: a class of identical instances.
struct Share
{
    int pool = -1;
    double fraction = 1.0; ///< of the node's calls (weights its response)
    double load = 1.0;     ///< visits per call at the pool (a NoSQL write: rf, one per replica)
    double scale = 1.0;    ///< the node's CPU demand there over its `demand` (a group's slower or faster cores)
};

/// One call of an operation's call tree, flattened in preorder (parents first).
struct Node
{
    int op = 0;
    int parent = -1;
    Edge edge = Edge::Root;
    const CallPlan* plan = nullptr;
    int target = -1;   ///< component called
    int at = -1;       ///< component whose instances execute it (a module: its host; an external: the caller's)
    bool local = false; ///< in-process module call: the caller's worker, no hop
    bool hops = true;  ///< the call crosses the network (not in-process, not at the caller)
    bool hosted = false; ///< runs on another component's instances, which count its calls too
    bool acquires = false; ///< takes a worker at its pools
    std::vector<Share> shares;
    std::vector<Share> cpuShares; ///< where its CPU runs: `shares`, or the host's pool for an in-process module
    double hop = 0.0;      ///< s, there and back
    double demand = 0.0;   ///< s of CPU at the instance (already divided by speed)
    double demand2 = 0.0;  ///< E[demand^2]
    double disk = 0.0;     ///< s of disk transfer
    double wait = 0.0;     ///< s the call holds its worker without a core (the step's `wait`)
    double waitVar = 0.0;
    double delay = 0.0;    ///< s, pure delay (balancer overhead, external latency)
    double delayVar = 0.0;
    double errorRate = 0.0;
    std::vector<int> calls, parallel, miss;
    std::vector<int> then; ///< pipeline stages: in its response, not in the hold of its worker
    int from = -1;         ///< the node that sends it: its parent, or a pipeline's stage before
    int async = -1;        ///< a queue's consumer node
    bool consumer = false; ///< runs in a queue's consumer (its response is not the producer's)
    double visit = 0.0;    ///< visits per request of its operation
};

/// A class of identical instances of one component: they share its load evenly.
struct Pool
{
    int component = -1;
    int instances = 1;
    int group = -1;        ///< the instance group its instances are in; -1: no groups
    std::vector<int> members; ///< the component's instances in it (a split pool), else empty: all
    double speed = 1.0;    ///< core speed
    int cores = 1;
    int threads = 0;       ///< 0: no worker pool (a balancer's machines)
    long backlog = 0;
    bool disk = false;
    /// Squared coefficient of variation of the interarrival times at one
    /// instance: round robin over k instances turns a Poisson stream into
    /// Erlang-k gaps (1/k); random picks and key hashing keep it Poisson (1).
    double arrivalScv = 1.0;
};

/// Che's approximation of an LRU cache's hit ratio under Zipf(s) popularity
/// over `keys` keys with room for `capacity`.
double cheHitRatio(std::uint64_t keys, double s, std::uint64_t capacity);

/// The model's structure: everything that does not depend on the rates.
class Network
{
public:
    explicit Network(const SystemConfig& config);
    Network(SystemConfig&&) = delete; // keeps a reference: the configuration must outlive it
    /// `quantiles`: also the p99s (the saturation search does without).
    Estimate evaluate(const Rates& rates, bool quantiles = true) const;
    double saturation(const std::vector<double>& shares) const;
    ClosedEstimate closed(const std::vector<double>& shares, int users, double think) const;

    // What the kinds build the model with.
    const ComponentConfig& component(int index) const { return m_cfg.components[std::size_t(index)]; }
    int indexOf(const std::string& name) const;
    /// Adds a pool of `instances` (at least 1) of the component, `threads`
    /// workers each (0: none); `hashed`: calls land by key, not round robin.
    void addPool(int component, int instances, int threads, bool disk, bool hashed = false);
    /// The pools of a component counted by instances: one per class of
    /// instances alike (its group, and the weight each weighted balancer
    /// calling it gives them), `threads` workers each.
    void addPools(int component, bool disk);
    const std::vector<int>& poolsOf(int component) const { return m_poolsOf[std::size_t(component)]; }
    void setHitRatio(int component, double ratio) { m_hitRatio[std::size_t(component)] = ratio; }
    /// P(a key's shard) per shard of a NoSQL store.
    std::vector<double>& shardShares(int component) { return m_shardShares[std::size_t(component)]; }
    /// The node's CPU demand: its step's `cpu` plus `extra` and `fixed` s,
    /// on the speed of the instances it runs at.
    void cpuWork(Node& n, const std::optional<sim::Distribution>& extra, double fixed) const;
    /// A database query: CPU for the step's `cpu` and its `read` or `write`, and its disk time.
    void queryWork(Node& n) const;
    /// The node's calls go to the pools of the component it runs at (if it
    /// has any), as its caller spreads them (by weights; least connections
    /// and power of two in proportion to each instance's cores x speed;
    /// else evenly).
    void onFirstPool(Node& n) const;

private:
    const SystemConfig& m_cfg;
    std::vector<Node> m_nodes;
    std::vector<Pool> m_pools;
    std::vector<std::vector<int>> m_poolsOf; // per component
    std::vector<std::vector<const std::vector<double>*>> m_weightsOn; // per component: weighted balancers' weights
    std::vector<double> m_hitRatio;          // per component (caches), else -1
    std::vector<std::vector<double>> m_shardShares; // per component (NoSQL stores): P(a key's shard)
    std::map<std::string, std::string> m_region;
    std::string m_clientZone;
    std::vector<std::string> m_zones;

    std::vector<std::string> zonesOf(int component, int first, int count) const;
    double hopCost(int callerAt, const Node& n, double bytes) const;
    void add(int op, const CallPlan& plan, int parent, Edge edge, int callerAt, int target = -1, int from = -1);
    /// The node's downstream calls: its calls, fan-out and miss calls.
    void addCalls(int op, const CallPlan& plan, int self, int at, int callerAt);
    void solveVisits();
    /// Records, per component, the weights of the weighted balancers that call it.
    void findWeights(const CallPlan& plan);
};

} // namespace scalelab::models::analytic::detail
