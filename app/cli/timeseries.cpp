#include "timeseries.h"

#include "cli/numberformat.h"
#include "cli/variantsummary.h"

#include "simcore/statistics.h"

#include <algorithm>
#include <cmath>

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

namespace {

/// One row of cells per bin, in timeSeriesColumns' order.
std::vector<std::vector<std::string>> timeSeriesRows(const scenarios::Variant& variant,
                                                     const std::vector<sim::Frame>& bins)
{
    std::vector<std::vector<std::string>> rows;
    if (bins.empty())
        return rows;
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
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

void writeTimeSeries(std::ostream& out, const scenarios::Variant& variant, const std::vector<sim::Frame>& bins)
{
    writeRow(out, timeSeriesColumns(variant, bins.empty() ? sim::Frame{} : bins.front()));
    for (const auto& row : timeSeriesRows(variant, bins))
        writeRow(out, row);
}

void writeTimeSeriesReplications(std::ostream& out, const scenarios::Variant& variant,
                                 const std::vector<const std::vector<sim::Frame>*>& replications)
{
    std::vector<std::string> header{"replication"};
    for (std::string& c : timeSeriesColumns(variant, replications.empty() || replications.front()->empty()
                                                          ? sim::Frame{}
                                                          : replications.front()->front()))
        header.push_back(std::move(c));
    writeRow(out, header);
    for (std::size_t r = 0; r < replications.size(); ++r)
        for (auto& row : timeSeriesRows(variant, *replications[r])) {
            row.insert(row.begin(), std::to_string(r));
            writeRow(out, row);
        }
}

void writeTimeSeriesMean(std::ostream& out, const scenarios::Variant& variant,
                         const std::vector<const std::vector<sim::Frame>*>& replications)
{
    const std::vector<std::string> columns = timeSeriesColumns(
        variant, replications.empty() || replications.front()->empty() ? sim::Frame{} : replications.front()->front());
    std::vector<std::string> header{"start", "end", "replications"};
    for (std::size_t c = 2; c < columns.size(); ++c) {
        header.push_back(columns[c]);
        header.push_back(csvField(columns[c] + ".half_width"));
    }
    writeRow(out, header);
    std::vector<std::vector<std::vector<std::string>>> rows;
    std::size_t bins = replications.empty() ? 0 : std::size_t(-1);
    for (const auto* r : replications) {
        rows.push_back(timeSeriesRows(variant, *r));
        bins = std::min(bins, rows.back().size());
    }
    for (std::size_t b = 0; b < bins; ++b) {
        std::vector<std::string> row{rows.front()[b][0], rows.front()[b][1], std::to_string(rows.size())};
        for (std::size_t c = 2; c < columns.size(); ++c) {
            // A cell left empty in a replication (a gauge it lacks) is left out of the mean.
            std::vector<double> values;
            for (const auto& rep : rows)
                if (c < rep[b].size() && !rep[b][c].empty())
                    values.push_back(std::stod(rep[b][c]));
            if (values.empty()) {
                row.insert(row.end(), {std::string(), std::string()});
                continue;
            }
            const sim::ConfidenceInterval ci = sim::studentInterval(values);
            row.push_back(exactNumber(ci.mean));
            row.push_back(values.size() > 1 && std::isfinite(ci.halfWidth) ? exactNumber(ci.halfWidth) : std::string());
        }
        writeRow(out, row);
    }
}

} // namespace scalelab::cli
