#include "import/otlpwriter.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>

namespace scalelab::import {

namespace {

using Json = nlohmann::ordered_json;
using models::SpanRecord;
using models::SpanSide;
using Kind = scenarios::ComponentKind;

std::uint64_t mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::string hex(std::uint64_t v)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
    return text;
}

std::string nanos(double seconds)
{
    return std::to_string(kTraceEpoch * 1'000'000'000LL + std::llround(seconds * 1e9));
}

Json attribute(const std::string& key, const std::string& value)
{
    return Json{{"key", key}, {"value", {{"stringValue", value}}}};
}

} // namespace

bool writesServerSpans(Kind kind)
{
    return kind == Kind::LoadBalancer || kind == Kind::ApiGateway || kind == Kind::Service || kind == Kind::Module;
}

OtlpWriter::OtlpWriter(std::ostream& out, const scenarios::Study& study, const scenarios::Variant& variant,
                       std::uint64_t seed, std::uint32_t replication)
    : m_out(out), m_seed(seed), m_replication(replication)
{
    for (const auto& op : study.operations)
        m_operations.push_back(op.name);
    for (const auto& c : variant.components) {
        m_components.push_back(c.name);
        m_kinds.push_back(c.kind);
    }
}

void OtlpWriter::onTrace(const models::TraceRecord& trace)
{
    const std::vector<SpanRecord>& spans = trace.spans;
    // Which spans are written: ended ones, SERVER spans of traced services,
    // CLIENT spans that a component (not the clients) makes.
    std::vector<bool> kept(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const SpanRecord& s = spans[i];
        const bool side = s.side == SpanSide::Server ? writesServerSpans(m_kinds[std::size_t(s.component)])
                                                     : s.caller >= 0;
        kept[i] = s.ended && side;
    }
    auto keptParent = [&](int parent) {
        while (parent >= 0 && !kept[std::size_t(parent)])
            parent = spans[std::size_t(parent)].parent;
        return parent;
    };
    const std::uint64_t traceHigh = mix(m_seed * 0x9e3779b97f4a7c15ULL + m_replication);
    const std::uint64_t traceLow = mix(traceHigh ^ trace.request);
    const std::string traceId = hex(traceHigh) + hex(traceLow);
    auto spanId = [&](std::size_t i) { return hex(mix(traceLow + 0x632be59bd9b4e019ULL * (i + 1)) | 1); };

    // One resource per service, in the order their first span started.
    std::vector<std::string> services;
    std::map<std::string, Json> byService;
    const std::string& operation = m_operations.at(trace.operation);
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (!kept[i])
            continue;
        const SpanRecord& s = spans[i];
        const bool server = s.side == SpanSide::Server;
        const std::string& service = m_components[std::size_t(server ? s.component : s.caller)];
        const std::string& callee = m_components[std::size_t(s.component)];
        Json span;
        span["traceId"] = traceId;
        span["spanId"] = spanId(i);
        const int parent = keptParent(s.parent);
        span["parentSpanId"] = parent >= 0 ? spanId(std::size_t(parent)) : std::string();
        span["name"] = server ? operation : callee;
        span["kind"] = server ? 2 : 3; // SPAN_KIND_SERVER, SPAN_KIND_CLIENT
        span["startTimeUnixNano"] = nanos(s.start);
        span["endTimeUnixNano"] = nanos(s.end);
        Json attributes = Json::array();
        if (!server) {
            attributes.push_back(attribute("peer.service", callee));
            const Kind kind = m_kinds[std::size_t(s.component)];
            if (kind == Kind::SqlDatabase || kind == Kind::NosqlStore || kind == Kind::Cache) {
                attributes.push_back(attribute(
                    "db.system", kind == Kind::SqlDatabase ? "other_sql" : kind == Kind::Cache ? "redis" : "other_nosql"));
                attributes.push_back(attribute("db.name", callee));
                attributes.push_back(attribute("db.operation", s.write ? "INSERT" : "SELECT"));
            }
        }
        span["attributes"] = std::move(attributes);
        span["status"] = s.error ? Json{{"code", 2}} : Json::object();
        auto [it, added] = byService.try_emplace(service);
        if (added) {
            services.push_back(service);
            it->second = Json::array();
        }
        it->second.push_back(std::move(span));
    }
    if (services.empty())
        return;
    Json resourceSpans = Json::array();
    for (const std::string& service : services) {
        Json resource;
        resource["resource"] = {{"attributes", Json::array({attribute("service.name", service)})}};
        resource["scopeSpans"] =
            Json::array({{{"scope", {{"name", "scalelab"}}}, {"spans", std::move(byService[service])}}});
        resourceSpans.push_back(std::move(resource));
    }
    m_out << Json{{"resourceSpans", std::move(resourceSpans)}}.dump() << '\n';
    ++m_written;
}

} // namespace scalelab::import
