#include "scenarios/validator.h"

#include "fieldvalues.h"

#include "scenarios/faulttype.h"
#include "scenarios/fieldtext.h"
#include "scenarios/parity.h"
#include "scenarios/quantities.h"
#include "scenarios/studyfields.h"
#include "scenarios/sweep.h"

#include "models/kinds/kind.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace scalelab::scenarios {

namespace {

using models::FieldInfo;
using models::FieldType;
using Severity = Diagnostic::Severity;
using Kind = ComponentKind;
using detail::defaultsOf;
using detail::differs;

std::string child(const std::string& path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item(const std::string& path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates)
{
    const std::string m = closestMatch(word, candidates);
    return m.empty() ? std::string() : "did you mean '" + m + "'?";
}

std::string kindList(unsigned mask)
{
    std::vector<std::string> names;
    for (Kind k : models::kindsIn(mask))
        names.emplace_back(kindName(k));
    return joinChoices(names);
}

// Each call of a route as written, with its document path: [a, b, c] is
// a -> b -> c, and the calls a step makes before the next step of the list are
// its own (a step's last call is the next step).
template <typename C, typename F> void walkCall(C& c, const std::string& path, std::size_t own, F& f)
{
    f(c, path);
    const std::string at = path + "." + c.target;
    for (std::size_t i = 0; i < own; ++i)
        walkCall(c.calls[i], item(at + ".calls", i), c.calls[i].calls.size(), f);
    for (std::size_t i = 0; i < c.parallel.size(); ++i)
        walkCall(c.parallel[i], item(at + ".parallel", i), c.parallel[i].calls.size(), f);
    for (std::size_t i = 0; i < c.miss.size(); ++i)
        walkCall(c.miss[i], item(at + ".miss", i), c.miss[i].calls.size(), f);
    for (std::size_t i = 0; i < c.then.size(); ++i)
        walkCall(c.then[i], item(at + ".then", i), c.then[i].calls.size(), f);
}

template <typename R, typename F> void walkRoute(R& route, const std::string& path, bool useMarks, F&& f)
{
    // As written, the list's last step may make calls of its own; built in
    // code, a route is read back as the writer writes it.
    const std::size_t length = useMarks ? route.length : 0;
    auto* step = &route.root;
    for (std::size_t i = 0;; ++i) {
        const bool end = i + 1 == length;
        const bool last = end || step->calls.empty();
        walkCall(*step, item(path, i), end ? step->calls.size() : last ? 0 : step->calls.size() - 1, f);
        if (last)
            break;
        step = &step->calls.back();
    }
}

/// Where a key was written, as its struct's marks say (nothing for a study built in code).
struct Spot
{
    Mark key;
    Mark value;
    std::string text;
    bool marked = false;

    /// The value as written, or as the writer writes it.
    std::string quote(const std::string& formatted) const { return marked ? text : formatted; }
};

template <typename T> std::string plainText(const FieldInfo& info, T value)
{
    if constexpr (std::is_integral_v<T>)
        return std::to_string(value);
    else
        return fieldText(info, value);
}

class Validator
{
public:
    Validator(const Study& study, std::string file, const std::set<std::string>& reported, bool useMarks)
        : m_study(study), m_file(std::move(file)), m_reported(reported), m_useMarks(useMarks)
    {
    }
    // Keeps a reference to the reported paths: they must outlive it.
    Validator(const Study&, std::string, std::set<std::string>&&, bool) = delete;

    std::vector<Diagnostic> run();

private:
    template <typename Obj> struct RangeVisitor;
    template <typename Obj> struct KindVisitor;

    // A copy: the range pass puts every value out of range back to its default,
    // so that the rules see what a reader that refused the value would have kept.
    Study m_study;
    std::string m_file;
    const std::set<std::string>& m_reported;
    bool m_useMarks;
    std::set<std::string> m_failed; // paths of values out of range
    std::vector<Diagnostic> m_out;

    void report(Severity severity, Mark at, const std::string& path, std::string message, std::string hint = {})
    {
        m_out.push_back(Diagnostic::at(m_file, at.line, at.column, severity, path, std::move(message), std::move(hint)));
    }
    void error(Mark at, const std::string& path, std::string message, std::string hint = {})
    {
        report(Severity::Error, at, path, std::move(message), std::move(hint));
    }
    /// Neither the value at `path` nor anything holding it is known bad.
    bool ok(const std::string& path) const;
    bool reportedUnder(const std::string& path) const;
    Spot spot(const KeyMarks& keys, const std::string& rel) const;
    /// Written in the file, or set away from its default.
    bool given(const KeyMarks& keys, const std::string& rel, bool set) const
    {
        return set || (m_useMarks && keys.count(rel));
    }

    // Ranges.
    template <typename Part, typename Obj>
    void checkRanges(Obj& obj, const KeyMarks& marks, const std::string& path, const std::string& rel);
    template <typename Sub, typename T>
    void checkInto(T& value, const KeyMarks& marks, const std::string& path, const std::string& rel);
    template <typename Sub, typename T>
    void checkNested(const FieldInfo& info, std::optional<T>& value, const KeyMarks& marks, const std::string& path,
                     const std::string& rel);
    template <typename Sub, typename T>
    void checkNested(const FieldInfo& info, std::vector<T>& value, const KeyMarks& marks, const std::string& path,
                     const std::string& rel);
    template <typename Sub, typename T>
    void checkNested(const FieldInfo& info, T& value, const KeyMarks& marks, const std::string& path,
                     const std::string& rel);
    template <typename M>
    void checkValue(const FieldInfo& info, M& value, const M& fallback, const KeyMarks& marks, const std::string& path,
                    const std::string& rel);
    bool within(const FieldInfo& info, double value, const KeyMarks& marks, const std::string& path,
                const std::string& rel, const std::string& formatted);
    void checkAllRanges();

    // Rules.
    void checkRun();
    void checkWorkload();
    void checkVariant(const Variant& v, const std::set<std::string>& clients);
    void checkComponent(const Variant& v, const Component& c, const std::string& path,
                        const std::set<std::string>& clients);
    void mustBeService(const Variant& v, const std::string& vpath, const Spot& at, const std::string& path,
                       const std::string& target, const std::string& role);
    void checkBalancer(const Component& c, const std::string& path);
    void checkAutoscale(const Component& c, const std::string& path);
    void checkHpa(const Component& c, const std::string& path);
    void checkGroups(const Component& c, const std::string& path);
    void checkVertical(const Component& c, const std::string& path);
    /// Scheduled steps in time order; `at(i)` is step i's time.
    template <typename Step>
    void checkStepTimes(const std::vector<Step>& steps, const KeyMarks& keys, const std::string& path,
                        const std::string& rel);
    void checkRoutes(const Variant& v, const std::string& path);
    void checkRoles(const Variant& v, const std::string& path);
    void checkFaults();
    void checkFault(const Fault& f, const FaultParity& parity, const std::string& path);
    void checkCall(const Variant& v, const Call& c, const std::string& path);
    void checkWeights(const Variant& v, const Component& lb, const Call& c);
    void checkFaultTimes();
    void checkSweep();
    /// The component whose machines serve calls to `c` (a module's host), or
    /// nullptr when calls to it run on no machine of the study.
    const Component* machinesOf(const Variant& v, const Component& c) const;
    std::set<std::pair<std::string, std::string>> m_weighed; // (lb path, target) pairs checked
    bool kindless(const std::string& vpath, const std::string& name) const
    {
        return !ok(vpath + ".components." + name + ".kind");
    }
};

/// Checks each described value of one part against its range; a value out
/// of range is reported, then put back to its default.
template <typename Obj> struct Validator::RangeVisitor
{
    Validator& v;
    Obj& obj;
    const KeyMarks& marks;
    const std::string& path;
    const std::string& rel;

    void operator()(const FieldInfo&, Custom) const {}
    template <typename M, typename S> void operator()(const FieldInfo& info, M S::*member) const
    {
        v.checkValue(info, obj.*member, defaultsOf<S>().*member, marks, child(path, info.key),
                     rel + std::string(info.key));
    }
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo& info, M S::*member, Sub) const
    {
        v.checkNested<Sub>(info, obj.*member, marks, child(path, info.key), rel + std::string(info.key));
    }
    template <typename Sub> void operator()(const FieldInfo& info, Group<Sub>) const
    {
        v.checkRanges<Sub>(obj, marks, child(path, info.key), rel + std::string(info.key) + ".");
    }
};

/// A value set on a component (or a call to one) of a kind it does not apply to.
template <typename Obj> struct Validator::KindVisitor
{
    Validator& v;
    const Obj& obj;
    Kind kind;
    const KeyMarks& marks;
    const std::string& path;
    bool step;

    void operator()(const FieldInfo&, Custom) const {}
    template <typename M, typename S> void operator()(const FieldInfo& info, M S::*member) const
    {
        check(info, differs(obj.*member, defaultsOf<S>().*member));
    }
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo& info, M S::*member, Sub) const
    {
        check(info, differs(obj.*member, defaultsOf<S>().*member));
    }
    void check(const FieldInfo& info, bool set) const
    {
        if (!set || (info.kinds & models::kindBit(kind)))
            return;
        const std::string at = child(path, info.key);
        v.error(v.spot(marks, std::string(info.key)).key, at,
                at + " does not apply to kind " + std::string(kindName(kind)) +
                    (step ? "; it applies to steps at: " : "; it applies to: ") + kindList(info.kinds),
                std::string(models::notApplicableHint(kind, info.key, step)));
    }
};

bool Validator::ok(const std::string& path) const
{
    if (m_failed.count(path))
        return false;
    for (std::size_t end = path.size();;) {
        if (m_reported.count(path.substr(0, end)))
            return false;
        const auto cut = path.find_last_of(".[", end == 0 ? 0 : end - 1);
        if (cut == std::string::npos || cut == 0)
            return true;
        end = cut;
    }
}

bool Validator::reportedUnder(const std::string& path) const
{
    const auto from = m_reported.lower_bound(path);
    return from != m_reported.end() && from->compare(0, path.size(), path) == 0;
}

Spot Validator::spot(const KeyMarks& keys, const std::string& rel) const
{
    if (m_useMarks)
        if (const auto it = keys.find(rel); it != keys.end())
            return {it->second.key, it->second.value, it->second.text, true};
    return {};
}

// ---- ranges ------------------------------------------------------------------------

template <typename Part, typename Obj>
void Validator::checkRanges(Obj& obj, const KeyMarks& marks, const std::string& path, const std::string& rel)
{
    Part::fields(RangeVisitor<Obj>{*this, obj, marks, path, rel});
}

template <typename Sub, typename T>
void Validator::checkInto(T& value, const KeyMarks& marks, const std::string& path, const std::string& rel)
{
    if constexpr (requires { value.keyMarks; })
        checkRanges<Sub>(value, value.keyMarks, path, "");
    else
        checkRanges<Sub>(value, marks, path, rel + ".");
}

template <typename Sub, typename T>
void Validator::checkNested(const FieldInfo&, std::optional<T>& value, const KeyMarks& marks, const std::string& path,
                            const std::string& rel)
{
    if (value)
        checkInto<Sub>(*value, marks, path, rel);
}

template <typename Sub, typename T>
void Validator::checkNested(const FieldInfo& info, std::vector<T>& value, const KeyMarks& marks,
                            const std::string& path, const std::string& rel)
{
    for (std::size_t i = 0; i < value.size(); ++i) {
        if constexpr (requires { value[i].name; })
            if (info.type == FieldType::Map) {
                checkInto<Sub>(value[i], marks, path + "." + value[i].name, rel + "." + value[i].name);
                continue;
            }
        checkInto<Sub>(value[i], marks, item(path, i), item(rel, i));
    }
}

template <typename Sub, typename T>
void Validator::checkNested(const FieldInfo&, T& value, const KeyMarks& marks, const std::string& path,
                            const std::string& rel)
{
    checkInto<Sub>(value, marks, path, rel);
}

template <typename M>
void Validator::checkValue(const FieldInfo& info, M& value, const M& fallback, const KeyMarks& marks,
                           const std::string& path, const std::string& rel)
{
    if constexpr (std::is_arithmetic_v<M>) {
        if (!within(info, double(value), marks, path, rel, plainText(info, value)))
            value = fallback;
    } else if constexpr (std::is_same_v<M, std::optional<double>> || std::is_same_v<M, std::optional<int>>) {
        if (value && !within(info, double(*value), marks, path, rel, plainText(info, *value)))
            value = fallback;
    } else if constexpr (std::is_same_v<M, std::vector<double>>) {
        FieldInfo each = info;
        each.type = info.item.value_or(FieldType::Number);
        M kept;
        for (std::size_t i = 0; i < value.size(); ++i)
            if (within(each, value[i], marks, item(path, i), item(rel, i), fieldText(each, value[i])))
                kept.push_back(value[i]);
        value = std::move(kept);
    }
}

bool Validator::within(const FieldInfo& info, double value, const KeyMarks& marks, const std::string& path,
                       const std::string& rel, const std::string& formatted)
{
    if (m_reported.count(path))
        return true; // not read: the reader said why
    const Spot at = spot(marks, rel);
    const std::string problem = rangeError(info, value, at.quote(formatted));
    if (problem.empty())
        return true;
    m_failed.insert(path);
    // A required key's fix is for when it is missing.
    error(at.value, path, path + " " + problem, info.has(models::field::Required) ? std::string() : std::string(info.fix));
    return false;
}

void Validator::checkAllRanges()
{
    KeyMarks none;
    StudyFields::fields(RangeVisitor<Study>{*this, m_study, none, "", ""});
    const FieldInfo price = *models::fieldOf<PricingFields>("core_hour");
    for (auto& [kind, value] : m_study.pricing.coreHour) {
        const std::string key = "core_hour." + std::string(kindName(kind));
        if (!within(price, value, m_study.pricing.keyMarks, "pricing." + key, key, formatNumber(value)))
            value = defaultsOf<models::Pricing>().coreHour.at(kind);
    }
    for (auto& op : m_study.operations)
        checkRanges<OperationFields>(op, op.keyMarks, "operations." + op.name, "");
    for (auto& v : m_study.variants) {
        const std::string vpath = "variants." + v.name;
        for (auto& c : v.components)
            checkRanges<models::ComponentFields>(c, c.keyMarks, vpath + ".components." + c.name, "");
        for (auto& r : v.routes)
            walkRoute(r, vpath + ".routes." + r.operation, m_useMarks, [&](Call& c, const std::string& at) {
                checkRanges<models::CallFields>(c, c.keyMarks, at + "." + c.target, "");
            });
    }
}

// ---- rules -------------------------------------------------------------------------

// A warm-up and a bin that fit in the run, written or not: run would refuse them.
void Validator::checkRun()
{
    const RunSettings& r = m_study.run;
    const RunSettings& d = defaultsOf<RunSettings>();
    if (!ok("run.duration"))
        return;
    const Spot duration = spot(r.keyMarks, "duration");
    const bool durationGiven = given(r.keyMarks, "duration", r.duration != d.duration);
    const std::string durationText = durationGiven ? duration.quote(formatDurationExact(r.duration))
                                                   : "default " + formatDurationExact(r.duration);
    const auto check = [&](const char* key, double value, double def, bool fits, const char* rule, const char* other) {
        const std::string path = "run." + std::string(key);
        if (fits || !ok(path))
            return;
        const Spot at = spot(r.keyMarks, key);
        if (given(r.keyMarks, key, value != def))
            error(at.value, path,
                  path + " must be " + rule + " run.duration (" + durationText + ") (got " +
                      at.quote(formatDurationExact(value)) + ")");
        else
            error(duration.value, "run.duration",
                  std::string("run.duration must be ") + other + " " + path + " (default " +
                      formatDurationExact(value) + ") (got " + durationText + ")",
                  "set a shorter " + path);
    };
    check("warmup", r.warmup, d.warmup, r.warmup < r.duration, "shorter than", "longer than");
    check("bin", r.bin, d.bin, r.bin <= r.duration, "at most", "at least");
}

void Validator::checkWorkload()
{
    if (!ok("workload"))
        return;
    const Workload& w = m_study.workload;
    const KeyMarks& keys = w.keyMarks;
    const std::vector<std::pair<std::string, bool>> sources{
        {"rate", given(keys, "rate", !w.rate.empty())},
        {"replay", given(keys, "replay", !w.replay.empty())},
        {"replay_timestamps", given(keys, "replay_timestamps", !w.replayTimestamps.empty())}};
    std::string first;
    for (const auto& [key, present] : sources) {
        if (!present)
            continue;
        if (!first.empty())
            error(spot(keys, key).key, "workload." + key,
                  "workload." + key + " cannot be combined with workload." + first + "; keep one traffic source");
        else
            first = key;
    }
    if (first.empty())
        error(w.mark, "workload", "workload needs one of rate, replay, replay_timestamps",
              "e.g. rate: [{at: 0s, rps: 100}]");
    if (given(keys, "rate", false) && w.rate.empty() && ok("workload.rate"))
        error(spot(keys, "rate").value, "workload.rate", "workload.rate needs at least one point",
              "e.g. rate: [{at: 0s, rps: 100}]");
    if (given(keys, "replay_timestamps", !w.replayTimestamps.empty())) {
        // Replayed timestamps are the arrivals themselves: nothing shapes them.
        const Workload& d = defaultsOf<Workload>();
        for (const auto& [key, present] : {std::pair<const char*, bool>{"arrivals", w.arrivals != d.arrivals},
                                           {"spikes", !w.spikes.empty()},
                                           {"diurnal", w.diurnal.has_value()}})
            if (given(keys, key, present))
                error(spot(keys, key).key, "workload." + std::string(key),
                      "workload." + std::string(key) +
                          " does not apply with workload.replay_timestamps (the timestamps are the arrivals)");
    }
    std::optional<double> previous;
    std::string previousPath;
    std::string previousText;
    for (std::size_t i = 0; i < w.rate.size(); ++i) {
        const RatePoint& p = w.rate[i];
        const std::string path = item("workload.rate", i) + ".at";
        if (!ok(path))
            continue;
        const std::string text = spot(p.keyMarks, "at").quote(formatDurationExact(p.at));
        if (previous && !(p.at > *previous))
            error(spot(p.keyMarks, "at").value, path,
                  path + " must be after " + previousPath + " (" + previousText + ") (got " + text + ")");
        previous = p.at;
        previousPath = path;
        previousText = text;
    }
}

void Validator::mustBeService(const Variant& v, const std::string& vpath, const Spot& at, const std::string& path,
                              const std::string& target, const std::string& role)
{
    std::vector<std::string> services;
    for (const auto& other : v.components)
        if (other.kind == Kind::Service && !kindless(vpath, other.name))
            services.push_back(other.name);
    const Component* t = v.find(target);
    if (!t)
        error(at.value, path,
              path + ": unknown component '" + target + "'; " +
                  (services.empty() ? "the variant has no service" : "services: " + joinChoices(services)),
              didYouMean(target, services));
    else if (!kindless(vpath, target) && t->kind != Kind::Service)
        error(at.value, path,
              path + ": '" + target + "' is a " + std::string(kindName(t->kind)) + "; " + role + " must be a service");
}

void Validator::checkBalancer(const Component& c, const std::string& path)
{
    const bool policyGiven = given(c.keyMarks, "policy", c.policy != LbPolicy::RoundRobin);
    const bool weightsGiven = given(c.keyMarks, "weights", !c.weights.empty());
    if (c.policy == LbPolicy::Weighted && c.weights.empty() && !weightsGiven)
        error(policyGiven ? spot(c.keyMarks, "policy").value : c.mark, path + ".weights",
              path + ".weights is required with policy weighted", "one weight per target instance, e.g. [3, 1]");
    if (weightsGiven && !c.weights.empty() && c.policy != LbPolicy::Weighted && ok(path + ".policy"))
        error(spot(c.keyMarks, "weights").key, path + ".weights",
              path + ".weights applies to policy weighted only (policy is " + std::string(policyName(c.policy)) + ")");
}

template <typename Step>
void Validator::checkStepTimes(const std::vector<Step>& steps, const KeyMarks& keys, const std::string& path,
                               const std::string& rel)
{
    double last = -1.0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string at = item(path, i) + ".at";
        if (!ok(at))
            continue;
        if (steps[i].at < last)
            error(spot(keys, item(rel, i) + ".at").value, at,
                  at + " must not be before the previous step (" + formatNumber(last) + " s)",
                  "list the steps in time order");
        last = steps[i].at;
    }
}

// Instance groups: named once each, the component's count is theirs, and an
// autoscaler grows one of them.
void Validator::checkGroups(const Component& c, const std::string& path)
{
    const bool scalesGroup = c.autoscale && !c.autoscale->group.empty();
    if (c.groups.empty()) {
        if (scalesGroup)
            error(spot(c.keyMarks, "autoscale.group").value, path + ".autoscale.group",
                  path + ".autoscale.group names a group, but " + c.name + " has no groups",
                  "add groups: [{name: " + c.autoscale->group + ", instances: 2}], or drop autoscale.group");
        return;
    }
    if (given(c.keyMarks, "instances", false))
        error(spot(c.keyMarks, "instances").key, path + ".instances",
              path + ".instances and groups both set: with groups, each group says its instances",
              "drop instances: the component has the groups' instances");
    std::vector<std::string> names;
    for (std::size_t i = 0; i < c.groups.size(); ++i) {
        const std::string& name = c.groups[i].name;
        const std::string rel = item("groups", i) + ".name";
        if (std::find(names.begin(), names.end(), name) != names.end())
            error(spot(c.keyMarks, rel).value, path + "." + rel,
                  path + "." + rel + ": group '" + name + "' is named twice", "give each group its own name");
        names.push_back(name);
    }
    if (scalesGroup && c.scaledGroup() < 0)
        error(spot(c.keyMarks, "autoscale.group").value, path + ".autoscale.group",
              path + ".autoscale.group: unknown group '" + c.autoscale->group + "'; known: " + joinChoices(names),
              didYouMean(c.autoscale->group, names));
}

void Validator::checkAutoscale(const Component& c, const std::string& cpath)
{
    const std::string path = cpath + ".autoscale";
    if (!c.autoscale || !ok(path))
        return;
    models::AutoscaleConfig a = *c.autoscale;
    const bool sql = c.kind == Kind::SqlDatabase;
    if (!sql) {
        // A service keeps at least one instance: min, and a step's min and desired, >= 1.
        FieldInfo floor = *models::fieldOf<models::AutoscaleFields>("min");
        floor.range = models::atLeast(1);
        if (!within(floor, a.min, c.keyMarks, path + ".min", "autoscale.min", std::to_string(a.min)))
            a.min = defaultsOf<models::AutoscaleConfig>().min;
        for (std::size_t i = 0; i < a.schedule.size(); ++i)
            for (auto [key, value] : {std::pair{"min", &a.schedule[i].min}, {"desired", &a.schedule[i].desired}})
                if (*value && !within(floor, **value, c.keyMarks, item(path + ".schedule", i) + "." + key,
                                      item("autoscale.schedule", i) + "." + key, std::to_string(**value)))
                    value->reset();
    }
    const bool cpu = given(c.keyMarks, "autoscale.target_cpu", a.targetCpu.has_value());
    const bool queue = given(c.keyMarks, "autoscale.target_queue", a.targetQueue.has_value());
    if (cpu && queue)
        error(spot(c.keyMarks, "autoscale.target_queue").key, path + ".target_queue",
              path + " tracks one metric: target_cpu or target_queue, not both",
              "keep the one the service saturates on");
    const Spot key = spot(c.keyMarks, "autoscale");
    const Spot max = spot(c.keyMarks, "autoscale.max");
    const bool maxGiven = !m_reported.count(path + ".max");
    if (a.max < a.min)
        error(max.marked ? max.value : key.key, path + ".max",
              path + ".max must be >= min (" + std::to_string(a.min) + ") (got " + std::to_string(a.max) + ")");
    checkStepTimes(a.schedule, c.keyMarks, path + ".schedule", "autoscale.schedule");
    for (std::size_t i = 0; i < a.schedule.size(); ++i) {
        const auto& step = a.schedule[i];
        const std::string spath = item(path + ".schedule", i);
        const std::string srel = item("autoscale.schedule", i);
        if (!ok(spath))
            continue;
        if (!step.min && !step.max && !step.desired)
            error(spot(c.keyMarks, srel).value, spath, spath + " changes nothing", "set min, max or desired");
        const int stepMax = step.max.value_or(a.max);
        for (const auto& [k, value] : {std::pair<const char*, std::optional<int>>{"min", step.min}, {"desired", step.desired}})
            if (value && *value > stepMax && maxGiven)
                error(spot(c.keyMarks, srel + "." + k).value, spath + "." + k,
                      spath + "." + k + " must be <= max (" + std::to_string(stepMax) + ") (got " +
                          std::to_string(*value) + ")");
        if (step.max && *step.max > a.max)
            error(spot(c.keyMarks, srel + ".max").value, spath + ".max",
                  spath + ".max must be <= " + path + ".max (" + std::to_string(a.max) +
                      "), the machines the autoscaler may use (got " + std::to_string(*step.max) + ")");
    }
    if (!a.targetCpu && !a.targetQueue && a.schedule.empty())
        error(key.key, path, path + " needs a target (target_cpu or target_queue) or a schedule",
              "e.g. autoscale: {target_cpu: 60%, min: 2, max: 10}");
    if (maxGiven && a.max >= a.min) {
        const int initial = sql ? c.replicas : models::kindOf(c.kind).scaledCount(c);
        if (initial < a.min || initial > a.max)
            error(key.key, path,
                  path + ": the initial " + (sql ? "replicas" : "instances") + " (" + std::to_string(initial) +
                      ") must be between min (" + std::to_string(a.min) + ") and max (" + std::to_string(a.max) + ")",
                  std::string("set ") + (sql ? "replicas" : "instances") + " within the autoscaling bounds");
    }
    checkHpa(c, path);
}

// The HPA's rules belong to controller hpa, the cooldowns to the other one;
// each policy limits by pods or by percent.
void Validator::checkHpa(const Component& c, const std::string& path)
{
    const models::AutoscaleConfig& a = *c.autoscale;
    const models::AutoscaleConfig& defaults = defaultsOf<models::AutoscaleConfig>();
    if (!ok(path + ".controller"))
        return; // an unknown controller: which keys belong is unknown too
    const bool hpa = a.controller == models::AutoscaleController::Hpa;
    const auto rulesGiven = [&](const char* key, const models::HpaRules& r) {
        return given(c.keyMarks, std::string("autoscale.") + key,
                     r.stabilization || !r.policies.empty() || r.select != models::HpaSelect::Max);
    };
    if (!hpa) {
        for (const auto& [key, rules] : {std::pair{"scale_up", &a.scaleUp}, {"scale_down", &a.scaleDown}})
            if (rulesGiven(key, *rules))
                error(spot(c.keyMarks, std::string("autoscale.") + key).key, path + "." + key,
                      path + "." + key + " applies to controller hpa only (controller is cooldowns)",
                      "add controller: hpa, or drop " + std::string(key));
    } else {
        for (const auto& [key, set] :
             {std::pair{"scale_out_cooldown", a.scaleOutCooldown != defaults.scaleOutCooldown},
              {"scale_in_cooldown", a.scaleInCooldown != defaults.scaleInCooldown}})
            if (given(c.keyMarks, std::string("autoscale.") + key, set))
                error(spot(c.keyMarks, std::string("autoscale.") + key).key, path + "." + key,
                      path + "." + key + " applies to controller cooldowns only (controller is hpa)",
                      "with hpa, scale_up and scale_down set the stabilization windows and rate policies");
    }
    for (const auto& [key, rules] : {std::pair{"scale_up", &a.scaleUp}, {"scale_down", &a.scaleDown}}) {
        const std::string rel = std::string("autoscale.") + key + ".policies";
        for (std::size_t i = 0; i < rules->policies.size(); ++i) {
            const models::HpaPolicy& p = rules->policies[i];
            const std::string at = item(path + "." + key + ".policies", i);
            if (!ok(at))
                continue;
            const bool pods = given(c.keyMarks, item(rel, i) + ".pods", p.pods.has_value());
            const bool share = given(c.keyMarks, item(rel, i) + ".percent", p.percent.has_value());
            if (pods && share)
                error(spot(c.keyMarks, item(rel, i) + ".percent").key, at,
                      at + " limits by pods or by percent, not both", "make it two policies");
            else if (!pods && !share)
                error(spot(c.keyMarks, item(rel, i)).value, at, at + " needs pods or percent",
                      "e.g. {pods: 4, period: 15s} or {percent: 100, period: 15s}");
        }
    }
}

void Validator::checkVertical(const Component& c, const std::string& cpath)
{
    const std::string path = cpath + ".vertical";
    if (!c.vertical || !ok(path))
        return;
    const models::VerticalScaleConfig& v = *c.vertical;
    const Spot max = spot(c.keyMarks, "vertical.max");
    if (v.maxCores && *v.maxCores < c.cores)
        error(max.value, path + ".max",
              path + ".max (" + std::to_string(*v.maxCores) + " cores) must be >= the primary's cores (" +
                  std::to_string(c.cores) + ")",
              "max is the most cores target tracking may give the primary");
    else if (v.maxCores && !reportedUnder(path + ".sizes") && !v.sizes.empty() && v.sizes.back().cores > *v.maxCores)
        error(max.value, path + ".max",
              path + ".sizes has a size (" + std::to_string(v.sizes.back().cores) + " cores) bigger than max (" +
                  std::to_string(*v.maxCores) + " cores)",
              "raise max or drop the sizes above it");
    checkStepTimes(v.schedule, c.keyMarks, path + ".schedule", "vertical.schedule");
    if (!v.targetCpu && !given(c.keyMarks, "vertical.schedule", !v.schedule.empty()))
        error(spot(c.keyMarks, "vertical").key, path, path + " needs target_cpu or a schedule",
              "e.g. vertical: {sizes: [4, 8, 16], target_cpu: 60%}");
}

void Validator::checkComponent(const Variant& v, const Component& c, const std::string& path,
                               const std::set<std::string>& clients)
{
    const std::string vpath = "variants." + v.name;
    if (kindless(vpath, c.name))
        return;
    models::ComponentFields::fields(KindVisitor<Component>{*this, c, c.kind, c.keyMarks, path, false});
    const auto reference = [&](const char* key, const std::string& value, Kind kind, const char* why,
                               const char* role) {
        if (c.kind != kind)
            return;
        if (!value.empty())
            mustBeService(v, vpath, spot(c.keyMarks, key), path + "." + key, value, role);
        else if (!given(c.keyMarks, key, false))
            error(c.mark, path + "." + key, path + "." + key + " is required (" + why + ")");
    };
    reference("host", c.host, Kind::Module, "the service this module runs in", "a module's host");
    reference("consumer", c.consumer, Kind::MessageQueue, "the service that processes the messages", "a consumer");
    const auto& zones = m_study.network.zones;
    if (!zones.empty()) {
        std::vector<std::string> names;
        for (const auto& z : zones)
            names.push_back(z.name);
        for (std::size_t i = 0; i < c.zones.size(); ++i)
            if (std::find(names.begin(), names.end(), c.zones[i]) == names.end()) {
                const std::string at = item(path + ".zones", i);
                error(spot(c.keyMarks, item("zones", i)).value, at,
                      at + ": unknown zone '" + c.zones[i] + "'; known: " + joinChoices(names),
                      didYouMean(c.zones[i], names));
            }
    }
    if (c.kind == Kind::LoadBalancer)
        checkBalancer(c, path);
    checkGroups(c, path);
    checkAutoscale(c, path);
    checkVertical(c, path);
    const models::ComponentConfig::RateLimit unset;
    for (std::size_t i = 0; i < c.rateLimits.size(); ++i) {
        const std::string& client = c.rateLimits[i].clientClass;
        const std::string rel = item("rate_limits", i) + ".client";
        if (!clients.empty() && !clients.count(client) && given(c.keyMarks, rel, client != unset.clientClass)) {
            const std::vector<std::string> known(clients.begin(), clients.end());
            const std::string at = path + "." + rel;
            report(Severity::Warning, spot(c.keyMarks, rel).value, at,
                   at + ": no operation has client '" + client + "', so this limit never applies; clients: " +
                       joinChoices(known),
                   didYouMean(client, known));
        }
    }
}

void Validator::checkCall(const Variant& v, const Call& c, const std::string& path)
{
    if (!ok(path))
        return;
    const std::string at = path + "." + c.target;
    const Component* target = v.find(c.target);
    if (!target && !v.components.empty()) {
        std::vector<std::string> names;
        for (const auto& comp : v.components)
            names.push_back(comp.name);
        error(c.mark, path, path + ": unknown component '" + c.target + "'; known: " + joinChoices(names),
              didYouMean(c.target, names));
    }
    if (target && !kindless("variants." + v.name, c.target)) {
        if (target->kind == Kind::Entry)
            error(c.mark, path,
                  path + ": '" + c.target + "' is the entry, where clients sit; a route lists what they call");
        models::CallFields::fields(KindVisitor<Call>{*this, c, target->kind, c.keyMarks, at, true});
        const FieldInfo miss = *models::fieldOf<models::CallFields>("miss");
        if (!c.miss.empty() && !(miss.kinds & models::kindBit(target->kind)))
            error(spot(c.keyMarks, "miss").key, at + ".miss",
                  at + ".miss does not apply to kind " + std::string(kindName(target->kind)) +
                      "; it applies to steps at: " + kindList(miss.kinds));
        // A pipeline stage's caller has moved on: nobody is left to make its miss calls.
        const std::size_t stage = path.rfind(".then[");
        if (!c.miss.empty() && stage != std::string::npos && path.find('.', stage + 1) == std::string::npos)
            error(spot(c.keyMarks, "miss").key, at + ".miss",
                  at + ".miss: a pipeline stage's cache has no caller waiting to make its miss calls",
                  "put the cache in a stage's calls, whose stage makes the miss calls, or make it read-through");
    }
    if (target && target->kind == Kind::LoadBalancer && !kindless("variants." + v.name, c.target))
        checkWeights(v, *target, c);
    if (c.breaker && !c.breaker->failureRate && !c.breaker->consecutive && ok(at + ".breaker"))
        error(spot(c.keyMarks, "breaker").value, at + ".breaker", at + ".breaker never opens: set failure_rate or consecutive");
}

const Component* Validator::machinesOf(const Variant& v, const Component& c) const
{
    const Component* owner = &c;
    if (!models::kindOf(c.kind).hasMachines())
        owner = c.host.empty() ? nullptr : v.find(c.host);
    if (!owner || kindless("variants." + v.name, owner->name) || !models::kindOf(owner->kind).hasMachines())
        return nullptr;
    return owner;
}

// A weighted balancer has one weight per instance of each component it calls:
// a weight too many never applies, a missing one silently counts as 1.
void Validator::checkWeights(const Variant& v, const Component& lb, const Call& c)
{
    const std::string path = "variants." + v.name + ".components." + lb.name + ".weights";
    if (lb.policy != LbPolicy::Weighted || lb.weights.empty() || !ok(path))
        return;
    const auto check = [&](const Call& callee) {
        const Component* target = v.find(callee.target);
        if (!target || kindless("variants." + v.name, callee.target) || !m_weighed.insert({path, callee.target}).second)
            return;
        const Component* owner = machinesOf(v, *target);
        if (!owner)
            return;
        const models::Kind& kind = models::kindOf(owner->kind);
        const int fixed = kind.instanceCount(*owner);
        const int most = kind.machineCount(*owner);
        const int n = int(lb.weights.size());
        if (owner->autoscale ? n <= most : n == fixed)
            return;
        const std::string whose = owner == target ? callee.target : owner->name + " (" + callee.target + "'s host)";
        const std::string has = owner->autoscale ? "at most " + std::to_string(most) : std::to_string(fixed);
        error(spot(lb.keyMarks, "weights").value, path,
              path + " has " + std::to_string(n) + (n == 1 ? " weight" : " weights") + " for the " + has + " instance" +
                  (owner->autoscale || fixed != 1 ? "s" : "") + " of " + whose + ", which " + lb.name + " balances",
              "one weight per instance of " + owner->name);
    };
    for (const Call& callee : c.calls)
        check(callee);
    for (const Call& callee : c.parallel)
        check(callee);
}

// A fault happens within the run, and a kill kills no more instances than
// each component it hits can have.
void Validator::checkFaultTimes()
{
    const RunSettings& r = m_study.run;
    const bool runOk = ok("run.duration");
    for (std::size_t i = 0; i < m_study.faults.size(); ++i) {
        const Fault& f = m_study.faults[i];
        const std::string path = item("faults", i);
        if (!ok(path))
            continue;
        const Spot at = spot(f.keyMarks, "at");
        const Mark where = at.marked ? at.value : f.mark;
        const std::string atText = at.quote(formatDurationExact(f.at));
        const std::string durationText =
            given(r.keyMarks, "duration", r.duration != defaultsOf<RunSettings>().duration)
                ? spot(r.keyMarks, "duration").quote(formatDurationExact(r.duration))
                : "default " + formatDurationExact(r.duration);
        if (runOk && ok(path + ".at") && f.at >= r.duration) {
            error(where, path + ".at",
                  path + ".at must be before the end of the run, run.duration (" + durationText + ") (got " + atText +
                      ")",
                  "the fault would never happen: move it earlier or make the run longer");
        } else if (runOk && ok(path + ".at") && ok(path + ".for") && f.settings.count("for") &&
                   f.at + f.settings.at("for") > r.duration) {
            const Spot lasting = spot(f.keyMarks, "for");
            report(Severity::Warning, lasting.marked ? lasting.value : f.mark, path + ".for",
                   path + " lasts past the end of the run: at " + atText + " for " +
                       lasting.quote(formatDurationExact(f.settings.at("for"))) + " ends after run.duration (" +
                       durationText + ")",
                   "the run ends with the fault still on");
        }
        // A share (instances: 25%) is at least one and at most all of them.
        if (f.type != "kill" || !f.settings.count("instances") || f.shares.count("instances") ||
            !ok(path + ".instances"))
            continue;
        const int killed = int(f.settings.at("instances"));
        for (const Variant& v : m_study.variants) {
            if (!f.appliesTo(v.name))
                continue;
            for (const std::string& name : roleComponents(v, f.target)) {
                const Component* c = v.find(name);
                if (!c || kindless("variants." + v.name, c->name) || !models::kindOf(c->kind).hasMachines())
                    continue;
                const int most = models::kindOf(c->kind).machineCount(*c);
                if (killed <= most)
                    continue;
                const Spot count = spot(f.keyMarks, "instances");
                error(count.marked ? count.value : f.mark, path + ".instances",
                      path + ".instances must be <= " + std::to_string(most) + ", the " +
                          (c->autoscale ? "most instances " : "instances ") + c->name + " has in variant '" +
                          v.name + "'" + (c->autoscale ? " (autoscale.max)" : "") + " (got " +
                          count.quote(std::to_string(killed)) + ")",
                      "a kill takes instances that exist; a share (instances: 25%) means the same in every variant");
            }
        }
    }
}

void Validator::checkRoutes(const Variant& v, const std::string& vpath)
{
    std::vector<std::string> operations;
    for (const auto& op : m_study.operations)
        operations.push_back(op.name);
    std::set<std::string> routed;
    for (const Route& r : v.routes) {
        const std::string rpath = vpath + ".routes." + r.operation;
        if (!operations.empty() && std::find(operations.begin(), operations.end(), r.operation) == operations.end()) {
            error(r.mark, rpath,
                  vpath + ".routes: unknown operation '" + r.operation + "'; known: " + joinChoices(operations),
                  didYouMean(r.operation, operations));
            continue;
        }
        routed.insert(r.operation);
        if (!ok(rpath))
            continue;
        walkRoute(r, rpath, m_useMarks, [&](const Call& c, const std::string& at) { checkCall(v, c, at); });
    }
    std::vector<std::string> missing;
    for (const auto& op : operations)
        if (!routed.count(op))
            missing.push_back(op);
    if (!missing.empty()) {
        const Spot routes = spot(v.keyMarks, "routes");
        error(routes.marked ? routes.key : v.mark, vpath + ".routes",
              vpath + ".routes: no route for " + joinChoices(missing), "every operation needs a route in every variant");
    }
}

// A variant's roles: the study's, played by its own components.
void Validator::checkRoles(const Variant& v, const std::string& vpath)
{
    std::vector<std::string> roles, names;
    for (const Role& r : m_study.roles)
        roles.push_back(r.name);
    for (const Component& c : v.components)
        names.push_back(c.name);
    for (const RoleMapping& m : v.roles) {
        const std::string path = vpath + ".roles." + m.role;
        if (!ok(path))
            continue;
        if (!m_study.findRole(m.role)) {
            error(m.mark, path,
                  vpath + ".roles: unknown role '" + m.role + "'; " +
                      (roles.empty() ? std::string("the study declares none") : "roles: " + joinChoices(roles)),
                  roles.empty() ? "declare it at the top: roles: {" + m.role + ": what it is}"
                                : didYouMean(m.role, roles));
            continue;
        }
        for (std::size_t i = 0; i < m.components.size(); ++i)
            if (!v.find(m.components[i]))
                error(i < m.componentMarks.size() ? m.componentMarks[i] : m.mark, path,
                      path + ": unknown component '" + m.components[i] + "'; known: " + joinChoices(names),
                      didYouMean(m.components[i], names));
    }
}

// Every fault hits something in every variant it is for, and about the same
// share of its role everywhere (scenarios/parity.h).
void Validator::checkFaults()
{
    if (reportedUnder("faults") || m_study.faults.empty())
        return;
    const std::vector<FaultParity> parity = faultParity(m_study);
    for (std::size_t i = 0; i < m_study.faults.size(); ++i)
        checkFault(m_study.faults[i], parity[i], item("faults", i));
}

void Validator::checkFault(const Fault& f, const FaultParity& parity, const std::string& fpath)
{
    const FaultType& type = faultTypeOf(f);
    const std::string key(type.key());
    const std::string path = fpath + "." + key;
    std::vector<std::string> roles;
    for (const Role& r : m_study.roles)
        roles.push_back(r.name);
    const std::string rolesText =
        roles.empty() ? "declare the parts faults hit as roles (roles: {storefront: what it is}) and map them in "
                        "each variant (roles: {storefront: [app]})"
                      : "name a role (" + joinChoices(roles) + ")";
    const bool pair = namesPair(type.target());
    const bool components = type.target() == FaultTarget::Component || (type.target() == FaultTarget::Pair && !f.zonePair);
    // A component's name means something else in each variant: only a fault
    // for the variants that have it may name one.
    if (components && m_study.variants.size() > 1 && f.only.empty()) {
        bool named = false;
        for (int n = 0; n < (pair ? 2 : 1); ++n) {
            const std::string& name = n == 0 ? f.target : f.peer;
            if (m_study.findRole(name))
                continue;
            named = true;
            std::vector<std::string> having;
            for (const Variant& v : m_study.variants)
                if (v.find(name))
                    having.push_back(v.name);
            const std::string at = pair ? item(path, std::size_t(n)) : path;
            const Spot s = spot(f.keyMarks, pair ? item(key, std::size_t(n)) : key);
            error(s.marked ? s.value : f.mark, at,
                  at + " names component '" + name + "', not a role; in a study of " +
                      std::to_string(m_study.variants.size()) +
                      " variants a fault names a role or a zone, or says which variants it is for",
                  rolesText + ", or add only: [" + (having.empty() ? std::string("...") : having.front()) +
                      "] for a fault meant for one variant");
        }
        if (named)
            return;
    }
    const Spot target = spot(f.keyMarks, key);
    for (const FaultReach& r : parity.variants) {
        if (!r.applies || r.hits() || !ok("variants." + r.variant))
            continue;
        const bool role = m_study.findRole(f.target) != nullptr;
        std::vector<std::string> hitting;
        for (const FaultReach& o : parity.variants)
            if (o.applies && o.hits())
                hitting.push_back(o.variant);
        std::string hint = "map it there: variants." + r.variant + ".roles: {" + f.target + ": [...]}";
        if (!role) {
            std::vector<std::string> names;
            if (const Variant* v = m_study.findVariant(r.variant))
                for (const Component& c : v->components)
                    names.push_back(c.name);
            hint = "components of " + r.variant + ": " + joinChoices(names);
        }
        if (!hitting.empty())
            hint += "; or, for a fault meant for some variants, only: [" + hitting.front() + "]";
        error(target.marked ? target.value : f.mark, path,
              path + ": '" + f.target + (pair ? "~" + f.peer : "") + "' hits nothing in variant '" + r.variant +
                  "' (" + r.nothing + ")",
              hint);
    }
    if (parity.uneven()) {
        const FaultReach* low = nullptr;
        const FaultReach* high = nullptr;
        for (const FaultReach& r : parity.variants) {
            if (!r.applies || !r.share || !r.hits())
                continue;
            if (!low || *r.share < *low->share)
                low = &r;
            if (!high || *r.share > *high->share)
                high = &r;
        }
        const auto pct = [](double x) { return formatPercent(std::round(x * 1000.0) / 1000.0); };
        report(Severity::Warning, f.mark, fpath,
               fpath + " (" + parity.label + ") takes " + pct(*low->share) + " of " + f.target + "'s capacity in '" +
                   low->variant + "' (" + reachText(*low) + ") but " + pct(*high->share) + " in '" + high->variant +
                   "' (" + reachText(*high) + "): " + formatNumber(std::round(*parity.spread * 1000.0) / 10.0) +
                   " points apart, above parity_tolerance " + formatPercent(m_study.parityTolerance),
               f.settings.count("instances") && !f.shares.count("instances")
                   ? "give the size as a share, e.g. instances: " + pct(*low->share) +
                         ", so that it means the same in every variant"
                   : "size what the fault hits alike in the variants, or raise parity_tolerance");
    }
}

void Validator::checkVariant(const Variant& v, const std::set<std::string>& clients)
{
    const std::string vpath = "variants." + v.name;
    if (!ok(vpath))
        return;
    for (const auto& c : v.components)
        checkComponent(v, c, vpath + ".components." + c.name, clients);
    checkRoutes(v, vpath);
    checkRoles(v, vpath);
    std::vector<std::string> names;
    for (const auto& c : v.components)
        names.push_back(c.name);
    for (const Position& p : v.layout)
        if (!v.find(p.component))
            error(p.mark, vpath + ".layout." + p.component,
                  vpath + ".layout: unknown component '" + p.component + "'; known: " + joinChoices(names),
                  didYouMean(p.component, names));
}

void Validator::checkSweep()
{
    if (const auto& until = m_study.run.until; until && ok("run.until") && until->min > until->max)
        error(spot(until->keyMarks, "max").value, "run.until.max",
              "run.until.max must be at least run.until.min (" + std::to_string(until->min) + ") (got " +
                  std::to_string(until->max) + ")");
    if (!m_study.sweep || !ok("sweep"))
        return;
    const Sweep& sweep = *m_study.sweep;
    std::optional<std::size_t> zipLength;
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
        const SweepParameter& p = sweep.parameters[i];
        const std::string path = "sweep.parameters[" + std::to_string(i) + "]";
        if (!ok(path))
            continue;
        const auto problem = sweepParameterProblem(p);
        if (!problem.empty()) {
            error(p.mark, path, path + ": " + problem,
                  "e.g. {set: [" + (p.set.empty() ? std::string("run.seed") : p.set.front()) +
                      "], values: [1, 2]} or {set: [...], from: 2, to: 16, step: 2}");
            continue;
        }
        const std::size_t n = sweepValues(p).size();
        if (sweep.combine == SweepCombine::Zip && zipLength && n != *zipLength)
            error(p.mark, path,
                  path + " has " + std::to_string(n) + " values; combine: zip needs as many as sweep.parameters[0] (" +
                      std::to_string(*zipLength) + ")",
                  "give every parameter as many values, or combine: grid");
        if (!zipLength)
            zipLength = n;
    }
    if (sweep.metrics.empty())
        error(spot(sweep.keyMarks, "metrics").value, "sweep.metrics", "sweep.metrics must name at least one figure",
              "e.g. metrics: [p99, cost_per_million]");
}

std::vector<Diagnostic> Validator::run()
{
    checkAllRanges();
    checkRun();
    checkWorkload();
    std::set<std::string> clients;
    for (const auto& op : m_study.operations)
        clients.insert(op.clientClass);
    for (const auto& v : m_study.variants)
        checkVariant(v, clients);
    checkFaults();
    checkFaultTimes();
    checkSweep();
    sortByPosition(m_out);
    return std::move(m_out);
}

} // namespace

std::vector<Diagnostic> validateStudy(const Study& study, const std::string& file, bool useMarks)
{
    static const std::set<std::string> none;
    return Validator(study, file, none, useMarks).run();
}

namespace detail {

std::vector<Diagnostic> validateRead(const Study& study, const std::string& file, const std::set<std::string>& reported)
{
    return Validator(study, file, reported, true).run();
}

} // namespace detail

} // namespace scalelab::scenarios
