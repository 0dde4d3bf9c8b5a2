#include "scenarios/workloadbands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace scalelab::scenarios {

namespace {

/// 6 -> "6", 2.5 -> "2.5": a factor or a rate as a person writes it.
std::string shortNumber(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return text;
}

} // namespace

std::vector<WorkloadBand> workloadBands(const Workload& workload, double duration)
{
    std::vector<WorkloadBand> bands;
    auto add = [&](double from, double to, std::string label, bool ramp) {
        from = std::max(0.0, from);
        to = std::min(duration, to);
        if (to > from)
            bands.push_back({from, to, std::move(label), ramp});
    };
    for (const Spike& s : workload.spikes) {
        const std::string label = "spike x" + shortNumber(s.factor);
        const double end = s.at + s.duration;
        const double ramp = std::min(s.ramp, s.duration / 2.0);
        if (ramp > 0.0) {
            add(s.at, s.at + ramp, label + " ramp", true);
            add(s.at + ramp, end - ramp, label, false);
            add(end - ramp, end, label + " ramp", true);
        } else {
            add(s.at, end, label, false);
        }
    }
    for (const RatePoint& p : workload.rate)
        if (p.ramp > 0.0)
            add(p.at, p.at + p.ramp, "ramp to " + shortNumber(p.rps) + " rps", true);
    std::stable_sort(bands.begin(), bands.end(), [](const WorkloadBand& a, const WorkloadBand& b) { return a.from < b.from; });
    return bands;
}

} // namespace scalelab::scenarios
