#pragma once

#include "models/kinds/registry.h"
#include "models/resilience.h"
#include "simcore/distribution.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::models {

enum class LbPolicy { RoundRobin, Random, LeastConnections, PowerOfTwo, Weighted };

std::string_view policyName(LbPolicy policy);
std::vector<std::string> policyNames();

/// A load balancer's active health checks: on a period, or none (passive
/// ejection only).
enum class HealthCheck { Active, None };
std::vector<std::string> healthCheckNames();

/// How long a passively ejected backend stays out when neither `eject_for`
/// nor active checks say (Envoy's base ejection time).
inline constexpr double kDefaultEjection = 30.0; // s

/// How an autoscaler damps its target tracking: cooldowns after each scaling,
/// or Kubernetes' HorizontalPodAutoscaler (stabilization windows, rate policies).
enum class AutoscaleController { Cooldowns, Hpa };
std::vector<std::string> autoscaleControllerNames();

/// Which of an HPA direction's policies applies: the one allowing the largest
/// change, the smallest, or none (no scaling in that direction).
enum class HpaSelect { Max, Min, Disabled };
std::vector<std::string> hpaSelectNames();

/// One HPA scaling policy: at most `pods` instances, or `percent` % of the
/// capacity at the start of the period, added (removed) within `period`.
struct HpaPolicy
{
    std::optional<int> pods;
    std::optional<double> percent; ///< a percentage (100 = double, or remove all)
    double period = 15.0;          ///< s
};

/// The HPA's rules for one direction (behavior.scaleUp / scaleDown). Unset
/// values are Kubernetes' defaults for the direction (hpaDefaults()).
struct HpaRules
{
    std::optional<double> stabilization; ///< s; unset: 0 up, 300 down
    std::vector<HpaPolicy> policies;     ///< empty: 4 pods or 100 % per 15 s up (the larger), 100 % per 15 s down
    HpaSelect select = HpaSelect::Max;
};

/// Kubernetes' defaults for a direction's unset rules, filled in.
HpaRules hpaResolved(const HpaRules& rules, bool up);

/// Horizontal autoscaling of a service's instances or a SQL database's read
/// replicas: target tracking on CPU or backlog, and scheduled capacity.
/// docs/models.md ("Autoscaling") gives the rules; the fields' defaults are here.
struct AutoscaleConfig
{
    std::optional<double> targetCpu;   ///< busy cores / cores over serving instances, 0..1
    std::optional<double> targetQueue; ///< waiting requests per serving instance
    double tolerance = 0.1;            ///< no action while metric / target is within 1 +- tolerance
    int min = 1;                       ///< instances (a SQL database: read replicas)
    int max = 10;
    double period = 15.0;              ///< s between evaluations
    double scaleOutCooldown = 60.0;    ///< s after a scale-out before the next one
    double scaleInCooldown = 120.0;    ///< s after any scaling before a scale-in
    double provision = 60.0;           ///< s from launch (billed) to serving
    AutoscaleController controller = AutoscaleController::Cooldowns;
    HpaRules scaleUp, scaleDown;       ///< controller hpa: the behavior per direction
    /// With instance groups: the group it launches and retires (min and max
    /// bound that group's instances); empty: the last group.
    std::string group;
    /// From `at`, new bounds and/or a capacity to set now (scheduled scaling).
    struct Step
    {
        double at = 0.0; ///< s
        std::optional<int> min, max, desired;
    };
    std::vector<Step> schedule;        ///< in time order
};

/// Vertical scaling of a SQL database's primary: a ladder of machine sizes,
/// target tracking on the primary's CPU, and scheduled resizes. A resize
/// launches the new size (billed from then), and after `provision` s switches
/// the primary over to it: writes fail for `restart` s (reads go on on the
/// replicas; with none, the database is down). docs/models.md ("Vertical
/// scaling") gives the rules.
struct VerticalScaleConfig
{
    /// One rung of the ladder.
    struct Size
    {
        int cores = 2;
        double speed = 1.0;                ///< relative to the reference core
        std::optional<double> hourlyPrice; ///< USD per hour; unset: the study's pricing
        double capacity() const { return double(cores) * speed; }
    };
    std::vector<Size> sizes;          ///< in growing capacity (cores x speed); holds the starting size
    std::optional<double> targetCpu;  ///< busy cores / cores of the primary, 0..1
    std::optional<int> maxCores;      ///< target tracking picks no size with more cores; unset: the largest
    double tolerance = 0.1;           ///< no action while metric / target is within 1 +- tolerance
    double period = 15.0;             ///< s between evaluations
    double scaleUpCooldown = 300.0;   ///< s after a resize before a bigger one
    double scaleDownCooldown = 900.0; ///< s after a resize before a smaller one
    double provision = 120.0;         ///< s from launching the new size (billed) to the switch
    double restart = 60.0;            ///< s the switch lasts: writes fail (all calls without replicas)
    /// At `at`, resize to sizes[size] (scheduled vertical scaling).
    struct Step
    {
        double at = 0.0;       ///< s
        std::size_t size = 0;  ///< index into sizes
    };
    std::vector<Step> schedule; ///< in time order
};

/// Some of a component's instances with machines of their own kind (a mixed
/// fleet: older hardware, a canary size). Unset values are the component's.
struct InstanceGroup
{
    std::string name;
    int instances = 1;
    std::optional<int> cores;
    std::optional<double> speed;       ///< relative to the reference core
    std::optional<double> hourlyPrice; ///< USD per instance-hour; unset: the component's (by cores)
};

/// Everything a component's behaviour depends on. Fields apply to the kinds
/// named in their comment; docs/models.md explains each and its default.
struct ComponentConfig
{
    std::string name;
    ComponentKind kind = ComponentKind::Service;

    // Placement and capacity (every kind that runs on machines).
    std::vector<std::string> zones; ///< instances spread round robin; empty: the first zone
    int instances = 1;
    int cores = 2;
    double speed = 1.0;             ///< relative to the reference core
    /// A mixed fleet: the instances are the groups', in their order; empty: `instances` alike ones.
    std::vector<InstanceGroup> groups;
    std::optional<AutoscaleConfig> autoscale; ///< service: instances; sql_database: read replicas
    std::optional<double> hourlyPrice; ///< USD per instance-hour; unset: the study's pricing by kind and cores
    std::optional<double> egressPrice; ///< USD per GB served to callers (kinds that bill it); unset: the kind's list price
    int threads = 16;               ///< worker pool per instance
    std::size_t backlog = 1000;     ///< waiting requests per instance
    std::optional<double> shedWait; ///< s; refuse new work while the oldest waiting request has waited longer

    // load_balancer
    LbPolicy policy = LbPolicy::RoundRobin;
    std::vector<double> weights;    ///< weighted: per target instance
    int connectionLimit = 10000;    ///< concurrent requests through the LB
    double overhead = 0.0001;       ///< s added per request
    HealthCheck healthCheck = HealthCheck::Active;
    double healthInterval = 5.0;    ///< s between health checks
    std::optional<double> healthOffset; ///< s to the first check; unset: uniform in [0, interval), by the seed
    int unhealthyThreshold = 2;     ///< failed checks before ejection
    /// s a passively ejected backend stays out before a live request may try it
    /// again; unset: until an active check finds it up (kDefaultEjection without
    /// active checks; a gateway: until it is up)
    std::optional<double> ejectFor;

    // api_gateway
    double authOverhead = 0.0005;   ///< s of CPU per request
    struct RateLimit
    {
        std::string clientClass = "default";
        double rps = 0.0;   ///< tokens per second
        double burst = 0.0; ///< bucket size
    };
    std::vector<RateLimit> rateLimits;

    // module: runs inside this service's instances, sharing their cores
    std::string host;

    // cache
    std::optional<double> hitRatio; ///< fixed hit ratio; else emergent from the fields below
    double zipf = 0.9;              ///< key popularity exponent
    std::uint64_t keys = 100000;
    std::uint64_t capacity = 10000; ///< entries (LRU)
    std::optional<double> ttl;      ///< s

    // message_queue
    std::uint64_t queueCapacity = 100000;
    std::string consumer;           ///< service that consumes
    int concurrency = 4;            ///< consumer workers per consumer instance
    int maxAttempts = 3;            ///< then dead letter

    // sql_database
    int replicas = 0;               ///< read replicas
    int pool = 100;                 ///< connections per instance
    double replicationLag = 0.05;   ///< s
    double diskBandwidth = 5e8;     ///< bytes/s per instance
    std::optional<VerticalScaleConfig> vertical; ///< resizes the primary (cores, speed)

    // nosql_store
    int shards = 4;
    int replicationFactor = 3;
    double hotKeySkew = 0.0;        ///< Zipf exponent over keys; 0 uniform

    // external
    sim::Distribution latency = sim::Distribution::constant(0.05);
    double errorRate = 0.0;

    // every kind with machines: random failures of each instance (none by default)
    std::optional<FailurePolicy> failures;

    /// Instances at the file's counts: the groups' sum, or `instances`.
    int instanceTotal() const;
    /// The group `autoscale` grows (index into groups), or -1 (no groups, no autoscale, no such group).
    int scaledGroup() const;
    /// Machines of group `g`: this component with the group's cores, speed and price.
    ComponentConfig groupConfig(std::size_t g) const;
    /// Cores x speed of its first `count` instances at the file's counts (in group order).
    double firstCapacity(int count) const;
};

/// What one call of an operation's call tree asks of its target.
struct CallConfig
{
    std::string target;                     ///< component name
    std::optional<sim::Distribution> cpu;   ///< CPU demand at the target
    std::optional<sim::Distribution> wait;  ///< s the visit holds its worker without using a core
    std::optional<sim::Distribution> read;  ///< databases: a read query's CPU
    std::optional<sim::Distribution> write; ///< databases: a write query's CPU
    double disk = 0.0;                      ///< databases: bytes from/to disk per query
    double requestBytes = 1000.0;           ///< payload sent to the target
    double responseBytes = 5000.0;          ///< payload returned
    double probability = 1.0;               ///< share of the caller's visits that make this call, 0..1
    std::optional<double> timeout;          ///< s, on this call (each attempt)
    std::optional<RetryPolicy> retries;     ///< retry a failed call
    std::optional<BreakerPolicy> breaker;   ///< circuit breaker on caller -> target
    std::optional<BulkheadPolicy> bulkhead; ///< cap on outstanding calls caller -> target
};

} // namespace scalelab::models
