#include "cli/report.h"
#include "cli/assumptions.h"
#include "cli/parityreport.h"
#include "texttable.h"

#include "cli/numberformat.h"

#include <algorithm>

namespace scalelab::cli {

namespace {

/// The defaults the figures rest on that the study leaves as they are.
void printAssumptions(std::FILE* out, const scenarios::Study& study, const std::vector<std::string>& variantNames)
{
    std::vector<const scenarios::Variant*> variants;
    for (const std::string& name : variantNames)
        if (const auto it = std::find_if(study.variants.begin(), study.variants.end(),
                                         [&](const scenarios::Variant& v) { return v.name == name; });
            it != study.variants.end())
            variants.push_back(&*it);
    const std::vector<AssumptionRow> rows = assumptions(study, variants);
    if (rows.empty())
        return;
    std::fprintf(out, "\nassumptions: defaults the study leaves as they are (docs/format.md)\n");
    TextTable t("lll");
    for (const AssumptionRow& r : rows)
        t.addRow({"  " + r.key, r.value, r.applies});
    t.print(out);
}

} // namespace

namespace {

/// A figure's table cell: formatInterval with its note after it in brackets,
/// or the note alone when there are no values or all are 0 ("no impact").
std::string figureCell(const Figure& figure)
{
    const bool zero = std::all_of(figure.values.begin(), figure.values.end(), [](double v) { return v == 0.0; });
    if (!figure.note.empty() && zero)
        return figure.note;
    const std::string value = formatInterval(figure.interval, figure.unit);
    return figure.note.empty() ? value : value + " (" + figure.note + ")";
}

std::string runLine(const scenarios::Study& study, std::size_t replications)
{
    const auto& r = study.run;
    return std::to_string(replications) + (replications == 1 ? " replication" : " replications") + " of " +
           formatSeconds(r.duration) + " (warm-up " + formatSeconds(r.warmup) + "), seed " + std::to_string(r.seed);
}

std::string sloTarget(const SloCheck& c)
{
    return c.key == "p99" ? "p99 <= " + formatValue(c.target, Unit::Seconds)
                          : "availability >= " + formatValue(c.target, Unit::Ratio);
}

std::string checkVerdict(const SloCheck& c)
{
    return std::string(c.met ? "met" : "missed") + (c.marginal ? " (marginal)" : "");
}

std::string bottleneckText(const VariantSummary& s)
{
    if (!s.bottleneck)
        return "-";
    const Bottleneck& b = *s.bottleneck;
    return b.component + (b.resource == "utilization" ? " cpu " : " workers ") + formatValue(b.value, Unit::Load);
}

/// The union of the variants' component names, baseline's first.
std::vector<std::string> componentNames(const std::vector<VariantSummary>& variants)
{
    std::vector<std::string> names;
    for (const auto& v : variants)
        for (const auto& c : v.components)
            if (std::find(names.begin(), names.end(), c.name) == names.end())
                names.push_back(c.name);
    return names;
}

std::vector<std::string> gaugeKeys(const std::vector<VariantSummary>& variants)
{
    std::vector<std::string> keys;
    for (const auto& v : variants)
        for (const auto& g : v.gauges)
            if (std::find(keys.begin(), keys.end(), g.key) == keys.end())
                keys.push_back(g.key);
    return keys;
}

/// The connections with retries, failed or short-circuited calls in any
/// variant (the others only in JSON and CSV), baseline's first.
std::vector<std::string> eventfulConnections(const std::vector<VariantSummary>& variants)
{
    std::vector<std::string> names;
    for (const auto& v : variants)
        for (const auto& c : v.connections)
            if (c.eventful() && std::find(names.begin(), names.end(), c.name()) == names.end())
                names.push_back(c.name());
    return names;
}

void printConnections(std::FILE* out, const VariantSummary& s)
{
    if (s.connections.empty())
        return;
    const std::vector<std::string> names = eventfulConnections({s});
    if (names.empty()) {
        std::fprintf(out, "\nconnections: %zu, no retries, failed or short-circuited calls\n", s.connections.size());
        return;
    }
    std::fprintf(out, "\nconnections with retries, failed or short-circuited calls (%zu of %zu)\n", names.size(),
                 s.connections.size());
    TextTable table("l");
    table.addRow({"connection", "calls", "retry amplification", "failed calls", "short-circuited"});
    for (const ConnectionFigures& c : s.connections)
        if (c.eventful())
            table.addRow({c.name(), formatInterval(c.calls.interval, c.calls.unit),
                          formatInterval(c.amplification.interval, c.amplification.unit),
                          formatInterval(c.failed.interval, c.failed.unit),
                          formatInterval(c.shortCircuited.interval, c.shortCircuited.unit)});
    table.print(out);
}

} // namespace

std::string sloVerdict(const VariantSummary& summary)
{
    if (summary.slo.empty())
        return "none";
    return summary.sloMet() ? "met" : "missed";
}

void printRunTable(std::FILE* out, const scenarios::Study& study, const VariantSummary& s)
{
    std::fprintf(out, "%s: variant %s, %s\n", study.name.empty() ? study.path.c_str() : study.name.c_str(),
                 s.variant.c_str(), runLine(study, s.replications).c_str());
    if (s.replications > 1)
        std::fprintf(out, "means with 95%% Student-t intervals over replications\n");
    std::fprintf(out, "\n");

    TextTable figures;
    for (const Figure& f : s.figures)
        figures.addRow({f.label, figureCell(f)});
    figures.print(out);

    if (!s.costs.empty()) {
        std::fprintf(out, "\ncost and business impact after warm-up\n");
        TextTable costs;
        for (const Figure& f : s.costs)
            costs.addRow({"  " + f.label, formatInterval(f.interval, f.unit)});
        costs.print(out);
    }

    if (!s.operations.empty()) {
        std::fprintf(out, "\n");
        TextTable operations("l");
        operations.addRow({"operation", "throughput", "latency mean", "latency p50", "latency p99", "availability"});
        for (const OperationFigures& o : s.operations) {
            std::vector<std::string> cells{o.name};
            for (const Figure* f : o.all())
                cells.push_back(formatInterval(f->interval, f->unit));
            operations.addRow(cells);
        }
        operations.print(out);
    }

    std::fprintf(out, "\nSLO: %s\n", sloVerdict(s).c_str());
    if (!s.slo.empty()) {
        TextTable slo("lrl");
        for (const SloCheck& c : s.slo) {
            const Unit unit = c.key == "p99" ? Unit::Seconds : Unit::Ratio;
            slo.addRow({"  " + sloTarget(c), formatValue(c.value, unit), checkVerdict(c)});
        }
        slo.print(out);
    }

    if (!s.components.empty()) {
        std::fprintf(out, "\n");
        TextTable components("ll");
        components.addRow({"component", "kind", "instances", "workers", "cpu utilization", "worker occupancy",
                           "waiting"});
        for (const ComponentFigures& c : s.components)
            components.addRow({c.name, c.kind,
                               c.provisioned ? formatInterval(c.provisioned->interval, c.provisioned->unit) + " (max " +
                                                   std::to_string(c.instances) + ")"
                                             : std::to_string(c.instances),
                               std::to_string(c.workers),
                               formatInterval(c.utilization.interval, c.utilization.unit),
                               formatInterval(c.occupancy.interval, c.occupancy.unit),
                               formatInterval(c.queue.interval, c.queue.unit)});
        components.print(out);
        std::fprintf(out, "bottleneck: %s\n", bottleneckText(s).c_str());
    }
    printConnections(out, s);

    if (!s.gauges.empty()) {
        std::fprintf(out, "\ngauges at the end of the run\n");
        TextTable gauges;
        for (const Figure& g : s.gauges)
            gauges.addRow({"  " + g.key, formatInterval(g.interval, g.unit)});
        gauges.print(out);
    }
    printParityTable(out, study);
    printAssumptions(out, study, {s.variant});
}

std::vector<std::string> compareHeading(const scenarios::Study& study, const std::vector<VariantSummary>& variants)
{
    const VariantSummary& base = variants.front();
    return {(study.name.empty() ? study.path : study.name) + ": " + std::to_string(variants.size()) +
                " variants on the same traffic and faults, " + runLine(study, base.replications),
            "differences against " + base.variant + ", paired by replication; * the 95% interval excludes 0"};
}

std::vector<std::vector<std::string>> compareRows(const std::vector<VariantSummary>& variants)
{
    const VariantSummary& base = variants.front();
    std::vector<std::string> header{""};
    for (const auto& v : variants)
        header.push_back(v.variant);
    for (std::size_t i = 1; i < variants.size(); ++i)
        header.push_back(variants[i].variant + " - " + base.variant);

    // A row per figure key: each variant's value, then each difference.
    auto figureRow = [&](const std::string& label, const std::string& key) {
        std::vector<std::string> row{label};
        for (const auto& v : variants) {
            const Figure* f = v.find(key);
            row.push_back(f ? figureCell(*f) : "-");
        }
        const Figure* b = base.find(key);
        for (std::size_t i = 1; i < variants.size(); ++i) {
            const Figure* f = variants[i].find(key);
            const auto d = b && f ? difference(*b, *f) : std::nullopt;
            row.push_back(d ? formatDifference(d->interval, d->significant, f->unit, b->interval.mean) : "-");
        }
        return row;
    };

    std::vector<std::vector<std::string>> table;
    auto row = [&table](std::vector<std::string> cells) { table.push_back(std::move(cells)); };
    row(header);
    for (const Figure& f : base.figures)
        row(figureRow(f.label, f.key));
    std::vector<std::string> slo{"SLO"}, bottleneck{"bottleneck"};
    for (const auto& v : variants) {
        slo.push_back(sloVerdict(v));
        bottleneck.push_back(bottleneckText(v));
    }
    row(slo);
    row(bottleneck);
    if (!base.costs.empty()) {
        row({"cost and business impact"});
        for (const Figure& f : base.costs)
            row(figureRow("  " + f.label, f.key));
    }

    std::vector<std::string> operations;
    for (const auto& v : variants)
        for (const auto& o : v.operations)
            if (std::find(operations.begin(), operations.end(), o.name) == operations.end())
                operations.push_back(o.name);
    if (!operations.empty()) {
        row({"per operation"});
        for (const std::string& name : operations)
            for (const auto& [suffix, label] : {std::pair<const char*, const char*>{".throughput", " throughput"},
                                                {".mean", " latency mean"},
                                                {".p50", " p50"},
                                                {".p99", " p99"},
                                                {".availability", " availability"}})
                row(figureRow("  " + name + label, name + suffix));
    }

    const std::vector<std::string> names = componentNames(variants);
    for (const auto& [suffix, title] : {std::pair<const char*, const char*>{".utilization", "cpu utilization"},
                                        {".occupancy", "worker occupancy"},
                                        {".queue", "waiting requests"}}) {
        if (names.empty())
            break;
        row({title});
        for (const std::string& name : names)
            row(figureRow("  " + name, name + suffix));
    }
    std::vector<std::string> scaled;
    for (const auto& v : variants)
        for (const auto& c : v.components)
            if (c.provisioned && std::find(scaled.begin(), scaled.end(), c.name) == scaled.end())
                scaled.push_back(c.name);
    if (!scaled.empty()) {
        row({"instances (time-averaged)"});
        for (const std::string& name : scaled)
            row(figureRow("  " + name, name + ".instances"));
    }
    const std::vector<std::string> gauges = gaugeKeys(variants);
    if (!gauges.empty()) {
        row({"gauges at the end"});
        for (const std::string& key : gauges)
            row(figureRow("  " + key, key));
    }
    const std::vector<std::string> connections = eventfulConnections(variants);
    if (!connections.empty()) {
        row({"connections with retries or failures"});
        for (const std::string& name : connections) {
            row(figureRow("  " + name + " amplification", name + ".amplification"));
            row(figureRow("  " + name + " failed calls", name + ".failed"));
            // Short-circuits only where a breaker or bulkhead refused calls.
            const bool refused = std::any_of(variants.begin(), variants.end(), [&](const VariantSummary& v) {
                const Figure* f = v.find(name + ".short_circuited");
                return f && f->interval.mean > 0.0;
            });
            if (refused)
                row(figureRow("  " + name + " short-circuited", name + ".short_circuited"));
        }
    }
    return table;
}

void printCompareTable(std::FILE* out, const scenarios::Study& study, const std::vector<VariantSummary>& variants)
{
    const std::vector<std::string> heading = compareHeading(study, variants);
    for (const std::string& line : heading)
        std::fprintf(out, "%s\n", line.c_str());
    std::fprintf(out, "\n");
    TextTable table;
    for (std::vector<std::string>& cells : compareRows(variants))
        table.addRow(std::move(cells));
    table.print(out);
    printParityTable(out, study);
    std::vector<std::string> names;
    for (const VariantSummary& v : variants)
        names.push_back(v.variant);
    printAssumptions(out, study, names);
}

} // namespace scalelab::cli
