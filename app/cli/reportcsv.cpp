#include "cli/numberformat.h"
#include "cli/report.h"

#include <algorithm>
#include <cmath>

namespace scalelab::cli {

namespace {

std::string halfWidthCell(const sim::ConfidenceInterval& ci)
{
    return ci.n > 1 && std::isfinite(ci.halfWidth) ? exactNumber(ci.halfWidth) : "";
}

/// A figure's mean; empty when it has no value (a fault that did nothing).
std::string meanCell(const Figure& f) { return f.values.empty() ? "" : exactNumber(f.interval.mean); }

/// Every figure of a summary in report order: core, components, gauges.
std::vector<const Figure*> allFigures(const VariantSummary& s)
{
    std::vector<const Figure*> out;
    for (const Figure& f : s.figures)
        out.push_back(&f);
    for (const Figure& f : s.costs)
        out.push_back(&f);
    for (const OperationFigures& o : s.operations)
        for (const Figure* f : o.all())
            out.push_back(f);
    for (const ComponentFigures& c : s.components) {
        for (const Figure* f : {&c.utilization, &c.occupancy, &c.queue})
            out.push_back(f);
        if (c.provisioned)
            out.push_back(&*c.provisioned);
    }
    for (const Figure& g : s.gauges)
        out.push_back(&g);
    for (const ConnectionFigures& c : s.connections)
        for (const Figure* f : {&c.calls, &c.amplification, &c.failed, &c.shortCircuited})
            out.push_back(f);
    return out;
}

std::string bottleneckCell(const VariantSummary& s)
{
    return s.bottleneck ? s.bottleneck->component + "." + s.bottleneck->resource : "";
}

} // namespace

void printRunCsv(std::FILE* out, const VariantSummary& s)
{
    std::fprintf(out, "metric,unit,mean,half_width\n");
    for (const Figure* f : allFigures(s))
        std::fprintf(out, "%s,%s,%s,%s\n", csvField(f->key).c_str(), std::string(unitName(f->unit)).c_str(),
                     meanCell(*f).c_str(), halfWidthCell(f->interval).c_str());
    std::fprintf(out, "slo,verdict,%s,\n", sloVerdict(s).c_str());
    std::fprintf(out, "bottleneck,component,%s,\n", csvField(bottleneckCell(s)).c_str());
}

void printCompareCsv(std::FILE* out, const std::vector<VariantSummary>& variants)
{
    const VariantSummary& base = variants.front();
    std::string header = "metric,unit";
    for (const auto& v : variants)
        header += "," + csvField(v.variant) + "," + csvField(v.variant + "_half_width");
    for (std::size_t i = 1; i < variants.size(); ++i) {
        const std::string d = variants[i].variant + "_minus_" + base.variant;
        header += "," + csvField(d) + "," + csvField(d + "_half_width") + "," + csvField(d + "_significant");
    }
    std::fprintf(out, "%s\n", header.c_str());

    std::vector<const Figure*> rows;
    std::vector<std::string> seen;
    for (const auto& v : variants)
        for (const Figure* f : allFigures(v))
            if (std::find(seen.begin(), seen.end(), f->key) == seen.end()) {
                seen.push_back(f->key);
                rows.push_back(f);
            }
    for (const Figure* row : rows) {
        std::string line = csvField(row->key) + "," + std::string(unitName(row->unit));
        for (const auto& v : variants) {
            const Figure* f = v.find(row->key);
            line += f ? "," + meanCell(*f) + "," + halfWidthCell(f->interval) : ",,";
        }
        const Figure* b = base.find(row->key);
        for (std::size_t i = 1; i < variants.size(); ++i) {
            const Figure* f = variants[i].find(row->key);
            const auto d = b && f ? difference(*b, *f) : std::nullopt;
            line += d ? "," + exactNumber(d->interval.mean) + "," + halfWidthCell(d->interval) + "," +
                            (d->significant ? "true" : "false")
                      : ",,,";
        }
        std::fprintf(out, "%s\n", line.c_str());
    }
    std::string slo = "slo,verdict", bottleneck = "bottleneck,component";
    for (const auto& v : variants) {
        slo += "," + sloVerdict(v) + ",";
        bottleneck += "," + csvField(bottleneckCell(v)) + ",";
    }
    for (std::size_t i = 1; i < variants.size(); ++i) {
        slo += ",,,";
        bottleneck += ",,,";
    }
    std::fprintf(out, "%s\n%s\n", slo.c_str(), bottleneck.c_str());
}

} // namespace scalelab::cli
