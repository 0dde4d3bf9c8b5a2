#include "scenarios/studyreader.h"

#include "faults/faultentry.h"
#include "fieldvalues.h"
#include "overrides.h"
#include "sourcecheck.h"

#include "scenarios/fieldtext.h"
#include "scenarios/quantities.h"
#include "scenarios/studyedit.h"
#include "scenarios/studyfields.h"
#include "scenarios/validator.h"
#include "simcore/units.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>
#include <type_traits>

namespace scalelab::scenarios {

namespace {

using YAML::Node;
using Severity = Diagnostic::Severity;
using Kind = ComponentKind;
using models::FieldInfo;
using models::FieldType;
using Range = models::FieldRange;

constexpr Range kPositive = models::above(0);

template <typename Part> const std::vector<std::string>& keysOf()
{
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> out;
        for (const FieldInfo& f : models::fieldsOf<Part>())
            out.emplace_back(f.key);
        return out;
    }();
    return keys;
}


// The faults' keys, from their types (scenarios/faulttype.h).
const std::vector<std::string>& faultKeysList()
{
    static const std::vector<std::string> keys = faultKeys();
    return keys;
}

std::string kindList(unsigned mask)
{
    std::vector<std::string> names;
    for (Kind k : models::kindsIn(mask))
        names.emplace_back(kindName(k));
    return joinChoices(names);
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

Mark markOf(Loc loc)
{
    return {loc.line, loc.column};
}

KeyMark keyMark(const Field& f)
{
    return {markOf(keyLocOf(f)), markOf(locOf(f)), !f.isNull() && f.value.IsScalar() ? f.text() : std::string()};
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

const Field* find(const std::vector<Field>& fields, std::string_view key)
{
    for (const auto& f : fields)
        if (f.name == key)
            return &f;
    return nullptr;
}

template <typename T> void set(T& target, const std::optional<T>& value)
{
    if (value)
        target = *value;
}

/// Reads the document into a Study: its shapes, keys and values, each parsed
/// as its field describes it. What the values mean together (ranges,
/// references, cross-field rules) is the validator's (validator.h); the reader
/// tells it where it already reported errors.
class Reader
{
public:
    Reader(const std::string& source, std::string fileName, std::optional<std::filesystem::path> baseDir,
           std::vector<Override> overrides = {})
        : m_source(source), m_file(std::move(fileName)), m_baseDir(std::move(baseDir)), m_overrides(std::move(overrides))
    {
    }
    // Keeps a reference to the text: it must outlive the reader.
    Reader(std::string&&, std::string, std::optional<std::filesystem::path>) = delete;

    LoadResult run();
    /// `text` read as the value at `path` of `base` (empty: the key's default).
    LoadResult readAt(const Study& base, const std::vector<std::string>& path, const std::string& text);
    /// `path` is variants.V.connections.FROM->TO.KEY[.SUB]: the key set on every call of the connection.
    void readConnectionKey(Variant& v, const std::vector<std::string>& path, const Field& f, bool reset);

private:
    template <typename Obj> struct ReadVisitor;

    const std::string& m_source;
    std::string m_file;
    std::optional<std::filesystem::path> m_baseDir; // set: check that replay files exist
    std::vector<Override> m_overrides;              // put into the tree before it is read
    std::vector<Diagnostic> m_diagnostics;
    std::set<std::string> m_reported; // the paths of the errors reported
    bool m_read = false;              // the top level was read: there is a study to validate
    Study m_study;
    std::vector<std::string> m_zoneList;
    std::set<std::string> m_kindless;      // components of the current variant whose kind is missing or unknown
    const Component* m_component = nullptr; // the component being read (a vertical ladder holds its size)

    // Reporting.
    // An error's path is recorded for the validator; a missing key records its own path instead.
    void report(Severity severity, Loc loc, const std::string& path, std::string message, std::string hint = {},
                const std::string* missingKey = nullptr)
    {
        if (severity == Severity::Error)
            m_reported.insert(missingKey ? *missingKey : path);
        m_diagnostics.push_back(
            Diagnostic::at(m_file, loc.line, loc.column, severity, path, std::move(message), std::move(hint)));
    }
    void error(Loc loc, const std::string& path, std::string message, std::string hint = {})
    {
        report(Severity::Error, loc, path, std::move(message), std::move(hint));
    }
    Loc locInScalar(const Field& f, std::size_t offset) const;

    // Structure.
    std::optional<std::vector<Field>> entries(const Field& map, const std::vector<std::string>* known,
                                              std::string_view example = {});
    std::optional<std::vector<Field>> items(const Field& list);
    /// Appends a T per named entry (a variant, a component), its name and mark
    /// set, and read by `read`.
    template <typename T, typename Read> void readNamed(const std::vector<Field>& named, std::vector<T>& out, Read read)
    {
        for (const auto& f : named) {
            T item;
            item.name = f.name;
            item.mark = markOf(locOf(f.key));
            read(f, item);
            out.push_back(std::move(item));
        }
    }
    void unknownKey(const Field& entry, const std::string& parentPath, const std::vector<std::string>& known);

    // Values, parsed as their type says; ranges are the validator's.
    std::optional<std::string> scalar(const Field& f, std::string_view expected);
    std::optional<std::string> name(const Field& f) { return scalar(f, "a name"); }
    template <typename T> std::optional<T> integer(const Field& f, const FieldInfo& info);
    std::optional<double> quantity(const Field& f, sim::ParsedQuantity (*parse)(std::string_view),
                                   std::string_view expected);
    std::optional<double> real(const Field& f, const FieldInfo& info);
    std::optional<sim::Distribution> distribution(const Field& f);
    /// False, after an error, when `value` (read from f) is out of the field's range.
    bool inRange(const Field& f, const FieldInfo& info, double value);

    // Values checked as they are read: the faults' (their types read them
    // through FaultInput) and the vertical ladder's (resolved while reading).
    std::optional<double> number(const Field& f, const Range& range = {});
    template <typename T> std::optional<T> integer(const Field& f, T min);
    std::optional<double> duration(const Field& f, const Range& range = {});
    std::optional<double> fraction(const Field& f);
    std::optional<double> checked(const Field& f, std::optional<double> value, FieldType type, const Range& range);

    // The generic walk over the parts (models/fields.h, studyfields.h).
    template <typename Part, typename Obj>
    bool readPart(const Field& map, Obj& obj, KeyMarks& marks, const std::string& rel);
    template <typename Part> bool requireKeys(const Field& map, const std::vector<Field>& fields);
    template <typename Sub, typename T> bool readInto(const Field& f, T& value, KeyMarks& marks, const std::string& path);
    template <typename Sub, typename T>
    void readNested(const Field& f, const FieldInfo& info, std::optional<T>& target, KeyMarks& marks,
                    const std::string& path);
    template <typename Sub, typename T>
    void readNested(const Field& f, const FieldInfo& info, std::vector<T>& target, KeyMarks& marks,
                    const std::string& path);
    template <typename Sub, typename T>
    void readNested(const Field& f, const FieldInfo& info, T& target, KeyMarks& marks, const std::string& path);
    template <typename M>
    void readValue(const Field& f, const FieldInfo& info, M& target, KeyMarks& marks, const std::string& path);
    template <typename E> void readEnum(const Field& f, const FieldInfo& info, E& target);

    /// One key of a part, alone (an editor's value); reset to its default when `f` has no value.
    template <typename Part, typename Obj> void readKey(const Field& f, Obj& obj, KeyMarks& marks, bool reset);

    // What a part reads by its own code, after its described keys.
    template <typename Part, typename Obj> void readRest(Part, const std::vector<Field>&, Obj&, KeyMarks&, const std::string&)
    {
    }
    void readRest(WorkloadFields, const std::vector<Field>& fields, Workload& w, KeyMarks& marks, const std::string& rel);
    void readRest(PricingFields, const std::vector<Field>& fields, Pricing& p, KeyMarks& marks, const std::string& rel);
    void readRest(models::VerticalFields, const std::vector<Field>& fields, models::VerticalScaleConfig& v,
                  KeyMarks& marks, const std::string& rel);

    // Sections.
    void readHeaderComment();
    void readOperations(const Field& f);
    void readFaults(const Field& f);
    class FaultInput;
    void readVariants(const Field& f);
    void readVariant(const Field& f, Variant& v);
    void readComponent(const Field& f, Component& c);
    void readComponentKeys(const std::string& path, const std::vector<Field>& fields, Component& c, bool kindKnown);
    void readRoutes(const Field& f, Variant& v);
    Route readRoute(const Field& rf, const Variant& v);
    void readLayout(const Field& f, Variant& v);
    void readRoles(const Field& f);
    void readRoleMappings(const Field& f, Variant& v);
    Call readStep(const Field& f, const Variant& v);
    std::vector<Call> readSteps(const Field& f, const Variant& v);
    void checkReplayFile(const Field& f);
    /// False, with its diagnostics, when the text is not UTF-8 or its YAML aliases cannot be expanded.
    bool checkSource(const std::string& text);
    LoadResult finish();
    LoadResult finishValue();
};

/// Reads the described keys of one part into `obj`, each by its type; marks
/// every key met in `marks` under `rel` (a prefix ending in '.', or empty).
template <typename Obj> struct Reader::ReadVisitor
{
    Reader& r;
    const std::vector<Field>& fields;
    Obj& obj;
    KeyMarks& marks;
    const std::string& rel;

    const Field* entry(const FieldInfo& info) const
    {
        const Field* f = find(fields, info.key);
        if (f)
            marks[rel + std::string(info.key)] = keyMark(*f);
        return f;
    }
    void operator()(const FieldInfo& info, Custom) const { entry(info); }
    template <typename M, typename S> void operator()(const FieldInfo& info, M S::*member) const
    {
        if (const Field* f = entry(info))
            r.readValue(*f, info, obj.*member, marks, rel + std::string(info.key));
    }
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo& info, M S::*member, Sub) const
    {
        if (const Field* f = entry(info))
            r.readNested<Sub>(*f, info, obj.*member, marks, rel + std::string(info.key));
    }
    template <typename Sub> void operator()(const FieldInfo& info, Group<Sub>) const
    {
        if (const Field* f = entry(info))
            r.readPart<Sub>(*f, obj, marks, rel + std::string(info.key) + ".");
    }
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

void Reader::unknownKey(const Field& entry, const std::string& parentPath, const std::vector<std::string>& known)
{
    error(keyLocOf(entry), entry.path,
          (parentPath.empty() ? std::string() : parentPath + ": ") + "unknown key '" + entry.name +
              "'; known: " + joinChoices(known),
          didYouMean(entry.name, known));
}

std::optional<std::vector<Field>> Reader::entries(const Field& map, const std::vector<std::string>* known,
                                                  std::string_view example)
{
    std::vector<Field> out;
    if (map.isNull())
        return out;
    if (!map.value.IsMap()) {
        error(locOf(map), map.path,
              (map.path.empty() ? std::string("the study") : map.path) + " must be a map" +
                  (example.empty() ? std::string() : " such as " + std::string(example)) + " (got " +
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
    return checked(f, v, FieldType::Number, range);
}

std::optional<double> Reader::checked(const Field& f, std::optional<double> value, FieldType type, const Range& range)
{
    FieldInfo info;
    info.type = type;
    info.range = range;
    if (value && !inRange(f, info, *value))
        return std::nullopt;
    return value;
}

template <typename T> std::optional<T> Reader::integer(const Field& f, T min)
{
    FieldInfo info;
    info.type = FieldType::Integer;
    info.range = models::atLeast(double(min));
    const auto v = integer<T>(f, info);
    if (v && !inRange(f, info, double(*v)))
        return std::nullopt;
    return v;
}

std::optional<double> Reader::duration(const Field& f, const Range& range)
{
    return checked(f, quantity(f, sim::parseDuration, "a duration such as 250ms"), FieldType::Duration, range);
}

std::optional<double> Reader::fraction(const Field& f)
{
    return checked(f, quantity(f, parseFraction, "a number between 0 and 1 or a percentage"), FieldType::Fraction, {});
}

// The type's own limits are the reader's (a value it cannot hold); the
// field's range is the validator's, but a negative number for an unsigned
// field is reported here with that range's words.
template <typename T> std::optional<T> Reader::integer(const Field& f, const FieldInfo& info)
{
    const auto text = scalar(f, "a whole number");
    if (!text)
        return std::nullopt;
    const char* begin = text->data();
    const char* end = begin + text->size();
    const std::string floor = info.range.min ? formatNumber(*info.range.min) : std::to_string(std::numeric_limits<T>::min());
    if (!text->empty() && text->front() == '-') {
        long long v = 0;
        const auto [stop, ec] = std::from_chars(begin, end, v);
        if (ec == std::errc() && stop == end) {
            if constexpr (std::is_signed_v<T>)
                if (v >= static_cast<long long>(std::numeric_limits<T>::min()))
                    return static_cast<T>(v);
            error(locOf(f), f.path, f.path + " must be >= " + floor + " (got " + *text + ")");
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
        if (ec == std::errc() && stop == end)
            return static_cast<T>(v);
    }
    error(locOf(f), f.path, f.path + " must be a whole number (got '" + *text + "')");
    return std::nullopt;
}

std::optional<double> Reader::quantity(const Field& f, sim::ParsedQuantity (*parse)(std::string_view),
                                       std::string_view expected)
{
    const auto text = scalar(f, expected);
    if (!text)
        return std::nullopt;
    const sim::ParsedQuantity q = parse(*text);
    if (!q.value) {
        error(locInScalar(f, q.column), f.path, f.path + ": " + q.error);
        return std::nullopt;
    }
    return q.value;
}

std::optional<double> Reader::real(const Field& f, const FieldInfo& info)
{
    switch (info.type) {
    case FieldType::Duration:
        return quantity(f, sim::parseDuration, expectedText(info));
    case FieldType::Bandwidth:
        return quantity(f, parseBandwidth, expectedText(info));
    case FieldType::Bytes:
        return quantity(f, parseBytes, expectedText(info));
    case FieldType::Fraction:
        return quantity(f, parseFraction, expectedText(info));
    default:
        return number(f);
    }
}

bool Reader::inRange(const Field& f, const FieldInfo& info, double value)
{
    const std::string problem = rangeError(info, value, f.text());
    if (!problem.empty())
        error(locOf(f), f.path, f.path + " " + problem);
    return problem.empty();
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
    // A distribution's mean is held to the ceiling of every duration.
    FieldInfo asDuration;
    asDuration.type = FieldType::Duration;
    if (!inRange(f, asDuration, parsed.value.mean()))
        return std::nullopt;
    return parsed.value;
}

// ---- the generic walk -------------------------------------------------------------

template <typename Part, typename Obj>
bool Reader::readPart(const Field& map, Obj& obj, KeyMarks& marks, const std::string& rel)
{
    const auto fields = entries(map, &keysOf<Part>(), Part::part.example);
    if (!fields)
        return false;
    Part::fields(ReadVisitor<Obj>{*this, *fields, obj, marks, rel});
    readRest(Part{}, *fields, obj, marks, rel);
    return requireKeys<Part>(map, *fields);
}

// A missing key with a fix is reported at its map's key (the whole file at the
// top level), with the fix as the hint; others at the map, naming the key.
template <typename Part> bool Reader::requireKeys(const Field& map, const std::vector<Field>& fields)
{
    bool complete = true;
    for (const FieldInfo& f : models::fieldsOf<Part>()) {
        if (!f.has(models::field::Required) || find(fields, f.key))
            continue;
        complete = false;
        if (!Part::part.needs.empty())
            continue;
        const std::string path = child(map.path, f.key);
        const std::string message = path + " is required" + (f.note.empty() ? "" : " (" + std::string(f.note) + ")");
        if (f.fix.empty())
            report(Severity::Error, locOf(map), map.path, message, {}, &path);
        else
            error(locOf(map.key), path, message, std::string(f.fix));
    }
    if (!complete && !Part::part.needs.empty())
        error(locOf(map), map.path, map.path + " " + std::string(Part::part.needs));
    return complete || Part::part.needs.empty();
}

template <typename Sub, typename T>
bool Reader::readInto(const Field& f, T& value, KeyMarks& marks, const std::string& path)
{
    if constexpr (requires { value.mark; })
        value.mark = markOf(f.hasKey() ? locOf(f.key) : locOf(f));
    if constexpr (requires { value.keyMarks; })
        return readPart<Sub>(f, value, value.keyMarks, "");
    else
        return readPart<Sub>(f, value, marks, path + ".");
}

template <typename Sub, typename T>
void Reader::readNested(const Field& f, const FieldInfo&, std::optional<T>& target, KeyMarks& marks,
                        const std::string& path)
{
    T value{};
    if (readInto<Sub>(f, value, marks, path))
        target = std::move(value);
}

template <typename Sub, typename T>
void Reader::readNested(const Field& f, const FieldInfo&, T& target, KeyMarks& marks, const std::string& path)
{
    readInto<Sub>(f, target, marks, path);
}

// A list of maps, or a map of named maps (zones: {eu-1a: {region: eu}}). Every
// item is kept, readable or not, so that item i is the i-th written.
template <typename Sub, typename T>
void Reader::readNested(const Field& f, const FieldInfo& info, std::vector<T>& target, KeyMarks& marks,
                        const std::string& path)
{
    std::vector<T> out;
    if (info.type == FieldType::Map) {
        const auto named = entries(f, nullptr, info.example);
        if (!named)
            return;
        for (const Field& e : *named) {
            T value{};
            if constexpr (requires { value.name; })
                value.name = e.name;
            readInto<Sub>(e, value, marks, path + "." + e.name);
            out.push_back(std::move(value));
        }
    } else {
        const auto list = items(f);
        if (!list)
            return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string at = item(path, i);
            marks[at] = keyMark((*list)[i]);
            T value{};
            readInto<Sub>((*list)[i], value, marks, at);
            out.push_back(std::move(value));
        }
    }
    target = std::move(out);
}

template <typename E> void Reader::readEnum(const Field& f, const FieldInfo& info, E& target)
{
    const auto text = name(f);
    if (!text)
        return;
    const std::vector<std::string> names = info.choices();
    const auto it = std::find(names.begin(), names.end(), *text);
    if (it == names.end())
        error(locOf(f), f.path,
              f.path + ": unknown " + std::string(info.key) + " '" + *text + "'; known: " + joinChoices(names),
              didYouMean(*text, names));
    else
        target = static_cast<E>(it - names.begin());
}

template <typename M>
void Reader::readValue(const Field& f, const FieldInfo& info, M& target, KeyMarks& marks, const std::string& path)
{
    if constexpr (std::is_enum_v<M>) {
        readEnum(f, info, target);
    } else if constexpr (std::is_same_v<M, std::string>) {
        set(target, info.type == FieldType::Name ? name(f) : scalar(f, expectedText(info)));
    } else if constexpr (std::is_same_v<M, sim::Distribution>) {
        set(target, distribution(f));
    } else if constexpr (std::is_same_v<M, std::optional<sim::Distribution>>) {
        if (auto d = distribution(f))
            target = std::move(*d);
    } else if constexpr (std::is_same_v<M, double>) {
        set(target, real(f, info));
    } else if constexpr (std::is_same_v<M, std::optional<double>>) {
        if (!info.none.empty() && !f.isNull() && f.value.IsScalar() && f.text() == info.none)
            target.reset();
        else if (const auto v = real(f, info))
            target = v;
    } else if constexpr (std::is_same_v<M, std::optional<int>>) {
        if (const auto v = integer<int>(f, info))
            target = v;
    } else if constexpr (std::is_integral_v<M>) {
        set(target, integer<M>(f, info));
    } else {
        // A list of names or numbers: every item kept, so that item i is the i-th written.
        static_assert(std::is_same_v<M, std::vector<std::string>> || std::is_same_v<M, std::vector<double>>);
        const auto list = items(f);
        if (!list)
            return;
        FieldInfo each = info;
        each.type = info.item.value_or(FieldType::Name);
        M out;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const Field& e = (*list)[i];
            marks[item(path, i)] = keyMark(e);
            if constexpr (std::is_same_v<M, std::vector<std::string>>)
                out.push_back(name(e).value_or(std::string()));
            else
                out.push_back(real(e, each).value_or(0.0));
        }
        target = std::move(out);
    }
}

// ---- parts with keys of their own -------------------------------------------------

void Reader::readRest(WorkloadFields, const std::vector<Field>& fields, Workload&, KeyMarks&, const std::string&)
{
    for (const char* key : {"replay", "replay_timestamps"})
        if (const Field* f = find(fields, key); f && !f->isNull() && f->value.IsScalar())
            checkReplayFile(*f);
}

// core_hour: {service: 0.048}: a price per kind with machines.
void Reader::readRest(PricingFields, const std::vector<Field>& fields, Pricing& p, KeyMarks& marks,
                      const std::string& rel)
{
    const Field* ch = find(fields, "core_hour");
    if (!ch)
        return;
    const FieldInfo price = *models::fieldOf<PricingFields>("core_hour");
    const auto kinds = entries(*ch, nullptr, price.example);
    if (!kinds)
        return;
    std::vector<std::string> priced;
    for (const auto& [kind, value] : p.coreHour)
        priced.emplace_back(kindName(kind));
    for (const Field& kf : *kinds) {
        const auto k = std::find(priced.begin(), priced.end(), kf.name);
        if (k == priced.end()) {
            error(keyLocOf(kf), kf.path,
                  kf.path + ": no machines of kind '" + kf.name + "' to price; priced kinds: " + joinChoices(priced),
                  didYouMean(kf.name, priced));
            continue;
        }
        marks[rel + "core_hour." + kf.name] = keyMark(kf);
        const auto kind = std::next(p.coreHour.begin(), k - priced.begin())->first;
        set(p.coreHour[kind], number(kf));
    }
}

// The ladder holds the primary's own size (listed, or added in its place), and
// a scheduled resize names a size of it: both are resolved here, against the
// component's cores and speed, with the checks of the sizes as listed.
void Reader::readRest(models::VerticalFields, const std::vector<Field>& fields, models::VerticalScaleConfig& v,
                      KeyMarks& marks, const std::string& rel)
{
    using Size = models::VerticalScaleConfig::Size;
    using models::SizeFields;
    const Component& c = *m_component;
    const Size own{c.cores, c.speed, std::nullopt};
    const FieldInfo coresInfo = *models::fieldOf<SizeFields>("cores");
    const FieldInfo speedInfo = *models::fieldOf<SizeFields>("speed");
    bool ok = true;
    const Field* sizesField = find(fields, "sizes");
    if (!sizesField) {
        ok = false;
    } else if (const auto list = items(*sizesField)) {
        for (const Field& sf : *list) {
            Size size{c.cores, c.speed, std::nullopt};
            if (sf.value.IsScalar()) {
                const auto cores = integer<int>(sf, coresInfo);
                if (cores && inRange(sf, coresInfo, *cores))
                    size.cores = *cores;
                else
                    ok = false;
            } else if (const auto sfields = entries(sf, &keysOf<SizeFields>(), SizeFields::part.example)) {
                KeyMarks sizeMarks;
                SizeFields::fields(ReadVisitor<Size>{*this, *sfields, size, sizeMarks, ""});
                const auto read = [&](const char* key) {
                    const Field* e = find(*sfields, key);
                    return e && !m_reported.count(e->path) ? e : nullptr;
                };
                if (const Field* cf = read("cores"); cf && !inRange(*cf, coresInfo, size.cores))
                    size.cores = c.cores;
                if (const Field* sp = read("speed"); sp && !inRange(*sp, speedInfo, size.speed))
                    size.speed = c.speed;
                if (const Field* hp = read("hourly_price");
                    hp && !inRange(*hp, *models::fieldOf<SizeFields>("hourly_price"), *size.hourlyPrice))
                    size.hourlyPrice.reset();
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
    const Field* s = find(fields, "schedule");
    const auto steps = s ? items(*s) : std::nullopt;
    if (!steps)
        return;
    const std::string sizesPath = s->path.substr(0, s->path.size() - s->name.size()) + "sizes";
    // Every step is kept, resolved or not, so that step i is the i-th written.
    for (std::size_t i = 0; i < steps->size(); ++i) {
        const Field& sf = (*steps)[i];
        const std::string at = rel + item("schedule", i);
        marks[at] = keyMark(sf);
        models::VerticalScaleConfig::Step& step = v.schedule.emplace_back();
        const auto sfields = entries(sf, &keysOf<models::ResizeFields>(), models::ResizeFields::part.example);
        if (!sfields)
            continue;
        models::ResizeFields::fields(
            ReadVisitor<models::VerticalScaleConfig::Step>{*this, *sfields, step, marks, at + "."});
        requireKeys<models::ResizeFields>(sf, *sfields);
        const Field* cf = find(*sfields, "cores");
        const Field* sp = find(*sfields, "speed");
        if (!cf && !sp) {
            error(locOf(sf), sf.path, sf.path + " changes nothing", "set the size's cores (and speed)");
            continue;
        }
        int wanted = c.cores;
        bool coresRead = true;
        if (cf) {
            const auto n = integer<int>(*cf, coresInfo);
            coresRead = n && inRange(*cf, coresInfo, *n);
            wanted = coresRead ? *n : wanted;
        }
        const auto speedRead = sp ? checked(*sp, number(*sp), FieldType::Number, speedInfo.range) : std::nullopt;
        if (!coresRead || (sp && !speedRead) || !ok)
            continue;
        const double speed = speedRead.value_or(0.0); // 0: any speed
        std::vector<std::string> known;
        bool found = false;
        for (std::size_t k = 0; k < v.sizes.size(); ++k) {
            known.push_back(std::to_string(v.sizes[k].cores) + " cores x" + formatNumber(v.sizes[k].speed));
            if (!found && v.sizes[k].cores == wanted && (speed == 0.0 || v.sizes[k].speed == speed)) {
                step.size = k;
                found = true;
            }
        }
        if (!found)
            error(locOf(cf ? *cf : *sp), sf.path,
                  sf.path + ": no size of " + sizesPath + " has " + std::to_string(wanted) + " cores" +
                      (speed > 0.0 ? " x" + formatNumber(speed) : std::string()) + "; sizes: " + joinChoices(known),
                  "add the size to sizes");
    }
}

// ---- sections --------------------------------------------------------------------

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
        readInto<OperationFields>(opField, op, op.keyMarks, "");
        m_study.operations.push_back(std::move(op));
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
    readNamed(*vfields, m_study.variants, [this](const Field& vf, Variant& v) { readVariant(vf, v); });
}

void Reader::readVariant(const Field& f, Variant& v)
{
    m_kindless.clear();
    if (f.isNull()) {
        error(locOf(f.key), f.path, f.path + " needs components and routes");
        return;
    }
    const auto fields = entries(f, &keysOf<VariantFields>(), VariantFields::part.example);
    if (!fields)
        return;
    requireKeys<VariantFields>(f, *fields);
    VariantFields::fields(ReadVisitor<Variant>{*this, *fields, v, v.keyMarks, ""});
    if (const Field* components = find(*fields, "components")) {
        if (const auto cfields = entries(*components, nullptr, "{app: {kind: service}}")) {
            if (cfields->empty())
                error(locOf(*components), components->path, components->path + " needs at least one component");
            readNamed(*cfields, v.components, [this](const Field& cf, Component& c) { readComponent(cf, c); });
        }
    }
    if (const Field* routes = find(*fields, "routes"))
        readRoutes(*routes, v);
    if (const Field* layout = find(*fields, "layout"))
        readLayout(*layout, v);
    if (const Field* roles = find(*fields, "roles"))
        readRoleMappings(*roles, v);
}

// `roles: {storefront: serves the pages, payments: }`: the roles faults name.
void Reader::readRoles(const Field& f)
{
    const auto fields = entries(f, nullptr, "{storefront: serves the pages, orders-db: the orders' database}");
    if (!fields)
        return;
    for (const Field& e : *fields) {
        Role role;
        role.name = e.name;
        role.mark = markOf(keyLocOf(e));
        if (!e.isNull())
            if (const auto text = scalar(e, "a description (text)"))
                role.description = *text;
        m_study.roles.push_back(std::move(role));
    }
}

// A variant's `roles: {storefront: [app], orders-db: db}`: its components that play each role.
void Reader::readRoleMappings(const Field& f, Variant& v)
{
    const auto fields = entries(f, nullptr, "{storefront: [app], orders-db: db}");
    if (!fields)
        return;
    for (const Field& e : *fields) {
        RoleMapping m;
        m.role = e.name;
        m.mark = markOf(keyLocOf(e));
        const auto add = [&](const Field& name) {
            if (const auto text = this->name(name)) {
                m.components.push_back(*text);
                m.componentMarks.push_back(markOf(locOf(name)));
            }
        };
        if (e.value.IsSequence()) {
            const auto list = items(e);
            if (!list)
                continue;
            if (list->empty())
                error(locOf(e), e.path, e.path + " needs at least one component", "e.g. " + e.name + ": [app]");
            for (const Field& one : *list)
                add(one);
        } else {
            add(e);
        }
        v.roles.push_back(std::move(m));
    }
}

// `layout: {app: [120, 80], ...}`: canvas positions.
void Reader::readLayout(const Field& f, Variant& v)
{
    const auto fields = entries(f, nullptr, "{app: [120, 80]}");
    if (!fields)
        return;
    for (const Field& e : *fields) {
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

// The kind first: it decides which keys apply. Then every key the kind takes.
void Reader::readComponent(const Field& f, Component& c)
{
    const std::string kindRequired = f.path + ".kind is required; known: " + joinChoices(kindNames());
    if (f.isNull()) {
        error(locOf(f.key), f.path, kindRequired);
        m_kindless.insert(c.name);
        return;
    }
    const auto fields = entries(f, nullptr, models::ComponentFields::part.example);
    if (!fields) {
        m_kindless.insert(c.name);
        return;
    }
    const auto described = models::fieldsOf<models::ComponentFields>();
    const FieldInfo& kindInfo = described.front();
    const Field* kindField = find(*fields, kindInfo.key);
    const std::vector<std::string> kinds = kindNames();
    const bool kindKnown = kindField && !kindField->isNull() && kindField->value.IsScalar() &&
                           std::find(kinds.begin(), kinds.end(), kindField->text()) != kinds.end();
    if (!kindField)
        error(locOf(f.key), f.path, kindRequired);
    else {
        c.keyMarks[std::string(kindInfo.key)] = keyMark(*kindField);
        readValue(*kindField, kindInfo, c.kind, c.keyMarks, "kind");
    }
    if (!kindKnown)
        m_kindless.insert(c.name);
    readComponentKeys(f.path, *fields, c, kindKnown);
}

// The keys of a component but its kind: each one its kind takes, read.
void Reader::readComponentKeys(const std::string& path, const std::vector<Field>& fields, Component& c, bool kindKnown)
{
    const auto described = models::fieldsOf<models::ComponentFields>();
    std::vector<std::string> applicable;
    for (const auto& k : described)
        if (!kindKnown || (k.kinds & models::kindBit(c.kind)))
            applicable.emplace_back(k.key);
    std::vector<Field> accepted;
    for (const Field& e : fields) {
        if (e.name == described.front().key)
            continue;
        const auto d = std::find_if(described.begin(), described.end(), [&](const FieldInfo& i) { return i.key == e.name; });
        if (d == described.end()) {
            // A typo of a key of another kind still deserves its suggestion.
            std::string hint = didYouMean(e.name, applicable);
            if (hint.empty())
                hint = didYouMean(e.name, keysOf<models::ComponentFields>());
            error(keyLocOf(e), e.path, path + ": unknown key '" + e.name + "'; known: " + joinChoices(applicable), hint);
            continue;
        }
        if (kindKnown && !(d->kinds & models::kindBit(c.kind))) {
            error(keyLocOf(e), e.path,
                  e.path + " does not apply to kind " + std::string(kindName(c.kind)) + "; it applies to: " +
                      kindList(d->kinds),
                  std::string(models::notApplicableHint(c.kind, e.name, false)));
            continue;
        }
        accepted.push_back(e);
    }
    m_component = &c;
    models::ComponentFields::fields(ReadVisitor<Component>{*this, accepted, c, c.keyMarks, ""});
    m_component = nullptr;
    // A database may scale its read replicas down to none: its autoscale min defaults to 0.
    if (find(accepted, "autoscale") && c.autoscale && c.kind == Kind::SqlDatabase && !c.keyMarks.count("autoscale.min"))
        c.autoscale->min = 0;
}

void Reader::readRoutes(const Field& f, Variant& v)
{
    if (const auto rfields = entries(f, nullptr, "{browse: [lb, app, db]}"))
        for (const auto& rf : *rfields)
            v.routes.push_back(readRoute(rf, v));
}

Route Reader::readRoute(const Field& rf, const Variant& v)
{
    Route r;
    r.operation = rf.name;
    r.mark = markOf(locOf(rf.key));
    if (const auto steps = items(rf)) {
        if (steps->empty()) {
            error(locOf(rf.key), rf.path, rf.path + " needs at least one step", "e.g. [lb, app, db]");
        } else {
            std::vector<Call> chain;
            for (const auto& sf : *steps)
                chain.push_back(readStep(sf, v));
            // [a, b, c]: a calls b after its own calls, b calls c.
            for (std::size_t i = chain.size() - 1; i > 0; --i)
                chain[i - 1].calls.push_back(std::move(chain[i]));
            r.root = std::move(chain.front());
            r.length = steps->size();
        }
    }
    return r;
}

std::vector<Call> Reader::readSteps(const Field& f, const Variant& v)
{
    std::vector<Call> out;
    if (const auto steps = items(f))
        for (const auto& sf : *steps)
            out.push_back(readStep(sf, v));
    return out;
}

// A step that cannot be read is kept empty, so that step i is the i-th written.
Call Reader::readStep(const Field& f, const Variant& v)
{
    static const char* const shape = " must be a component name or a one-key map {name: {cpu: 8ms, ...}}";
    Call c;
    if (f.isNull() || f.value.IsSequence() || (f.value.IsMap() && f.value.size() != 1)) {
        const std::string got = f.value.IsMap() ? std::to_string(f.value.size()) + " keys" : describeNode(f.value);
        error(locOf(f), f.path, f.path + shape + " (got " + got + ")");
        return c;
    }
    // Construct, never assign, yaml-cpp nodes: Node::operator= rebinds the node
    // it shares with the document.
    const Node nameNode = f.value.IsMap() ? Node(f.value.begin()->first) : f.value;
    if (f.value.IsMap() && !nameNode.IsScalar()) {
        error(locOf(nameNode), f.path, f.path + shape + " (got " + describeNode(nameNode) + " as the name)");
        return c;
    }
    c.target = nameNode.Scalar();
    c.mark = markOf(locOf(nameNode));
    if (!f.value.IsMap())
        return c; // a bare name: nothing more to read
    const Field body(nameNode, Node(f.value.begin()->second), f.path + "." + nameNode.Scalar(), nameNode.Scalar());
    const auto fields = entries(body, &keysOf<models::CallFields>(), models::CallFields::part.example);
    if (!fields)
        return c;
    const Component* target = v.find(c.target);
    const bool kindKnown = target && !m_kindless.count(c.target);
    const auto described = models::fieldsOf<models::CallFields>();
    std::vector<Field> accepted;
    for (const Field& e : *fields) {
        const auto d = std::find_if(described.begin(), described.end(), [&](const FieldInfo& i) { return i.key == e.name; });
        if (kindKnown && !(d->kinds & models::kindBit(target->kind))) {
            error(keyLocOf(e), e.path,
                  e.path + " does not apply to kind " + std::string(kindName(target->kind)) +
                      "; it applies to steps at: " + kindList(d->kinds),
                  std::string(models::notApplicableHint(target->kind, e.name, true)));
            continue;
        }
        accepted.push_back(e);
    }
    models::CallFields::fields(ReadVisitor<Call>{*this, accepted, c, c.keyMarks, ""});
    for (auto [key, list] : {std::pair{"calls", &c.calls}, {"parallel", &c.parallel}, {"miss", &c.miss}, {"then", &c.then}})
        if (const Field* e = find(accepted, key))
            *list = readSteps(*e, v);
    return c;
}

/// A `faults` entry as the fault types read it (scenarios/study/src/faults/faultentry.h).
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
        case T::CountOrShare: // a share (25%) is read before, by the fault type
            if (const auto n = m_reader.integer<int>(*f, 1))
                return *n;
            return std::nullopt;
        case T::Multiplier:
            return m_reader.number(*f, Range{1.0, false, std::nullopt});
        case T::Fraction:
            return m_reader.fraction(*f);
        case T::Bandwidth:
            return m_reader.checked(*f, m_reader.quantity(*f, parseBandwidth, "a bandwidth such as 100Mbps"),
                                    FieldType::Bandwidth, kPositive);
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

    bool percent(std::string_view key) const override
    {
        const Field* f = find(m_fields, key);
        if (!f || !f->value.IsScalar())
            return false;
        const std::string text = f->text();
        const auto end = text.find_last_not_of(" \t");
        return end != std::string::npos && text[end] == '%';
    }

    KeyMarks keyMarks() const override
    {
        KeyMarks marks;
        for (const Field& f : m_fields) {
            marks[f.name] = keyMark(f);
            if (f.value.IsSequence()) {
                std::size_t i = 0;
                for (const auto& n : f.value) {
                    const Field item(Node(), Node(n), "", "");
                    marks[f.name + "[" + std::to_string(i++) + "]"] = keyMark(item);
                }
            }
        }
        return marks;
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
    FaultContext context{m_study.variants, m_kindless, m_zoneList, {}, {}};
    for (const Role& r : m_study.roles)
        context.roles.push_back(r.name);
    if (context.zones.empty())
        context.zones = {"default"};
    for (const auto& v : m_study.variants)
        for (const auto& c : v.components)
            if (std::find(context.componentNames.begin(), context.componentNames.end(), c.name) ==
                context.componentNames.end())
                context.componentNames.push_back(c.name);
    for (const auto& ff : *faults) {
        const auto fields = entries(ff, &faultKeysList(), "{at: 420s, kill: orders}");
        if (!fields)
            continue;
        FaultInput entry(*this, ff, *fields, context);
        if (auto fault = readFault(entry)) {
            for (const Field& key : *fields)
                fault->keyMarks[key.name] = keyMark(key);
            m_study.faults.push_back(std::move(*fault));
        }
    }
}

// Finds the nested part that one key of a part holds: f(SubPart{}, value).
template <typename Obj, typename F> struct NestedAt
{
    std::string_view key;
    Obj& obj;
    F& f;

    void operator()(const FieldInfo&, Custom) const {}
    template <typename M, typename S> void operator()(const FieldInfo&, M S::*) const {}
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo& info, M S::*member, Sub) const
    {
        if (info.key == key)
            f(Sub{}, obj.*member);
    }
    template <typename Sub> void operator()(const FieldInfo&, Group<Sub>) const {}
};

// Puts the value of one key of a part back to its default.
template <typename Obj> struct ResetAt
{
    std::string_view key;
    Obj& obj;

    void operator()(const FieldInfo&, Custom) const {}
    template <typename M, typename S> void operator()(const FieldInfo& info, M S::*member) const
    {
        if (info.key == key)
            obj.*member = detail::defaultsOf<S>().*member;
    }
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo& info, M S::*member, Sub) const
    {
        (*this)(info, member);
    }
    template <typename Sub> void operator()(const FieldInfo& info, Group<Sub>) const
    {
        if (info.key == key)
            for (const FieldInfo& g : models::fieldsOf<Sub>())
                Sub::fields(ResetAt{g.key, obj});
    }
};

template <typename Part, typename Obj> void Reader::readKey(const Field& f, Obj& obj, KeyMarks& marks, bool reset)
{
    const auto& known = keysOf<Part>();
    if (std::find(known.begin(), known.end(), f.name) == known.end()) {
        unknownKey(f, f.path.substr(0, f.path.size() - std::min(f.path.size(), f.name.size() + 1)), known);
        return;
    }
    std::erase_if(marks, [&](const auto& m) { return m.first == f.name || m.first.rfind(f.name + ".", 0) == 0; });
    if (reset) {
        Part::fields(ResetAt<Obj>{f.name, obj});
        return;
    }
    const std::vector<Field> one{f};
    Part::fields(ReadVisitor<Obj>{*this, one, obj, marks, ""});
    readRest(Part{}, one, obj, marks, "");
}

void Reader::readConnectionKey(Variant& v, const std::vector<std::string>& path, const Field& f, bool reset)
{
    const auto ends = splitConnection(path[3]);
    const std::vector<Call*> calls = ends ? connectionCalls(v, ends->first, ends->second) : std::vector<Call*>{};
    if (calls.empty()) {
        error({}, f.path, f.path + ": no connection " + path[3] + " in variant " + v.name);
        return;
    }
    const auto described = models::fieldOf<models::CallFields>(path[4]);
    const Component* target = v.find(ends->second);
    if (!described || described->type == FieldType::List || (path.size() == 6) != (described->type == FieldType::Map)) {
        error({}, f.path, f.path + ": not a value an editor can set");
        return;
    }
    if (target && !(described->kinds & models::kindBit(target->kind))) {
        error({}, f.path,
              f.path + " does not apply to kind " + std::string(kindName(target->kind)) +
                  "; it applies to steps at: " + kindList(described->kinds));
        return;
    }
    // A policy's key: the policy made with its defaults if the call had none.
    const auto policyKey = [&]<typename Part, typename P>(Part, std::optional<P>& policy) {
        if (reset && !policy)
            return;
        if (!policy)
            policy.emplace();
        KeyMarks none;
        readKey<Part>(f, *policy, none, reset);
    };
    const std::size_t before = m_diagnostics.size();
    for (Call* c : calls) {
        if (path.size() == 5)
            readKey<models::CallFields>(f, *c, c->keyMarks, reset);
        else if (path[4] == "retries")
            policyKey(models::RetryFields{}, c->retries);
        else if (path[4] == "breaker")
            policyKey(models::BreakerFields{}, c->breaker);
        else
            policyKey(models::BulkheadFields{}, c->bulkhead);
        if (m_diagnostics.size() != before)
            return; // one message, not one per call
    }
}

LoadResult Reader::readAt(const Study& base, const std::vector<std::string>& path, const std::string& text)
{
    m_study = base;
    for (const auto& z : m_study.network.zones)
        m_zoneList.push_back(z.name);
    std::string joined;
    for (const auto& key : path)
        joined += (joined.empty() ? "" : ".") + key;
    Node value;
    if (!checkSource(text))
        return finishValue();
    try {
        if (!text.empty())
            value = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        error({}, joined, joined + ": invalid YAML: " + e.msg);
        return finishValue();
    }
    const bool reset = text.empty();
    const Field f(Node(path.back()), value, joined, path.back());
    const auto cannot = [&] { error({}, joined, joined + ": not a value an editor can set"); };
    Variant* v = nullptr;
    if (path.size() >= 3 && path[0] == "variants")
        for (auto& x : m_study.variants)
            if (x.name == path[1])
                v = &x;
    if (path.size() == 1 && (path[0] == "operations" || path[0] == "faults" || path[0] == "variants" ||
                             path[0] == "roles")) {
        if (path[0] == "roles") {
            m_study.roles.clear();
            if (!reset)
                readRoles(f);
        } else if (path[0] == "operations") {
            m_study.operations.clear();
            if (!reset)
                readOperations(f);
        } else if (path[0] == "faults") {
            m_study.faults.clear();
            if (!reset)
                readFaults(f);
        } else {
            m_study.variants.clear();
            if (!reset)
                readVariants(f);
        }
    } else if (path.size() == 1) {
        KeyMarks none;
        readKey<StudyFields>(f, m_study, none, reset);
    } else if (path.size() == 2) {
        bool found = false;
        const auto part = [&](auto sub, auto& obj) {
            if constexpr (requires { obj.keyMarks; }) {
                readKey<decltype(sub)>(f, obj, obj.keyMarks, reset);
                found = true;
            }
        };
        StudyFields::fields(NestedAt<Study, decltype(part)>{path[0], m_study, part});
        if (!found)
            cannot();
    } else if (v && path.size() == 3 && path[2] == "description") {
        readKey<VariantFields>(f, *v, v->keyMarks, reset);
    } else if (v && path.size() == 3 && path[2] == "roles") {
        v->roles.clear();
        if (!reset)
            readRoleMappings(f, *v);
    } else if (v && path.size() == 3 && path[2] == "layout") {
        v->layout.clear();
        if (!reset)
            readLayout(f, *v);
    } else if (v && path.size() == 4 && path[2] == "routes") {
        std::erase_if(v->routes, [&](const Route& r) { return r.operation == path[3] && reset; });
        const auto at = std::find_if(v->routes.begin(), v->routes.end(), [&](const Route& r) { return r.operation == path[3]; });
        if (!reset && at != v->routes.end())
            *at = readRoute(f, *v);
        else if (!reset)
            v->routes.push_back(readRoute(f, *v));
    } else if (v && (path.size() == 5 || path.size() == 6) && path[2] == "connections") {
        readConnectionKey(*v, path, f, reset);
    } else if (v && path.size() == 5 && path[2] == "components" && v->find(path[3])) {
        Component& c = *std::find_if(v->components.begin(), v->components.end(),
                                     [&](const Component& x) { return x.name == path[3]; });
        const std::string cpath = f.path.substr(0, f.path.size() - f.name.size() - 1);
        const FieldInfo kind = models::fieldsOf<models::ComponentFields>().front();
        if (f.name == kind.key && reset)
            error({}, cpath, cpath + ".kind is required; known: " + joinChoices(kindNames()));
        else if (f.name == kind.key)
            readValue(f, kind, c.kind, c.keyMarks, f.name);
        else if (reset)
            readKey<models::ComponentFields>(f, c, c.keyMarks, true);
        else
            readComponentKeys(cpath, {f}, c, true);
    } else {
        cannot();
    }
    return finishValue();
}

// Before yaml-cpp builds its tree: text that is not UTF-8 would reach every
// output (JSON refuses it), and an alias to its own anchor makes a cyclic tree
// that no walk of it ends.
bool Reader::checkSource(const std::string& text)
{
    if (const auto p = detail::sizeProblem(text.size())) {
        error({p->line, p->column}, "", p->message, p->hint);
        return false;
    }
    const auto bad = detail::invalidUtf8(text, 10);
    for (const detail::SourceProblem& p : bad)
        error({p.line, p.column}, "", p.message, p.hint);
    if (!bad.empty())
        return false;
    if (const auto p = detail::aliasProblem(text)) {
        error({p->line, p->column}, "", p->message, p->hint);
        return false;
    }
    return true;
}

LoadResult Reader::run()
{
    m_study.path = m_file;
    readHeaderComment();
    if (!checkSource(m_source))
        return finish();
    try {
        Node root;
        try {
            root = YAML::Load(m_source); // root is fresh: the assignment shares nothing yet
        } catch (const YAML::ParserException& e) {
            error({e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + e.msg);
            return finish();
        }
        if (!m_overrides.empty()) {
            std::vector<Diagnostic> bad = detail::applyOverrides(root, m_overrides, m_file);
            if (!bad.empty()) {
                for (auto& d : bad)
                    m_diagnostics.push_back(std::move(d));
                return finish();
            }
        }
        const Field top(Node(), root, "", "");
        if (top.isNull()) {
            error({}, "", "the study is empty; it needs operations, workload and variants");
            return finish();
        }
        const auto fields = entries(top, &keysOf<StudyFields>(), StudyFields::part.example);
        if (!fields)
            return finish();
        m_read = true;
        requireKeys<StudyFields>(top, *fields);
        KeyMarks topMarks;
        StudyFields::fields(ReadVisitor<Study>{*this, *fields, m_study, topMarks, ""});
        for (const auto& z : m_study.network.zones)
            m_zoneList.push_back(z.name);
        // Faults name the variants' components: they come last.
        if (const Field* f = find(*fields, "operations"))
            readOperations(*f);
        if (const Field* f = find(*fields, "roles"))
            readRoles(*f);
        if (const Field* f = find(*fields, "variants"))
            readVariants(*f);
        if (const Field* f = find(*fields, "faults"))
            readFaults(*f);
    } catch (const std::exception& e) {
        // yaml-cpp's node API throws on shapes it cannot represent; never let it escape.
        error({}, "", std::string("cannot read the study: ") + e.what());
        m_read = false;
    }
    return finish();
}

// An editor's value: its diagnostics are about the value alone, with no line
// (the text is not the file); the study is validated as a whole afterwards.
LoadResult Reader::finishValue()
{
    LoadResult result;
    for (auto& d : m_diagnostics)
        d.line = d.column = 0;
    result.diagnostics = std::move(m_diagnostics);
    if (!std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; }))
        result.study = std::move(m_study);
    return result;
}

LoadResult Reader::finish()
{
    if (m_read)
        for (auto& d : detail::validateRead(m_study, m_file, m_reported))
            m_diagnostics.push_back(std::move(d));
    // A value an override set is not in the file: its problems name the --set
    // instead of a line, with the message the file would have given.
    for (Diagnostic& d : m_diagnostics)
        for (const Override& o : m_overrides)
            if (d.line > 0 && detail::underOverride(d.path, o.path)) {
                d.file = m_file + ": --set " + o.text();
                d.line = d.column = 0;
            }
    sortByPosition(m_diagnostics);
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

LoadResult parseStudy(const std::string& yamlText, const std::string& fileName, const std::vector<Override>& overrides)
{
    return Reader(yamlText, fileName, std::nullopt, overrides).run();
}

LoadResult readStudy(const std::string& path, const std::vector<Override>& overrides)
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
    std::error_code sizeError;
    const auto bytes = std::filesystem::file_size(path, sizeError);
    if (const auto p = sizeError ? std::nullopt : detail::sizeProblem(std::size_t(bytes))) { // refused unread
        LoadResult result;
        result.diagnostics.push_back(
            Diagnostic::at(path, p->line, p->column, Diagnostic::Severity::Error, "", p->message, p->hint));
        return result;
    }
    text << in.rdbuf();
    return readStudyText(text.str(), path, overrides);
}

LoadResult readStudyText(const std::string& yamlText, const std::string& path, const std::vector<Override>& overrides)
{
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    return Reader(yamlText, path, dir.empty() ? std::filesystem::path(".") : dir, overrides).run();
}

LoadResult readValueAt(const Study& study, const std::vector<std::string>& path, const std::string& yamlText)
{
    if (path.empty()) {
        LoadResult r;
        Diagnostic d;
        d.file = study.path;
        d.message = "nothing to edit";
        r.diagnostics.push_back(std::move(d));
        return r;
    }
    const std::string source = yamlText;
    try {
        return Reader(source, study.path, std::nullopt).readAt(study, path, yamlText);
    } catch (const std::exception& e) {
        LoadResult r;
        Diagnostic d;
        d.file = study.path;
        d.message = std::string("cannot edit: ") + e.what();
        r.diagnostics.push_back(std::move(d));
        return r;
    }
}

std::vector<std::string> knownKeys(std::string_view part)
{
    if (part == "fault")
        return faultKeys();
    const PartFields* p = findPart(part);
    std::vector<std::string> out;
    if (p)
        for (const FieldInfo& f : p->fields)
            out.emplace_back(f.key);
    return out;
}

std::vector<ComponentKind> kindsForComponentKey(std::string_view key)
{
    const auto f = models::fieldOf<models::ComponentFields>(key);
    return models::kindsIn(f ? f->kinds : 0);
}

std::vector<ComponentKind> kindsForStepKey(std::string_view key)
{
    const auto f = models::fieldOf<models::CallFields>(key);
    return models::kindsIn(f ? f->kinds : 0);
}

} // namespace scalelab::scenarios
