#include "scenarios/sweep.h"

#include "scenarios/studywriter.h"

#include <cmath>
#include <cstdio>

namespace scalelab::scenarios {

namespace {

std::string number(double v)
{
    if (v == 0.0)
        return "0"; // no "-0"
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

std::size_t stepCount(double from, double to, double step)
{
    return std::size_t(std::floor((to - from) / step * (1.0 + 1e-12) + 1e-9)) + 1;
}

} // namespace

std::string sweepParameterProblem(const SweepParameter& p)
{
    const bool range = p.from || p.to || p.step || p.points;
    if (p.set.empty())
        return "set names no path";
    if (!p.values.empty() && range)
        return "values and a range (from, to, step, points) exclude each other";
    if (!p.values.empty())
        return p.spacing == SweepSpacing::Log ? "spacing: log is for a range by points" : std::string();
    if (!range)
        return "needs values, or a range: from and to with step or points";
    if (!p.from || !p.to)
        return std::string("a range needs ") + (p.from ? "to" : "from");
    if (p.step && p.points)
        return "a range takes step or points, not both";
    if (!p.step && !p.points)
        return "a range needs step or points";
    if (*p.to < *p.from)
        return "to (" + number(*p.to) + ") must be at least from (" + number(*p.from) + ")";
    if (p.step && p.spacing == SweepSpacing::Log)
        return "spacing: log needs points, not step";
    if (p.spacing == SweepSpacing::Log && *p.from <= 0.0)
        return "a log range needs from > 0 (got " + number(*p.from) + ")";
    if (p.step && stepCount(*p.from, *p.to, *p.step) > kMaxSweepPoints)
        return "the range has more than " + std::to_string(kMaxSweepPoints) + " values";
    return {};
}

std::vector<std::string> sweepValues(const SweepParameter& p)
{
    if (!p.values.empty())
        return p.values;
    std::vector<std::string> out;
    if (!sweepParameterProblem(p).empty())
        return out;
    const double from = *p.from, to = *p.to;
    if (p.step) {
        const std::size_t n = stepCount(from, to, *p.step);
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(number(from + double(i) * *p.step) + p.unit);
        return out;
    }
    const int n = *p.points;
    for (int i = 0; i < n; ++i) {
        const double t = double(i) / double(n - 1);
        const double v = i == n - 1                       ? to
                         : p.spacing == SweepSpacing::Log ? from * std::pow(to / from, t)
                                                          : from + (to - from) * t;
        out.push_back(number(v) + p.unit);
    }
    return out;
}

std::vector<SweepPoint> expandSweep(const Sweep& sweep)
{
    std::vector<std::vector<std::string>> values;
    for (const SweepParameter& p : sweep.parameters)
        values.push_back(sweepValues(p));
    std::vector<SweepPoint> points;
    if (values.empty())
        return points;
    auto point = [&](const std::vector<std::size_t>& at) {
        SweepPoint pt;
        pt.index = points.size();
        for (std::size_t k = 0; k < at.size(); ++k) {
            const SweepParameter& p = sweep.parameters[k];
            pt.values.emplace_back(p.column(), values[k][at[k]]);
            for (const std::string& path : p.set)
                pt.overrides.push_back({path, values[k][at[k]]});
        }
        points.push_back(std::move(pt));
    };
    if (sweep.combine == SweepCombine::Zip) {
        std::size_t n = values.front().size();
        for (const auto& v : values)
            n = std::min(n, v.size());
        for (std::size_t i = 0; i < n && i < kMaxSweepPoints; ++i)
            point(std::vector<std::size_t>(values.size(), i));
        return points;
    }
    double total = 1.0;
    for (const auto& v : values)
        total *= double(v.size());
    if (total > double(kMaxSweepPoints) || total == 0.0)
        return {};
    std::vector<std::size_t> at(values.size(), 0);
    for (;;) {
        point(at);
        std::size_t k = values.size();
        while (k > 0) {
            --k;
            if (++at[k] < values[k].size())
                break;
            at[k] = 0;
            if (k == 0)
                return points;
        }
    }
}

std::string resolvedText(const Study& resolved)
{
    // What changes no figure: the sweep itself, names and notes, the canvas.
    Study s = resolved;
    s.sweep.reset();
    s.name.clear();
    s.description.clear();
    s.headerComment.clear();
    for (Variant& v : s.variants) {
        v.description.clear();
        v.layout.clear();
    }
    return writeStudy(s, WrittenKeys::Canonical);
}

std::string pointKey(const Study& resolved)
{
    const std::string text = resolvedText(resolved) + "\nseed: " + std::to_string(resolved.run.seed) + "\n";
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

} // namespace scalelab::scenarios
