// The study reader: every bad file in bad/ against its exact diagnostics, the
// good study's values, the route list turned into a tree, and inputs that must
// never make the reader throw.
#include "scenarios/studyreader.h"
#include "studydump.h"

#include <QtTest>

using namespace scalelab::scenarios;

namespace {

QStringList formatted(const LoadResult& r)
{
    QStringList out;
    for (const auto& d : r.diagnostics)
        out << QString::fromStdString(d.format());
    return out;
}

// Each file of bad/ and the diagnostics it must produce, in order, word for word.
const QList<QPair<QString, QStringList>>& badCases()
{
    static const QList<QPair<QString, QStringList>> cases{
        {"bad_distributions", {
            "bad/bad_distributions.yaml:9:58: error: variants.v1.components.pay.latency: cv must be > 0 (got 0); use constant(...) for no variation",
            "bad/bad_distributions.yaml:12:23: error: variants.v1.routes.browse[0].app.cpu: unknown distribution 'lognorml'; known: constant, exponential, uniform, lognormal, gamma, empirical (did you mean 'lognormal'?)",
            "bad/bad_distributions.yaml:13:36: error: variants.v1.routes.browse[1].app.cpu: duration '5' has no unit; write e.g. 5ms or 5s",
            "bad/bad_distributions.yaml:14:36: error: variants.v1.routes.browse[2].app.cpu: uniform needs low <= high",
        }},
        {"bytes_and_bandwidth", {
            "bad/bytes_and_bandwidth.yaml:6:23: error: network.bandwidth.zone: unknown bandwidth unit 'Gb'; known: bps, Kbps, Mbps, Gbps, Tbps, B/s, KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s",
            "bad/bytes_and_bandwidth.yaml:6:39: error: network.bandwidth.cross_zone must be > 0 (got 0Gbps)",
            "bad/bytes_and_bandwidth.yaml:11:51: error: variants.v1.components.db.disk_bandwidth: bandwidth '500' has no unit; write e.g. 500Gbps or 500MB/s",
            "bad/bytes_and_bandwidth.yaml:13:33: error: variants.v1.routes.browse[0].app.request: unknown size unit 'kb'; known: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB",
            "bad/bytes_and_bandwidth.yaml:13:78: error: variants.v1.routes.browse[1].db.disk: size must be >= 0 (got -4KB)",
        }},
        {"consumer_not_service", {
            "bad/consumer_not_service.yaml:10:43: error: variants.v1.components.q1.consumer: 'db' is a sql_database; a consumer must be a service",
            "bad/consumer_not_service.yaml:11:43: error: variants.v1.components.q2.consumer: unknown component 'mailer'; services: web",
        }},
        {"duplicate_keys", {
            "bad/duplicate_keys.yaml:10:7: error: variants.v1.components: duplicate key 'app' (first at line 8)",
            "bad/duplicate_keys.yaml:14:1: error: duplicate key 'run' (first at line 13)",
        }},
        {"durations_without_units", {
            "bad/durations_without_units.yaml:4:16: error: workload.rate[0].at: duration '0' has no unit; write e.g. 0ms or 0s",
            "bad/durations_without_units.yaml:4:37: error: workload.rate[1].at: duration '300' has no unit; write e.g. 300ms or 300s",
            "bad/durations_without_units.yaml:5:15: error: slo.p99: duration '400' has no unit; write e.g. 400ms or 400s",
            "bad/durations_without_units.yaml:6:20: error: run.duration: unknown duration unit 'minutes'; known: ns, us, ms, s, min, h",
            "bad/durations_without_units.yaml:6:38: error: run.warmup: unknown duration unit 'm'; known: ns, us, ms, s, min, h",
            "bad/durations_without_units.yaml:11:35: error: variants.v1.routes.browse[0].app.timeout: duration '200' has no unit; write e.g. 200ms or 200s",
        }},
        {"empty", {
            "bad/empty.yaml: error: the study is empty; it needs operations, workload and variants",
        }},
        {"entry_and_queue", {
            "bad/entry_and_queue.yaml:10:7: error: variants.v1.components.q.consumer is required (the service that processes the messages)",
            "bad/entry_and_queue.yaml:11:32: error: variants.v1.components.db.threads does not apply to kind sql_database; it applies to: api_gateway, service, cache, nosql_store (a sql_database's worker pool is its pool)",
            "bad/entry_and_queue.yaml:11:45: error: variants.v1.components.db.instances does not apply to kind sql_database; it applies to: load_balancer, api_gateway, service, cache, message_queue (a sql_database has 1 + replicas instances)",
            "bad/entry_and_queue.yaml:13:16: error: variants.v1.routes.browse[0]: 'users' is the entry, where clients sit; a route lists what they call",
        }},
        {"fault_actions", {
            "bad/fault_actions.yaml:8:5: error: faults[0] needs add or factor (e.g. add: 200ms, or factor: 3 for three times slower)",
            "bad/fault_actions.yaml:9:34: error: faults[1].factor must be >= 1 (got 0.5)",
            "bad/fault_actions.yaml:9:44: error: faults[1].add: duration must be >= 0 (got -1ms)",
            "bad/fault_actions.yaml:10:5: error: faults[2].rate is required (the share of calls that fail, e.g. rate: 20%)",
            "bad/fault_actions.yaml:11:34: error: faults[3].rate must be between 0 and 1 (or 0% and 100%) (got 120%)",
            "bad/fault_actions.yaml:12:34: error: faults[4].partition[1]: unknown zone 'eu-1c'; known: eu-1a, eu-1b (did you mean 'eu-1a'?)",
            "bad/fault_actions.yaml:13:26: error: faults[5].partition must list two zones, e.g. [eu-1a, eu-1b] (got 1)",
            "bad/fault_actions.yaml:14:5: error: faults[6].for is required (how long the zones are cut apart, e.g. for: 60s)",
            "bad/fault_actions.yaml:14:26: error: faults[6].partition names zone 'eu-1a' twice; a partition cuts two zones apart",
            "bad/fault_actions.yaml:15:25: error: faults[7].failover: 'app' is a service in variant 'v1'; failover applies to a sql_database",
            "bad/fault_actions.yaml:15:41: error: faults[7].promotion must be > 0 (got 0s)",
            "bad/fault_actions.yaml:16:28: error: faults[8].cache_flush: 'db' is a sql_database in variant 'v1'; cache_flush applies to a cache",
            "bad/fault_actions.yaml:16:32: error: faults[8].for applies to zone_outage, slow, errors, partition, consumer_outage faults only",
            "bad/fault_actions.yaml:17:5: error: faults[9].for is required (how long the fault lasts, e.g. for: 60s)",
            "bad/fault_actions.yaml:17:32: error: faults[9].consumer_outage: 'app' is a service in variant 'v1'; consumer_outage applies to a message_queue",
            "bad/fault_actions.yaml:18:26: error: faults[10] has both slow and errors; a fault does one thing",
        }},
        {"faults_shape", {
            "bad/faults_shape.yaml:8:5: error: faults[0] needs an action: kill, zone_outage, slow, errors, partition, failover, cache_flush or consumer_outage",
            "bad/faults_shape.yaml:9:26: error: faults[1].failover: no variant has a component 'db'",
            "bad/faults_shape.yaml:10:27: error: faults[2] has both kill and zone_outage; a fault does one thing",
            "bad/faults_shape.yaml:11:27: error: faults[3].for applies to zone_outage, slow, errors, partition, consumer_outage faults only",
            "bad/faults_shape.yaml:11:46: error: faults[3].restart must be a duration such as 60s, or never (got 'soon')",
            "bad/faults_shape.yaml:12:5: error: faults[4].for is required (how long the zone is out, e.g. for: 120s)",
            "bad/faults_shape.yaml:12:36: error: faults[4].instances applies to kill faults only",
            "bad/faults_shape.yaml:13:5: error: faults[5].at is required (when the fault happens, e.g. at: 420s)",
            "bad/faults_shape.yaml:13:28: error: faults[5].instances must be >= 1 (got 0)",
        }},
        {"field_not_applicable", {
            "bad/field_not_applicable.yaml:8:28: error: variants.v1.components.app.hit_ratio does not apply to kind service; it applies to: cache",
            "bad/field_not_applicable.yaml:8:44: error: variants.v1.components.app.policy does not apply to kind service; it applies to: load_balancer",
            "bad/field_not_applicable.yaml:9:41: error: variants.v1.components.orders.instances does not apply to kind module; it applies to: load_balancer, api_gateway, service, cache, message_queue",
            "bad/field_not_applicable.yaml:10:29: error: variants.v1.components.pay.cores does not apply to kind external; it applies to: load_balancer, api_gateway, service, cache, message_queue, sql_database, nosql_store",
        }},
        {"instances_zero", {
            "bad/instances_zero.yaml:12:20: error: variants.monolith.components.app.instances must be >= 1 (got 0)",
            "bad/instances_zero.yaml:13:16: error: variants.monolith.components.app.cores must be >= 1 (got 0)",
            "bad/instances_zero.yaml:14:18: error: variants.monolith.components.app.threads must be >= 1 (got -4)",
            "bad/instances_zero.yaml:15:16: error: variants.monolith.components.app.speed must be > 0 (got 0)",
            "bad/instances_zero.yaml:16:18: error: variants.monolith.components.app.backlog must be a whole number (got '2.5')",
        }},
        {"integers", {
            "bad/integers.yaml:5:13: error: run.seed must be <= 18446744073709551615 (got 18446744073709551616)",
            "bad/integers.yaml:5:49: error: run.replications must be a whole number (got '3.0')",
            "bad/integers.yaml:9:39: error: variants.v1.components.app.instances must be <= 2147483647 (got 99999999999)",
            "bad/integers.yaml:9:59: error: variants.v1.components.app.cores must be a whole number (got 'two')",
            "bad/integers.yaml:10:34: error: variants.v1.components.cache.keys must be >= 1 (got 0)",
            "bad/integers.yaml:10:47: error: variants.v1.components.cache.capacity must be a whole number (got '1e6')",
        }},
        {"kill_target", {
            "bad/kill_target.yaml:6:22: warning: faults[0].kill: variant 'monolith' has no component 'orders'; the fault does nothing there",
            "bad/kill_target.yaml:7:22: error: faults[1].kill: no variant has a component 'ordrs' (did you mean 'orders'?)",
        }},
        {"lb_policy", {
            "bad/lb_policy.yaml:8:42: error: variants.v1.components.lb1.policy: unknown policy 'weigthed'; known: round_robin, random, least_connections, power_of_two, weighted (did you mean 'weighted'?)",
            "bad/lb_policy.yaml:9:42: error: variants.v1.components.lb2.weights is required with policy weighted (one weight per target instance, e.g. [3, 1])",
            "bad/lb_policy.yaml:10:34: error: variants.v1.components.lb3.weights applies to policy weighted only (policy is round_robin)",
            "bad/lb_policy.yaml:11:65: error: variants.v1.components.lb4.weights[1] must be > 0 (got 0)",
        }},
        {"missing_kind", {
            "bad/missing_kind.yaml:8:7: error: variants.v1.components.app.kind is required; known: entry, load_balancer, api_gateway, service, module, cache, message_queue, sql_database, nosql_store, external",
            "bad/missing_kind.yaml:9:7: error: variants.v1.components.db.kind is required; known: entry, load_balancer, api_gateway, service, module, cache, message_queue, sql_database, nosql_store, external",
        }},
        {"missing_routes", {
            "bad/missing_routes.yaml:10:5: error: variants.monolith.routes: no route for search, checkout (every operation needs a route in every variant)",
            "bad/missing_routes.yaml:12:3: error: variants.microservices.routes: no route for browse, search, checkout (every operation needs a route in every variant)",
        }},
        {"missing_sections", {
            "bad/missing_sections.yaml: error: operations is required (e.g. operations: {browse: {share: 1}})",
            "bad/missing_sections.yaml: error: workload is required (e.g. workload: {rate: [{at: 0s, rps: 100}]})",
            "bad/missing_sections.yaml: error: variants is required (e.g. variants: {v1: {components: {app: {kind: service}}, routes: {browse: [app]}}})",
        }},
        {"module_host", {
            "bad/module_host.yaml:10:36: error: variants.monolith.components.orders.host: 'db' is a sql_database; a module's host must be a service",
            "bad/module_host.yaml:11:35: error: variants.monolith.components.users.host: unknown component 'ap'; services: app (did you mean 'app'?)",
            "bad/module_host.yaml:12:7: error: variants.monolith.components.search.host is required (the service this module runs in)",
        }},
        {"no_traffic_source", {
            "bad/no_traffic_source.yaml:3:1: error: workload needs one of rate, replay, replay_timestamps (e.g. rate: [{at: 0s, rps: 100}])",
            "bad/no_traffic_source.yaml:4:12: error: workload.spikes[0].for is required",
        }},
        {"not_a_map", {
            "bad/not_a_map.yaml:1:1: error: the study must be a map such as {name: shop, operations: {...}, workload: {...}, variants: {...}} (got a list)",
        }},
        {"probabilities", {
            "bad/probabilities.yaml:5:24: error: workload.diurnal.amplitude must be between 0 and 1 (or 0% and 100%) (got 1.2)",
            "bad/probabilities.yaml:6:33: error: slo.availability must be between 0 and 1 (or 0% and 100%) (got 100.1%)",
            "bad/probabilities.yaml:11:39: error: variants.v1.components.cache.hit_ratio must be between 0 and 1 (or 0% and 100%) (got 1.5)",
            "bad/probabilities.yaml:12:41: error: variants.v1.components.pay.error_rate must be between 0 and 1 (or 0% and 100%) (got 150%)",
            "bad/probabilities.yaml:13:45: error: variants.v1.components.kv.hot_key_skew must be >= 0 (got -1)",
        }},
        {"rate_limits", {
            "bad/rate_limits.yaml:9:54: warning: variants.v1.components.gw.rate_limits[0].client: no operation has client 'mobil', so this limit never applies; clients: default, mobile (did you mean 'mobile'?)",
            "bad/rate_limits.yaml:9:72: error: variants.v1.components.gw.rate_limits[1].rps is required (the sustained requests/s allowed)",
        }},
        {"rate_order", {
            "bad/rate_order.yaml:7:12: error: workload.rate[2].at must be after workload.rate[1].at (5min) (got 300s)",
            "bad/rate_order.yaml:8:12: error: workload.rate[3].at must be after workload.rate[2].at (300s) (got 200s)",
            "bad/rate_order.yaml:8:23: error: workload.rate[3].rps must be >= 0 (got -5)",
        }},
        {"replay_missing_file", {
            "bad/replay_missing_file.yaml:4:11: error: workload.replay: file 'no-such-traffic.csv' not found (paths are relative to the study's folder)",
        }},
        {"replay_timestamps_shaped", {
            "bad/replay_timestamps_shaped.yaml:4:22: error: workload.replay_timestamps: file 'requests.csv' not found (paths are relative to the study's folder)",
            "bad/replay_timestamps_shaped.yaml:5:3: error: workload.arrivals does not apply with workload.replay_timestamps (the timestamps are the arrivals)",
            "bad/replay_timestamps_shaped.yaml:6:3: error: workload.diurnal does not apply with workload.replay_timestamps (the timestamps are the arrivals)",
        }},
        {"resilience_keys", {
            "bad/resilience_keys.yaml:8:38: error: variants.v1.components.app.failures needs both mtbf and mttr (mean time between failures and to repair, e.g. {mtbf: 2h, mttr: 5min})",
            "bad/resilience_keys.yaml:8:61: error: variants.v1.components.app.shed_wait must be > 0 (got 0s)",
            "bad/resilience_keys.yaml:9:49: error: variants.v1.components.db.failures.mtbf must be > 0 (got 0s)",
            "bad/resilience_keys.yaml:9:65: error: variants.v1.components.db.failures: unknown key 'mtbr'; known: mtbf, mttr (did you mean 'mtbf'?)",
            "bad/resilience_keys.yaml:10:29: error: variants.v1.components.pay.failures does not apply to kind external; it applies to: load_balancer, api_gateway, service, cache, message_queue, sql_database, nosql_store",
            "bad/resilience_keys.yaml:13:27: error: variants.v1.routes.browse[0].app.retries.max is required (retries after the first attempt, e.g. max: 3)",
            "bad/resilience_keys.yaml:13:51: error: variants.v1.routes.browse[0].app.retries.jitter: unknown jitter 'fully'; known: none, full, equal (did you mean 'full'?)",
            "bad/resilience_keys.yaml:13:70: error: variants.v1.routes.browse[0].app.retries.multiplier must be >= 1 (got 0.5)",
            "bad/resilience_keys.yaml:13:83: error: variants.v1.routes.browse[0].app.retries.budget must be between 0 and 1 (or 0% and 100%) (got 150%)",
            "bad/resilience_keys.yaml:14:26: error: variants.v1.routes.browse[1].db.breaker never opens: set failure_rate or consecutive",
            "bad/resilience_keys.yaml:14:58: error: variants.v1.routes.browse[1].db.bulkhead.max is required (concurrent calls allowed, e.g. max: 20)",
            "bad/resilience_keys.yaml:14:66: error: variants.v1.routes.browse[1].db.bulkhead.queue must be >= 0 (got -1)",
            "bad/resilience_keys.yaml:15:33: error: variants.v1.routes.browse[2].pay.retries.max must be >= 1 (got 0)",
            "bad/resilience_keys.yaml:15:61: error: variants.v1.routes.browse[2].pay.breaker.failure_rate must be > 0 (got 0%) (none turns the failure-rate rule off)",
            "bad/resilience_keys.yaml:15:73: error: variants.v1.routes.browse[2].pay.breaker.window must be > 0 (got 0s)",
            "bad/resilience_keys.yaml:15:85: error: variants.v1.routes.browse[2].pay.breaker.probes must be >= 1 (got 0)",
            "bad/resilience_keys.yaml:15:94: error: variants.v1.routes.browse[2].pay.breaker.open: expected a number at the start of duration 'soon'",
        }},
        {"route_unknown_component", {
            "bad/route_unknown_component.yaml:12:20: error: variants.v1.routes.browse[1]: unknown component 'ap'; known: lb, app, db (did you mean 'app'?)",
            "bad/route_unknown_component.yaml:12:40: error: variants.v1.routes.browse[2].app.calls[0]: unknown component 'dbb'; known: lb, app, db (did you mean 'db'?)",
        }},
        {"route_unknown_operation", {
            "bad/route_unknown_operation.yaml:10:7: error: variants.v1.routes: unknown operation 'brwose'; known: browse, checkout (did you mean 'browse'?)",
        }},
        {"run_settings", {
            "bad/run_settings.yaml:5:31: error: run.warmup must be shorter than run.duration (300s) (got 300s)",
            "bad/run_settings.yaml:5:43: error: run.seed must be >= 0 (got -1)",
            "bad/run_settings.yaml:5:61: error: run.replications must be >= 1 (got 0)",
            "bad/run_settings.yaml:5:69: error: run.bin must be at most run.duration (300s) (got 10min)",
        }},
        {"run_warmup_default", {
            "bad/run_warmup_default.yaml:7:17: error: run.duration must be longer than run.warmup (default 1min) (got 50s) (set a shorter run.warmup)",
        }},
        {"shares", {
            "bad/shares.yaml:2:19: error: operations.browse.share must be > 0 (got 0)",
            "bad/shares.yaml:3:19: error: operations.search.share must be > 0 (got -1)",
            "bad/shares.yaml:4:21: error: operations.checkout.share must be a number (got 'lots')",
        }},
        {"spikes", {
            "bad/spikes.yaml:6:22: error: workload.spikes[0].for must be > 0 (got 0s)",
            "bad/spikes.yaml:6:34: error: workload.spikes[0].factor must be > 0 (got 0)",
            "bad/spikes.yaml:7:7: error: workload.spikes[1].for is required",
            "bad/spikes.yaml:7:18: error: workload.spikes[1]: unknown key 'duration'; known: at, for, factor, ramp",
        }},
        {"step_fields_by_kind", {
            "bad/step_fields_by_kind.yaml:12:23: error: variants.v1.routes.browse[0].app.read does not apply to kind service; it applies to steps at: sql_database, nosql_store",
            "bad/step_fields_by_kind.yaml:12:34: error: variants.v1.routes.browse[0].app.disk does not apply to kind service; it applies to steps at: sql_database, nosql_store",
            "bad/step_fields_by_kind.yaml:12:53: error: variants.v1.routes.browse[1].db.miss does not apply to kind sql_database; it applies to steps at: cache",
            "bad/step_fields_by_kind.yaml:12:86: error: variants.v1.routes.browse[2].pay.cpu does not apply to kind external; it applies to steps at: load_balancer, api_gateway, service, module, cache, message_queue, sql_database, nosql_store (an external's delay is its latency)",
        }},
        {"step_shape", {
            "bad/step_shape.yaml:11:21: error: variants.v1.routes.browse[1] must be a component name or a one-key map {name: {cpu: 8ms, ...}} (got 2 keys)",
            "bad/step_shape.yaml:11:57: error: variants.v1.routes.browse[2] must be a component name or a one-key map {name: {cpu: 8ms, ...}} (got a list)",
            "bad/step_shape.yaml:12:7: error: variants.v1.routes.search needs at least one step (e.g. [lb, app, db])",
            "bad/step_shape.yaml:13:17: error: variants.v1.routes.checkout must be a list (got 'app')",
        }},
        {"syntax_error", {
            "bad/syntax_error.yaml:3:9: error: invalid YAML: end of map flow not found",
        }},
        {"unknown_component_key", {
            "bad/unknown_component_key.yaml:8:28: error: variants.v1.components.app: unknown key 'thraeds'; known: kind, zones, instances, cores, speed, threads, backlog, shed_wait, failures, autoscale, hourly_price (did you mean 'threads'?)",
            "bad/unknown_component_key.yaml:8:40: error: variants.v1.components.app: unknown key 'colour'; known: kind, zones, instances, cores, speed, threads, backlog, shed_wait, failures, autoscale, hourly_price",
        }},
        {"unknown_kind", {
            "bad/unknown_kind.yaml:9:21: error: variants.monolith.components.cache.kind: unknown kind 'cahce'; known: entry, load_balancer, api_gateway, service, module, cache, message_queue, sql_database, nosql_store, external (did you mean 'cache'?)",
        }},
        {"unknown_top_key", {
            "bad/unknown_top_key.yaml: error: variants is required (e.g. variants: {v1: {components: {app: {kind: service}}, routes: {browse: [app]}}})",
            "bad/unknown_top_key.yaml:5:1: error: unknown key 'varients'; known: name, description, operations, workload, faults, slo, run, network, variants, pricing, business (did you mean 'variants'?)",
        }},
        {"unknown_zone", {
            "bad/unknown_zone.yaml:6:29: error: faults[0].zone_outage: unknown zone 'eu-1c'; known: eu-1a, eu-1b (did you mean 'eu-1a'?)",
            "bad/unknown_zone.yaml:14:64: error: variants.v1.components.app.zones[2]: unknown zone 'eu-2a'; known: eu-1a, eu-1b (did you mean 'eu-1a'?)",
        }},
        {"workload_sources", {
            "bad/workload_sources.yaml:4:13: error: workload.arrivals: unknown arrivals 'poison'; known: poisson, deterministic (did you mean 'poisson'?)",
            "bad/workload_sources.yaml:6:3: error: workload.replay cannot be combined with workload.rate; keep one traffic source",
            "bad/workload_sources.yaml:6:11: error: workload.replay: file 'traffic.csv' not found (paths are relative to the study's folder)",
        }},
        {"wrong_shapes", {
            "bad/wrong_shapes.yaml:1:13: error: operations must be a map such as {browse: {share: 1}} (got a list)",
            "bad/wrong_shapes.yaml:3:9: error: workload.rate must be a list (got a map)",
            "bad/wrong_shapes.yaml:7:35: error: variants.v1.components.app.zones must be a list (got 'eu-1a')",
            "bad/wrong_shapes.yaml:8:11: error: variants.v1.components.db must be a map such as {kind: service, instances: 2} (got a list)",
        }},
        {"autoscale", {
            "bad/autoscale.yaml:8:56: error: variants.v1.components.a1.autoscale tracks one metric: target_cpu or target_queue, not both (keep the one the service saturates on)",
            "bad/autoscale.yaml:9:41: error: variants.v1.components.a2.autoscale: the initial instances (6) must be between min (2) and max (4) (set instances within the autoscaling bounds)",
            "bad/autoscale.yaml:10:27: error: variants.v1.components.a3.autoscale.max is required (the most instances it may launch) (e.g. autoscale: {target_cpu: 60%, min: 2, max: 10})",
            "bad/autoscale.yaml:11:27: error: variants.v1.components.a4.autoscale needs a target (target_cpu or target_queue) or a schedule (e.g. autoscale: {target_cpu: 60%, min: 2, max: 10})",
            "bad/autoscale.yaml:11:52: error: variants.v1.components.a4.autoscale.max must be >= min (3) (got 2)",
            "bad/autoscale.yaml:11:67: error: variants.v1.components.a4.autoscale.target_cpu must be between 0 and 1 (or 0% and 100%) (got 150%)",
            "bad/autoscale.yaml:12:27: error: variants.v1.components.a5.autoscale needs a target (target_cpu or target_queue) or a schedule (e.g. autoscale: {target_cpu: 60%, min: 2, max: 10})",
            "bad/autoscale.yaml:13:64: error: variants.v1.components.a6.autoscale: unknown key 'provison'; known: target_cpu, target_queue, tolerance, min, max, period, scale_out_cooldown, scale_in_cooldown, provision, schedule (did you mean 'provision'?)",
            "bad/autoscale.yaml:13:87: error: variants.v1.components.a6.autoscale.period must be > 0 (got 0s)",
            "bad/autoscale.yaml:14:77: error: variants.v1.components.a7.autoscale.schedule[0].desired must be <= max (4) (got 9)",
            "bad/autoscale.yaml:14:86: error: variants.v1.components.a7.autoscale.schedule[1].at must not be before the previous step (60 s) (list the steps in time order)",
            "bad/autoscale.yaml:14:100: error: variants.v1.components.a7.autoscale.schedule[2] changes nothing (set min, max or desired)",
            "bad/autoscale.yaml:15:25: error: variants.v1.components.c1.autoscale does not apply to kind cache; it applies to: service, sql_database",
            "bad/autoscale.yaml:16:105: error: variants.v1.components.db.hourly_price must be >= 0 (got -1)",
        }},
        {"vertical", {
            "bad/vertical.yaml:8:94: error: variants.v1.components.d1.vertical.sizes has a size (16 cores) bigger than max (8 cores) (raise max or drop the sizes above it)",
            "bad/vertical.yaml:9:64: error: variants.v1.components.d2.vertical.sizes[1] (4 cores x1) must be bigger than the size before it (8 cores x1) (list the sizes smallest first; a size's capacity is cores x speed)",
            "bad/vertical.yaml:10:95: error: variants.v1.components.d3.vertical.restart: duration must be >= 0 (got -30s)",
            "bad/vertical.yaml:11:93: error: variants.v1.components.d4.vertical.schedule[0]: no size of variants.v1.components.d4.vertical.sizes has 32 cores; sizes: 4 cores x1, 8 cores x1 (add the size to sizes)",
            "bad/vertical.yaml:12:90: error: variants.v1.components.d5.vertical.max (4 cores) must be >= the primary's cores (8) (max is the most cores target tracking may give the primary)",
            "bad/vertical.yaml:13:32: error: variants.v1.components.d6.vertical.sizes is required (the sizes the primary may take) (e.g. sizes: [4, 8, 16] (cores), or [{cores: 8, speed: 1.5}])",
            "bad/vertical.yaml:13:60: error: variants.v1.components.d6.vertical: unknown key 'provison'; known: sizes, target_cpu, max, tolerance, period, scale_up_cooldown, scale_down_cooldown, provision, restart, schedule (did you mean 'provision'?)",
            "bad/vertical.yaml:14:32: error: variants.v1.components.d7.vertical needs target_cpu or a schedule (e.g. vertical: {sizes: [4, 8, 16], target_cpu: 60%})",
            "bad/vertical.yaml:15:27: error: variants.v1.components.s1.vertical does not apply to kind service; it applies to: sql_database",
        }},
        {"pricing_business", {
            "bad/pricing_business.yaml:2:29: error: operations.browse.value must be >= 0 (got -5)",
            "bad/pricing_business.yaml:6:30: error: pricing.core_hour.sevice: no machines of kind 'sevice' to price; priced kinds: load_balancer, api_gateway, service, cache, message_queue, sql_database, nosql_store (did you mean 'service'?)",
            "bad/pricing_business.yaml:6:44: error: pricing.core_hour.external: no machines of kind 'external' to price; priced kinds: load_balancer, api_gateway, service, cache, message_queue, sql_database, nosql_store",
            "bad/pricing_business.yaml:7:15: error: pricing.cross_zone must be >= 0 (got -0.01)",
            "bad/pricing_business.yaml:8:3: error: pricing: unknown key 'per_gb'; known: core_hour, cross_zone, cross_region",
            "bad/pricing_business.yaml:10:18: error: business.downtime_cost must be a number (got 'lots')",
            "bad/pricing_business.yaml:11:20: error: business.conversion_loss must be between 0 and 1 (or 0% and 100%) (got 120%)",
            "bad/pricing_business.yaml:12:24: error: business.baseline_latency: duration '400' has no unit; write e.g. 400ms or 400s",
        }},
    };
    return cases;
}

const Call* only(const std::vector<Call>& calls, std::size_t n, std::size_t i)
{
    return calls.size() == n ? &calls[i] : nullptr;
}

} // namespace

class TestStudyReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Diagnostics name files as they were given: read them relative to here.
        QVERIFY(QDir::setCurrent(QStringLiteral(SCALELAB_SCENARIOS_TEST_DIR)));
    }

    void badStudy_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("expected");
        for (const auto& [name, expected] : badCases())
            QTest::newRow(qPrintable(name)) << "bad/" + name + ".yaml" << expected;
    }

    void badStudy()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, expected);
        const LoadResult r = readStudy(file.toStdString());
        QCOMPARE(formatted(r), expected);
        QVERIFY(!r.ok());
        QVERIFY(!r.study);
    }

    void everyBadFileHasARow()
    {
        QStringList files = QDir("bad").entryList({"*.yaml"}, QDir::Files, QDir::Name);
        QStringList rows;
        for (const auto& c : badCases())
            rows << c.first + ".yaml";
        rows.sort();
        QCOMPARE(files, rows);
        QVERIFY(rows.size() >= 25);
    }

    void goodStudyLoads()
    {
        const LoadResult r = readStudy("good/shop.yaml");
        QCOMPARE(formatted(r), QStringList());
        QVERIFY(r.ok());
        const Study& s = *r.study;
        QCOMPARE(s.path, std::string("good/shop.yaml"));
        QCOMPARE(s.name, std::string("shop black friday"));
        QCOMPARE(s.headerComment, std::string("Shop: black friday study.\n"
                                              "Two designs on the same traffic, the same faults and the same SLOs."));
        QCOMPARE(s.operations.size(), std::size_t(3));
        QCOMPARE(s.operations[1].name, std::string("search"));
        QCOMPARE(s.operations[1].share, 0.2);
        QCOMPARE(s.operations[1].clientClass, std::string("mobile"));
        QCOMPARE(s.operations[2].clientClass, std::string("default"));
        QCOMPARE(s.operations[2].mark.line, 9);
        QCOMPARE(s.operations[2].mark.column, 3);

        QCOMPARE(s.workload.rate.size(), std::size_t(3));
        QCOMPARE(s.workload.rate[1].at, 300.0);
        QCOMPARE(s.workload.rate[1].rps, 8000.0);
        QCOMPARE(s.workload.rate[1].ramp, 30.0);
        QCOMPARE(s.workload.spikes.size(), std::size_t(1));
        QCOMPARE(s.workload.spikes[0].duration, 60.0);
        QVERIFY(s.workload.diurnal);
        QCOMPARE(s.workload.diurnal->peakAt, 14 * 3600.0);

        QCOMPARE(s.faults.size(), std::size_t(2));
        QCOMPARE(s.faults[0].kind, Fault::Kind::Kill);
        QCOMPARE(s.faults[0].target, std::string("orders"));
        QCOMPARE(s.faults[0].restart, std::optional<double>(60.0));
        QCOMPARE(s.faults[1].kind, Fault::Kind::ZoneOutage);
        QCOMPARE(s.faults[1].duration, 120.0);
        QCOMPARE(s.slo.p99, std::optional<double>(0.4));
        QCOMPARE(s.slo.availability, std::optional<double>(0.999));
        QCOMPARE(s.run.seed, std::uint64_t(7));
        QCOMPARE(s.run.bin, 5.0);
        QCOMPARE(s.network.zones.size(), std::size_t(3));
        QCOMPARE(s.network.zones[2].region, std::string("us"));
        QCOMPARE(s.network.zoneLatency, 250e-6);
        QCOMPARE(s.network.crossZoneBandwidth, 6.25e8);

        QCOMPARE(s.variants.size(), std::size_t(2));
        const Variant& mono = s.variants[0];
        QCOMPARE(mono.components.size(), std::size_t(6));
        QCOMPARE(mono.components[0].kind, ComponentKind::Entry);
        const Component* lb = mono.find("lb");
        QVERIFY(lb);
        QCOMPARE(lb->policy, LbPolicy::Weighted);
        QCOMPARE(lb->weights, (std::vector<double>{3, 1}));
        QCOMPARE(lb->healthInterval, 2.0);
        QCOMPARE(lb->mark.line, 29);
        QCOMPARE(lb->mark.column, 7);
        QCOMPARE(mono.find("orders")->host, std::string("app"));
        QCOMPARE(mono.find("cache")->ttl, std::optional<double>(300.0));
        QCOMPARE(mono.find("db")->diskBandwidth, 5e8);
        const Variant* micro = s.findVariant("microservices");
        QVERIFY(micro);
        QCOMPARE(micro->find("pay")->kind, ComponentKind::External);
        QCOMPARE(micro->find("pay")->latency.kind(), scalelab::sim::Distribution::Kind::Uniform);
        QCOMPARE(micro->find("pay")->errorRate, 0.01);
        QCOMPARE(micro->find("gw")->rateLimits.size(), std::size_t(1));
        QCOMPARE(micro->find("gw")->rateLimits[0].burst, 50.0);

        // browse: [lb, {app: {cpu: lognormal(8ms, cv=0.5)}}, {cache: {miss: [{db: ...}]}}]
        const Call& browse = mono.routes[0].root;
        QCOMPARE(mono.routes[0].operation, std::string("browse"));
        QCOMPARE(browse.target, std::string("lb"));
        const Call* app = only(browse.calls, 1, 0);
        QVERIFY(app);
        QCOMPARE(app->target, std::string("app"));
        QVERIFY(app->cpu);
        QCOMPARE(app->cpu->kind(), scalelab::sim::Distribution::Kind::Lognormal);
        QCOMPARE(app->cpu->cv(), 0.5);
        const Call* cache = only(app->calls, 1, 0);
        QVERIFY(cache);
        const Call* db = only(cache->miss, 1, 0);
        QVERIFY(db);
        QCOMPARE(db->read->mean(), 0.002);
        QCOMPARE(db->disk, 4096.0);
        QVERIFY(db->calls.empty());
        const Call* search = only(mono.routes[1].root.calls, 1, 0);
        QCOMPARE(search->responseBytes, 20000.0);

        // checkout: [gw, {web: {calls: [kv], parallel: [pay, kv]}}, orders, q]
        const Call& checkout = micro->routes[2].root;
        const Call* web = only(checkout.calls, 1, 0);
        QVERIFY(web);
        QCOMPARE(web->calls.size(), std::size_t(2));
        QCOMPARE(web->calls[0].target, std::string("kv"));
        QCOMPARE(web->calls[1].target, std::string("orders"));
        QCOMPARE(web->parallel.size(), std::size_t(2));
        QCOMPARE(web->parallel[1].write->mean(), 0.002);
        QCOMPARE(only(web->calls[1].calls, 1, 0)->target, std::string("q"));
        QCOMPARE(web->mark.line, 55);
        QCOMPARE(web->mark.column, 11);
    }

    void routeListBecomesTree()
    {
        const std::string text = "operations: {op: {}}\n"
                                 "workload: {rate: [{at: 0s, rps: 1}]}\n"
                                 "variants:\n"
                                 "  v: {components: {a: {kind: service}, b: {kind: service}, c: {kind: service},\n"
                                 "                   x: {kind: service}},\n"
                                 "      routes: {op: [a, {b: {calls: [x]}}, c]}}\n";
        const LoadResult r = parseStudy(text, "t.yaml");
        QCOMPARE(formatted(r), QStringList());
        const Call& a = r.study->variants[0].routes[0].root;
        QCOMPARE(a.target, std::string("a"));
        QCOMPARE(a.calls.size(), std::size_t(1));
        const Call& b = a.calls[0];
        QCOMPARE(b.target, std::string("b"));
        // b's own calls first, then the next step of the list.
        QCOMPARE(b.calls.size(), std::size_t(2));
        QCOMPARE(b.calls[0].target, std::string("x"));
        QCOMPARE(b.calls[1].target, std::string("c"));
        QVERIFY(b.calls[1].calls.empty());
        QCOMPARE(r.study->operations[0].share, 1.0);
    }

    void commaInFlowMapIsRejoined_data()
    {
        QTest::addColumn<QString>("step");
        QTest::addColumn<double>("cv");
        QTest::newRow("unquoted") << "{s: {cpu: lognormal(8ms, cv=0.5), timeout: 1s}}" << 0.5;
        QTest::newRow("no space") << "{s: {cpu: gamma(8ms,cv=2), timeout: 1s}}" << 2.0;
        QTest::newRow("quoted") << "{s: {cpu: \"lognormal(8ms, cv=0.25)\", timeout: 1s}}" << 0.25;
        QTest::newRow("over two lines") << "{s: {cpu: lognormal(8ms,\n      cv=0.75), timeout: 1s}}" << 0.75;
    }

    void commaInFlowMapIsRejoined()
    {
        QFETCH(QString, step);
        QFETCH(double, cv);
        const std::string text = "operations: {op: {}}\nworkload: {rate: [{at: 0s, rps: 1}]}\n"
                                 "variants: {v: {components: {s: {kind: service}}, routes: {op: [" +
                                 step.toStdString() + "]}}}\n";
        const LoadResult r = parseStudy(text, "t.yaml");
        QCOMPARE(formatted(r), QStringList());
        const Call& s = r.study->variants[0].routes[0].root;
        QCOMPARE(s.cpu->mean(), 0.008);
        QCOMPARE(s.cpu->cv(), cv);
        QCOMPARE(s.timeout, std::optional<double>(1.0));
    }

    void diagnosticFields()
    {
        const LoadResult r = readStudy("bad/unknown_kind.yaml");
        QCOMPARE(r.diagnostics.size(), std::size_t(1));
        const Diagnostic& d = r.diagnostics[0];
        QCOMPARE(d.file, std::string("bad/unknown_kind.yaml"));
        QCOMPARE(d.line, 9);
        QCOMPARE(d.column, 21);
        QCOMPARE(d.severity, Diagnostic::Severity::Error);
        QCOMPARE(d.path, std::string("variants.monolith.components.cache.kind"));
        QCOMPARE(d.hint, std::string("did you mean 'cache'?"));
    }

    void warningsDoNotBlock()
    {
        const std::string text = "operations: {op: {}}\nworkload: {rate: [{at: 0s, rps: 1}]}\n"
                                 "faults: [{at: 10s, kill: db}]\n"
                                 "variants:\n"
                                 "  a: {components: {s: {kind: service}}, routes: {op: [s]}}\n"
                                 "  b: {components: {s: {kind: service}, db: {kind: sql_database}}, routes: {op: [s, db]}}\n";
        const LoadResult r = parseStudy(text, "w.yaml");
        QCOMPARE(formatted(r), QStringList{"w.yaml:3:26: warning: faults[0].kill: variant 'a' has no component 'db'; "
                                           "the fault does nothing there"});
        QVERIFY(r.ok());
        QCOMPARE(r.study->faults[0].target, std::string("db"));
    }

    void parseStudyDoesNotTouchFiles()
    {
        const std::string text = "operations: {op: {}}\nworkload: {replay: no-such.csv}\n"
                                 "variants: {v: {components: {s: {kind: service}}, routes: {op: [s]}}}\n";
        const LoadResult r = parseStudy(text, "shop.yaml");
        QCOMPARE(formatted(r), QStringList());
        QCOMPARE(r.study->path, std::string("shop.yaml"));
        QCOMPARE(r.study->workload.replay, std::string("no-such.csv"));
    }

    void replayFileNextToTheStudy()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile csv(dir.filePath("traffic.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("0,100\n");
        csv.close();
        QFile study(dir.filePath("study.yaml"));
        QVERIFY(study.open(QIODevice::WriteOnly));
        study.write("operations: {op: {}}\nworkload: {replay: traffic.csv}\n"
                    "variants: {v: {components: {s: {kind: service}}, routes: {op: [s]}}}\n");
        study.close();
        const LoadResult r = readStudy(dir.filePath("study.yaml").toStdString());
        QCOMPARE(formatted(r), QStringList());
    }

    void unreadableFile()
    {
        const LoadResult r = readStudy("bad/no-such-file.yaml");
        QCOMPARE(formatted(r),
                 QStringList{"bad/no-such-file.yaml: error: cannot read the study: No such file or directory"});
        QVERIFY(!r.ok());
    }

    void neverThrows_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("tab") << QByteArray("\t");
        QTest::newRow("open brace") << QByteArray("{");
        QTest::newRow("scalar") << QByteArray("just words");
        QTest::newRow("deep nesting") << QByteArray(5000, '[');
        QTest::newRow("unknown alias") << QByteArray("operations: *nowhere\n");
        QTest::newRow("alias loop") << QByteArray("a: &x [*x]\n");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01operations", 14);
        QTest::newRow("map as key") << QByteArray("{a: 1}: 2\n");
        QTest::newRow("list as key") << QByteArray("operations: {[a]: 1}\n");
        QTest::newRow("null everywhere")
            << QByteArray("operations: {op: }\nworkload: {rate: [~]}\nvariants: {v: {components: {s: },"
                          " routes: {op: [~, {s: ~}]}}}\nfaults: [~]\nslo:\nrun:\nnetwork: {zones: {z: ~}}\n");
        QTest::newRow("tagged") << QByteArray("operations: !!map {op: !!str {}}\nworkload: !custom 3\n");
        QTest::newRow("second document") << QByteArray("name: a\n---\nname: b\n");
    }

    void neverThrows()
    {
        QFETCH(QByteArray, text);
        LoadResult r;
        try {
            r = parseStudy(text.toStdString(), "x.yaml");
        } catch (...) {
            QFAIL("parseStudy threw");
        }
        QVERIFY(!r.ok());
        QVERIFY(!r.diagnostics.empty());
        for (const auto& d : r.diagnostics)
            QVERIFY2(d.format().rfind("x.yaml", 0) == 0, d.format().c_str());
    }

    void knownKeysAndKinds()
    {
        const auto study = knownKeys("study");
        QCOMPARE(study.front(), std::string("name"));
        QCOMPARE(study.size(), std::size_t(11));
        QVERIFY(knownKeys("nothing").empty());
        QCOMPARE(kindsForComponentKey("hit_ratio"), std::vector<ComponentKind>{ComponentKind::Cache});
        QCOMPARE(kindsForComponentKey("kind").size(), std::size_t(10));
        QVERIFY(kindsForComponentKey("colour").empty());
        QCOMPARE(kindsForStepKey("read"),
                 (std::vector<ComponentKind>{ComponentKind::SqlDatabase, ComponentKind::NosqlStore}));
        QCOMPARE(kindsForStepKey("miss"), std::vector<ComponentKind>{ComponentKind::Cache});
    }
};

QTEST_GUILESS_MAIN(TestStudyReader)
#include "tst_studyreader.moc"
