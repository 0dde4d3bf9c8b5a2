#include "import/calibration.h"

#include "import/otlpwriter.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <unordered_map>

namespace scalelab::import {

namespace {

double seconds(const Span& s) { return double(s.end - s.start) * 1e-9; }

bool isServer(SpanKind k) { return k == SpanKind::Server || k == SpanKind::Consumer; }

std::map<std::string, CalibrationFigures> figures(const std::map<std::string, sim::LatencyHistogram>& hs, double period)
{
    std::map<std::string, CalibrationFigures> out;
    for (const auto& [name, h] : hs)
        out[name] = {h.count(), h.mean(), h.quantile(0.5), h.quantile(0.99),
                     period > 0 ? double(h.count()) / period : 0.0};
    return out;
}

} // namespace

void CalibrationStats::add(const std::vector<Span>& spans)
{
    std::unordered_map<std::string, std::vector<const Span*>> byTrace;
    for (const Span& s : spans)
        byTrace[s.traceId].push_back(&s);
    for (const auto& [id, trace] : byTrace) {
        const Span* root = nullptr;
        int roots = 0;
        std::unordered_map<std::string, bool> answered; // client span id -> a server span under it
        for (const Span* s : trace) {
            if (s->parentId.empty()) {
                root = s;
                ++roots;
            } else if (isServer(s->kind)) {
                answered[s->parentId] = true;
            }
        }
        if (roots != 1)
            continue;
        m_operations[root->name].record(seconds(*root));
        for (const Span* s : trace) {
            if (isServer(s->kind) || s == root)
                m_components[componentName(s->service)].record(seconds(*s));
            else if ((s->kind == SpanKind::Client || s->kind == SpanKind::Producer) && !answered.count(s->spanId))
                m_components[leafTarget(*s)].record(seconds(*s));
        }
    }
}

std::map<std::string, CalibrationFigures> CalibrationStats::operations(double period) const
{
    return figures(m_operations, period);
}

std::map<std::string, CalibrationFigures> CalibrationStats::components(double period) const
{
    return figures(m_components, period);
}

CalibrationSink::CalibrationSink(const scenarios::Study& study, const scenarios::Variant& variant, std::uint64_t seed)
    : m_writer(std::make_unique<OtlpWriter>(m_buffer, study, variant, seed, 0))
{
}

CalibrationSink::~CalibrationSink() = default;

void CalibrationSink::onTrace(const models::TraceRecord& trace)
{
    m_buffer.str({});
    m_writer->onTrace(trace);
    TraceInput input;
    readTraceText(m_buffer.str(), "simulated", input);
    m_stats.add(input.spans);
}

std::map<std::string, CalibrationFigures> pooledFigures(const std::vector<std::map<std::string, CalibrationFigures>>& runs)
{
    std::map<std::string, CalibrationFigures> out;
    std::map<std::string, int> seen;
    for (const auto& run : runs)
        for (const auto& [name, f] : run) {
            CalibrationFigures& o = out[name];
            o.mean += f.mean * double(f.count);
            o.count += f.count;
            o.p50 += f.p50;
            o.p99 += f.p99;
            o.throughput += f.throughput;
            ++seen[name];
        }
    for (auto& [name, o] : out) {
        const double n = double(seen[name]);
        o.mean = o.count ? o.mean / double(o.count) : 0.0;
        o.count = std::uint64_t(std::llround(double(o.count) / n));
        o.p50 /= n;
        o.p99 /= n;
        o.throughput /= n;
    }
    return out;
}

std::string figuresToJson(const std::map<std::string, CalibrationFigures>& operations,
                          const std::map<std::string, CalibrationFigures>& components)
{
    nlohmann::json out;
    auto put = [](nlohmann::json& to, const std::map<std::string, CalibrationFigures>& from) {
        to = nlohmann::json::object();
        for (const auto& [name, f] : from)
            to[name] = {{"count", f.count}, {"mean", f.mean}, {"p50", f.p50}, {"p99", f.p99},
                        {"throughput", f.throughput}};
    };
    put(out["operations"], operations);
    put(out["components"], components);
    return out.dump();
}

void figuresFromJson(const std::string& json, std::map<std::string, CalibrationFigures>& operations,
                     std::map<std::string, CalibrationFigures>& components)
{
    const nlohmann::json in = nlohmann::json::parse(json);
    auto get = [](const nlohmann::json& from, std::map<std::string, CalibrationFigures>& to) {
        for (const auto& [name, f] : from.items())
            to[name] = {f.at("count").get<std::uint64_t>(), f.at("mean").get<double>(), f.at("p50").get<double>(),
                        f.at("p99").get<double>(), f.at("throughput").get<double>()};
    };
    get(in.at("operations"), operations);
    get(in.at("components"), components);
}

} // namespace scalelab::import
