#include "sweepstore.h"

#include "errors.h"
#include "cli/numberformat.h"
#include "cli/variantsummary.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace scalelab::cli {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

/// Writes through a temporary file renamed into place: shards writing into
/// one folder (a cluster's shared file system) never see half a file.
bool writeAtomically(const std::string& path, const std::string& text)
{
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            printError("cannot write '" + path + "': " + std::strerror(errno), "check the space left and the permissions");
            return false;
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        printError("cannot write '" + path + "': " + ec.message(), "check the space left and the permissions");
        fs::remove(tmp, ec);
        return false;
    }
    return true;
}

/// A JSON number that reads back exactly; null for what JSON has no number for.
Json exactJson(double v)
{
    return std::isfinite(v) ? Json(v) : Json(nullptr);
}

std::string exactCell(double v)
{
    return std::isfinite(v) ? exactNumber(v) : std::string();
}

/// One row of aggregate.jsonl.
Json aggregateRow(const ResolvedPoint& p, const Json& values, const std::string& variant, const std::string& metric,
                  std::size_t replications, const sim::ConfidenceInterval& ci)
{
    return Json{{"point", p.point.index},    {"key", p.key},
                {"values", values},           {"variant", variant},
                {"metric", metric},           {"replications", replications},
                {"mean", exactJson(ci.mean)}, {"low", exactJson(ci.low())},
                {"high", exactJson(ci.high())}, {"half_width", exactJson(ci.halfWidth)}};
}

Json valuesOf(const ResolvedPoint& p)
{
    Json values = Json::object();
    for (const auto& [column, value] : p.point.values)
        values[column] = value;
    return values;
}

} // namespace

std::optional<Shard> parseShard(const std::string& text, std::string* error)
{
    const auto slash = text.find('/');
    Shard s;
    const char* b = text.data();
    const char* e = text.data() + text.size();
    const bool ok = slash != std::string::npos &&
                    std::from_chars(b, b + slash, s.index).ptr == b + slash &&
                    std::from_chars(b + slash + 1, e, s.count).ptr == e && s.count >= 1 && s.index >= 1 &&
                    s.index <= s.count;
    if (!ok) {
        if (error)
            *error = "--shard takes i/N with 1 <= i <= N (got '" + text + "')";
        return std::nullopt;
    }
    return s;
}

std::string SweepStore::pointPath(const std::string& key) const
{
    return (fs::path(m_dir) / "points" / (key + ".jsonl")).string();
}

bool SweepStore::has(const std::string& key) const
{
    std::error_code ec;
    return fs::is_regular_file(pointPath(key), ec);
}

bool SweepStore::save(const std::string& key, const std::vector<std::string>& variants,
                      const std::vector<std::vector<scenarios::VariantRun>>& runs) const
{
    std::error_code ec;
    fs::create_directories(fs::path(m_dir) / "points", ec);
    std::string text;
    for (std::size_t v = 0; v < variants.size(); ++v)
        for (std::size_t r = 0; r < runs[v].size(); ++r)
            text += "{\"variant\":" + Json(variants[v]).dump() + ",\"replication\":" + std::to_string(r) +
                    ",\"run\":" + scenarios::variantRunToJson(runs[v][r]) + "}\n";
    return writeAtomically(pointPath(key), text);
}

std::optional<std::vector<std::vector<scenarios::VariantRun>>>
SweepStore::load(const std::string& key, const std::vector<std::string>& variants) const
{
    std::ifstream in(pointPath(key), std::ios::binary);
    if (!in)
        return std::nullopt;
    std::vector<std::vector<scenarios::VariantRun>> out(variants.size());
    std::string line;
    try {
        while (std::getline(in, line)) {
            if (line.empty())
                continue;
            const Json j = Json::parse(line);
            const auto v = std::find(variants.begin(), variants.end(), j.at("variant").get<std::string>());
            if (v == variants.end())
                continue;
            auto& runs = out[std::size_t(v - variants.begin())];
            if (j.at("replication").get<std::size_t>() != runs.size())
                return std::nullopt;
            runs.push_back(scenarios::variantRunFromJson(j.at("run").dump()));
        }
    } catch (const std::exception&) {
        return std::nullopt; // a damaged file: the point runs again
    }
    for (const auto& runs : out)
        if (runs.empty())
            return std::nullopt;
    return out;
}

Json sweepMeta(const scenarios::Study& base, const std::vector<std::string>& variants,
               const std::vector<std::string>& metrics)
{
    Json parameters = Json::array();
    for (const auto& p : base.sweep->parameters)
        parameters.push_back({{"column", p.column()}, {"set", p.set}, {"values", scenarios::sweepValues(p)}});
    Json slo = Json::object();
    if (base.slo.p99)
        slo["p99"] = *base.slo.p99;
    if (base.slo.availability)
        slo["availability"] = *base.slo.availability;
    return Json{{"study", base.name},
                {"combine", scenarios::sweepCombineNames()[std::size_t(base.sweep->combine)]},
                {"parameters", parameters},
                {"variants", variants},
                {"metrics", metrics},
                {"slo", slo}};
}

std::vector<Json> aggregateRows(const ResolvedPoint& p, const std::vector<std::string>& variants,
                                const std::vector<std::string>& metrics,
                                const std::vector<std::vector<scenarios::VariantRun>>& runs)
{
    std::vector<Json> out;
    const Json values = valuesOf(p);
    for (std::size_t v = 0; v < variants.size(); ++v) {
        const VariantSummary summary = summarizeVariant(p.study, *p.study.findVariant(variants[v]), runs[v]);
        for (const std::string& metric : metrics) {
            const Figure* f = summary.find(metric);
            out.push_back(aggregateRow(p, values, variants[v], metric, runs[v].size(),
                                       f ? f->interval : sim::ConfidenceInterval{NAN, NAN, 0}));
        }
    }
    return out;
}

std::string pointsCsv(const scenarios::Study& base, const std::vector<ResolvedPoint>& points)
{
    std::string out = "point,key";
    for (const auto& p : base.sweep->parameters)
        out += "," + csvField(p.column());
    out += "\n";
    for (const ResolvedPoint& p : points) {
        out += std::to_string(p.point.index) + "," + p.key;
        for (const auto& [column, value] : p.point.values)
            out += "," + csvField(value);
        out += "\n";
    }
    return out;
}

bool writeSweepTables(const SweepStore& store, const scenarios::Study& base, const std::vector<ResolvedPoint>& points,
                      const std::vector<std::string>& variants, const std::vector<std::string>& metrics)
{
    std::string head = "point,key";
    for (const auto& p : base.sweep->parameters)
        head += "," + csvField(p.column());
    std::string results = head + ",variant,replication,metric,value\n";
    std::string aggregate = head + ",variant,metric,replications,mean,low,high,half_width\n";
    std::string resultLines, aggregateLines;
    for (const ResolvedPoint& p : points) {
        const auto runs = store.load(p.key, variants);
        if (!runs) {
            printError("sweep point " + std::to_string(p.point.index) + " (" + store.pointPath(p.key) +
                           ") has no results", "run the sweep again: it runs the points that are missing");
            return false;
        }
        std::string cells = std::to_string(p.point.index) + "," + p.key;
        const Json values = valuesOf(p);
        for (const auto& [column, value] : p.point.values)
            cells += "," + csvField(value);
        for (std::size_t v = 0; v < variants.size(); ++v) {
            const scenarios::Variant* variant = p.study.findVariant(variants[v]);
            const VariantSummary summary = summarizeVariant(p.study, *variant, (*runs)[v]);
            for (const std::string& metric : metrics) {
                const Figure* f = summary.find(metric);
                const std::size_t n = (*runs)[v].size();
                for (std::size_t r = 0; r < n; ++r) {
                    const double value = f && r < f->values.size() ? f->values[r] : NAN;
                    results += cells + "," + csvField(variants[v]) + "," + std::to_string(r) + "," +
                               csvField(metric) + "," + exactCell(value) + "\n";
                    resultLines += Json{{"point", p.point.index},       {"key", p.key},
                                        {"values", values},              {"variant", variants[v]},
                                        {"replication", r},              {"metric", metric},
                                        {"value", exactJson(value)}}
                                       .dump() +
                                   "\n";
                }
                const sim::ConfidenceInterval ci = f ? f->interval : sim::ConfidenceInterval{NAN, NAN, 0};
                aggregate += cells + "," + csvField(variants[v]) + "," + csvField(metric) + "," +
                             std::to_string(n) + "," + exactCell(ci.mean) + "," + exactCell(ci.low()) + "," +
                             exactCell(ci.high()) + "," + exactCell(ci.halfWidth) + "\n";
                aggregateLines += aggregateRow(p, values, variants[v], metric, n, ci).dump() + "\n";
            }
        }
    }
    const std::string dir = store.dir();
    return writeAtomically(dir + "/sweep.json", sweepMeta(base, variants, metrics).dump(2) + "\n") &&
           writeAtomically(dir + "/points.csv", pointsCsv(base, points)) &&
           writeAtomically(dir + "/results.csv", results) && writeAtomically(dir + "/results.jsonl", resultLines) &&
           writeAtomically(dir + "/aggregate.csv", aggregate) &&
           writeAtomically(dir + "/aggregate.jsonl", aggregateLines);
}

} // namespace scalelab::cli
