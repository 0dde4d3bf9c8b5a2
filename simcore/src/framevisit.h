#pragma once

// The keys of every stream line, once: each visitX() names a line's keys in
// the order they are written, with unit and help. The writer, the reader
// (framejson.cpp) and the field reference (framefields.cpp) are visitors of
// these lists. `X` is const for the writer and the reference, mutable for
// the reader.
//
// A visitor V provides:
//   field(key, value, unit, help[, Presence])  a string, integer, number or boolean member
//   strings(key, list, help)                   an array of strings
//   list(key, items, help, visit[, Presence])  an array of objects, each visited by visit(v, item)
//   group(optional, marker, help, visit)       keys written only when `optional` holds a value;
//                                              the reader takes them when `marker` is there
//   constant(key, text, help)                  a fixed string (the line's type)
//   version(key, number, help)                 the layout's version: read back equal or refused
//   derived(key, number, unit, help)           written from other members, checked on reading

#include "simcore/frame.h"
#include "simcore/framejson.h"

namespace scalelab::sim::detail {

/// When a key is written.
enum class Presence { Always, WhenNotEmpty };

template <class V, class O>
void visitOperation(V& v, O& o)
{
    v.field("name", o.name, "", "the operation (the study's `operations`)");
    v.field("arrivals", o.arrivals, "requests", "requests of this operation that entered during the bin");
    v.field("completions", o.completions, "requests", "of this operation, ended successfully during the bin");
    v.field("errors", o.errors, "requests", "of this operation, ended in an error during the bin");
    v.field("rejections", o.rejections, "requests", "of this operation, refused during the bin");
    v.field("mean_latency", o.meanLatency, "s", "mean end-to-end latency of its successful requests");
    v.field("p50", o.p50, "s", "median latency of its successful requests");
    v.field("p95", o.p95, "s", "95th percentile latency of its successful requests");
    v.field("p99", o.p99, "s", "99th percentile latency of its successful requests");
}

template <class V, class C>
void visitConnection(V& v, C& c)
{
    v.field("caller", c.caller, "", "the calling component; `clients` for a route's first step");
    v.field("target", c.target, "", "the called component");
    v.field("calls", c.calls, "calls", "calls made during the bin, retries included (they add up to `attempts`)");
    v.field("retries", c.retries, "calls", "of those, retries (they add up to `retries`)");
    v.field("errors", c.errors, "calls",
            "calls that ended in an error: the target failed, a timeout, or a call further down failed");
    v.field("rejected", c.rejected, "calls",
            "calls the target refused: a full backlog, a rate limit, load shedding, a full queue");
    v.field("short_circuited", c.shortCircuited, "calls",
            "calls not made: the caller's breaker open or its bulkhead full");
}

template <class V, class S>
void visitStation(V& v, S& s)
{
    v.field("name", s.name, "",
            "the worker pool, `component/instance` (`web/0`); a SQL database's primary is `/0`, its replicas follow");
    v.field("workers", s.workers, "workers", "the pool's size (threads, or connections)");
    v.field("arrivals", s.arrivals, "visits", "visits offered during the bin");
    v.field("started", s.started, "visits", "visits given a worker");
    v.field("completed", s.completed, "visits", "visits finished");
    v.field("rejected", s.rejected, "visits", "visits refused: backlog full");
    v.field("failed", s.failed, "visits", "visits failed: machine down");
    v.field("waited", s.waited, "visits", "visits that queued before starting");
    v.field("wait_sum", s.waitSum, "s", "their total wait");
    v.field("utilization", s.utilization, "fraction",
            "busy cores / cores of the instance's machine, time-averaged over the bin");
    v.field("busy_workers", s.meanBusyWorkers, "workers",
            "workers in use, time-averaged (divide by `workers` for occupancy)");
    v.field("queue", s.meanQueue, "visits", "waiting visits, time-averaged");
    v.field("in_system", s.meanInSystem, "visits", "waiting and in service, time-averaged");
    v.field("up", s.up, "", "the machine is up at `end`");
    v.field("provisioned", s.provisioned, "fraction",
            "share of the bin the instance was provisioned (billed); below 1 only for an autoscaler's instances");
}

template <class V, class B>
void visitBreaker(V& v, B& b)
{
    v.field("caller", b.caller, "", "the component whose breaker it is; `clients` for a route's first step");
    v.field("target", b.target, "", "the component it guards calls to");
    v.field("state", b.state, "", "`closed`, `open` or `half_open` at `end`");
}

template <class V, class G>
void visitGauge(V& v, G& g)
{
    v.field("component", g.component, "", "the component");
    v.field("name", g.name, "", "the gauge (below, by component kind)");
    v.field("value", g.value, "", "its value at `end`; unit by gauge");
}

template <class V, class I>
void visitInstances(V& v, I& c)
{
    v.field("name", c.component, "", "the component: one entry per component with machines (modules and externals have none)");
    v.field("instances", c.serving, "instances", "serving and up");
    v.field("booting", c.booting, "instances", "launched and billed, not serving yet");
    v.field("draining", c.draining, "instances", "scaled in, finishing in-flight work, billed");
    v.field("down", c.down, "instances", "provisioned, machine down");
}

template <class V, class F>
void visitFleet(V& v, F& fleet)
{
    v.field("cost", fleet.cost, "USD",
            "billed since time 0 at `end`: instance-hours and cross-zone traffic (models.md#cost)");
    v.field("cost_rate", fleet.costRate, "USD/h", "billed per hour at `end` (instances)");
    v.list("components", fleet.components, "instances per component at `end`, in file order",
           [](auto& w, auto& c) { visitInstances(w, c); });
}

template <class V, class M>
void visitMetrics(V& v, M& m)
{
    v.field("start", m.start, "s", "the bin's start (it covers (`start`, `end`])");
    v.field("end", m.end, "s", "the bin's end");
    v.field("arrivals", m.arrivals, "requests", "requests that entered during the bin");
    v.field("completions", m.completions, "requests", "requests that ended successfully during the bin");
    v.field("errors", m.errors, "requests",
            "requests that ended in an error during the bin (a machine or link down, a timeout)");
    v.field("rejections", m.rejections, "requests",
            "requests refused during the bin (a full backlog, a rate limit)");
    v.field("in_flight", m.inFlight, "requests", "requests in the system at `end`");
    v.field("attempts", m.attempts, "calls",
            "calls made between components during the bin (the clients' call to the first step included), retries "
            "included");
    v.field("retries", m.retries, "calls",
            "of those, retries; retry amplification = `attempts` / (`attempts` - `retries`)");
    v.field("mean_latency", m.meanLatency, "s",
            "mean end-to-end latency of the bin's successful requests (0 when there were none)");
    v.field("p50", m.p50, "s", "median latency of the bin's successful requests (log-bucketed, within 0.4%)");
    v.field("p95", m.p95, "s", "95th percentile latency of the bin's successful requests");
    v.field("p99", m.p99, "s", "99th percentile latency of the bin's successful requests");
    v.field("p999", m.p999, "s", "99.9th percentile latency of the bin's successful requests");
    v.list("operations", m.operations, "the same per business operation (`p999` excepted), in the study's order",
           [](auto& w, auto& o) { visitOperation(w, o); });
    v.list("connections", m.connections,
           "per connection (an arrow of the routes, plus `queue->consumer`), in the order the routes name them, "
           "zeros included (models.md#traffic-per-connection)",
           [](auto& w, auto& c) { visitConnection(w, c); });
    v.list("stations", m.stations, "one per worker pool", [](auto& w, auto& s) { visitStation(w, s); });
}

template <class V, class F>
void visitFrame(V& v, F& f)
{
    v.constant("type", "frame", "`frame`: one per time bin, after the bin's events");
    v.version("schema_version", kFrameSchemaVersion,
              "the frame's layout; a reader refuses a version it does not know");
    visitMetrics(v, f.metrics);
    v.derived("availability", f.metrics.availability(), "fraction",
              "`completions` / (`completions` + `errors` + `rejections`); 1 when no request ended in the bin");
    v.list("breakers", f.breakers,
           "circuit breakers at `end`; only when the variant has breakers that have seen a call",
           [](auto& w, auto& b) { visitBreaker(w, b); }, Presence::WhenNotEmpty);
    v.list("gauges", f.gauges, "component figures at `end` (below)", [](auto& w, auto& g) { visitGauge(w, g); });
    v.group(f.fleet, "cost", "only when the run knows its fleet (always, from `scalelab-cli run --stream`)",
            [](auto& w, auto& fleet) { visitFleet(w, fleet); });
}

template <class V, class E>
void visitEvent(V& v, E& e)
{
    v.constant("type", "event", "`event`: something that happened, sent before the frame of its bin");
    v.field("time", e.time, "s", "when it happened");
    v.field("kind", e.kind, "", "what happened (below)");
    v.field("subject", e.subject, "", "the machine, link, component or connection concerned (below)");
    v.field("detail", e.detail, "", "a short human text; only when the event has one", Presence::WhenNotEmpty);
}

template <class V, class C>
void visitComponent(V& v, C& c)
{
    v.field("name", c.name, "", "the component");
    v.field("kind", c.kind, "", "its kind (`service`, `cache`...)");
}

template <class V, class S>
void visitStart(V& v, S& s)
{
    v.constant("type", "start", "`start`: the first line");
    v.field("study", s.study, "", "the study's `name`");
    v.field("file", s.file, "", "the path the study was read from");
    v.field("variant", s.variant, "", "the variant being run");
    v.field("duration", s.duration, "s", "the run's length");
    v.field("warmup", s.warmup, "s", "the warm-up left out of the summary");
    v.field("bin", s.bin, "s", "the width of a frame");
    v.field("seed", s.seed, "", "the random streams' key");
    v.field("replication", s.replication, "", "the replication (always 0)");
    v.strings("operations", s.operations, "the study's operations, in order");
    v.list("components", s.components, "the variant's components, in file order",
           [](auto& w, auto& c) { visitComponent(w, c); });
}

template <class V, class S>
void visitSummaryEnvelope(V& v, S& s)
{
    v.constant("type", "summary", "`summary`: the last line");
    v.field("stopped", s.stopped, "",
            "true when the run ended early (a `stop` command, or the end of stdin while paused)");
    v.field("end", s.end, "s", "simulated time reached; the summary covers (`warmup`, `end`]");
}

template <class V, class E>
void visitError(V& v, E& e)
{
    v.constant("type", "error", "`error`: may come at any point; a fatal one is the last line");
    v.field("message", e.message, "", "what went wrong (also on stderr when fatal)");
    v.field("fatal", e.fatal, "", "the run could not start or go on (`false`: a command on stdin was not understood)");
}

} // namespace scalelab::sim::detail
