#include "scenarios/studyreader.h"

#include "scenarios/quantities.h"

#include "faults/faultentry.h"
#include "simcore/units.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace scalelab::scenarios {

namespace {

using YAML::Node;
using Severity = Diagnostic::Severity;
using Kind = ComponentKind;

constexpr unsigned bit(Kind k) { return 1u << static_cast<unsigned>(k); }

constexpr unsigned kAllKinds = (1u << 10) - 1;
constexpr unsigned kEntry = bit(Kind::Entry);
constexpr unsigned kLb = bit(Kind::LoadBalancer);
constexpr unsigned kGateway = bit(Kind::ApiGateway);
constexpr unsigned kService = bit(Kind::Service);
constexpr unsigned kModule = bit(Kind::Module);
constexpr unsigned kCache = bit(Kind::Cache);
constexpr unsigned kQueue = bit(Kind::MessageQueue);
constexpr unsigned kSql = bit(Kind::SqlDatabase);
constexpr unsigned kNosql = bit(Kind::NosqlStore);
constexpr unsigned kExternal = bit(Kind::External);
// As models::System builds them (docs/models.md): kinds with machines of their
// own; of those, the ones with a worker pool; and the ones whose instance count
// is `instances` (a database derives it from replicas, or shards x replication).
constexpr unsigned kMachines = kLb | kGateway | kService | kCache | kQueue | kSql | kNosql;
constexpr unsigned kCounted = kLb | kGateway | kService | kCache | kQueue;
constexpr unsigned kPools = kGateway | kService | kCache | kSql | kNosql;

struct KeySpec
{
    std::string_view name;
    unsigned kinds;
};

// In the order the writer writes them (and docs/format.md lists them).
constexpr std::array<KeySpec, 39> kComponentKeys{{
    {"kind", kAllKinds},
    {"zones", kMachines | kEntry},
    {"instances", kCounted},
    {"cores", kMachines},
    {"speed", kMachines},
    {"threads", kPools & ~kSql}, // a database's pool is its worker pool
    {"backlog", kPools},
    {"shed_wait", kPools},
    {"policy", kLb},
    {"weights", kLb},
    {"connection_limit", kLb},
    {"overhead", kLb},
    {"health_interval", kLb},
    {"unhealthy_threshold", kLb | kGateway},
    {"auth_overhead", kGateway},
    {"rate_limits", kGateway},
    {"host", kModule},
    {"hit_ratio", kCache},
    {"zipf", kCache},
    {"keys", kCache | kNosql},
    {"capacity", kCache},
    {"ttl", kCache},
    {"queue_capacity", kQueue},
    {"consumer", kQueue},
    {"concurrency", kQueue},
    {"max_attempts", kQueue},
    {"replicas", kSql},
    {"pool", kSql},
    {"replication_lag", kSql},
    {"disk_bandwidth", kSql | kNosql},
    {"shards", kNosql},
    {"replication_factor", kNosql},
    {"hot_key_skew", kNosql},
    {"latency", kExternal},
    {"error_rate", kExternal},
    {"failures", kMachines},
    {"autoscale", kService | kSql},
    {"hourly_price", kMachines},
    {"vertical", kSql},
}};

constexpr std::array<KeySpec, 13> kStepKeys{{
    {"cpu", kMachines | kModule},
    {"read", kSql | kNosql},
    {"write", kSql | kNosql},
    {"disk", kSql | kNosql},
    {"request", kAllKinds},
    {"response", kAllKinds},
    {"timeout", kAllKinds},
    {"calls", kAllKinds},
    {"parallel", kAllKinds},
    {"miss", kCache},
    {"retries", kAllKinds},
    {"breaker", kAllKinds},
    {"bulkhead", kAllKinds},
}};

const std::map<std::string, std::vector<std::string>, std::less<>>& partKeys()
{
    static const std::map<std::string, std::vector<std::string>, std::less<>> parts = [] {
        std::map<std::string, std::vector<std::string>, std::less<>> p{
            {"study",
             {"name", "description", "operations", "workload", "faults", "slo", "run", "network", "variants",
              "pricing", "business"}},
            {"operation", {"share", "client", "value"}},
            {"workload", {"arrivals", "rate", "spikes", "diurnal", "replay", "replay_timestamps"}},
            {"rate", {"at", "rps", "ramp"}},
            {"spike", {"at", "for", "factor", "ramp"}},
            {"diurnal", {"period", "amplitude", "peak_at"}},
            {"failures", {"mtbf", "mttr"}},
            {"retries", {"max", "backoff", "multiplier", "jitter", "budget"}},
            {"breaker", {"failure_rate", "window", "min_calls", "consecutive", "open", "probes"}},
            {"bulkhead", {"max", "queue"}},
            {"slo", {"p99", "availability"}},
            {"run", {"duration", "warmup", "seed", "replications", "bin"}},
            {"network", {"zones", "latency", "bandwidth"}},
            {"zone", {"region"}},
            {"latency", {"zone", "cross_zone", "cross_region"}},
            {"bandwidth", {"zone", "cross_zone", "cross_region"}},
            {"variant", {"description", "components", "routes", "layout"}},
            {"rate_limit", {"client", "rps", "burst"}},
            {"autoscale",
             {"target_cpu", "target_queue", "tolerance", "min", "max", "period", "scale_out_cooldown",
              "scale_in_cooldown", "provision", "schedule"}},
            {"schedule", {"at", "min", "max", "desired"}},
            {"pricing", {"core_hour", "cross_zone", "cross_region"}},
            {"vertical",
             {"sizes", "target_cpu", "max", "tolerance", "period", "scale_up_cooldown", "scale_down_cooldown",
              "provision", "restart", "schedule"}},
            {"size", {"cores", "speed", "hourly_price"}},
            {"resize", {"at", "cores", "speed"}},
            {"business", {"downtime_cost", "conversion_loss", "baseline_latency"}},
        };
        auto& component = p["component"];
        for (const auto& k : kComponentKeys)
            component.emplace_back(k.name);
        auto& step = p["step"];
        for (const auto& k : kStepKeys)
            step.emplace_back(k.name);
        p["fault"] = faultKeys();
        return p;
    }();
    return parts;
}

const std::vector<std::string>& keysOf(std::string_view part)
{
    return partKeys().find(part)->second;
}

std::vector<Kind> kindsOf(unsigned mask)
{
    std::vector<Kind> out;
    for (unsigned i = 0; i < 10; ++i)
        if (mask & (1u << i))
            out.push_back(static_cast<Kind>(i));
    return out;
}

std::string kindList(unsigned mask)
{
    std::vector<std::string> names;
    for (Kind k : kindsOf(mask))
        names.emplace_back(kindName(k));
    return joinChoices(names);
}

template <std::size_t N> unsigned maskOf(const std::array<KeySpec, N>& table, std::string_view key)
{
    for (const auto& k : table)
        if (k.name == key)
            return k.kinds;
    return 0;
}

std::optional<Kind> kindFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kindNames().size(); ++i)
        if (kindName(static_cast<Kind>(i)) == name)
            return static_cast<Kind>(i);
    return std::nullopt;
}

std::optional<LbPolicy> policyFromName(std::string_view name)
{
    for (std::size_t i = 0; i < policyNames().size(); ++i)
        if (policyName(static_cast<LbPolicy>(i)) == name)
            return static_cast<LbPolicy>(i);
    return std::nullopt;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates)
{
    const std::string m = closestMatch(word, candidates);
    return m.empty() ? std::string() : "did you mean '" + m + "'?";
}

std::string child(const std::string& path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item(const std::string& path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

/// One value in the document with where it sits: a map entry (key and value)
/// or a list item (value only).
struct Field
{
    Node key;   // undefined for list items
    Node value;
    std::string path;
    std::string name;   // the key's text, or the item's path
    std::string joined; // a flow scalar cut at commas, rejoined (see Reader::entries)
    std::size_t joinedPos = 0; // where `joined` starts in the source
    bool isJoined = false;

    Field() = default;
    Field(Node k, Node v, std::string p, std::string n)
        : key(std::move(k)), value(std::move(v)), path(std::move(p)), name(std::move(n))
    {
    }
    Field(const Field&) = default;
    Field(Field&&) = default;
    // yaml-cpp's Node::operator= rebinds the node it shares with the document:
    // fields are built, never assigned.
    Field& operator=(const Field&) = delete;
    Field& operator=(Field&&) = delete;

    bool isNull() const { return !value.IsDefined() || value.IsNull(); }
    bool hasKey() const { return key.IsDefined() && key.IsScalar(); }
    std::string text() const { return isJoined ? joined : value.Scalar(); }
};

struct Loc
{
    int line = 0;
    int column = 0;
};

Loc locOf(const Node& node)
{
    if (!node.IsDefined())
        return {};
    const YAML::Mark m = node.Mark();
    if (m.is_null())
        return {};
    return {m.line + 1, m.column + 1};
}

// A null value's mark points at the next token: report at its key instead.
Loc locOf(const Field& f)
{
    if (f.isNull() && f.hasKey())
        return locOf(f.key);
    return locOf(f.value);
}

Loc keyLocOf(const Field& f)
{
    return f.hasKey() ? locOf(f.key) : locOf(f.value);
}

std::string describeNode(const Node& node)
{
    if (!node.IsDefined() || node.IsNull())
        return "nothing";
    if (node.IsSequence())
        return "a list";
    if (node.IsMap())
        return "a map";
    return "'" + node.Scalar() + "'";
}

int parenBalance(std::string_view s)
{
    int b = 0;
    for (char c : s)
        b += c == '(' ? 1 : c == ')' ? -1 : 0;
    return b;
}

struct Range
{
    std::optional<double> min;
    bool minStrict = false;
    std::optional<double> max;
};

constexpr Range kNonNegative{0.0, false, std::nullopt};
constexpr Range kPositive{0.0, true, std::nullopt};
constexpr Range kUnit{0.0, false, 1.0};

class Reader
{
public:
    Reader(const std::string& source, std::string fileName, std::optional<std::filesystem::path> baseDir)
        : m_source(source), m_file(std::move(fileName)), m_baseDir(std::move(baseDir))
    {
    }

    LoadResult run();

private:
    const std::string& m_source;
    std::string m_file;
    std::optional<std::filesystem::path> m_baseDir; // set: check that replay files exist
    std::vector<Diagnostic> m_diagnostics;
    Study m_study;
    std::set<std::string> m_zoneNames;
    std::vector<std::string> m_zoneList;
    std::set<std::string> m_clients;
    std::set<std::string> m_kindless; // components of the current variant whose kind is missing or unknown

    // Reporting.
    void report(Severity severity, Loc loc, const std::string& path, std::string message, std::string hint = {})
    {
        Diagnostic d;
        d.file = m_file;
        d.line = loc.line;
        d.column = loc.line > 0 ? loc.column : 0;
        d.severity = severity;
        d.path = path;
        d.message = std::move(message);
        d.hint = std::move(hint);
        m_diagnostics.push_back(std::move(d));
    }
    void error(Loc loc, const std::string& path, std::string message, std::string hint = {})
    {
        report(Severity::Error, loc, path, std::move(message), std::move(hint));
    }
    void warning(Loc loc, const std::string& path, std::string message, std::string hint = {})
    {
        report(Severity::Warning, loc, path, std::move(message), std::move(hint));
    }
    Loc locInScalar(const Field& f, std::size_t offset) const;
    static Mark markOf(Loc loc) { return {loc.line, loc.column}; }

    // Structure.
    std::optional<std::vector<Field>> entries(const Field& map, const std::vector<std::string>* known,
                                              const char* example = nullptr);
    std::optional<std::vector<Field>> items(const Field& list);
    void unknownKey(const Field& entry, const std::string& parentPath, const std::vector<std::string>& known);
    static const Field* find(const std::vector<Field>& fields, std::string_view key);

    // Values.
    std::optional<std::string> scalar(const Field& f, std::string_view expected);
    std::optional<std::string> name(const Field& f) { return scalar(f, "a name"); }
    bool inRange(const Field& f, double v, const Range& range);
    std::optional<double> number(const Field& f, const Range& range = {});
    template <typename T> std::optional<T> integer(const Field& f, T min);
    std::optional<double> quantity(const Field& f, sim::ParsedQuantity (*parse)(std::string_view),
                                   std::string_view expected, const Range& range);
    std::optional<double> duration(const Field& f, const Range& range = kNonNegative)
    {
        return quantity(f, sim::parseDuration, "a duration such as 250ms", range);
    }
    std::optional<double> bytes(const Field& f)
    {
        return quantity(f, parseBytes, "a size such as 2KB", kNonNegative);
    }
    std::optional<double> bandwidth(const Field& f)
    {
        return quantity(f, parseBandwidth, "a bandwidth such as 10Gbps", kPositive);
    }
    std::optional<double> fraction(const Field& f);
    std::optional<sim::Distribution> distribution(const Field& f);
    template <typename T> void set(T& target, const std::optional<T>& value)
    {
        if (value)
            target = *value;
    }

    // Sections.
    void readHeaderComment();
    void readOperations(const Field& f);
    void readWorkload(const Field& f);
    void readRatePoints(const Field& f, Workload& w);
    void readSpikes(const Field& f, Workload& w);
    void readFaults(const Field& f);
    class FaultInput;
    void readSlo(const Field& f);
    void readRun(const Field& f);
    void readNetwork(const Field& f);
    void readVariants(const Field& f);
    void readVariant(const Field& f, Variant& v);
    std::vector<Field> readComponent(const Field& f, Component& c);
    void readRateLimits(const Field& f, Component& c);
    void readAutoscale(const Field& f, Component& c);
    void readVertical(const Field& f, Component& c);
    /// A schedule step's `at` (s), required and not before `last` (updated);
    /// `when` tells in the error what the time is for.
    double stepTime(const Field& step, const std::vector<Field>& fields, double& last, std::string_view when);
    void readPricing(const Field& f);
    void readBusiness(const Field& f);
    std::optional<models::FailurePolicy> readFailures(const Field& f);
    std::optional<models::RetryPolicy> readRetries(const Field& f);
    std::optional<models::BreakerPolicy> readBreaker(const Field& f);
    std::optional<models::BulkheadPolicy> readBulkhead(const Field& f);
    void checkComponent(const Field& f, const std::vector<Field>& settings, const Component& c, const Variant& v);
    void readRoutes(const Field* f, const Field& variantField, Variant& v);
    void readLayout(const Field& f, Variant& v);
    std::optional<Call> readStep(const Field& f, const Variant& v);
    std::vector<Call> readSteps(const Field& f, const Variant& v);
    void checkReplayFile(const Field& f);
    LoadResult finish();
};

Loc Reader::locInScalar(const Field& f, std::size_t offset) const
{
    if (f.isNull() || !f.value.IsScalar())
        return locOf(f);
    const YAML::Mark m = f.value.Mark();
    if (m.is_null())
        return {};
    if (f.isJoined) {
        // The rejoined text is the source itself: count lines up to the offset.
        const std::size_t pos = std::min(f.joinedPos + offset, m_source.size());
        const auto lineStart = m_source.rfind('\n', pos == 0 ? 0 : pos - 1);
        const auto breaks = std::count(m_source.begin() + static_cast<std::ptrdiff_t>(f.joinedPos),
                                       m_source.begin() + static_cast<std::ptrdiff_t>(pos), '\n');
        if (breaks == 0)
            return {m.line + 1, m.column + 1 + static_cast<int>(offset)};
        return {m.line + 1 + static_cast<int>(breaks), static_cast<int>(pos - lineStart)};
    }
    // yaml-cpp marks count bytes, as the parsers' columns do; a quoted scalar's
    // text starts after its quote. (A scalar folded over lines maps onto its first.)
    const bool quotedScalar = f.value.Tag() == "!";
    return {m.line + 1, m.column + 1 + (quotedScalar ? 1 : 0) + static_cast<int>(offset)};
}

const Field* Reader::find(const std::vector<Field>& fields, std::string_view key)
{
    for (const auto& f : fields)
        if (f.name == key)
            return &f;
    return nullptr;
}

void Reader::unknownKey(const Field& entry, const std::string& parentPath, const std::vector<std::string>& known)
{
    error(keyLocOf(entry), entry.path,
          (parentPath.empty() ? std::string() : parentPath + ": ") + "unknown key '" + entry.name +
              "'; known: " + joinChoices(known),
          didYouMean(entry.name, known));
}

std::optional<std::vector<Field>> Reader::entries(const Field& map, const std::vector<std::string>* known,
                                                  const char* example)
{
    std::vector<Field> out;
    if (map.isNull())
        return out;
    if (!map.value.IsMap()) {
        error(locOf(map), map.path,
              (map.path.empty() ? std::string("the study") : map.path) + " must be a map" +
                  (example ? std::string(" such as ") + example : std::string()) + " (got " +
                  describeNode(map.value) + ")");
        return std::nullopt;
    }
    std::vector<std::pair<Node, Node>> raw;
    for (auto it = map.value.begin(); it != map.value.end(); ++it)
        raw.emplace_back(it->first, it->second);

    std::map<std::string, Loc> seen;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto& [key, value] = raw[i];
        if (!key.IsScalar() || key.Scalar().empty()) {
            error(locOf(key), map.path,
                  (map.path.empty() ? std::string() : map.path + ": ") + "keys must be names (got " +
                      (key.IsScalar() ? std::string("an empty key") : describeNode(key)) + ")");
            continue;
        }
        Field f(key, value, child(map.path, key.Scalar()), key.Scalar());
        // In a flow map {cpu: lognormal(8ms, cv=0.5)} YAML cuts the plain scalar
        // at the comma: cpu: "lognormal(8ms" and a key "cv=0.5)" with no value.
        // A key can never look like that, so rejoin the pieces from the source.
        if (value.IsScalar() && value.Tag() == "?" && parenBalance(value.Scalar()) > 0) {
            int balance = parenBalance(value.Scalar());
            std::size_t j = i + 1;
            while (balance > 0 && j < raw.size() && raw[j].first.IsScalar() && raw[j].first.Tag() == "?" &&
                   raw[j].second.IsNull())
                balance += parenBalance(raw[j++].first.Scalar());
            const YAML::Mark start = value.Mark();
            if (balance == 0 && j > i + 1 && !start.is_null() && !raw[j - 1].first.Mark().is_null()) {
                const auto from = static_cast<std::size_t>(start.pos);
                const auto to = static_cast<std::size_t>(raw[j - 1].first.Mark().pos) +
                                raw[j - 1].first.Scalar().size();
                if (from < to && to <= m_source.size() &&
                    m_source.compare(from, value.Scalar().size(), value.Scalar()) == 0) {
                    // Line breaks fold to spaces; the text keeps its length so that
                    // an offset in it is an offset in the source.
                    f.joined = m_source.substr(from, to - from);
                    std::replace(f.joined.begin(), f.joined.end(), '\n', ' ');
                    std::replace(f.joined.begin(), f.joined.end(), '\r', ' ');
                    f.joinedPos = from;
                    f.isJoined = true;
                    i = j - 1;
                }
            }
        }
        if (const auto s = seen.find(f.name); s != seen.end()) {
            error(locOf(key), f.path,
                  (map.path.empty() ? std::string() : map.path + ": ") + "duplicate key '" + f.name +
                      "' (first at line " + std::to_string(s->second.line) + ")");
            continue;
        }
        seen.emplace(f.name, locOf(key));
        if (known && std::find(known->begin(), known->end(), f.name) == known->end()) {
            unknownKey(f, map.path, *known);
            continue;
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::optional<std::vector<Field>> Reader::items(const Field& list)
{
    std::vector<Field> out;
    if (list.isNull())
        return out;
    if (!list.value.IsSequence()) {
        error(locOf(list), list.path, list.path + " must be a list (got " + describeNode(list.value) + ")");
        return std::nullopt;
    }
    std::size_t i = 0;
    for (const auto& n : list.value) {
        const std::string path = item(list.path, i++);
        out.emplace_back(Node(), Node(n), path, path);
    }
    return out;
}

std::optional<std::string> Reader::scalar(const Field& f, std::string_view expected)
{
    if (f.isNull()) {
        error(locOf(f), f.path, f.path + " needs a value (" + std::string(expected) + ")");
        return std::nullopt;
    }
    if (!f.value.IsScalar()) {
        error(locOf(f), f.path,
              f.path + " must be " + std::string(expected) + " (got " + describeNode(f.value) + ")");
        return std::nullopt;
    }
    return f.text();
}

bool Reader::inRange(const Field& f, double v, const Range& range)
{
    const bool low = range.min && (range.minStrict ? !(v > *range.min) : !(v >= *range.min));
    const bool high = range.max && !(v <= *range.max);
    if (!low && !high)
        return true;
    std::string bound;
    if (range.min && range.max)
        bound = "between " + formatNumber(*range.min) + " and " + formatNumber(*range.max);
    else if (range.min)
        bound = std::string(range.minStrict ? "> " : ">= ") + formatNumber(*range.min);
    else
        bound = "<= " + formatNumber(*range.max);
    error(locOf(f), f.path, f.path + " must be " + bound + " (got " + f.text() + ")");
    return false;
}

std::optional<double> Reader::number(const Field& f, const Range& range)
{
    const auto text = scalar(f, "a number");
    if (!text)
        return std::nullopt;
    double v = 0.0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    const auto [stop, ec] = std::from_chars(begin, end, v);
    if (ec != std::errc() || stop != end || !std::isfinite(v)) {
        error(locOf(f), f.path, f.path + " must be a number (got '" + *text + "')");
        return std::nullopt;
    }
    if (!inRange(f, v, range))
        return std::nullopt;
    return v;
}

template <typename T> std::optional<T> Reader::integer(const Field& f, T min)
{
    const auto text = scalar(f, "a whole number");
    if (!text)
        return std::nullopt;
    const char* begin = text->data();
    const char* end = begin + text->size();
    if (!text->empty() && text->front() == '-') {
        long long v = 0;
        const auto [stop, ec] = std::from_chars(begin, end, v);
        if (ec == std::errc() && stop == end) {
            error(locOf(f), f.path, f.path + " must be >= " + std::to_string(min) + " (got " + *text + ")");
            return std::nullopt;
        }
    } else {
        unsigned long long v = 0;
        const auto [stop, ec] = std::from_chars(begin, end, v);
        if (ec == std::errc::result_out_of_range ||
            (ec == std::errc() && stop == end && v > static_cast<unsigned long long>(std::numeric_limits<T>::max()))) {
            error(locOf(f), f.path,
                  f.path + " must be <= " + std::to_string(std::numeric_limits<T>::max()) + " (got " + *text + ")");
            return std::nullopt;
        }
        if (ec == std::errc() && stop == end) {
            if (static_cast<T>(v) < min) {
                error(locOf(f), f.path, f.path + " must be >= " + std::to_string(min) + " (got " + *text + ")");
                return std::nullopt;
            }
            return static_cast<T>(v);
        }
    }
    error(locOf(f), f.path, f.path + " must be a whole number (got '" + *text + "')");
    return std::nullopt;
}

std::optional<double> Reader::quantity(const Field& f, sim::ParsedQuantity (*parse)(std::string_view),
                                       std::string_view expected, const Range& range)
{
    const auto text = scalar(f, expected);
    if (!text)
        return std::nullopt;
    const sim::ParsedQuantity q = parse(*text);
    if (!q.value) {
        error(locInScalar(f, q.column), f.path, f.path + ": " + q.error);
        return std::nullopt;
    }
    if (!inRange(f, *q.value, range))
        return std::nullopt;
    return q.value;
}

std::optional<double> Reader::fraction(const Field& f)
{
    const auto text = scalar(f, "a number between 0 and 1 or a percentage");
    if (!text)
        return std::nullopt;
    const sim::ParsedQuantity q = parseFraction(*text);
    if (!q.value) {
        error(locInScalar(f, q.column), f.path, f.path + ": " + q.error);
        return std::nullopt;
    }
    if (*q.value < 0 || *q.value > 1) {
        error(locOf(f), f.path, f.path + " must be between 0 and 1 (or 0% and 100%) (got " + *text + ")");
        return std::nullopt;
    }
    return q.value;
}

std::optional<sim::Distribution> Reader::distribution(const Field& f)
{
    const auto text = scalar(f, "a distribution such as lognormal(8ms, cv=0.5)");
    if (!text)
        return std::nullopt;
    auto parsed = sim::Distribution::parse(*text);
    if (!parsed.ok()) {
        std::string hint;
        static const std::vector<std::string> names{"constant", "exponential", "uniform",
                                                    "lognormal", "gamma",       "empirical"};
        if (parsed.error.rfind("unknown distribution '", 0) == 0) {
            const auto open = text->find('(');
            std::string word = text->substr(0, open);
            word.erase(0, word.find_first_not_of(' '));
            word.erase(word.find_last_not_of(' ') + 1);
            hint = didYouMean(word, names);
        }
        error(locInScalar(f, parsed.column), f.path, f.path + ": " + parsed.error, hint);
        return std::nullopt;
    }
    return parsed.value;
}

void Reader::readHeaderComment()
{
    std::istringstream in(m_source);
    std::string line;
    std::string header;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos)
            continue;
        if (line[start] != '#')
            break;
        std::string text = line.substr(start + 1);
        if (!text.empty() && text.front() == ' ')
            text.erase(0, 1);
        header += (first ? "" : "\n") + text;
        first = false;
    }
    m_study.headerComment = header;
}

void Reader::readOperations(const Field& f)
{
    const auto ops = entries(f, nullptr, "{browse: {share: 1}}");
    if (!ops)
        return;
    if (ops->empty()) {
        error(locOf(f), f.path, "operations needs at least one operation", "e.g. operations: {browse: {share: 1}}");
        return;
    }
    for (const auto& opField : *ops) {
        Operation op;
        op.name = opField.name;
        op.mark = markOf(locOf(opField.key));
        if (const auto fields = entries(opField, &keysOf("operation"), "{share: 0.75}")) {
            if (const Field* share = find(*fields, "share"))
                set(op.share, number(*share, kPositive));
            if (const Field* client = find(*fields, "client"))
                set(op.clientClass, name(*client));
            if (const Field* value = find(*fields, "value"))
                set(op.value, number(*value, kNonNegative));
        }
        m_clients.insert(op.clientClass);
        m_study.operations.push_back(std::move(op));
    }
}

void Reader::readRatePoints(const Field& f, Workload& w)
{
    const auto points = items(f);
    if (!points)
        return;
    if (points->empty()) {
        error(locOf(f), f.path, f.path + " needs at least one point", "e.g. rate: [{at: 0s, rps: 100}]");
        return;
    }
    std::optional<double> previousAt;
    std::string previousPath;
    std::string previousText;
    for (const auto& pf : *points) {
        RatePoint p;
        p.mark = markOf(locOf(pf));
        const auto fields = entries(pf, &keysOf("rate"), "{at: 0s, rps: 100}");
        if (!fields)
            continue;
        const Field* at = find(*fields, "at");
        const Field* rps = find(*fields, "rps");
        if (!at)
            error(locOf(pf), pf.path, pf.path + ".at is required (when the rate applies, e.g. at: 0s)");
        if (!rps)
            error(locOf(pf), pf.path, pf.path + ".rps is required (requests/s, e.g. rps: 100)");
        std::optional<double> atValue;
        if (at && (atValue = duration(*at))) {
            p.at = *atValue;
            if (previousAt && !(*atValue > *previousAt))
                error(locOf(*at), at->path,
                      at->path + " must be after " + previousPath + " (" + previousText + ") (got " + at->text() + ")");
        }
        if (rps)
            set(p.rps, number(*rps, kNonNegative));
        if (const Field* ramp = find(*fields, "ramp"))
            set(p.ramp, duration(*ramp));
        if (atValue) {
            previousAt = atValue;
            previousPath = at->path;
            previousText = at->text();
        }
        w.rate.push_back(p);
    }
}

void Reader::readSpikes(const Field& f, Workload& w)
{
    const auto spikes = items(f);
    if (!spikes)
        return;
    for (const auto& sf : *spikes) {
        Spike s;
        s.mark = markOf(locOf(sf));
        const auto fields = entries(sf, &keysOf("spike"), "{at: 300s, for: 60s, factor: 5}");
        if (!fields)
            continue;
        for (const char* required : {"at", "for", "factor"})
            if (!find(*fields, required))
                error(locOf(sf), sf.path, sf.path + "." + required + " is required");
        if (const Field* at = find(*fields, "at"))
            set(s.at, duration(*at));
        if (const Field* length = find(*fields, "for"))
            set(s.duration, duration(*length, kPositive));
        if (const Field* factor = find(*fields, "factor"))
            set(s.factor, number(*factor, kPositive));
        if (const Field* ramp = find(*fields, "ramp"))
            set(s.ramp, duration(*ramp));
        w.spikes.push_back(s);
    }
}

void Reader::readWorkload(const Field& f)
{
    Workload& w = m_study.workload;
    w.mark = markOf(locOf(f.key));
    const auto fields = entries(f, &keysOf("workload"), "{rate: [{at: 0s, rps: 100}]}");
    if (!fields)
        return;
    if (const Field* arrivals = find(*fields, "arrivals")) {
        if (const auto text = name(*arrivals)) {
            static const std::vector<std::string> known{"poisson", "deterministic"};
            if (*text == "poisson")
                w.arrivals = ArrivalKind::Poisson;
            else if (*text == "deterministic")
                w.arrivals = ArrivalKind::Deterministic;
            else
                error(locOf(*arrivals), arrivals->path,
                      arrivals->path + ": unknown arrivals '" + *text + "'; known: " + joinChoices(known),
                      didYouMean(*text, known));
        }
    }
    const Field* rate = find(*fields, "rate");
    const Field* replay = find(*fields, "replay");
    const Field* timestamps = find(*fields, "replay_timestamps");
    if (rate)
        readRatePoints(*rate, w);
    if (replay) {
        if (const auto text = scalar(*replay, "a CSV file of time_s,rps rows")) {
            w.replay = *text;
            checkReplayFile(*replay);
        }
    }
    if (timestamps) {
        if (const auto text = scalar(*timestamps, "a CSV file of request timestamps")) {
            w.replayTimestamps = *text;
            checkReplayFile(*timestamps);
        }
    }
    const std::vector<const Field*> sources{rate, replay, timestamps};
    const Field* firstSource = nullptr;
    for (const Field* s : sources) {
        if (!s)
            continue;
        if (firstSource)
            error(keyLocOf(*s), s->path,
                  s->path + " cannot be combined with " + firstSource->path + "; keep one traffic source");
        else
            firstSource = s;
    }
    if (!firstSource)
        error(locOf(f.key), f.path, "workload needs one of rate, replay, replay_timestamps",
              "e.g. rate: [{at: 0s, rps: 100}]");
    if (const Field* spikes = find(*fields, "spikes"))
        readSpikes(*spikes, w);
    if (const Field* diurnal = find(*fields, "diurnal")) {
        Diurnal d;
        d.mark = markOf(locOf(diurnal->key));
        if (const auto dfields = entries(*diurnal, &keysOf("diurnal"), "{period: 24h, amplitude: 0.5}")) {
            if (const Field* period = find(*dfields, "period"))
                set(d.period, duration(*period, kPositive));
            if (const Field* amplitude = find(*dfields, "amplitude"))
                set(d.amplitude, fraction(*amplitude));
            if (const Field* peak = find(*dfields, "peak_at"))
                set(d.peakAt, duration(*peak));
        }
        w.diurnal = d;
    }
    if (timestamps) {
        // Replayed timestamps are the arrivals themselves: nothing shapes them.
        for (const char* shaping : {"arrivals", "spikes", "diurnal"})
            if (const Field* s = find(*fields, shaping))
                error(keyLocOf(*s), s->path,
                      s->path + " does not apply with workload.replay_timestamps (the timestamps are the arrivals)");
    }
}

void Reader::checkReplayFile(const Field& f)
{
    if (!m_baseDir || f.text().empty())
        return;
    std::filesystem::path p(f.text());
    if (p.is_relative())
        p = *m_baseDir / p;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec))
        error(locOf(f), f.path, f.path + ": file '" + f.text() + "' not found (paths are relative to the study's folder)");
}

void Reader::readSlo(const Field& f)
{
    Slo& s = m_study.slo;
    s.mark = markOf(locOf(f.key));
    const auto fields = entries(f, &keysOf("slo"), "{p99: 400ms, availability: 99.9%}");
    if (!fields)
        return;
    if (const Field* p99 = find(*fields, "p99"))
        if (const auto v = duration(*p99, kPositive))
            s.p99 = v;
    if (const Field* availability = find(*fields, "availability"))
        if (const auto v = fraction(*availability))
            s.availability = v;
}

void Reader::readRun(const Field& f)
{
    RunSettings& r = m_study.run;
    r.mark = markOf(locOf(f.key));
    const auto fields = entries(f, &keysOf("run"), "{duration: 600s, warmup: 60s}");
    if (!fields)
        return;
    const Field* durationField = find(*fields, "duration");
    bool durationOk = true;
    if (durationField) {
        const auto v = duration(*durationField, kPositive);
        durationOk = v.has_value();
        set(r.duration, v);
    }
    const std::string durationText =
        durationField ? durationField->text() : "default " + formatDurationExact(r.duration);
    if (const Field* warmup = find(*fields, "warmup")) {
        const auto v = duration(*warmup);
        set(r.warmup, v);
        if (v && durationOk && !(*v < r.duration))
            error(locOf(*warmup), warmup->path,
                  warmup->path + " must be shorter than run.duration (" + durationText + ") (got " + warmup->text() +
                      ")");
    }
    if (const Field* seed = find(*fields, "seed"))
        set(r.seed, integer<std::uint64_t>(*seed, 0));
    if (const Field* replications = find(*fields, "replications"))
        set(r.replications, integer<int>(*replications, 1));
    if (const Field* bin = find(*fields, "bin")) {
        const auto v = duration(*bin, kPositive);
        set(r.bin, v);
        if (v && durationOk && *v > r.duration)
            error(locOf(*bin), bin->path,
                  bin->path + " must be at most run.duration (" + durationText + ") (got " + bin->text() + ")");
    }
}

void Reader::readNetwork(const Field& f)
{
    Network& n = m_study.network;
    n.mark = markOf(locOf(f.key));
    const auto fields = entries(f, &keysOf("network"), "{zones: {eu-1a: {region: eu}}}");
    if (!fields)
        return;
    if (const Field* zones = find(*fields, "zones")) {
        if (const auto zfields = entries(*zones, nullptr, "{eu-1a: {region: eu}}")) {
            for (const auto& zf : *zfields) {
                Zone z;
                z.name = zf.name;
                z.mark = markOf(locOf(zf.key));
                if (const auto attrs = entries(zf, &keysOf("zone"), "{region: eu}"))
                    if (const Field* region = find(*attrs, "region"))
                        set(z.region, name(*region));
                n.zones.push_back(z);
            }
        }
    }
    if (const Field* latency = find(*fields, "latency")) {
        if (const auto lf = entries(*latency, &keysOf("latency"), "{zone: 200us, cross_zone: 1ms}")) {
            if (const Field* v = find(*lf, "zone"))
                set(n.zoneLatency, duration(*v));
            if (const Field* v = find(*lf, "cross_zone"))
                set(n.crossZoneLatency, duration(*v));
            if (const Field* v = find(*lf, "cross_region"))
                set(n.crossRegionLatency, duration(*v));
        }
    }
    if (const Field* bw = find(*fields, "bandwidth")) {
        if (const auto bf = entries(*bw, &keysOf("bandwidth"), "{zone: 10Gbps, cross_zone: 5Gbps}")) {
            if (const Field* v = find(*bf, "zone"))
                set(n.zoneBandwidth, bandwidth(*v));
            if (const Field* v = find(*bf, "cross_zone"))
                set(n.crossZoneBandwidth, bandwidth(*v));
            if (const Field* v = find(*bf, "cross_region"))
                set(n.crossRegionBandwidth, bandwidth(*v));
        }
    }
}


void Reader::readVariants(const Field& f)
{
    const auto vfields = entries(f, nullptr, "{monolith: {components: {...}, routes: {...}}}");
    if (!vfields)
        return;
    if (vfields->empty()) {
        error(locOf(f), f.path, "variants needs at least one variant",
              "e.g. variants: {v1: {components: {app: {kind: service}}, routes: {browse: [app]}}}");
        return;
    }
    for (const auto& vf : *vfields) {
        Variant v;
        v.name = vf.name;
        v.mark = markOf(locOf(vf.key));
        readVariant(vf, v);
        m_study.variants.push_back(std::move(v));
    }
}

void Reader::readVariant(const Field& f, Variant& v)
{
    m_kindless.clear();
    if (f.isNull()) {
        error(locOf(f.key), f.path, f.path + " needs components and routes");
        return;
    }
    const auto fields = entries(f, &keysOf("variant"), "{components: {app: {kind: service}}, routes: {browse: [app]}}");
    if (!fields)
        return;
    if (const Field* description = find(*fields, "description"))
        set(v.description, scalar(*description, "text"));
    const Field* components = find(*fields, "components");
    if (!components) {
        error(locOf(f.key), f.path, f.path + ".components is required", "e.g. components: {app: {kind: service}}");
    } else if (const auto cfields = entries(*components, nullptr, "{app: {kind: service}}")) {
        if (cfields->empty())
            error(locOf(*components), components->path, components->path + " needs at least one component");
        std::vector<std::vector<Field>> settings;
        for (const auto& cf : *cfields) {
            Component c;
            c.name = cf.name;
            c.mark = markOf(locOf(cf.key));
            settings.push_back(readComponent(cf, c));
            v.components.push_back(std::move(c));
        }
        for (std::size_t i = 0; i < v.components.size(); ++i)
            checkComponent((*cfields)[i], settings[i], v.components[i], v);
    }
    readRoutes(find(*fields, "routes"), f, v);
    if (const Field* layout = find(*fields, "layout"))
        readLayout(*layout, v);
}

// `layout: {app: [120, 80], ...}`: canvas positions, only for components of the variant.
void Reader::readLayout(const Field& f, Variant& v)
{
    const auto fields = entries(f, nullptr, "{app: [120, 80]}");
    if (!fields)
        return;
    std::vector<std::string> names;
    for (const auto& c : v.components)
        names.push_back(c.name);
    for (const Field& e : *fields) {
        if (!v.find(e.name)) {
            error(keyLocOf(e), e.path, f.path + ": unknown component '" + e.name + "'; known: " + joinChoices(names),
                  didYouMean(e.name, names));
            continue;
        }
        const auto xy = items(e);
        if (!xy)
            continue;
        if (xy->size() != 2) {
            error(locOf(e), e.path, e.path + " must be [x, y] (got " + std::to_string(xy->size()) + " numbers)");
            continue;
        }
        const auto x = number((*xy)[0]);
        const auto y = number((*xy)[1]);
        if (x && y)
            v.layout.push_back({e.name, *x, *y, markOf(keyLocOf(e))});
    }
}

std::vector<Field> Reader::readComponent(const Field& f, Component& c)
{
    std::vector<Field> accepted;
    if (f.isNull()) {
        error(locOf(f.key), f.path, f.path + ".kind is required; known: " + joinChoices(kindNames()));
        m_kindless.insert(c.name);
        return accepted;
    }
    const auto fields = entries(f, nullptr, "{kind: service, instances: 2}");
    if (!fields) {
        m_kindless.insert(c.name);
        return accepted;
    }
    const Field* kindField = find(*fields, "kind");
    bool kindKnown = false;
    if (!kindField) {
        error(locOf(f.key), f.path, f.path + ".kind is required; known: " + joinChoices(kindNames()));
    } else if (const auto text = name(*kindField)) {
        if (const auto k = kindFromName(*text)) {
            c.kind = *k;
            kindKnown = true;
        } else {
            error(locOf(*kindField), kindField->path,
                  kindField->path + ": unknown kind '" + *text + "'; known: " + joinChoices(kindNames()),
                  didYouMean(*text, kindNames()));
        }
    }
    if (!kindKnown)
        m_kindless.insert(c.name);
    std::vector<std::string> applicable;
    for (const auto& k : kComponentKeys)
        if (!kindKnown || (k.kinds & bit(c.kind)))
            applicable.emplace_back(k.name);
    const std::string kindText(kindName(c.kind));

    for (const Field& e : *fields) {
        if (e.name == "kind")
            continue;
        const unsigned mask = maskOf(kComponentKeys, e.name);
        if (mask == 0) {
            // A typo of a key of another kind still deserves its suggestion.
            std::string hint = didYouMean(e.name, applicable);
            if (hint.empty())
                hint = didYouMean(e.name, keysOf("component"));
            error(keyLocOf(e), e.path,
                  f.path + ": unknown key '" + e.name + "'; known: " + joinChoices(applicable), hint);
            continue;
        }
        if (kindKnown && !(mask & bit(c.kind))) {
            std::string hint;
            if (c.kind == Kind::SqlDatabase && e.name == "threads")
                hint = "a sql_database's worker pool is its pool";
            else if (c.kind == Kind::SqlDatabase && e.name == "instances")
                hint = "a sql_database has 1 + replicas instances";
            else if (c.kind == Kind::NosqlStore && e.name == "instances")
                hint = "a nosql_store has shards x replication_factor instances";
            error(keyLocOf(e), e.path,
                  e.path + " does not apply to kind " + kindText + "; it applies to: " + kindList(mask), hint);
            continue;
        }
        accepted.push_back(e);
        const std::string& key = e.name;
        if (key == "zones") {
            if (const auto zs = items(e)) {
                std::vector<std::string> zones;
                for (const auto& z : *zs)
                    if (const auto zone = name(z))
                        zones.push_back(*zone);
                c.zones = zones;
            }
        } else if (key == "instances") {
            set(c.instances, integer<int>(e, 1));
        } else if (key == "cores") {
            set(c.cores, integer<int>(e, 1));
        } else if (key == "speed") {
            set(c.speed, number(e, kPositive));
        } else if (key == "threads") {
            set(c.threads, integer<int>(e, 1));
        } else if (key == "backlog") {
            set(c.backlog, integer<std::size_t>(e, 0));
        } else if (key == "policy") {
            if (const auto text = name(e)) {
                if (const auto p = policyFromName(*text))
                    c.policy = *p;
                else
                    error(locOf(e), e.path,
                          e.path + ": unknown policy '" + *text + "'; known: " + joinChoices(policyNames()),
                          didYouMean(*text, policyNames()));
            }
        } else if (key == "weights") {
            if (const auto ws = items(e)) {
                std::vector<double> weights;
                for (const auto& w : *ws)
                    if (const auto value = number(w, kPositive))
                        weights.push_back(*value);
                c.weights = weights;
            }
        } else if (key == "connection_limit") {
            set(c.connectionLimit, integer<int>(e, 1));
        } else if (key == "overhead") {
            set(c.overhead, duration(e));
        } else if (key == "health_interval") {
            set(c.healthInterval, duration(e, kPositive));
        } else if (key == "unhealthy_threshold") {
            set(c.unhealthyThreshold, integer<int>(e, 1));
        } else if (key == "auth_overhead") {
            set(c.authOverhead, duration(e));
        } else if (key == "rate_limits") {
            readRateLimits(e, c);
        } else if (key == "host") {
            set(c.host, name(e));
        } else if (key == "hit_ratio") {
            if (const auto v = fraction(e))
                c.hitRatio = v;
        } else if (key == "zipf") {
            set(c.zipf, number(e, kNonNegative));
        } else if (key == "keys") {
            set(c.keys, integer<std::uint64_t>(e, 1));
        } else if (key == "capacity") {
            set(c.capacity, integer<std::uint64_t>(e, 1));
        } else if (key == "ttl") {
            if (const auto v = duration(e, kPositive))
                c.ttl = v;
        } else if (key == "queue_capacity") {
            set(c.queueCapacity, integer<std::uint64_t>(e, 1));
        } else if (key == "consumer") {
            set(c.consumer, name(e));
        } else if (key == "concurrency") {
            set(c.concurrency, integer<int>(e, 1));
        } else if (key == "max_attempts") {
            set(c.maxAttempts, integer<int>(e, 1));
        } else if (key == "replicas") {
            set(c.replicas, integer<int>(e, 0));
        } else if (key == "pool") {
            set(c.pool, integer<int>(e, 1));
        } else if (key == "replication_lag") {
            set(c.replicationLag, duration(e));
        } else if (key == "disk_bandwidth") {
            set(c.diskBandwidth, bandwidth(e));
        } else if (key == "shards") {
            set(c.shards, integer<int>(e, 1));
        } else if (key == "replication_factor") {
            set(c.replicationFactor, integer<int>(e, 1));
        } else if (key == "hot_key_skew") {
            set(c.hotKeySkew, number(e, kNonNegative));
        } else if (key == "latency") {
            set(c.latency, distribution(e));
        } else if (key == "error_rate") {
            set(c.errorRate, fraction(e));
        } else if (key == "shed_wait") {
            if (const auto w = duration(e, kPositive))
                c.shedWait = *w;
        } else if (key == "failures") {
            c.failures = readFailures(e);
        } else if (key == "autoscale") {
            readAutoscale(e, c);
        } else if (key == "hourly_price") {
            if (const auto v = number(e, kNonNegative))
                c.hourlyPrice = v;
        }
    }

    if (const Field* as = find(accepted, "autoscale"); as && c.autoscale) {
        // After every key: `instances` may come after `autoscale` in the map.
        const bool sql = c.kind == Kind::SqlDatabase;
        const int initial = sql ? c.replicas : c.instances;
        if (initial < c.autoscale->min || initial > c.autoscale->max)
            error(locOf(as->key), as->path,
                  as->path + ": the initial " + (sql ? "replicas" : "instances") + " (" + std::to_string(initial) +
                      ") must be between min (" + std::to_string(c.autoscale->min) + ") and max (" +
                      std::to_string(c.autoscale->max) + ")",
                  std::string("set ") + (sql ? "replicas" : "instances") + " within the autoscaling bounds");
    }
    if (const Field* vf = find(accepted, "vertical"))
        readVertical(*vf, c); // after every key: the ladder holds the component's cores and speed
    if (kindKnown && c.kind == Kind::LoadBalancer) {
        const Field* policy = find(accepted, "policy");
        const Field* weights = find(accepted, "weights");
        if (c.policy == LbPolicy::Weighted && c.weights.empty() && !weights)
            error(policy ? locOf(*policy) : locOf(f.key), f.path + ".weights",
                  f.path + ".weights is required with policy weighted", "one weight per target instance, e.g. [3, 1]");
        if (weights && !c.weights.empty() && c.policy != LbPolicy::Weighted && (!policy || policyFromName(policy->text())))
            error(keyLocOf(*weights), weights->path,
                  weights->path + " applies to policy weighted only (policy is " + std::string(policyName(c.policy)) +
                      ")");
    }
    return accepted;
}

void Reader::readRateLimits(const Field& f, Component& c)
{
    const auto limits = items(f);
    if (!limits)
        return;
    std::vector<Component::RateLimit> out;
    for (const auto& lf : *limits) {
        Component::RateLimit limit;
        const auto fields = entries(lf, &keysOf("rate_limit"), "{client: mobile, rps: 100, burst: 20}");
        if (!fields)
            continue;
        if (const Field* client = find(*fields, "client")) {
            if (const auto text = name(*client)) {
                limit.clientClass = *text;
                if (!m_clients.empty() && !m_clients.count(*text)) {
                    const std::vector<std::string> known(m_clients.begin(), m_clients.end());
                    warning(locOf(*client), client->path,
                            client->path + ": no operation has client '" + *text +
                                "', so this limit never applies; clients: " + joinChoices(known),
                            didYouMean(*text, known));
                }
            }
        }
        if (const Field* rps = find(*fields, "rps"))
            set(limit.rps, number(*rps, kPositive));
        else
            error(locOf(lf), lf.path, lf.path + ".rps is required (the sustained requests/s allowed)");
        if (const Field* burst = find(*fields, "burst"))
            set(limit.burst, number(*burst, kNonNegative));
        out.push_back(limit);
    }
    c.rateLimits = out;
}

void Reader::checkComponent(const Field& f, const std::vector<Field>& settings, const Component& c, const Variant& v)
{
    if (m_kindless.count(c.name))
        return;
    auto mustBeService = [&](const Field* field, const std::string& target, const std::string& role) {
        std::vector<std::string> services;
        for (const auto& other : v.components)
            if (other.kind == Kind::Service && !m_kindless.count(other.name))
                services.push_back(other.name);
        const Component* t = v.find(target);
        if (!t) {
            error(locOf(*field), field->path,
                  field->path + ": unknown component '" + target + "'; " +
                      (services.empty() ? "the variant has no service" : "services: " + joinChoices(services)),
                  didYouMean(target, services));
        } else if (!m_kindless.count(target) && t->kind != Kind::Service) {
            error(locOf(*field), field->path,
                  field->path + ": '" + target + "' is a " + std::string(kindName(t->kind)) + "; " + role +
                      " must be a service");
        }
    };
    if (c.kind == Kind::Module) {
        if (const Field* host = find(settings, "host")) {
            if (!c.host.empty())
                mustBeService(host, c.host, "a module's host");
        } else {
            error(locOf(f.key), f.path + ".host", f.path + ".host is required (the service this module runs in)");
        }
    }
    if (c.kind == Kind::MessageQueue) {
        if (const Field* consumer = find(settings, "consumer")) {
            if (!c.consumer.empty())
                mustBeService(consumer, c.consumer, "a consumer");
        } else {
            error(locOf(f.key), f.path + ".consumer",
                  f.path + ".consumer is required (the service that processes the messages)");
        }
    }
    if (!m_zoneNames.empty()) {
        if (const Field* zones = find(settings, "zones"); zones && zones->value.IsSequence()) {
            std::size_t i = 0;
            for (const auto& z : zones->value) {
                const std::string path = item(zones->path, i++);
                if (z.IsScalar() && !m_zoneNames.count(z.Scalar()))
                    error(locOf(z), path,
                          path + ": unknown zone '" + z.Scalar() + "'; known: " + joinChoices(m_zoneList),
                          didYouMean(z.Scalar(), m_zoneList));
            }
        }
    }
}

void Reader::readRoutes(const Field* f, const Field& variantField, Variant& v)
{
    std::vector<std::string> operations;
    for (const auto& op : m_study.operations)
        operations.push_back(op.name);
    std::set<std::string> routed;
    if (f) {
        if (const auto rfields = entries(*f, nullptr, "{browse: [lb, app, db]}")) {
            for (const auto& rf : *rfields) {
                if (!m_study.operations.empty() &&
                    std::find(operations.begin(), operations.end(), rf.name) == operations.end()) {
                    error(keyLocOf(rf), rf.path,
                          f->path + ": unknown operation '" + rf.name + "'; known: " + joinChoices(operations),
                          didYouMean(rf.name, operations));
                    continue;
                }
                routed.insert(rf.name);
                Route r;
                r.operation = rf.name;
                r.mark = markOf(locOf(rf.key));
                const auto steps = items(rf);
                if (!steps)
                    continue;
                if (steps->empty()) {
                    error(locOf(rf.key), rf.path, rf.path + " needs at least one step", "e.g. [lb, app, db]");
                    continue;
                }
                std::vector<Call> chain;
                for (const auto& sf : *steps)
                    if (auto call = readStep(sf, v))
                        chain.push_back(std::move(*call));
                if (chain.empty())
                    continue;
                // [a, b, c]: a calls b after its own calls, b calls c.
                for (std::size_t i = chain.size() - 1; i > 0; --i)
                    chain[i - 1].calls.push_back(std::move(chain[i]));
                r.root = std::move(chain.front());
                v.routes.push_back(std::move(r));
            }
        }
    }
    std::vector<std::string> missing;
    for (const auto& op : operations)
        if (!routed.count(op))
            missing.push_back(op);
    if (!missing.empty()) {
        const std::string path = variantField.path + ".routes";
        error(f ? keyLocOf(*f) : locOf(variantField.key), path, path + ": no route for " + joinChoices(missing),
              "every operation needs a route in every variant");
    }
}

std::vector<Call> Reader::readSteps(const Field& f, const Variant& v)
{
    std::vector<Call> out;
    if (const auto steps = items(f))
        for (const auto& sf : *steps)
            if (auto call = readStep(sf, v))
                out.push_back(std::move(*call));
    return out;
}

std::optional<Call> Reader::readStep(const Field& f, const Variant& v)
{
    static const char* const shape = " must be a component name or a one-key map {name: {cpu: 8ms, ...}}";
    if (f.isNull() || f.value.IsSequence() || (f.value.IsMap() && f.value.size() != 1)) {
        const std::string got = f.value.IsMap() ? std::to_string(f.value.size()) + " keys" : describeNode(f.value);
        error(locOf(f), f.path, f.path + shape + " (got " + got + ")");
        return std::nullopt;
    }
    Call c;
    // Construct, never assign, yaml-cpp nodes: Node::operator= rebinds the node
    // it shares with the document.
    const Node nameNode = f.value.IsMap() ? Node(f.value.begin()->first) : f.value;
    if (f.value.IsMap() && !nameNode.IsScalar()) {
        error(locOf(nameNode), f.path, f.path + shape + " (got " + describeNode(nameNode) + " as the name)");
        return std::nullopt;
    }
    const Field body = f.value.IsMap() ? Field(nameNode, Node(f.value.begin()->second),
                                               f.path + "." + nameNode.Scalar(), nameNode.Scalar())
                                       : Field();
    c.target = nameNode.Scalar();
    c.mark = markOf(locOf(nameNode));
    const Component* target = v.find(c.target);
    if (!target && !v.components.empty()) {
        std::vector<std::string> names;
        for (const auto& comp : v.components)
            names.push_back(comp.name);
        error(locOf(nameNode), f.path,
              f.path + ": unknown component '" + c.target + "'; known: " + joinChoices(names),
              didYouMean(c.target, names));
    }
    const bool kindKnown = target && !m_kindless.count(c.target);
    if (kindKnown && target->kind == Kind::Entry)
        error(locOf(nameNode), f.path,
              f.path + ": '" + c.target + "' is the entry, where clients sit; a route lists what they call");
    if (!f.value.IsMap())
        return c; // a bare name: nothing more to read
    const auto fields = entries(body, &keysOf("step"), "{cpu: 8ms}");
    if (!fields)
        return c;
    for (const Field& e : *fields) {
        const unsigned mask = maskOf(kStepKeys, e.name);
        if (kindKnown && !(mask & bit(target->kind))) {
            error(keyLocOf(e), e.path,
                  e.path + " does not apply to kind " + std::string(kindName(target->kind)) +
                      "; it applies to steps at: " + kindList(mask),
                  e.name == "cpu" && target->kind == Kind::External ? "an external's delay is its latency" : "");
            continue;
        }
        const std::string& key = e.name;
        if (key == "cpu") {
            if (auto d = distribution(e))
                c.cpu = *d;
        } else if (key == "read") {
            if (auto d = distribution(e))
                c.read = *d;
        } else if (key == "write") {
            if (auto d = distribution(e))
                c.write = *d;
        } else if (key == "disk") {
            set(c.disk, bytes(e));
        } else if (key == "request") {
            set(c.requestBytes, bytes(e));
        } else if (key == "response") {
            set(c.responseBytes, bytes(e));
        } else if (key == "timeout") {
            if (auto t = duration(e, kPositive))
                c.timeout = t;
        } else if (key == "calls") {
            c.calls = readSteps(e, v);
        } else if (key == "parallel") {
            c.parallel = readSteps(e, v);
        } else if (key == "miss") {
            c.miss = readSteps(e, v);
        } else if (key == "retries") {
            c.retries = readRetries(e);
        } else if (key == "breaker") {
            c.breaker = readBreaker(e);
        } else if (key == "bulkhead") {
            c.bulkhead = readBulkhead(e);
        }
    }
    return c;
}

std::optional<models::FailurePolicy> Reader::readFailures(const Field& f)
{
    const auto fields = entries(f, &keysOf("failures"), "{mtbf: 2h, mttr: 5min}");
    if (!fields)
        return std::nullopt;
    models::FailurePolicy p;
    const Field* mtbf = find(*fields, "mtbf");
    const Field* mttr = find(*fields, "mttr");
    if (mtbf)
        set(p.mtbf, duration(*mtbf, kPositive));
    if (mttr)
        set(p.mttr, duration(*mttr, kPositive));
    if (!mtbf || !mttr) {
        error(locOf(f), f.path,
              f.path + " needs both mtbf and mttr (mean time between failures and to repair, e.g. {mtbf: 2h, mttr: 5min})");
        return std::nullopt;
    }
    return p;
}

std::optional<models::RetryPolicy> Reader::readRetries(const Field& f)
{
    const auto fields = entries(f, &keysOf("retries"), "{max: 3, backoff: 50ms, multiplier: 2, jitter: full, budget: 10%}");
    if (!fields)
        return std::nullopt;
    models::RetryPolicy p;
    if (const Field* max = find(*fields, "max"))
        set(p.max, integer<int>(*max, 1));
    else
        error(locOf(f), f.path, f.path + ".max is required (retries after the first attempt, e.g. max: 3)");
    if (const Field* backoff = find(*fields, "backoff"))
        set(p.backoff, duration(*backoff));
    if (const Field* multiplier = find(*fields, "multiplier"))
        set(p.multiplier, number(*multiplier, Range{1.0, false, std::nullopt}));
    if (const Field* jitter = find(*fields, "jitter")) {
        if (const auto text = name(*jitter)) {
            bool known = false;
            for (models::Jitter j : {models::Jitter::None, models::Jitter::Full, models::Jitter::Equal})
                if (models::jitterName(j) == *text) {
                    p.jitter = j;
                    known = true;
                }
            if (!known)
                error(locOf(*jitter), jitter->path,
                      jitter->path + ": unknown jitter '" + *text + "'; known: " + joinChoices(models::jitterNames()),
                      didYouMean(*text, models::jitterNames()));
        }
    }
    if (const Field* budget = find(*fields, "budget"))
        if (const auto b = fraction(*budget))
            p.budget = *b;
    return p;
}

std::optional<models::BreakerPolicy> Reader::readBreaker(const Field& f)
{
    const auto fields = entries(f, &keysOf("breaker"), "{failure_rate: 50%, window: 10s, open: 30s}");
    if (!fields)
        return std::nullopt;
    models::BreakerPolicy p;
    if (const Field* rate = find(*fields, "failure_rate")) {
        if (rate->value.IsScalar() && rate->text() == "none")
            p.failureRate.reset();
        else if (const auto r = fraction(*rate)) {
            if (*r > 0)
                p.failureRate = *r;
            else
                error(locOf(*rate), rate->path, rate->path + " must be > 0 (got " + rate->text() + ")",
                      "none turns the failure-rate rule off");
        }
    }
    if (const Field* window = find(*fields, "window"))
        set(p.window, duration(*window, kPositive));
    if (const Field* minCalls = find(*fields, "min_calls"))
        set(p.minCalls, integer<int>(*minCalls, 1));
    if (const Field* consecutive = find(*fields, "consecutive"))
        if (const auto n = integer<int>(*consecutive, 1))
            p.consecutive = *n;
    if (const Field* open = find(*fields, "open"))
        set(p.openFor, duration(*open, kPositive));
    if (const Field* probes = find(*fields, "probes"))
        set(p.probes, integer<int>(*probes, 1));
    if (!p.failureRate && !p.consecutive)
        error(locOf(f), f.path, f.path + " never opens: set failure_rate or consecutive");
    return p;
}

std::optional<models::BulkheadPolicy> Reader::readBulkhead(const Field& f)
{
    const auto fields = entries(f, &keysOf("bulkhead"), "{max: 20, queue: 0}");
    if (!fields)
        return std::nullopt;
    models::BulkheadPolicy p;
    if (const Field* max = find(*fields, "max"))
        set(p.max, integer<int>(*max, 1));
    else
        error(locOf(f), f.path, f.path + ".max is required (concurrent calls allowed, e.g. max: 20)");
    if (const Field* queue = find(*fields, "queue"))
        set(p.queue, integer<std::size_t>(*queue, 0));
    return p;
}

/// A `faults` entry as the fault types read it (scenarios/src/faults/faultentry.h).
class Reader::FaultInput final : public FaultEntry
{
public:
    FaultInput(Reader& reader, const Field& entry, const std::vector<Field>& fields, const FaultContext& context)
        : m_reader(reader), m_entry(entry), m_fields(fields), m_context(context)
    {
    }

    const std::string& path() const override { return m_entry.path; }
    const FaultContext& context() const override { return m_context; }
    Mark mark() const override { return markOf(locOf(m_entry)); }
    bool has(std::string_view key) const override { return find(m_fields, key) != nullptr; }
    bool keysDropped() const override { return m_entry.value.IsMap() && m_entry.value.size() != m_fields.size(); }

    std::optional<double> value(std::string_view key, FaultSetting::Type type) override
    {
        const Field* f = find(m_fields, key);
        if (!f)
            return std::nullopt;
        using T = FaultSetting::Type;
        switch (type) {
        case T::Duration:
            return m_reader.duration(*f);
        case T::PositiveDuration:
            return m_reader.duration(*f, kPositive);
        case T::Count:
            if (const auto n = m_reader.integer<int>(*f, 1))
                return *n;
            return std::nullopt;
        case T::Multiplier:
            return m_reader.number(*f, Range{1.0, false, std::nullopt});
        case T::Fraction:
            return m_reader.fraction(*f);
        case T::DurationOrNever:
            break;
        }
        const auto text = m_reader.scalar(*f, "a duration such as 60s, or never");
        if (!text || *text == "never")
            return std::nullopt;
        if (const auto q = sim::parseDuration(*text); q.value)
            return q.value;
        m_reader.error(locOf(*f), f->path, f->path + " must be a duration such as 60s, or never (got '" + *text + "')");
        return std::nullopt;
    }

    std::optional<std::string> name(std::string_view key, int item) override
    {
        if (item >= 0) {
            const auto it = m_lists.find(key);
            return it == m_lists.end() ? std::nullopt : m_reader.name(it->second.at(std::size_t(item)));
        }
        const Field* f = find(m_fields, key);
        return f ? m_reader.name(*f) : std::nullopt;
    }

    std::optional<std::size_t> items(std::string_view key) override
    {
        const Field* f = find(m_fields, key);
        if (!f)
            return std::nullopt;
        auto list = m_reader.items(*f);
        if (!list)
            return std::nullopt;
        const std::size_t n = list->size();
        m_lists.insert_or_assign(std::string(key), std::move(*list));
        return n;
    }

    void report(Severity severity, FaultSpot spot, const std::string& path, std::string message,
                std::string hint) override
    {
        Loc loc = locOf(m_entry);
        if (const Field* f = spot.key.empty() ? nullptr : find(m_fields, spot.key)) {
            const auto list = m_lists.find(spot.key);
            if (spot.item >= 0 && list != m_lists.end())
                loc = locOf(list->second.at(std::size_t(spot.item)));
            else
                loc = spot.atKey ? keyLocOf(*f) : locOf(*f);
        }
        m_reader.report(severity, loc, path, std::move(message), std::move(hint));
    }

private:
    Reader& m_reader;
    const Field& m_entry;
    const std::vector<Field>& m_fields;
    const FaultContext& m_context;
    std::map<std::string, std::vector<Field>, std::less<>> m_lists; // the lists read by items(), by key
};

void Reader::readFaults(const Field& f)
{
    const auto faults = items(f);
    if (!faults)
        return;
    FaultContext context{m_study.variants, m_kindless, m_zoneList, {}};
    if (context.zones.empty())
        context.zones = {"default"};
    for (const auto& v : m_study.variants)
        for (const auto& c : v.components)
            if (std::find(context.componentNames.begin(), context.componentNames.end(), c.name) ==
                context.componentNames.end())
                context.componentNames.push_back(c.name);
    for (const auto& ff : *faults) {
        const auto fields = entries(ff, &keysOf("fault"), "{at: 420s, kill: orders}");
        if (!fields)
            continue;
        FaultInput entry(*this, ff, *fields, context);
        if (auto fault = readFault(entry))
            m_study.faults.push_back(std::move(*fault));
    }
}

// ---- autoscaling, pricing, business impact ----------------------------------

double Reader::stepTime(const Field& step, const std::vector<Field>& fields, double& last, std::string_view when)
{
    const Field* at = find(fields, "at");
    if (!at) {
        error(locOf(step), step.path, step.path + ".at is required (" + std::string(when) + ")");
        return 0.0;
    }
    double t = 0.0;
    set(t, duration(*at));
    if (t < last)
        error(locOf(*at), at->path, at->path + " must not be before the previous step (" + formatNumber(last) + " s)",
              "list the steps in time order");
    last = t;
    return t;
}

void Reader::readAutoscale(const Field& f, Component& c)
{
    const auto fields = entries(f, &keysOf("autoscale"), "{target_cpu: 60%, min: 2, max: 10, provision: 90s}");
    if (!fields)
        return;
    models::AutoscaleConfig a;
    const bool sql = c.kind == Kind::SqlDatabase;
    const int floor = sql ? 0 : 1; // a database may scale its read replicas down to none
    const Field* cpu = find(*fields, "target_cpu");
    const Field* queue = find(*fields, "target_queue");
    if (cpu)
        if (const auto v = fraction(*cpu)) {
            if (*v <= 0.0)
                error(locOf(*cpu), cpu->path, cpu->path + " must be > 0 (got " + cpu->text() + ")");
            else
                a.targetCpu = v;
        }
    if (queue)
        if (const auto v = number(*queue, kPositive))
            a.targetQueue = v;
    if (cpu && queue)
        error(keyLocOf(*queue), queue->path, f.path + " tracks one metric: target_cpu or target_queue, not both",
              "keep the one the service saturates on");
    if (const Field* t = find(*fields, "tolerance"))
        set(a.tolerance, fraction(*t));
    const Field* minField = find(*fields, "min");
    const Field* maxField = find(*fields, "max");
    if (minField)
        set(a.min, integer<int>(*minField, floor));
    else
        a.min = floor;
    if (maxField)
        set(a.max, integer<int>(*maxField, std::max(floor, 1)));
    else
        error(locOf(f.key), f.path + ".max", f.path + ".max is required (the most instances it may launch)",
              "e.g. autoscale: {target_cpu: 60%, min: 2, max: 10}");
    if (a.max < a.min)
        error(maxField ? locOf(*maxField) : locOf(f.key), f.path + ".max",
              f.path + ".max must be >= min (" + std::to_string(a.min) + ") (got " + std::to_string(a.max) + ")");
    if (const Field* p = find(*fields, "period"))
        set(a.period, duration(*p, kPositive));
    if (const Field* p = find(*fields, "scale_out_cooldown"))
        set(a.scaleOutCooldown, duration(*p));
    if (const Field* p = find(*fields, "scale_in_cooldown"))
        set(a.scaleInCooldown, duration(*p));
    if (const Field* p = find(*fields, "provision"))
        set(a.provision, duration(*p));
    if (const Field* s = find(*fields, "schedule")) {
        if (const auto steps = items(*s)) {
            double last = -1.0;
            for (const auto& sf : *steps) {
                const auto sfields = entries(sf, &keysOf("schedule"), "{at: 300s, min: 8}");
                if (!sfields)
                    continue;
                models::AutoscaleConfig::Step step;
                step.at = stepTime(sf, *sfields, last, "when the step applies");
                if (const Field* v = find(*sfields, "min"))
                    step.min = integer<int>(*v, floor);
                if (const Field* v = find(*sfields, "max"))
                    step.max = integer<int>(*v, std::max(floor, 1));
                if (const Field* v = find(*sfields, "desired"))
                    step.desired = integer<int>(*v, floor);
                if (!step.min && !step.max && !step.desired)
                    error(locOf(sf), sf.path, sf.path + " changes nothing", "set min, max or desired");
                const int stepMax = step.max.value_or(a.max);
                for (const auto& [key, value] : {std::pair<const char*, std::optional<int>>{"min", step.min},
                                                 {"desired", step.desired}})
                    if (value && *value > stepMax && maxField) {
                        const Field* vf = find(*sfields, key);
                        error(locOf(*vf), vf->path,
                              vf->path + " must be <= max (" + std::to_string(stepMax) + ") (got " +
                                  std::to_string(*value) + ")");
                    }
                if (step.max && *step.max > a.max)
                    error(locOf(*find(*sfields, "max")), sf.path + ".max",
                          sf.path + ".max must be <= " + f.path + ".max (" + std::to_string(a.max) +
                              "), the machines the autoscaler may use (got " + std::to_string(*step.max) + ")");
                a.schedule.push_back(step);
            }
        }
    }
    if (!a.targetCpu && !a.targetQueue && a.schedule.empty())
        error(locOf(f.key), f.path, f.path + " needs a target (target_cpu or target_queue) or a schedule",
              "e.g. autoscale: {target_cpu: 60%, min: 2, max: 10}");
    if (maxField && a.max >= a.min)
        c.autoscale = a;
}

void Reader::readVertical(const Field& f, Component& c)
{
    const auto fields = entries(f, &keysOf("vertical"), "{sizes: [4, 8, 16], target_cpu: 60%, restart: 30s}");
    if (!fields)
        return;
    models::VerticalScaleConfig v;
    using Size = models::VerticalScaleConfig::Size;
    const Size own{c.cores, c.speed, std::nullopt};
    bool ok = true;
    const Field* sizesField = find(*fields, "sizes");
    if (!sizesField) {
        error(locOf(f.key), f.path + ".sizes", f.path + ".sizes is required (the sizes the primary may take)",
              "e.g. sizes: [4, 8, 16] (cores), or [{cores: 8, speed: 1.5}]");
        ok = false;
    } else if (const auto list = items(*sizesField)) {
        for (const Field& sf : *list) {
            Size size{c.cores, c.speed, std::nullopt};
            if (sf.value.IsScalar()) {
                if (const auto cores = integer<int>(sf, 1))
                    size.cores = *cores;
                else
                    ok = false;
            } else if (const auto sfields = entries(sf, &keysOf("size"), "{cores: 8, speed: 1.5}")) {
                if (const Field* cf = find(*sfields, "cores"))
                    set(size.cores, integer<int>(*cf, 1));
                if (const Field* sp = find(*sfields, "speed"))
                    set(size.speed, number(*sp, kPositive));
                if (const Field* hp = find(*sfields, "hourly_price"))
                    size.hourlyPrice = number(*hp, kNonNegative);
            } else {
                ok = false;
                continue;
            }
            if (!v.sizes.empty() && size.capacity() <= v.sizes.back().capacity()) {
                error(locOf(sf), sf.path,
                      sf.path + " (" + std::to_string(size.cores) + " cores x" + formatNumber(size.speed) +
                          ") must be bigger than the size before it (" + std::to_string(v.sizes.back().cores) +
                          " cores x" + formatNumber(v.sizes.back().speed) + ")",
                      "list the sizes smallest first; a size's capacity is cores x speed");
                ok = false;
            }
            v.sizes.push_back(size);
        }
    } else {
        ok = false;
    }
    // The primary's own size is a rung of the ladder: listed, or added in its place.
    const auto same = [&](const Size& s) { return s.cores == own.cores && s.speed == own.speed; };
    if (ok && std::none_of(v.sizes.begin(), v.sizes.end(), same)) {
        const auto at = std::find_if(v.sizes.begin(), v.sizes.end(),
                                     [&](const Size& s) { return s.capacity() > own.capacity(); });
        if (at != v.sizes.begin() && std::prev(at)->capacity() == own.capacity()) {
            error(locOf(*sizesField), sizesField->path,
                  sizesField->path + " has a size as big as the primary's own (" + std::to_string(own.cores) +
                      " cores x" + formatNumber(own.speed) + ") but not it",
                  "list the component's cores and speed among the sizes");
            ok = false;
        } else {
            v.sizes.insert(at, own);
        }
    }
    if (const Field* cpu = find(*fields, "target_cpu"))
        if (const auto u = fraction(*cpu)) {
            if (*u <= 0.0)
                error(locOf(*cpu), cpu->path, cpu->path + " must be > 0 (got " + cpu->text() + ")");
            else
                v.targetCpu = u;
        }
    if (const Field* m = find(*fields, "max")) {
        v.maxCores = integer<int>(*m, 1);
        if (v.maxCores && *v.maxCores < c.cores) {
            error(locOf(*m), m->path,
                  m->path + " (" + std::to_string(*v.maxCores) + " cores) must be >= the primary's cores (" +
                      std::to_string(c.cores) + ")",
                  "max is the most cores target tracking may give the primary");
            ok = false;
        } else if (v.maxCores && ok && v.sizes.back().cores > *v.maxCores) {
            const Size& big = v.sizes.back();
            error(locOf(*m), m->path,
                  f.path + ".sizes has a size (" + std::to_string(big.cores) + " cores) bigger than max (" +
                      std::to_string(*v.maxCores) + " cores)",
                  "raise max or drop the sizes above it");
            ok = false;
        }
    }
    if (const Field* t = find(*fields, "tolerance"))
        set(v.tolerance, fraction(*t));
    if (const Field* p = find(*fields, "period"))
        set(v.period, duration(*p, kPositive));
    if (const Field* p = find(*fields, "scale_up_cooldown"))
        set(v.scaleUpCooldown, duration(*p));
    if (const Field* p = find(*fields, "scale_down_cooldown"))
        set(v.scaleDownCooldown, duration(*p));
    if (const Field* p = find(*fields, "provision"))
        set(v.provision, duration(*p));
    if (const Field* p = find(*fields, "restart"))
        set(v.restart, duration(*p));
    if (const Field* s = find(*fields, "schedule")) {
        if (const auto steps = items(*s)) {
            double last = -1.0;
            for (const auto& sf : *steps) {
                const auto sfields = entries(sf, &keysOf("resize"), "{at: 600s, cores: 16}");
                if (!sfields)
                    continue;
                models::VerticalScaleConfig::Step step;
                step.at = stepTime(sf, *sfields, last, "when the resize starts");
                const Field* cf = find(*sfields, "cores");
                const Field* sp = find(*sfields, "speed");
                if (!cf && !sp) {
                    error(locOf(sf), sf.path, sf.path + " changes nothing", "set the size's cores (and speed)");
                    continue;
                }
                const auto cores = cf ? integer<int>(*cf, 1) : std::optional<int>(c.cores);
                const auto speedRead = sp ? number(*sp, kPositive) : std::optional<double>();
                if (!cores || (sp && !speedRead) || !ok)
                    continue;
                const double speed = speedRead.value_or(0.0); // 0: any speed
                std::vector<std::string> known;
                bool found = false;
                for (std::size_t i = 0; i < v.sizes.size(); ++i) {
                    known.push_back(std::to_string(v.sizes[i].cores) + " cores x" + formatNumber(v.sizes[i].speed));
                    if (!found && v.sizes[i].cores == *cores && (speed == 0.0 || v.sizes[i].speed == speed)) {
                        step.size = i;
                        found = true;
                    }
                }
                if (!found) {
                    error(locOf(cf ? *cf : *sp), sf.path,
                          sf.path + ": no size of " + f.path + ".sizes has " + std::to_string(*cores) + " cores" +
                              (speed > 0.0 ? " x" + formatNumber(speed) : std::string()) + "; sizes: " +
                              joinChoices(known),
                          "add the size to sizes");
                    continue;
                }
                v.schedule.push_back(step);
            }
        }
    }
    if (!v.targetCpu && !find(*fields, "schedule"))
        error(locOf(f.key), f.path, f.path + " needs target_cpu or a schedule",
              "e.g. vertical: {sizes: [4, 8, 16], target_cpu: 60%}");
    else if (ok)
        c.vertical = v;
}

void Reader::readPricing(const Field& f)
{
    Pricing& p = m_study.pricing;
    p.mark = markOf(locOf(f.key));
    const auto fields = entries(f, &keysOf("pricing"), "{core_hour: {service: 0.048}, cross_zone: 0.02}");
    if (!fields)
        return;
    if (const Field* ch = find(*fields, "core_hour")) {
        if (const auto kinds = entries(*ch, nullptr, "{service: 0.048, sql_database: 0.12}")) {
            std::vector<std::string> priced;
            for (const auto& [kind, price] : p.coreHour)
                priced.emplace_back(kindName(kind));
            for (const Field& kf : *kinds) {
                const auto kind = kindFromName(kf.name);
                if (!kind || !p.coreHour.count(*kind)) {
                    error(keyLocOf(kf), kf.path,
                          kf.path + ": no machines of kind '" + kf.name + "' to price; priced kinds: " +
                              joinChoices(priced),
                          didYouMean(kf.name, priced));
                    continue;
                }
                set(p.coreHour[*kind], number(kf, kNonNegative));
            }
        }
    }
    if (const Field* z = find(*fields, "cross_zone"))
        set(p.crossZoneGb, number(*z, kNonNegative));
    if (const Field* r = find(*fields, "cross_region"))
        set(p.crossRegionGb, number(*r, kNonNegative));
}

void Reader::readBusiness(const Field& f)
{
    Business& b = m_study.business;
    b.mark = markOf(locOf(f.key));
    const auto fields = entries(f, &keysOf("business"), "{downtime_cost: 5600, conversion_loss: 20%}");
    if (!fields)
        return;
    if (const Field* d = find(*fields, "downtime_cost"))
        set(b.downtimeCost, number(*d, kNonNegative));
    if (const Field* c = find(*fields, "conversion_loss"))
        set(b.conversionLoss, fraction(*c));
    if (const Field* l = find(*fields, "baseline_latency"))
        if (const auto v = duration(*l, kPositive))
            b.baselineLatency = v;
}

LoadResult Reader::run()
{
    m_study.path = m_file;
    readHeaderComment();
    try {
        Node root;
        try {
            root = YAML::Load(m_source); // root is fresh: the assignment shares nothing yet
        } catch (const YAML::ParserException& e) {
            error({e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + e.msg);
            return finish();
        }
        const Field top(Node(), root, "", "");
        if (top.isNull()) {
            error({}, "", "the study is empty; it needs operations, workload and variants");
            return finish();
        }
        const auto fields =
            entries(top, &keysOf("study"), "{name: shop, operations: {...}, workload: {...}, variants: {...}}");
        if (!fields)
            return finish();
        if (const Field* f = find(*fields, "name"))
            set(m_study.name, scalar(*f, "text"));
        if (const Field* f = find(*fields, "description"))
            set(m_study.description, scalar(*f, "text"));
        if (const Field* f = find(*fields, "operations"))
            readOperations(*f);
        else
            error({}, "operations", "operations is required", "e.g. operations: {browse: {share: 1}}");
        if (const Field* f = find(*fields, "network")) {
            readNetwork(*f);
            for (const auto& z : m_study.network.zones) {
                m_zoneNames.insert(z.name);
                m_zoneList.push_back(z.name);
            }
        }
        if (const Field* f = find(*fields, "workload"))
            readWorkload(*f);
        else
            error({}, "workload", "workload is required", "e.g. workload: {rate: [{at: 0s, rps: 100}]}");
        if (const Field* f = find(*fields, "slo"))
            readSlo(*f);
        if (const Field* f = find(*fields, "run"))
            readRun(*f);
        if (const Field* f = find(*fields, "variants"))
            readVariants(*f);
        else
            error({}, "variants", "variants is required",
                  "e.g. variants: {v1: {components: {app: {kind: service}}, routes: {browse: [app]}}}");
        if (const Field* f = find(*fields, "faults"))
            readFaults(*f);
        if (const Field* f = find(*fields, "pricing"))
            readPricing(*f);
        if (const Field* f = find(*fields, "business"))
            readBusiness(*f);
    } catch (const std::exception& e) {
        // yaml-cpp's node API throws on shapes it cannot represent; never let it escape.
        error({}, "", std::string("cannot read the study: ") + e.what());
    }
    return finish();
}

LoadResult Reader::finish()
{
    std::stable_sort(m_diagnostics.begin(), m_diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        const auto key = [](const Diagnostic& d) { return std::tuple(d.line > 0, d.line, d.column); };
        return key(a) < key(b);
    });
    LoadResult result;
    result.diagnostics = std::move(m_diagnostics);
    const bool anyError = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                      [](const Diagnostic& d) { return d.severity == Severity::Error; });
    if (!anyError)
        result.study = std::move(m_study);
    return result;
}

} // namespace

bool LoadResult::ok() const
{
    return study.has_value() && std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
               return d.severity == Diagnostic::Severity::Error;
           });
}

std::string LoadResult::report() const
{
    std::string out;
    for (const auto& d : diagnostics)
        out += d.format() + "\n";
    return out;
}

LoadResult parseStudy(const std::string& yamlText, const std::string& fileName)
{
    return Reader(yamlText, fileName, std::nullopt).run();
}

LoadResult readStudy(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        LoadResult result;
        Diagnostic d;
        d.file = path;
        d.message = std::string("cannot read the study: ") + std::strerror(err);
        result.diagnostics.push_back(std::move(d));
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    return Reader(text.str(), path, dir.empty() ? std::filesystem::path(".") : dir).run();
}

std::vector<std::string> knownKeys(std::string_view part)
{
    const auto it = partKeys().find(part);
    return it == partKeys().end() ? std::vector<std::string>{} : it->second;
}

std::vector<ComponentKind> kindsForComponentKey(std::string_view key)
{
    return kindsOf(maskOf(kComponentKeys, key));
}

std::vector<ComponentKind> kindsForStepKey(std::string_view key)
{
    return kindsOf(maskOf(kStepKeys, key));
}

} // namespace scalelab::scenarios
