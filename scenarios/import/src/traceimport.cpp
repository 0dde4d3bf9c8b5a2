#include "import/traceimport.h"

#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <set>
#include <unordered_map>

namespace scalelab::import {

namespace {

using scenarios::ComponentKind;
using scenarios::Diagnostic;

bool isCallSpan(SpanKind k) { return k == SpanKind::Client || k == SpanKind::Producer; }
bool isServerSpan(SpanKind k) { return k == SpanKind::Server || k == SpanKind::Consumer; }

std::string attribute(const Span& s, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        const auto it = s.attributes.find(key);
        if (it != s.attributes.end() && !it->second.empty())
            return it->second;
    }
    return {};
}

bool isSqlSystem(const std::string& system)
{
    static const std::set<std::string> sql = {"other_sql", "postgresql", "mysql", "mariadb", "mssql", "oracle",
                                              "db2", "sqlite", "h2", "cockroachdb", "derby", "hsqldb", "informix",
                                              "hanadb", "firebird", "ingres", "sybase", "teradata", "trino",
                                              "clickhouse", "spanner", "cloudsql"};
    return sql.count(system) > 0;
}

bool isWrite(const Span& s)
{
    std::string op = attribute(s, {"db.operation", "db.operation.name"});
    if (op.empty()) {
        const std::string statement = attribute(s, {"db.statement", "db.query.text"});
        op = statement.substr(0, statement.find(' '));
    }
    std::transform(op.begin(), op.end(), op.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    static const std::set<std::string> reads = {"", "SELECT", "GET", "MGET", "FIND", "READ", "QUERY", "SCAN", "HGET",
                                                "HGETALL", "AGGREGATE", "COUNT", "EXISTS"};
    return reads.count(op) == 0;
}

/// The union of intervals' length inside [lo, hi].
double coveredLength(std::vector<std::pair<double, double>> intervals, double lo, double hi)
{
    std::sort(intervals.begin(), intervals.end());
    double covered = 0.0, until = lo;
    for (auto [a, b] : intervals) {
        a = std::max(a, until);
        b = std::min(b, hi);
        if (b > a) {
            covered += b - a;
            until = b;
        }
    }
    return covered;
}

/// One node of an operation's call tree while traces are summed up.
struct Node
{
    std::string target;
    bool leaf = false;
    std::size_t visits = 0;
    std::vector<double> times; // s: own time (a service), the call's time (a leaf)
    std::size_t writes = 0;
    std::size_t multi = 0, overlapping = 0; // visits with two calls or more; of those, with calls at once
    struct Child
    {
        std::unique_ptr<Node> node;
        std::size_t calls = 0, callers = 0;
    };
    std::vector<Child> children;
    Child& child(const std::string& name, bool isLeaf)
    {
        for (Child& c : children)
            if (c.node->target == name && c.node->leaf == isLeaf)
                return c;
        children.push_back({std::make_unique<Node>(), 0, 0});
        children.back().node->target = name;
        children.back().node->leaf = isLeaf;
        return children.back();
    }
};

/// One trace, checked: its spans with times corrected for clock skew (s from the import's origin).
struct CheckedTrace
{
    std::vector<const Span*> spans;
    std::vector<std::vector<int>> children;
    std::vector<double> start, end;
    int root = -1;
};

class Analysis
{
public:
    Analysis(const TraceInput& input, const TraceImportOptions& options) : m_options(options)
    {
        m_model.skipped = input.skipped;
        m_model.diagnostics = input.diagnostics;
        std::unordered_map<std::string, std::vector<const Span*>> byTrace;
        std::vector<std::string> order;
        for (const Span& s : input.spans) {
            auto [it, added] = byTrace.try_emplace(s.traceId);
            if (added)
                order.push_back(s.traceId);
            it->second.push_back(&s);
        }
        for (const std::string& id : order)
            check(byTrace[id]);
    }

    TraceModel run()
    {
        if (m_traces.empty())
            return std::move(m_model);
        double first = m_traces.front().start[std::size_t(m_traces.front().root)];
        double lastStart = first, lastEnd = first;
        for (const CheckedTrace& t : m_traces) {
            first = std::min(first, t.start[std::size_t(t.root)]);
            lastStart = std::max(lastStart, t.start[std::size_t(t.root)]);
            lastEnd = std::max(lastEnd, t.end[std::size_t(t.root)]);
        }
        m_origin = first;
        // The traced period: to the last arrival plus a mean gap between arrivals.
        const double arrivals = lastStart - first;
        const double period = m_traces.size() > 1 ? arrivals * (1.0 + 1.0 / double(m_traces.size() - 1)) : 1.0;
        m_model.period = std::max(period, 1e-3);
        static const double nice[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400};
        m_model.bin = nice[std::size(nice) - 1];
        for (double b : nice)
            if (b >= m_model.period / 30.0) {
                m_model.bin = b;
                break;
            }
        const std::size_t bins = std::max<std::size_t>(1, std::size_t(std::ceil(m_model.period / m_model.bin - 1e-9)));
        m_model.rates.assign(bins, 0.0);
        (void)lastEnd;

        for (const CheckedTrace& t : m_traces)
            walkTrace(t);
        for (double& r : m_model.rates)
            r /= m_model.bin;
        m_model.traces = m_traces.size();
        if (m_gaps > 0)
            m_model.hop = m_gapSum / double(m_gaps) / 2.0;

        for (auto& [name, node] : m_roots) {
            OperationModel& op = operation(name);
            op.root = toCall(*node, 1.0, 1);
        }
        for (ComponentModel& c : m_model.components) {
            if (c.kind == ComponentKind::External) {
                const auto [calls, errors] = m_leafErrors[c.name];
                c.errorRate = calls ? double(errors) / double(calls) : 0.0;
                c.latency = fitTime(m_externalTimes[c.name], m_options);
            }
            const auto& busy = m_busy[c.name];
            for (double b : busy)
                c.busiest = std::max(c.busiest, b / m_model.bin);
            c.cores = std::max(2, int(std::ceil(c.busiest / m_options.targetUtilization)));
        }
        return std::move(m_model);
    }

private:
    void warnOnce(const std::string& reason, const Span& s, const std::string& message, const std::string& hint)
    {
        if (m_model.skipped[reason]++ == 0)
            m_model.diagnostics.push_back(
                Diagnostic::at(s.file, s.line, 0, Diagnostic::Severity::Warning, {}, message, hint));
    }

    void check(const std::vector<const Span*>& spans)
    {
        CheckedTrace t;
        std::unordered_map<std::string, int> index;
        for (const Span* s : spans) {
            if (!index.emplace(s->spanId, int(t.spans.size())).second) {
                m_model.skipped["spans repeating a span id"]++;
                continue;
            }
            t.spans.push_back(s);
        }
        const std::size_t n = t.spans.size();
        t.children.assign(n, {});
        std::vector<int> parent(n, -1);
        for (std::size_t i = 0; i < n; ++i) {
            const Span& s = *t.spans[i];
            if (s.parentId.empty()) {
                if (t.root >= 0) {
                    warnOnce("traces with several root spans", s,
                             "trace " + s.traceId + " has several root spans; trace skipped",
                             "a trace has one root: the request's first span");
                    return;
                }
                t.root = int(i);
                continue;
            }
            const auto it = index.find(s.parentId);
            if (it == index.end()) {
                warnOnce("traces with a span whose parent is missing", s,
                         "span " + s.spanId + " of trace " + s.traceId + " names parent " + s.parentId +
                             ", which is not in the input; trace skipped",
                         "export whole traces (tail sampling keeps traces whole)");
                return;
            }
            parent[i] = it->second;
            t.children[std::size_t(it->second)].push_back(int(i));
        }
        if (t.root < 0) {
            warnOnce("traces without a root span", *t.spans.front(),
                     "trace " + t.spans.front()->traceId + " has no root span (its spans' parents form a cycle); trace skipped",
                     "");
            return;
        }
        for (auto& c : t.children)
            std::sort(c.begin(), c.end(), [&](int a, int b) {
                return t.spans[std::size_t(a)]->start < t.spans[std::size_t(b)]->start;
            });
        // Times relative to the root, corrected down the tree: a server span
        // outside its client span was timed by another clock; move it (and
        // what it calls) to the middle of the client span, as Jaeger does.
        t.start.assign(n, 0.0);
        t.end.assign(n, 0.0);
        const std::int64_t base = t.spans[std::size_t(t.root)]->start;
        std::vector<std::pair<int, double>> stack{{t.root, 0.0}};
        std::size_t seen = 0;
        while (!stack.empty()) {
            const auto [i, shift] = stack.back();
            stack.pop_back();
            ++seen;
            const Span& s = *t.spans[std::size_t(i)];
            double a = double(s.start - base) * 1e-9 + shift, b = double(s.end - base) * 1e-9 + shift;
            double moved = shift;
            const int p = parent[std::size_t(i)];
            if (p >= 0 && isServerSpan(s.kind) && isCallSpan(t.spans[std::size_t(p)]->kind) &&
                s.service != t.spans[std::size_t(p)]->service) {
                const double pa = t.start[std::size_t(p)], pb = t.end[std::size_t(p)];
                if (b - a > pb - pa + 1e-6) {
                    warnOnce("traces with a server span longer than its client span", s,
                             "span " + s.spanId + " of " + s.service + " lasts longer than the call that made it; "
                                                                     "trace skipped",
                             "the two hosts' clocks run at different rates");
                    return;
                }
                if (a < pa - 1e-9 || b > pb + 1e-9) {
                    const double target = pa + ((pb - pa) - (b - a)) / 2.0;
                    moved += target - a;
                    b += target - a;
                    a = target;
                    ++m_model.skewCorrected;
                }
            }
            t.start[std::size_t(i)] = a;
            t.end[std::size_t(i)] = b;
            for (int c : t.children[std::size_t(i)])
                stack.emplace_back(c, moved);
        }
        for (std::size_t i = 0; i < n; ++i) {
            t.start[i] += double(base) * 1e-9;
            t.end[i] += double(base) * 1e-9;
        }
        (void)seen;
        m_traces.push_back(std::move(t));
    }

    OperationModel& operation(const std::string& name)
    {
        for (OperationModel& op : m_model.operations)
            if (op.name == name)
                return op;
        m_model.operations.push_back({});
        m_model.operations.back().name = name;
        return m_model.operations.back();
    }

    ComponentModel& component(const std::string& name, ComponentKind kind, const std::string& system = {})
    {
        for (ComponentModel& c : m_model.components)
            if (c.name == name)
                return c;
        m_model.components.push_back({});
        ComponentModel& c = m_model.components.back();
        c.name = name;
        c.kind = kind;
        c.dbSystem = system;
        m_busy[name].assign(m_model.rates.size(), 0.0);
        return c;
    }

    std::size_t binOf(double t) const
    {
        const double rel = std::max(0.0, t - m_origin);
        return std::min(m_model.rates.size() - 1, std::size_t(rel / m_model.bin));
    }

    void walkTrace(const CheckedTrace& t)
    {
        const Span& root = *t.spans[std::size_t(t.root)];
        const std::string name = root.name.empty() ? "operation" : root.name;
        OperationModel& op = operation(name);
        ++op.count;
        const double start = t.start[std::size_t(t.root)];
        op.starts.push_back(start - m_origin);
        m_model.rates[binOf(start)] += 1.0;
        auto& node = m_roots.try_emplace(name, nullptr).first->second;
        if (!node) {
            node = std::make_unique<Node>();
            node->target = componentName(root.service);
        }
        visit(t, t.root, *node);
    }

    /// The calls a span makes: its client spans and the server spans of other
    /// services under it, looking through its internal spans.
    void callsOf(const CheckedTrace& t, int i, std::vector<int>& out) const
    {
        for (int c : t.children[std::size_t(i)]) {
            const Span& s = *t.spans[std::size_t(c)];
            if (isCallSpan(s.kind) || isServerSpan(s.kind) || s.service != t.spans[std::size_t(i)]->service)
                out.push_back(c);
            else
                callsOf(t, c, out); // internal work of the same service
        }
    }

    void visit(const CheckedTrace& t, int i, Node& node)
    {
        const Span& s = *t.spans[std::size_t(i)];
        component(node.target, ComponentKind::Service);
        ++node.visits;
        std::vector<int> calls;
        callsOf(t, i, calls);
        std::vector<std::pair<double, double>> intervals;
        for (int c : calls)
            intervals.emplace_back(t.start[std::size_t(c)], t.end[std::size_t(c)]);
        const double a = t.start[std::size_t(i)], b = t.end[std::size_t(i)];
        const double own = std::max(0.0, (b - a) - coveredLength(intervals, a, b));
        node.times.push_back(own);
        m_busy[node.target][binOf(a)] += own;
        if (calls.size() >= 2) {
            ++node.multi;
            for (std::size_t k = 1; k < calls.size(); ++k)
                if (t.start[std::size_t(calls[k])] < t.end[std::size_t(calls[k - 1])] - 1e-9) {
                    ++node.overlapping;
                    break;
                }
        }
        std::vector<std::string> made;
        for (int c : calls) {
            const Span& call = *t.spans[std::size_t(c)];
            std::vector<int> servers;
            if (isServerSpan(call.kind) || !isCallSpan(call.kind)) {
                servers.push_back(c); // a server span right under ours: a call without a client span
            } else {
                for (int d : t.children[std::size_t(c)])
                    if (t.spans[std::size_t(d)]->kind != SpanKind::Client)
                        servers.push_back(d);
            }
            if (servers.empty()) {
                const std::string target = leafTarget(call);
                const std::string system = attribute(call, {"db.system", "db.system.name"});
                const ComponentKind kind = system.empty()        ? ComponentKind::External
                                           : isSqlSystem(system) ? ComponentKind::SqlDatabase
                                                                 : ComponentKind::NosqlStore;
                const ComponentModel& leafComponent = component(target, kind, system);
                Node& leaf = *node.child(target, true).node;
                ++leaf.visits;
                const double duration = t.end[std::size_t(c)] - t.start[std::size_t(c)];
                leaf.times.push_back(duration);
                if (leafComponent.kind != ComponentKind::External) {
                    leaf.writes += isWrite(call) ? 1 : 0;
                    m_busy[target][binOf(t.start[std::size_t(c)])] += duration;
                }
                auto& [callsMade, errors] = m_leafErrors[target];
                ++callsMade;
                errors += call.error ? 1 : 0;
                made.push_back(target + "\x01");
                continue;
            }
            for (int d : servers) {
                const Span& server = *t.spans[std::size_t(d)];
                const std::string target = componentName(server.service);
                if (d != c) {
                    m_gapSum += (t.end[std::size_t(c)] - t.start[std::size_t(c)]) -
                                (t.end[std::size_t(d)] - t.start[std::size_t(d)]);
                    ++m_gaps;
                }
                visit(t, d, *node.child(target, false).node);
                made.push_back(target);
            }
        }
        // Calls per target in this visit: how often and how many.
        std::sort(made.begin(), made.end());
        for (std::size_t k = 0; k < made.size();) {
            std::size_t e = k;
            while (e < made.size() && made[e] == made[k])
                ++e;
            const bool isLeaf = made[k].back() == '\x01';
            Node::Child& ch = node.child(isLeaf ? made[k].substr(0, made[k].size() - 1) : made[k], isLeaf);
            ch.calls += e - k;
            ++ch.callers;
            k = e;
        }
        (void)s;
    }

    CallModel toCall(const Node& n, double probability, int repeats)
    {
        CallModel m;
        m.target = n.target;
        m.probability = probability;
        m.repeats = repeats;
        m.visits = n.visits;
        m.parallel = n.multi > 0 && n.overlapping * 2 > n.multi;
        std::vector<double> times = n.times;
        const ComponentModel* c = nullptr;
        for (const ComponentModel& x : m_model.components)
            if (x.name == n.target)
                c = &x;
        if (n.leaf && c && c->kind != ComponentKind::External) {
            // The database's own time: the network both ways is the model's.
            for (double& v : times)
                v = std::max(0.0, v - 2.0 * m_model.hop);
            m.write = n.writes * 2 > n.visits;
        }
        if (n.leaf && c && c->kind == ComponentKind::External) {
            auto& all = m_externalTimes[n.target];
            all.insert(all.end(), times.begin(), times.end());
        }
        m.time = fitTime(times, m_options);
        for (const Node::Child& ch : n.children) {
            const double p = n.visits ? double(ch.callers) / double(n.visits) : 0.0;
            const int k = std::max(1, int(std::lround(ch.callers ? double(ch.calls) / double(ch.callers) : 1.0)));
            m.calls.push_back(toCall(*ch.node, std::min(1.0, p), k));
        }
        return m;
    }

    const TraceImportOptions& m_options;
    TraceModel m_model;
    std::vector<CheckedTrace> m_traces;
    std::map<std::string, std::unique_ptr<Node>> m_roots;
    std::map<std::string, std::vector<double>> m_externalTimes;
    std::map<std::string, std::vector<double>> m_busy;
    std::map<std::string, std::pair<std::size_t, std::size_t>> m_leafErrors;
    double m_origin = 0.0;
    double m_gapSum = 0.0;
    std::size_t m_gaps = 0;
};

double lognormalCdf(double x, double mean, double cv)
{
    if (x <= 0)
        return 0.0;
    const double s2 = std::log1p(cv * cv), mu = std::log(mean) - s2 / 2.0;
    return 0.5 * std::erfc(-(std::log(x) - mu) / std::sqrt(2.0 * s2));
}

double gammaCdf(double x, double mean, double cv)
{
    if (x <= 0)
        return 0.0;
    const double shape = 1.0 / (cv * cv), scale = mean * cv * cv;
    return boost::math::gamma_p(shape, x / scale);
}

/// Kolmogorov-Smirnov distance between sorted samples and a CDF, evaluated
/// at each distinct sample (ties counted together) on both sides of its step.
template <typename Cdf> double ksDistance(const std::vector<double>& sorted, Cdf cdf)
{
    double d = 0.0;
    const double n = double(sorted.size());
    for (std::size_t lo = 0; lo < sorted.size();) {
        std::size_t hi = lo;
        while (hi < sorted.size() && sorted[hi] == sorted[lo])
            ++hi;
        const double f = cdf(sorted[lo]);
        d = std::max({d, std::abs(f - double(hi) / n), std::abs(cdf.below(sorted[lo]) - double(lo) / n)});
        lo = hi;
    }
    return d;
}

/// A continuous CDF: no mass at a point.
template <typename F> struct Continuous
{
    F f;
    double operator()(double x) const { return f(x); }
    double below(double x) const { return f(x); }
};
template <typename F> Continuous(F) -> Continuous<F>;

} // namespace

FittedTime fitTime(std::vector<double> samples, const TraceImportOptions& options)
{
    FittedTime fit;
    fit.samples = samples.size();
    if (samples.empty()) {
        fit.method = "constant";
        fit.distribution = sim::Distribution::constant(0.0);
        return fit;
    }
    std::sort(samples.begin(), samples.end());
    // Microsecond resolution: what the traces' own precision allows, and short text.
    for (double& v : samples)
        v = std::round(v * 1e6) / 1e6;
    const double n = double(samples.size());
    const double mean = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
    double var = 0.0;
    for (double v : samples)
        var += (v - mean) * (v - mean);
    var = samples.size() > 1 ? var / (n - 1.0) : 0.0;
    fit.mean = mean;
    if (samples.front() == samples.back() || mean <= 0.0) {
        fit.method = "constant";
        fit.distribution = sim::Distribution::constant(std::round(mean * 1e9) / 1e9);
        return fit;
    }
    if (samples.size() >= options.empiricalMin) {
        // Quantiles at the middle of equal shares: each stands for 1/k of the observations.
        const std::size_t k = std::min(samples.size(), options.empiricalPoints);
        std::vector<double> points;
        for (std::size_t i = 0; i < k; ++i) {
            const double pos = (double(i) + 0.5) / double(k) * (n - 1.0);
            const auto lo = std::size_t(std::floor(pos));
            const std::size_t hi = std::min(lo + 1, samples.size() - 1);
            points.push_back(std::round((samples[lo] + (pos - double(lo)) * (samples[hi] - samples[lo])) * 1e6) / 1e6);
        }
        fit.method = "empirical";
        // The quantiles' own step CDF, its value at and just below x.
        struct Steps
        {
            const std::vector<double>& p;
            double operator()(double x) const
            {
                return double(std::upper_bound(p.begin(), p.end(), x) - p.begin()) / double(p.size());
            }
            double below(double x) const
            {
                return double(std::lower_bound(p.begin(), p.end(), x) - p.begin()) / double(p.size());
            }
        };
        fit.ks = ksDistance(samples, Steps{points});
        fit.distribution = sim::Distribution::empiricalSamples(std::move(points));
        return fit;
    }
    const double cv = std::sqrt(var) / mean;
    const double ln = ksDistance(samples, Continuous{[&](double x) { return lognormalCdf(x, mean, cv); }});
    const double ga = ksDistance(samples, Continuous{[&](double x) { return gammaCdf(x, mean, cv); }});
    const double roundedMean = std::round(mean * 1e6) / 1e6, roundedCv = std::round(cv * 1000.0) / 1000.0;
    if (ln <= ga) {
        fit.method = "lognormal";
        fit.ks = ln;
        fit.distribution = sim::Distribution::lognormal(roundedMean, roundedCv);
    } else {
        fit.method = "gamma";
        fit.ks = ga;
        fit.distribution = sim::Distribution::gamma(roundedMean, roundedCv);
    }
    return fit;
}

TraceModel analyzeTraces(const TraceInput& input, const TraceImportOptions& options)
{
    Analysis analysis(input, options);
    TraceModel model = analysis.run();
    return model;
}

} // namespace scalelab::import

namespace scalelab::import {

namespace {

std::string fitText(const FittedTime& f)
{
    char text[160];
    if (f.method == "empirical")
        std::snprintf(text, sizeof text, "empirical (%zu samples, KS of its quantiles %.3f)", f.samples, f.ks);
    else if (f.method == "constant")
        std::snprintf(text, sizeof text, "constant (%zu samples)", f.samples);
    else
        std::snprintf(text, sizeof text, "%s fitted (%zu samples, KS %.3f)", f.method.c_str(), f.samples, f.ks);
    return text;
}

scenarios::Call toStep(const CallModel& m, const TraceModel& model, const std::string& path, std::string& fits)
{
    scenarios::Call call;
    call.target = m.target;
    call.probability = m.probability >= 0.995 ? 1.0 : std::round(m.probability * 1000.0) / 1000.0;
    const ComponentModel* c = nullptr;
    for (const ComponentModel& x : model.components)
        if (x.name == m.target)
            c = &x;
    const std::string here = path.empty() ? m.target : path + " > " + m.target;
    if (c && (c->kind == ComponentKind::SqlDatabase || c->kind == ComponentKind::NosqlStore)) {
        (m.write ? call.write : call.read) = m.time.distribution;
        fits += "  " + here + (m.write ? " write: " : " read: ") + fitText(m.time) + "\n";
    } else if (c && c->kind == ComponentKind::External) {
        // An external's time is its latency, a field of the component.
    } else {
        call.cpu = m.time.distribution;
        fits += "  " + here + " own time: " + fitText(m.time) + "\n";
    }
    std::vector<scenarios::Call>& children = m.parallel ? call.parallel : call.calls;
    for (const CallModel& child : m.calls)
        for (int k = 0; k < child.repeats; ++k)
            children.push_back(toStep(child, model, here, fits));
    return call;
}

} // namespace

scenarios::Study buildStudy(const TraceModel& model, const TraceImportOptions& options)
{
    scenarios::Study study;
    study.name = options.name;
    std::size_t total = 0;
    for (const OperationModel& op : model.operations)
        total += op.count;
    for (const OperationModel& op : model.operations) {
        scenarios::Operation o;
        o.name = op.name;
        o.share = std::round(double(op.count) / double(std::max<std::size_t>(total, 1)) * 1e4) / 1e4;
        if (o.share <= 0.0)
            o.share = 1e-4;
        study.operations.push_back(o);
    }
    // The rate profile: a step per bin where the rate changes.
    for (std::size_t i = 0; i < model.rates.size(); ++i) {
        const double rps = std::round(model.rates[i] * 1000.0) / 1000.0;
        if (!study.workload.rate.empty() && study.workload.rate.back().rps == rps)
            continue;
        scenarios::RatePoint p;
        p.at = double(i) * model.bin;
        p.rps = rps;
        study.workload.rate.push_back(p);
    }
    study.run.duration = std::max(1.0, std::ceil(model.period));
    study.run.warmup = 0.0;
    study.run.replications = 1;
    study.run.bin = std::max(1.0, model.bin);
    if (model.hop > 0.0)
        study.network.zoneLatency = std::round(model.hop * 1e6) / 1e6;

    scenarios::Variant variant;
    variant.name = options.variant;
    variant.description = "as traced";
    for (const ComponentModel& c : model.components) {
        scenarios::Component comp;
        comp.name = c.name;
        comp.kind = c.kind;
        if (c.kind == ComponentKind::Service) {
            comp.cores = c.cores;
            comp.threads = std::max(64, 8 * c.cores);
        } else if (c.kind == ComponentKind::SqlDatabase || c.kind == ComponentKind::NosqlStore) {
            comp.cores = c.cores;
        } else if (c.kind == ComponentKind::External) {
            comp.latency = c.latency.distribution;
            comp.errorRate = std::round(c.errorRate * 1e4) / 1e4;
        }
        variant.components.push_back(comp);
    }
    std::string fits;
    for (const OperationModel& op : model.operations) {
        scenarios::Route route;
        route.operation = op.name;
        fits += op.name + " (" + std::to_string(op.count) + " requests):\n";
        route.root = toStep(op.root, model, {}, fits);
        variant.routes.push_back(std::move(route));
    }
    for (const ComponentModel& c : model.components)
        if (c.kind == ComponentKind::External)
            fits += c.name + " latency: " + fitText(c.latency) + "\n";
    study.variants.push_back(std::move(variant));

    char head[400];
    std::snprintf(head, sizeof head,
                  "Imported from %zu traces over %.1f s by scalelab-cli import traces.\n"
                  "Arrivals: the rate per %g s bin; operation shares as traced.\n"
                  "Network: one hop %.3f ms (half the mean gap between client and server spans).\n"
                  "Services: cores for %.0f%% utilisation in the busiest bin (traces do not say).\n"
                  "Times per call (own time: span minus its calls; KS: Kolmogorov-Smirnov distance):\n",
                  model.traces, model.period, model.bin, model.hop * 1e3, options.targetUtilization * 100.0);
    study.headerComment = head + fits;
    if (!model.skipped.empty()) {
        study.headerComment += "Left out:";
        for (const auto& [reason, count] : model.skipped)
            study.headerComment += " " + std::to_string(count) + " " + reason + ";";
        study.headerComment.back() = '\n';
    }
    while (!study.headerComment.empty() && study.headerComment.back() == '\n')
        study.headerComment.pop_back();
    return study;
}

} // namespace scalelab::import
