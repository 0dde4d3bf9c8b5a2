#include "import/traces.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace scalelab::import {

namespace {

using Json = nlohmann::json;
using scenarios::Diagnostic;

bool isString(const Json& j, const char* key) { return j.is_object() && j.contains(key) && j[key].is_string(); }

std::string text(const Json& j, const char* key)
{
    return isString(j, key) ? j[key].get<std::string>() : std::string();
}

/// An OTLP AnyValue ({"stringValue": ...}, {"intValue": "3"}, ...) or a plain value as text.
std::string valueText(const Json& v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer())
        return std::to_string(v.get<long long>());
    if (v.is_number())
        return Json(v.get<double>()).dump();
    if (v.is_object()) {
        for (const char* key : {"stringValue", "intValue", "boolValue", "doubleValue"})
            if (v.contains(key))
                return valueText(v[key]);
    }
    return {};
}

/// A time in ns, written as a number or a string of digits (OTLP JSON's int64); -1 when neither.
std::int64_t nanos(const Json& v)
{
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_number())
        return std::int64_t(v.get<double>());
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            try {
                return std::stoll(s);
            } catch (const std::exception&) {
                return -1;
            }
    }
    return -1;
}

SpanKind kindOf(const Json& v)
{
    static const std::pair<const char*, SpanKind> names[] = {
        {"internal", SpanKind::Internal}, {"server", SpanKind::Server},     {"client", SpanKind::Client},
        {"producer", SpanKind::Producer}, {"consumer", SpanKind::Consumer},
    };
    if (v.is_number_integer()) {
        const int k = v.get<int>();
        return k >= 1 && k <= 5 ? SpanKind(k) : SpanKind::Unspecified;
    }
    if (v.is_string()) {
        std::string s = v.get<std::string>();
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        for (const auto& [name, kind] : names)
            if (s == name || s == std::string("span_kind_") + name)
                return kind;
    }
    return SpanKind::Unspecified;
}

const char* const kUnknown = "unknown trace format: neither OTLP JSON (resourceSpans) nor a Jaeger export (data)";
const char* const kUnknownHint =
    "export traces with the OpenTelemetry collector's file exporter, or download them from Jaeger as JSON";

class Reader
{
public:
    Reader(const std::string& file, TraceInput& input) : m_file(file), m_in(input) {}

    void warn(int line, int column, const std::string& message, const std::string& hint = {})
    {
        m_in.diagnostics.push_back(
            Diagnostic::at(m_file, line, column, Diagnostic::Severity::Warning, {}, message, hint));
    }
    void error(int line, int column, const std::string& message, const std::string& hint = {})
    {
        m_in.diagnostics.push_back(Diagnostic::at(m_file, line, column, Diagnostic::Severity::Error, {}, message, hint));
    }
    void skip(const std::string& reason, int count = 1) { m_in.skipped[reason] += count; }

    /// Adds a span read at `line` if it is whole; counts it skipped otherwise.
    void add(Span span, int line)
    {
        span.file = m_file;
        span.line = line;
        if (span.traceId.empty() || span.spanId.empty()) {
            skip("spans without a trace or span id");
            return;
        }
        if (span.start < 0 || span.end < 0) {
            skip("spans without a start or end time");
            return;
        }
        if (span.end < span.start) {
            skip("spans ending before they start");
            return;
        }
        m_in.spans.push_back(std::move(span));
    }

    /// One ExportTraceServiceRequest.
    void otlp(const Json& request, int line)
    {
        const Json& resources = request["resourceSpans"];
        if (!resources.is_array()) {
            error(line, 0, "resourceSpans is not a list", "an OTLP JSON line is {\"resourceSpans\": [...]}");
            return;
        }
        for (const Json& rs : resources) {
            std::string service;
            std::map<std::string, std::string> resourceAttributes;
            if (rs.is_object() && rs.contains("resource") && rs["resource"].contains("attributes"))
                for (const Json& a : rs["resource"]["attributes"])
                    if (isString(a, "key") && a.contains("value"))
                        resourceAttributes[a["key"].get<std::string>()] = valueText(a["value"]);
            service = resourceAttributes.count("service.name") ? resourceAttributes["service.name"] : "unknown_service";
            for (const char* scopesKey : {"scopeSpans", "instrumentationLibrarySpans"}) {
                if (!rs.is_object() || !rs.contains(scopesKey) || !rs[scopesKey].is_array())
                    continue;
                for (const Json& scope : rs[scopesKey]) {
                    if (!scope.is_object() || !scope.contains("spans") || !scope["spans"].is_array())
                        continue;
                    for (const Json& s : scope["spans"]) {
                        if (!s.is_object()) {
                            skip("spans that are not objects");
                            continue;
                        }
                        Span span;
                        span.traceId = text(s, "traceId");
                        span.spanId = text(s, "spanId");
                        span.parentId = text(s, "parentSpanId");
                        span.name = text(s, "name");
                        span.service = service;
                        span.kind = s.contains("kind") ? kindOf(s["kind"]) : SpanKind::Unspecified;
                        span.start = s.contains("startTimeUnixNano") ? nanos(s["startTimeUnixNano"]) : -1;
                        span.end = s.contains("endTimeUnixNano") ? nanos(s["endTimeUnixNano"]) : -1;
                        if (s.contains("attributes") && s["attributes"].is_array())
                            for (const Json& a : s["attributes"])
                                if (isString(a, "key") && a.contains("value"))
                                    span.attributes[a["key"].get<std::string>()] = valueText(a["value"]);
                        if (s.contains("status") && s["status"].is_object() && s["status"].contains("code")) {
                            const Json& code = s["status"]["code"];
                            span.error = (code.is_number_integer() && code.get<int>() == 2) ||
                                         (code.is_string() && code.get<std::string>() == "STATUS_CODE_ERROR");
                        }
                        add(std::move(span), line);
                    }
                }
            }
        }
    }

    /// A Jaeger JSON export (the query service's /api/traces answer, or the UI's download).
    void jaeger(const Json& doc, int line)
    {
        const Json& data = doc["data"];
        if (!data.is_array()) {
            error(line, 0, "data is not a list", "a Jaeger export is {\"data\": [{\"traceID\", \"spans\", \"processes\"}]}");
            return;
        }
        for (const Json& trace : data) {
            if (!trace.is_object() || !trace.contains("spans") || !trace["spans"].is_array()) {
                skip("Jaeger traces without spans");
                continue;
            }
            std::map<std::string, std::string> services;
            if (trace.contains("processes") && trace["processes"].is_object())
                for (const auto& [id, process] : trace["processes"].items())
                    services[id] = text(process, "serviceName");
            for (const Json& s : trace["spans"]) {
                if (!s.is_object()) {
                    skip("spans that are not objects");
                    continue;
                }
                Span span;
                span.traceId = text(s, "traceID");
                span.spanId = text(s, "spanID");
                span.name = text(s, "operationName");
                if (s.contains("references") && s["references"].is_array())
                    for (const Json& ref : s["references"])
                        if (text(ref, "refType") == "CHILD_OF" || (span.parentId.empty() && text(ref, "refType") == "FOLLOWS_FROM")) {
                            span.parentId = text(ref, "spanID");
                            if (text(ref, "refType") == "CHILD_OF")
                                break;
                        }
                if (span.parentId.empty())
                    span.parentId = text(s, "parentSpanID");
                const auto process = services.find(text(s, "processID"));
                span.service = process != services.end() && !process->second.empty() ? process->second
                                                                                      : "unknown_service";
                if (s.contains("process") && s["process"].is_object() && isString(s["process"], "serviceName"))
                    span.service = s["process"]["serviceName"].get<std::string>();
                const std::int64_t startUs = s.contains("startTime") ? nanos(s["startTime"]) : -1;
                const std::int64_t durationUs = s.contains("duration") ? nanos(s["duration"]) : -1;
                span.start = startUs < 0 ? -1 : startUs * 1000;
                span.end = startUs < 0 || durationUs < 0 ? -1 : (startUs + durationUs) * 1000;
                if (s.contains("tags") && s["tags"].is_array())
                    for (const Json& t : s["tags"])
                        if (isString(t, "key") && t.contains("value"))
                            span.attributes[t["key"].get<std::string>()] = valueText(t["value"]);
                const auto kind = span.attributes.find("span.kind");
                if (kind != span.attributes.end())
                    span.kind = kindOf(Json(kind->second));
                const auto error = span.attributes.find("error");
                const auto status = span.attributes.find("otel.status_code");
                span.error = (error != span.attributes.end() && error->second == "true") ||
                             (status != span.attributes.end() && status->second == "ERROR");
                add(std::move(span), line);
            }
        }
    }

    /// One parsed JSON document at `line`; false when it is neither format.
    bool document(const Json& doc, int line)
    {
        if (doc.is_object() && doc.contains("resourceSpans")) {
            otlp(doc, line);
            return true;
        }
        if (doc.is_object() && doc.contains("data")) {
            jaeger(doc, line);
            return true;
        }
        return false;
    }

    void read(const std::string& whole)
    {
        if (whole.find_first_not_of(" \t\r\n") == std::string::npos) {
            warn(0, 0, "no spans: the file is empty");
            return;
        }
        // One document for the whole file (a Jaeger export, often indented), or one per line.
        const Json doc = Json::parse(whole, nullptr, false);
        if (!doc.is_discarded()) {
            if (!document(doc, 1))
                error(1, 1, kUnknown, kUnknownHint);
            return;
        }
        std::istringstream lines(whole);
        std::string lineText;
        int line = 0, unknown = 0;
        while (std::getline(lines, lineText)) {
            ++line;
            if (lineText.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            try {
                const Json one = Json::parse(lineText);
                if (!document(one, line)) {
                    if (unknown++ == 0)
                        error(line, 1, kUnknown, kUnknownHint);
                    skip("lines of an unknown format");
                }
            } catch (const Json::parse_error& e) {
                warn(line, int(e.byte), "malformed JSON, line skipped (a truncated line?)",
                     std::string(e.what()).substr(std::string(e.what()).find(':') + 2));
                skip("malformed lines");
            }
        }
    }

private:
    std::string m_file;
    TraceInput& m_in;
};

} // namespace

std::string componentName(std::string name)
{
    for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-')
            ch = '_';
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front())))
        name.insert(0, "c_");
    return name;
}

std::string leafTarget(const Span& s)
{
    auto attribute = [&](std::initializer_list<const char*> keys) {
        for (const char* key : keys) {
            const auto it = s.attributes.find(key);
            if (it != s.attributes.end() && !it->second.empty())
                return it->second;
        }
        return std::string();
    };
    std::string name = attribute({"peer.service", "db.name", "db.namespace", "server.address", "net.peer.name"});
    if (name.empty()) {
        // The host of a URL ("https://api.pay.example/v1" -> "api.pay.example").
        const std::string url = attribute({"http.url", "url.full"});
        auto start = url.find("://");
        start = start == std::string::npos ? 0 : start + 3;
        const auto end = url.find_first_of(":/?#", start);
        name = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
    if (name.empty())
        name = attribute({"db.system"});
    return componentName(name.empty() ? s.name : name);
}

bool TraceInput::hasErrors() const
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
}

void readTraceText(const std::string& text, const std::string& name, TraceInput& input)
{
    Reader(name, input).read(text);
}

void readTraceFile(const std::string& path, TraceInput& input)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        input.diagnostics.push_back(Diagnostic::at(path, 0, 0, Diagnostic::Severity::Error, {},
                                                   "cannot read the trace file", "check the path"));
        return;
    }
    std::ostringstream all;
    all << in.rdbuf();
    readTraceText(all.str(), path, input);
}

} // namespace scalelab::import
