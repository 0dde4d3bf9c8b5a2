#include "simcore/framejson.h"

#include "framevisit.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <type_traits>
#include <utility>

namespace scalelab::sim {

namespace {

using detail::Presence;
// Ordered both ways: lines keep their key order when written, and a summary's
// report reads back in the order it was written.
using Json = nlohmann::ordered_json;

/// Builds a line's object, key by key, in visiting order.
class Writer
{
public:
    Json json = Json::object();

    template <class T>
    void field(const char* key, const T& value, const char*, const char*, Presence presence = Presence::Always)
    {
        if constexpr (std::is_same_v<T, std::string>)
            if (presence == Presence::WhenNotEmpty && value.empty())
                return;
        json[key] = value;
    }
    void strings(const char* key, const std::vector<std::string>& values, const char*) { json[key] = values; }
    template <class T, class Visit>
    void list(const char* key, const std::vector<T>& items, const char*, Visit visit,
              Presence presence = Presence::Always)
    {
        if (presence == Presence::WhenNotEmpty && items.empty())
            return;
        Json array = Json::array();
        for (const T& item : items) {
            Writer w;
            visit(w, item);
            array.push_back(std::move(w.json));
        }
        json[key] = std::move(array);
    }
    template <class T, class Visit>
    void group(const std::optional<T>& value, const char*, const char*, Visit visit)
    {
        if (value)
            visit(*this, *value);
    }
    void constant(const char* key, const char* text, const char*) { json[key] = text; }
    void version(const char* key, int number, const char*) { json[key] = number; }
    void derived(const char* key, double value, const char*, const char*) { json[key] = value; }
};

/// Reads a line's object into its struct, trusting nothing: every key the
/// visit names must be there (unless optional) with the right type.
class Reader
{
public:
    Reader(const Json& json, std::string line, std::string prefix = {})
        : m_json(json), m_line(std::move(line)), m_prefix(std::move(prefix))
    {
    }

    template <class T>
    void field(const char* key, T& value, const char*, const char*, Presence presence = Presence::Always)
    {
        const Json* x = find(key);
        if (!x) {
            if (presence == Presence::Always)
                missing(key);
            value = T{};
            return;
        }
        read(*x, value, key);
    }
    void strings(const char* key, std::vector<std::string>& values, const char*)
    {
        const Json& array = arrayAt(key);
        values.clear();
        for (std::size_t i = 0; i < array.size(); ++i) {
            const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
            if (!array[i].is_string())
                wrongType(path, "a string", array[i]);
            values.push_back(array[i].get<std::string>());
        }
    }
    template <class T, class Visit>
    void list(const char* key, std::vector<T>& items, const char*, Visit visit, Presence presence = Presence::Always)
    {
        items.clear();
        if (presence == Presence::WhenNotEmpty && !find(key))
            return;
        const Json& array = arrayAt(key);
        for (std::size_t i = 0; i < array.size(); ++i) {
            const std::string path = m_prefix + key + "[" + std::to_string(i) + "]";
            if (!array[i].is_object())
                fail(path + " must be an object (got " + shown(array[i]) + ")");
            Reader r(array[i], m_line, path + ".");
            T item;
            visit(r, item);
            items.push_back(std::move(item));
        }
    }
    template <class T, class Visit>
    void group(std::optional<T>& value, const char* marker, const char*, Visit visit)
    {
        value.reset();
        if (!find(marker))
            return;
        T present;
        visit(*this, present);
        value = std::move(present);
    }
    void constant(const char* key, const char* text, const char*)
    {
        std::string got;
        field(key, got, "", "");
        if (got != text)
            fail(m_prefix + key + " must be \"" + text + "\" (got \"" + got + "\")");
    }
    void version(const char* key, int number, const char*)
    {
        int got = 0;
        field(key, got, "", "");
        if (got != number)
            fail(m_prefix + key + " " + std::to_string(got) + " is not supported (this build reads " +
                 std::to_string(number) + ")");
    }
    void derived(const char* key, double, const char*, const char*)
    {
        double ignored = 0.0; // recomputed from the counts it derives from
        field(key, ignored, "", "");
    }

private:
    const Json* find(const char* key) const
    {
        const auto it = m_json.find(key);
        return it == m_json.end() ? nullptr : &*it;
    }
    const Json& arrayAt(const char* key) const
    {
        const Json* x = find(key);
        if (!x)
            missing(key);
        if (!x->is_array())
            wrongType(key, "an array", *x);
        return *x;
    }
    void read(const Json& x, std::string& value, const std::string& key) const
    {
        if (!x.is_string())
            wrongType(key, "a string", x);
        value = x.get<std::string>();
    }
    void read(const Json& x, bool& value, const std::string& key) const
    {
        if (!x.is_boolean())
            wrongType(key, "a boolean", x);
        value = x.get<bool>();
    }
    void read(const Json& x, double& value, const std::string& key) const
    {
        if (!x.is_number())
            wrongType(key, "a number", x);
        value = x.get<double>();
    }
    void read(const Json& x, std::uint64_t& value, const std::string& key) const
    {
        if (!x.is_number_unsigned())
            wrongType(key, "an integer >= 0", x);
        value = x.get<std::uint64_t>();
    }
    void read(const Json& x, int& value, const std::string& key) const
    {
        bool fits = false;
        if (x.is_number_unsigned())
            fits = x.get<std::uint64_t>() <= std::uint64_t(std::numeric_limits<int>::max());
        else if (x.is_number_integer())
            fits = x.get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                   x.get<std::int64_t>() <= std::numeric_limits<int>::max();
        if (!fits)
            wrongType(key, "an integer", x);
        value = x.get<int>();
    }

    [[noreturn]] void fail(const std::string& what) const { throw StreamFormatError(m_line + ": " + what); }
    [[noreturn]] void missing(const std::string& key) const { fail("missing " + m_prefix + key); }
    [[noreturn]] void wrongType(const std::string& key, const char* expected, const Json& got) const
    {
        fail(m_prefix + key + " must be " + expected + " (got " + shown(got) + ")");
    }
    /// "string", "array"...; a number with its value, since the type alone would not say what is wrong.
    static std::string shown(const Json& value)
    {
        std::string text = value.type_name();
        if (value.is_number())
            text += " " + value.dump();
        return text;
    }

    const Json& m_json;
    std::string m_line;
    std::string m_prefix;
};

Json parseObject(std::string_view text)
{
    Json j;
    try {
        j = Json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        throw StreamFormatError("stream line: not JSON (syntax error at byte " + std::to_string(e.byte) + ")");
    } catch (const nlohmann::json::exception&) { // the parser's only other complaint: 1e400
        throw StreamFormatError("stream line: not JSON (a number out of range)");
    }
    if (!j.is_object())
        throw StreamFormatError(std::string("stream line: not a JSON object (got ") + j.type_name() + ")");
    return j;
}

template <class T, class Visit>
T readLine(const Json& j, const char* line, Visit visit)
{
    T value;
    Reader r(j, line);
    visit(r, value);
    return value;
}

/// One line of JSON. Text that is not UTF-8 (a command echoed back, a name)
/// is written with U+FFFD in place of each bad byte rather than ending the run.
std::string lineText(const Json& json)
{
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

template <class T, class Visit>
std::string writeLine(const T& value, Visit visit)
{
    Writer w;
    visit(w, value);
    return lineText(w.json);
}

Frame readFrame(const Json& j)
{
    return readLine<Frame>(j, "frame", [](Reader& r, Frame& f) { detail::visitFrame(r, f); });
}

RunEvent readEvent(const Json& j)
{
    return readLine<RunEvent>(j, "event", [](Reader& r, RunEvent& e) { detail::visitEvent(r, e); });
}

StreamSummary readSummary(Json j)
{
    StreamSummary s = readLine<StreamSummary>(
        j, "summary", [](Reader& r, StreamSummary& v) { detail::visitSummaryEnvelope(r, v); });
    for (const char* key : {"type", "stopped", "end"})
        j.erase(key);
    s.report = j.dump();
    return s;
}

} // namespace

std::string toJson(const StreamStart& start)
{
    return writeLine(start, [](Writer& w, const StreamStart& s) { detail::visitStart(w, s); });
}

std::string toJson(const RunEvent& event)
{
    return writeLine(event, [](Writer& w, const RunEvent& e) { detail::visitEvent(w, e); });
}

std::string toJson(const Frame& frame)
{
    return writeLine(frame, [](Writer& w, const Frame& f) { detail::visitFrame(w, f); });
}

std::string toJson(const StreamSummary& summary)
{
    Writer w;
    detail::visitSummaryEnvelope(w, summary);
    const Json report = Json::parse(summary.report, nullptr, false);
    if (!report.is_object())
        throw StreamFormatError("summary: the report must be a JSON object");
    w.json.update(report);
    return lineText(w.json);
}

std::string toJson(const StreamError& error)
{
    return writeLine(error, [](Writer& w, const StreamError& e) { detail::visitError(w, e); });
}

std::string frameLines(const Frame& frame)
{
    std::string out;
    for (const RunEvent& e : frame.events)
        out += toJson(e) + "\n";
    out += toJson(frame) + "\n";
    return out;
}

StreamLine parseStreamLine(std::string_view line)
{
    Json j = parseObject(line);
    const auto type = j.find("type");
    if (type == j.end())
        throw StreamFormatError("stream line: missing type");
    if (!type->is_string())
        throw StreamFormatError(std::string("stream line: type must be a string (got ") + type->type_name() + ")");
    const std::string name = type->get<std::string>();
    if (name == "frame")
        return readFrame(j);
    if (name == "event")
        return readEvent(j);
    if (name == "start")
        return readLine<StreamStart>(j, "start", [](Reader& r, StreamStart& s) { detail::visitStart(r, s); });
    if (name == "summary")
        return readSummary(std::move(j));
    if (name == "error")
        return readLine<StreamError>(j, "error", [](Reader& r, StreamError& e) { detail::visitError(r, e); });
    return UnknownLine{name};
}

Frame frameFromJson(std::string_view line)
{
    return readFrame(parseObject(line));
}

RunEvent eventFromJson(std::string_view line)
{
    return readEvent(parseObject(line));
}

bool FrameReader::add(std::string_view line)
{
    StreamLine read = parseStreamLine(line);
    if (auto* event = std::get_if<RunEvent>(&read)) {
        m_pending.push_back(std::move(*event));
        return false;
    }
    auto* frame = std::get_if<Frame>(&read);
    if (!frame)
        throw StreamFormatError("stream line: expected an event or a frame");
    m_frame = std::move(*frame);
    m_frame.events = std::move(m_pending);
    m_pending.clear();
    return true;
}

Frame FrameReader::take()
{
    return std::move(m_frame);
}

} // namespace scalelab::sim
