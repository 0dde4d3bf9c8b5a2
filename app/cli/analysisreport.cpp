#include "analysisreport.h"

#include "cli/numberformat.h"
#include "texttable.h"

#include "models/kinds/kind.h"

#include <cmath>

namespace scalelab::cli {

namespace {

std::string seconds(double s) { return std::isfinite(s) ? formatValue(s, Unit::Seconds) : "unbounded"; }
std::string rate(double r) { return std::isfinite(r) ? formatValue(r, Unit::PerSecond) : "unbounded"; }

/// A number for JSON: null when not finite.
nlohmann::ordered_json number(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); }

std::string sloLine(const scenarios::Study& study)
{
    std::string s;
    if (study.slo.p99)
        s += "p99 <= " + formatValue(*study.slo.p99, Unit::Seconds);
    if (study.slo.availability)
        s += std::string(s.empty() ? "" : ", ") + "availability >= " + formatValue(*study.slo.availability, Unit::Ratio);
    return s.empty() ? "none" : s;
}

} // namespace

std::string formatLoadOrSaturated(double utilization)
{
    return utilization >= 1.0 ? "saturated" : formatValue(utilization, Unit::Load);
}

void printEstimateTable(std::FILE* out, const scenarios::Study& study, const std::string& variant,
                        const models::analytic::Estimate& e, const std::string& rateNote)
{
    std::fprintf(out, "%s: variant %s, analytic model at %s (%s)\n", study.name.c_str(), variant.c_str(),
                 rate(e.rate).c_str(), rateNote.c_str());
    std::fprintf(out, "steady-state means of an open queueing network; see docs/analytic.md\n\n");
    const std::string bottleneck =
        e.bottleneck >= 0 ? e.components[std::size_t(e.bottleneck)].name : std::string("-");
    TextTable figures;
    figures.addRow({"saturation", rate(e.saturation) + " (first to saturate: " + bottleneck + ")"});
    figures.addRow({"headroom", e.headroom >= 0 ? formatValue(e.headroom, Unit::Load) + " of the saturation rate unused"
                                                : "none: overloaded by " + formatValue(-e.headroom, Unit::Load)});
    figures.addRow({"latency mean", seconds(e.meanResponse)});
    figures.addRow({"latency p99", seconds(e.p99)});
    figures.addRow({"availability", formatValue(e.availability, Unit::Ratio)});
    figures.addRow({"SLO", sloLine(study)});
    figures.print(out);

    std::fprintf(out, "\n");
    TextTable ops("l");
    ops.addRow({"operation", "rate", "latency mean", "latency p99", "availability"});
    for (const auto& o : e.operations)
        ops.addRow({o.name, rate(o.rate), seconds(o.meanResponse), seconds(o.p99), formatValue(o.availability, Unit::Ratio)});
    ops.print(out);

    std::fprintf(out, "\n");
    TextTable comps("ll");
    comps.addRow({"component", "kind", "calls", "cpu utilization", "worker occupancy", "disk", "wait", "rejected",
                  "saturates at"});
    for (const auto& c : e.components) {
        if (!c.hasStation)
            continue;
        comps.addRow({c.name, std::string(models::kindName(c.kind)), rate(c.arrivalRate),
                      formatLoadOrSaturated(c.cpuUtilization), formatLoadOrSaturated(c.workerOccupancy),
                      models::kindOf(c.kind).hasDisk() ? formatLoadOrSaturated(c.diskUtilization) : "-",
                      seconds(c.wait), formatValue(c.blocking, Unit::Ratio),
                      rate(c.saturation)});
    }
    comps.print(out);
    if (e.bottleneck >= 0) {
        const auto& b = e.components[std::size_t(e.bottleneck)];
        const char* what = b.utilization == b.cpuUtilization    ? "cpu"
                           : b.utilization == b.diskUtilization ? "disk"
                                                                : "workers";
        std::fprintf(out, "bottleneck: %s %s %s\n", b.name.c_str(), what, formatLoadOrSaturated(b.utilization).c_str());
    }
    for (const auto& c : e.components)
        if (c.hitRatio >= 0)
            std::fprintf(out, "%s hit ratio %s\n", c.name.c_str(), formatValue(c.hitRatio, Unit::Load).c_str());
    for (const auto& c : e.components)
        for (const auto& g : c.groups)
            std::fprintf(out, "%s group %s: %s of the calls, cpu %s, workers %s\n", c.name.c_str(), g.name.c_str(),
                         formatValue(g.share, Unit::Load).c_str(), formatLoadOrSaturated(g.cpuUtilization).c_str(),
                         formatLoadOrSaturated(g.workerOccupancy).c_str());
}

nlohmann::ordered_json estimateJson(const std::string& variant, const models::analytic::Estimate& e)
{
    nlohmann::ordered_json j;
    j["variant"] = variant;
    j["rate"] = number(e.rate);
    j["saturation"] = number(e.saturation);
    j["headroom"] = number(e.headroom);
    j["bottleneck"] = e.bottleneck >= 0 ? nlohmann::ordered_json(e.components[std::size_t(e.bottleneck)].name)
                                        : nlohmann::ordered_json();
    j["stable"] = e.stable;
    j["mean"] = number(e.meanResponse);
    j["p99"] = number(e.p99);
    j["availability"] = number(e.availability);
    nlohmann::ordered_json ops = nlohmann::ordered_json::array();
    for (const auto& o : e.operations) {
        nlohmann::ordered_json visits = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < o.visits.size(); ++c)
            if (o.visits[c] > 0)
                visits[e.components[c].name] = o.visits[c];
        ops.push_back({{"name", o.name},
                       {"rate", number(o.rate)},
                       {"mean", number(o.meanResponse)},
                       {"p99", number(o.p99)},
                       {"availability", number(o.availability)},
                       {"visits", visits}});
    }
    j["operations"] = ops;
    nlohmann::ordered_json comps = nlohmann::ordered_json::array();
    for (const auto& c : e.components) {
        nlohmann::ordered_json x{{"name", c.name},
                                 {"kind", std::string(models::kindName(c.kind))},
                                 {"calls", number(c.arrivalRate)},
                                 {"cpu_utilization", number(c.cpuUtilization)},
                                 {"worker_occupancy", number(c.workerOccupancy)},
                                 {"disk_utilization", number(c.diskUtilization)},
                                 {"utilization", number(c.utilization)},
                                 {"wait", number(c.wait)},
                                 {"rejected", number(c.blocking)},
                                 {"saturation", number(c.saturation)}};
        if (c.hitRatio >= 0)
            x["hit_ratio"] = c.hitRatio;
        for (const auto& g : c.groups)
            x["groups"].push_back({{"name", g.name},
                                   {"share", number(g.share)},
                                   {"cpu_utilization", number(g.cpuUtilization)},
                                   {"worker_occupancy", number(g.workerOccupancy)}});
        comps.push_back(x);
    }
    j["components"] = comps;
    j["units"] = {{"rate", "1/s"}, {"mean", "s"}, {"p99", "s"}, {"wait", "s"}, {"utilization", "fraction"}};
    return j;
}

void printCapacityTable(std::FILE* out, const scenarios::Study& study, const std::string& variant,
                        const scenarios::CapacityResult& r, double probeSeconds)
{
    std::fprintf(out, "%s: variant %s, capacity under the SLO (%s)\n\n", study.name.c_str(), variant.c_str(),
                 sloLine(study).c_str());
    TextTable figures;
    figures.addRow({"analytic capacity", rate(r.analytic)});
    figures.addRow({"analytic saturation", rate(r.saturation) + (r.bottleneck.empty() ? "" : " (" + r.bottleneck + ")")});
    if (!r.probes.empty()) {
        figures.addRow({"simulated capacity",
                        r.simulated > 0 ? rate(r.simulated) + " (" + formatValue(r.simulated / r.analytic - 1.0, Unit::Load) +
                                              " against the model)"
                                        : "below every probe"});
        figures.addRow({"first probe missing the SLO", r.firstMiss > 0 ? rate(r.firstMiss) : "none"});
    }
    figures.print(out);
    if (r.probes.empty())
        return;
    std::fprintf(out, "\nprobes: steady Poisson traffic, %s measured each, the study's seed, no faults\n",
                 formatSeconds(probeSeconds).c_str());
    TextTable probes("r");
    probes.addRow({"rate", "throughput", "latency p99", "availability", "SLO"});
    for (const auto& p : r.probes)
        probes.addRow({rate(p.rps), rate(p.throughput), seconds(p.p99), formatValue(p.availability, Unit::Ratio),
                       p.met ? "met" : "missed"});
    probes.print(out);
}

nlohmann::ordered_json capacityJson(const std::string& variant, const scenarios::CapacityResult& r, double probeSeconds)
{
    nlohmann::ordered_json j;
    j["variant"] = variant;
    j["analytic"] = number(r.analytic);
    j["saturation"] = number(r.saturation);
    j["bottleneck"] = r.bottleneck;
    j["simulated"] = number(r.simulated);
    j["first_miss"] = number(r.firstMiss);
    j["probe_seconds"] = probeSeconds;
    nlohmann::ordered_json probes = nlohmann::ordered_json::array();
    for (const auto& p : r.probes)
        probes.push_back({{"rate", p.rps},
                          {"throughput", p.throughput},
                          {"p99", p.p99},
                          {"availability", p.availability},
                          {"met", p.met}});
    j["probes"] = probes;
    return j;
}

} // namespace scalelab::cli
