#include "cli/report.h"
#include "cli/assumptions.h"
#include "cli/parityreport.h"

#include <algorithm>
#include <cmath>

namespace scalelab::cli {

namespace {

using Json = nlohmann::ordered_json;

Json halfWidth(const sim::ConfidenceInterval& ci)
{
    // JSON has no infinity: an unknown interval (one replication) is null.
    return ci.n > 1 && std::isfinite(ci.halfWidth) ? Json(ci.halfWidth) : Json(nullptr);
}

Json figureJson(const Figure& f)
{
    Json j{{"unit", unitName(f.unit)},
           {"mean", f.values.empty() ? Json(nullptr) : Json(f.interval.mean)},
           {"half_width", halfWidth(f.interval)},
           {"values", f.values}};
    if (f.resolution > 0.0)
        j["resolution"] = f.resolution;
    if (!f.note.empty())
        j["note"] = f.note;
    return j;
}

Json differenceJson(const Difference& d)
{
    Json j{{"mean", d.interval.mean}, {"half_width", halfWidth(d.interval)}, {"significant", d.significant}};
    if (d.resolution > 0.0)
        j["resolution"] = d.resolution;
    return j;
}

Json studyJson(const scenarios::Study& study)
{
    return Json{{"study", study.name},
                {"file", study.path},
                {"seed", study.run.seed},
                {"duration", study.run.duration},
                {"warmup", study.run.warmup},
                {"bin", study.run.bin}};
}

/// Everything about one variant (no study-level keys).
Json variantJson(const VariantSummary& s)
{
    Json j;
    j["variant"] = s.variant;
    j["replications"] = s.replications;
    Json& figures = j["figures"] = Json::object();
    for (const Figure& f : s.figures)
        figures[f.key] = figureJson(f);
    Json& costs = j["costs"] = Json::object();
    for (const Figure& f : s.costs)
        costs[f.key] = figureJson(f);
    Json& operations = j["operations"] = Json::array();
    for (const OperationFigures& o : s.operations)
        operations.push_back({{"name", o.name},
                              {"throughput", figureJson(o.throughput)},
                              {"mean", figureJson(o.mean)},
                              {"p50", figureJson(o.p50)},
                              {"p99", figureJson(o.p99)},
                              {"availability", figureJson(o.availability)}});
    Json checks = Json::array();
    for (const SloCheck& c : s.slo)
        checks.push_back(
            {{"objective", c.key}, {"target", c.target}, {"value", c.value}, {"met", c.met}, {"marginal", c.marginal}});
    j["slo"] = {{"verdict", sloVerdict(s)}, {"checks", std::move(checks)}};
    Json& components = j["components"] = Json::array();
    for (const ComponentFigures& c : s.components) {
        Json o{{"name", c.name},
               {"kind", c.kind},
               {"instances", c.instances},
               {"workers", c.workers},
               {"utilization", figureJson(c.utilization)},
               {"occupancy", figureJson(c.occupancy)},
               {"queue", figureJson(c.queue)}};
        if (c.provisioned)
            o["provisioned"] = figureJson(*c.provisioned);
        components.push_back(std::move(o));
    }
    j["bottleneck"] = s.bottleneck ? Json{{"component", s.bottleneck->component},
                                          {"resource", s.bottleneck->resource},
                                          {"value", s.bottleneck->value}}
                                   : Json(nullptr);
    Json& gauges = j["gauges"] = Json::array();
    for (const Figure& g : s.gauges) {
        const auto dot = g.key.find('.');
        Json o{{"component", g.key.substr(0, dot)}, {"name", g.key.substr(dot + 1)}};
        o.update(figureJson(g));
        gauges.push_back(std::move(o));
    }
    Json& connections = j["connections"] = Json::array();
    for (const ConnectionFigures& c : s.connections)
        connections.push_back({{"caller", c.caller},
                               {"target", c.target},
                               {"calls", figureJson(c.calls)},
                               {"amplification", figureJson(c.amplification)},
                               {"failed", figureJson(c.failed)},
                               {"short_circuited", figureJson(c.shortCircuited)}});
    return j;
}

} // namespace

/// The assumptions of the named variants (cli/assumptions.h).
static Json assumptionsJson(const scenarios::Study& study, const std::vector<std::string>& names)
{
    std::vector<const scenarios::Variant*> variants;
    for (const scenarios::Variant& v : study.variants)
        if (std::find(names.begin(), names.end(), v.name) != names.end())
            variants.push_back(&v);
    Json rows = Json::array();
    for (const AssumptionRow& r : assumptions(study, variants))
        rows.push_back({{"key", r.key}, {"value", r.value}, {"applies", r.applies}});
    return rows;
}

Json runJson(const scenarios::Study& study, const VariantSummary& summary)
{
    Json j = studyJson(study);
    j.update(variantJson(summary));
    if (!study.faults.empty())
        j["parity"] = parityJson(study);
    j["assumptions"] = assumptionsJson(study, {summary.variant});
    return j;
}

Json compareJson(const scenarios::Study& study, const std::vector<VariantSummary>& variants)
{
    Json j = studyJson(study);
    if (!study.faults.empty())
        j["parity"] = parityJson(study);
    j["replications"] = variants.front().replications;
    j["baseline"] = variants.front().variant;
    Json& list = j["variants"] = Json::array();
    for (const auto& v : variants)
        list.push_back(variantJson(v));
    Json& diffs = j["differences"] = Json::array();
    const VariantSummary& base = variants.front();
    for (std::size_t i = 1; i < variants.size(); ++i) {
        const VariantSummary& v = variants[i];
        Json figures = Json::object();
        auto add = [&](const Figure& f) {
            if (const Figure* b = base.find(f.key))
                if (const auto d = difference(*b, f))
                    figures[f.key] = differenceJson(*d);
        };
        for (const Figure& f : v.figures)
            add(f);
        for (const Figure& f : v.costs)
            add(f);
        for (const OperationFigures& o : v.operations)
            for (const Figure* f : o.all())
                add(*f);
        for (const ComponentFigures& c : v.components) {
            for (const Figure* f : {&c.utilization, &c.occupancy, &c.queue})
                add(*f);
            if (c.provisioned)
                add(*c.provisioned);
        }
        for (const Figure& g : v.gauges)
            add(g);
        for (const ConnectionFigures& c : v.connections)
            for (const Figure* f : {&c.calls, &c.amplification, &c.failed, &c.shortCircuited})
                add(*f);
        diffs.push_back({{"variant", v.variant}, {"against", base.variant}, {"figures", std::move(figures)}});
    }
    std::vector<std::string> names;
    for (const VariantSummary& v : variants)
        names.push_back(v.variant);
    j["assumptions"] = assumptionsJson(study, names);
    return j;
}

} // namespace scalelab::cli
