#include "overrides.h"

#include "scenarios/studyfields.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace scalelab::scenarios {

std::optional<Override> parseOverride(std::string_view text, std::string* error)
{
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        if (error)
            *error = "--set takes PATH=VALUE (got '" + std::string(text) + "')";
        return std::nullopt;
    }
    return Override{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

std::string Override::text() const
{
    return path + "=" + value;
}

namespace detail {

namespace {

/// "a.b[2].c" or "a.b.2.c" as segments {"a", "b", "2", "c"}.
std::vector<std::string> segments(const std::string& path)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : path) {
        if (c == '.' || c == '[' || c == ']') {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

std::optional<std::size_t> index(const std::string& s)
{
    std::size_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

/// What the level below a key holds, from the key's description.
struct Level
{
    enum class Shape { Part, Named, List, Leaf, Unknown } shape = Shape::Unknown;
    std::string part; ///< Part, or the part of each entry or item (may be empty: unknown keys)
};

const FieldInfo* fieldIn(const std::string& part, const std::string& key)
{
    const PartFields* p = findPart(part);
    if (!p)
        return nullptr;
    for (const FieldInfo& f : p->fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

Level levelBelow(const FieldInfo& f)
{
    using enum FieldType;
    if (f.type == Map && !f.item)
        return {Level::Shape::Part, std::string(f.part)};
    if (f.type == Map)
        return {Level::Shape::Named, *f.item == Map ? std::string(f.part) : std::string()};
    if (f.type == List)
        return {Level::Shape::List, f.item && *f.item == Map ? std::string(f.part.empty() ? f.key : f.part)
                                                             : std::string()};
    return {Level::Shape::Leaf, {}};
}

std::vector<std::string> keysOf(const YAML::Node& map)
{
    std::vector<std::string> out;
    if (map.IsMap())
        for (const auto& kv : map)
            if (kv.first.IsScalar())
                out.push_back(kv.first.Scalar());
    return out;
}

} // namespace

std::string diagnosticPath(const std::string& overridePath)
{
    std::string out;
    for (const std::string& s : segments(overridePath)) {
        if (index(s) && !out.empty())
            out += "[" + s + "]";
        else
            out += (out.empty() ? "" : ".") + s;
    }
    return out;
}

bool underOverride(const std::string& path, const std::string& overridePath)
{
    const std::string p = diagnosticPath(overridePath);
    if (path.size() < p.size() || path.compare(0, p.size(), p) != 0)
        return false;
    return path.size() == p.size() || path[p.size()] == '.' || path[p.size()] == '[';
}

std::vector<Diagnostic> applyOverrides(YAML::Node& root, const std::vector<Override>& overrides,
                                       const std::string& file)
{
    std::vector<Diagnostic> problems;
    for (const Override& o : overrides) {
        const std::string where = "--set " + o.text();
        auto fail = [&](std::string message, std::string hint) {
            problems.push_back(Diagnostic::at(file, 0, 0, Diagnostic::Severity::Error, diagnosticPath(o.path),
                                              where + ": " + std::move(message), std::move(hint)));
        };
        YAML::Node value;
        try {
            value = YAML::Load(o.value);
        } catch (const YAML::ParserException& e) {
            fail("the value is not YAML: " + e.msg, "quote it for the shell, e.g. --set 'run.duration=60s'");
            continue;
        }
        const std::vector<std::string> keys = segments(o.path);
        if (keys.empty()) {
            fail("the path is empty", "name a key, e.g. run.seed=7");
            continue;
        }
        if (!root.IsDefined() || root.IsNull())
            root = YAML::Node(YAML::NodeType::Map);
        YAML::Node cur(root);
        Level level{Level::Shape::Part, "study"};
        std::string at; // the path walked so far
        bool ok = true;
        for (std::size_t i = 0; i < keys.size() && ok; ++i) {
            const std::string& key = keys[i];
            const bool last = i + 1 == keys.size();
            const std::string here = at.empty() ? key : at + "." + key;
            const std::string under = at.empty() ? "at the top level" : "under '" + at + "'";
            if (level.shape == Level::Shape::Leaf) {
                fail("'" + at + "' is a value, it has no key '" + key + "'", "set '" + at + "' itself");
                ok = false;
                break;
            }
            if (level.shape == Level::Shape::List || cur.IsSequence()) {
                const auto n = index(key);
                const std::size_t size = cur.IsSequence() ? cur.size() : 0;
                if (!n || *n >= size) {
                    fail("'" + key + "' is not an item of the list '" + at + "' (" +
                             (size == 0 ? std::string("it is empty") : "items 0.." + std::to_string(size - 1)) + ")",
                         "a list item is its index from 0, e.g. " + at + ".0");
                    ok = false;
                    break;
                }
                if (last) {
                    cur[*n] = value;
                    break;
                }
                YAML::Node next = cur[*n];
                cur.reset(next);
                level = {level.part.empty() ? Level::Shape::Unknown : Level::Shape::Part, level.part};
                at = here;
                continue;
            }
            if (cur.IsDefined() && !cur.IsNull() && !cur.IsMap()) {
                fail("'" + at + "' is a value, it has no key '" + key + "'", "set '" + at + "' itself");
                ok = false;
                break;
            }
            // The keys this level may have: a part's described keys, or the
            // names the document gives (variants, components, operations).
            std::vector<std::string> known;
            const FieldInfo* info = nullptr;
            if (level.shape == Level::Shape::Part) {
                known = knownKeys(level.part);
                info = fieldIn(level.part, key);
            }
            const std::vector<std::string> existing = keysOf(cur);
            const bool present = std::find(existing.begin(), existing.end(), key) != existing.end();
            const bool allowed = present || std::find(known.begin(), known.end(), key) != known.end();
            if (!allowed) {
                std::vector<std::string> choices = level.shape == Level::Shape::Part ? known : existing;
                const std::string close = closestMatch(key, choices);
                const std::string what = level.shape == Level::Shape::Named ? "no '" + key + "' " + under
                                                                             : "unknown key '" + key + "' " + under;
                fail(what + "; known: " + (choices.empty() ? std::string("none") : joinChoices(choices)),
                     close.empty() ? "check the path against the study (docs/format.md)"
                                   : "did you mean '" + (at.empty() ? close : at + "." + close) + "'?");
                ok = false;
                break;
            }
            if (!cur.IsMap())
                cur = YAML::Node(YAML::NodeType::Map); // an empty section (`run:`) or a new one
            if (last) {
                cur[key] = value;
                break;
            }
            if (!present)
                cur[key] = YAML::Node(YAML::NodeType::Map);
            YAML::Node next = cur[key];
            cur.reset(next);
            if (level.shape == Level::Shape::Named)
                level = {level.part.empty() ? Level::Shape::Unknown : Level::Shape::Part, level.part};
            else if (info)
                level = levelBelow(*info);
            else
                level = {Level::Shape::Unknown, {}};
            at = here;
        }
    }
    return problems;
}

} // namespace detail

} // namespace scalelab::scenarios
