#include "timeseries.h"

#include "cli/numberformat.h"
#include "cli/variantsummary.h"

namespace scalelab::cli {

namespace {

void writeRow(std::ostream& out, const std::vector<std::string>& cells)
{
    for (std::size_t i = 0; i < cells.size(); ++i)
        out << (i ? "," : "") << cells[i];
    out << '\n';
}

} // namespace

std::vector<std::string> timeSeriesColumns(const scenarios::Variant& variant, const sim::Frame& first)
{
    std::vector<std::string> columns{"start", "end", "arrivals", "completions", "errors", "rejections",
                                     "throughput", "p50", "p95", "p99", "p999"};
    for (const ComponentLayout& c : componentLayout(variant, first.metrics)) {
        columns.push_back(csvField(c.name + ".utilization"));
        columns.push_back(csvField(c.name + ".occupancy"));
    }
    for (const models::Gauge& g : first.gauges)
        columns.push_back(csvField(g.component + "." + g.name));
    if (first.fleet) {
        columns.push_back("cost");
        columns.push_back("cost_rate");
        for (const models::InstanceCounts& c : first.fleet->components)
            for (const char* state : {".instances", ".booting", ".down"})
                columns.push_back(csvField(c.component + state));
    }
    return columns;
}

void writeTimeSeries(std::ostream& out, const scenarios::Variant& variant, const std::vector<sim::Frame>& bins)
{
    if (bins.empty()) {
        writeRow(out, timeSeriesColumns(variant, sim::Frame{}));
        return;
    }
    writeRow(out, timeSeriesColumns(variant, bins.front()));
    const std::vector<ComponentLayout> layout = componentLayout(variant, bins.front().metrics);
    for (const sim::Frame& bin : bins) {
        const sim::MetricFrame& f = bin.metrics;
        std::vector<std::string> row{exactNumber(f.start),          exactNumber(f.end),
                                     std::to_string(f.arrivals),    std::to_string(f.completions),
                                     std::to_string(f.errors),      std::to_string(f.rejections),
                                     exactNumber(f.throughput()),   exactNumber(f.p50),
                                     exactNumber(f.p95),            exactNumber(f.p99),
                                     exactNumber(f.p999)};
        for (const ComponentLayout& c : layout) {
            row.push_back(exactNumber(utilizationOf(c, f)));
            row.push_back(exactNumber(occupancyOf(c, f)));
        }
        // Gauges in the first bin's order; a gauge missing later is left empty.
        for (const models::Gauge& g : bins.front().gauges) {
            std::string cell;
            for (const models::Gauge& h : bin.gauges)
                if (h.component == g.component && h.name == g.name)
                    cell = exactNumber(h.value);
            row.push_back(cell);
        }
        if (bins.front().fleet) {
            // Components in the first bin's order (every bin lists the same ones).
            const models::FleetStatus empty;
            const models::FleetStatus& fleet = bin.fleet ? *bin.fleet : empty;
            row.push_back(exactNumber(fleet.cost));
            row.push_back(exactNumber(fleet.costRate));
            for (std::size_t i = 0; i < bins.front().fleet->components.size(); ++i) {
                const bool known = i < fleet.components.size();
                for (int models::InstanceCounts::*count :
                     {&models::InstanceCounts::serving, &models::InstanceCounts::booting, &models::InstanceCounts::down})
                    row.push_back(known ? std::to_string(fleet.components[i].*count) : std::string());
            }
        }
        writeRow(out, row);
    }
}

} // namespace scalelab::cli
