#include "analyticcheck.h"

#include "cli/numberformat.h"
#include "texttable.h"

#include "scenarios/analysis.h"
#include "scenarios/faulttype.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace scalelab::cli {

namespace {

constexpr double kMinPhase = 20.0;        // s
constexpr double kLatencyTolerance = models::analytic::kMeanResponseTolerance;
constexpr double kUtilizationTolerance = models::analytic::kUtilizationTolerance;
constexpr double kAvailabilityTolerance = models::analytic::kAvailabilityTolerance;

bool outside(const sim::ConfidenceInterval& sim, double model, double tolerance)
{
    const double half = std::isfinite(sim.halfWidth) ? sim.halfWidth : 0.0;
    return !std::isfinite(model) || std::abs(sim.mean - model) > half + tolerance;
}

} // namespace

std::vector<PhaseCheck> checkPhases(const scenarios::Study& study, const scenarios::Variant& variant,
                                    const std::vector<ReplicationResult>& results)
{
    std::vector<PhaseCheck> out;
    for (const scenarios::SteadyPhase& phase : scenarios::steadyPhases(study, kMinPhase)) {
        // Let queues settle after the step that started the phase.
        const double from = phase.start + std::min(10.0, 0.25 * (phase.end - phase.start));
        const models::analytic::Estimate e = scenarios::analyzeVariant(study, variant, phase.rps);
        PhaseCheck c;
        c.start = from;
        c.end = phase.end;
        c.rps = phase.rps;
        c.modelLatency = e.meanResponse;
        c.modelAvailability = e.availability;
        if (e.bottleneck >= 0) {
            c.component = e.components[std::size_t(e.bottleneck)].name;
            c.modelUtilization = e.components[std::size_t(e.bottleneck)].cpuUtilization;
        }
        std::vector<double> latency, utilization, availability;
        for (const ReplicationResult& r : results) {
            for (const sim::Frame& b : r.bins) {
                const sim::MetricFrame& f = b.metrics;
                if (f.start < from - 1e-9 || f.end > phase.end + 1e-9)
                    continue;
                if (f.completions > 0)
                    latency.push_back(f.meanLatency);
                const double ended = double(f.completions + f.errors + f.rejections);
                if (ended > 0)
                    availability.push_back(double(f.completions) / ended);
                double busiest = 0.0;
                for (const auto& s : f.stations)
                    if (models::System::componentOf(s.name) == c.component)
                        busiest = std::max(busiest, s.utilization);
                utilization.push_back(busiest);
            }
        }
        if (latency.size() < 2)
            continue;
        c.latency = sim::studentInterval(latency);
        c.utilization = sim::studentInterval(utilization);
        c.availability = sim::studentInterval(availability);
        if (outside(c.latency, c.modelLatency, kLatencyTolerance * c.modelLatency))
            c.differs.push_back("latency");
        if (!c.component.empty() && outside(c.utilization, c.modelUtilization, kUtilizationTolerance))
            c.differs.push_back("utilization");
        if (outside(c.availability, c.modelAvailability, kAvailabilityTolerance))
            c.differs.push_back("availability");
        out.push_back(std::move(c));
    }
    return out;
}

std::string modelLimits(const scenarios::Study& study, const scenarios::Variant& variant, const PhaseCheck& check,
                        const std::vector<ReplicationResult>& results)
{
    std::vector<std::string> reasons;
    for (const scenarios::Fault& f : study.faults) {
        if (!f.appliesTo(variant.name))
            continue;
        // A fault lasts its `for`, `restart` or `promotion`; one with none of them lasts.
        double lasts = 0.0;
        bool ends = false;
        for (const char* key : {"for", "restart", "promotion"})
            if (const auto v = f.setting(key)) {
                lasts = std::max(lasts, *v);
                ends = true;
            }
        const double end = ends ? f.at + lasts : std::numeric_limits<double>::infinity();
        if (f.at < check.end && end > check.start)
            reasons.push_back("a fault acts in this phase (" + scenarios::faultLabel(f) + " at " +
                              formatSeconds(f.at) + "); the model leaves faults out");
    }
    if (!results.empty()) {
        std::map<std::string, std::pair<int, int>> range; // component -> fewest, most serving
        for (const sim::Frame& b : results.front().bins) {
            if (!b.fleet || b.metrics.start < check.start - 1e-9 || b.metrics.end > check.end + 1e-9)
                continue;
            for (const sim::InstanceCounts& c : b.fleet->components) {
                auto [it, fresh] = range.try_emplace(c.component, c.serving, c.serving);
                it->second.first = std::min(it->second.first, c.serving);
                it->second.second = std::max(it->second.second, c.serving);
            }
        }
        std::string changed;
        for (const auto& [component, r] : range)
            if (r.first != r.second)
                changed += (changed.empty() ? "" : ", ") + component + " " + std::to_string(r.first) + "-" +
                           std::to_string(r.second);
        if (!changed.empty())
            reasons.push_back("instances changed in this phase (" + changed +
                              "); the model takes the instances configured");
    }
    if (!std::isfinite(check.modelLatency) || check.modelUtilization >= 1.0)
        reasons.push_back("overloaded at this rate: the model has no steady state");
    std::string text;
    for (const std::string& r : reasons)
        text += (text.empty() ? "" : "; ") + r;
    return text;
}

nlohmann::ordered_json variantChecksJson(const scenarios::Study& study, const scenarios::Variant& variant,
                                         const std::vector<PhaseCheck>& checks,
                                         const std::vector<ReplicationResult>& results)
{
    nlohmann::ordered_json phases = phaseChecksJson(checks);
    for (std::size_t i = 0; i < checks.size(); ++i) {
        const PhaseCheck& c = checks[i];
        phases[i]["latency_mean"]["half_width"] = std::isfinite(c.latency.halfWidth) ? c.latency.halfWidth : 0.0;
        phases[i]["bottleneck_cpu"]["half_width"] =
            std::isfinite(c.utilization.halfWidth) ? c.utilization.halfWidth : 0.0;
        phases[i]["model_limits"] = modelLimits(study, variant, c, results);
    }
    return {{"variant", variant.name},
            {"tolerance", {{"latency_mean", kLatencyTolerance}, {"bottleneck_cpu", kUtilizationTolerance},
                           {"availability", kAvailabilityTolerance}}},
            {"phases", phases}};
}

void printPhaseChecks(std::FILE* out, const std::vector<PhaseCheck>& checks)
{
    if (checks.empty())
        return;
    std::fprintf(out, "\nanalytic model against the simulation, steady phases (simulated / model; docs/analytic.md)\n");
    TextTable t("l");
    t.addRow({"phase", "rate", "latency mean", "bottleneck cpu", "availability", "verdict"});
    bool anyDiffers = false;
    for (const PhaseCheck& c : checks) {
        auto pair = [](const sim::ConfidenceInterval& sim, double model, Unit unit) {
            return formatValue(sim.mean, unit) + " / " +
                   (std::isfinite(model) ? formatValue(model, unit) : std::string("unbounded"));
        };
        std::string verdict = "agrees";
        if (!c.differs.empty()) {
            anyDiffers = true;
            verdict = "differs:";
            for (const auto& d : c.differs)
                verdict += " " + d;
        }
        t.addRow({formatSeconds(c.start) + "-" + formatSeconds(c.end), formatValue(c.rps, Unit::PerSecond),
                  pair(c.latency, c.modelLatency, Unit::Seconds),
                  c.component.empty() ? "-" : c.component + " " + pair(c.utilization, c.modelUtilization, Unit::Load),
                  pair(c.availability, c.modelAvailability, Unit::Ratio), verdict});
    }
    t.print(out);
    if (anyDiffers)
        std::fprintf(out, "differs: beyond the 95%% interval over the phase's bins plus the model's tolerance; the model "
                          "leaves out faults, timeouts, retries, backlogs left by an earlier phase and overload\n");
}

nlohmann::ordered_json phaseChecksJson(const std::vector<PhaseCheck>& checks)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
    for (const PhaseCheck& c : checks)
        a.push_back({{"start", c.start},
                     {"end", c.end},
                     {"rate", c.rps},
                     {"bottleneck", c.component},
                     {"latency_mean", {{"simulated", c.latency.mean}, {"model", num(c.modelLatency)}}},
                     {"bottleneck_cpu", {{"simulated", c.utilization.mean}, {"model", num(c.modelUtilization)}}},
                     {"availability", {{"simulated", c.availability.mean}, {"model", num(c.modelAvailability)}}},
                     {"differs", c.differs}});
    return a;
}

} // namespace scalelab::cli
