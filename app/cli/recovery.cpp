#include "recovery.h"

#include "errors.h"

#include "scenarios/faulttype.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace scalelab::cli {

namespace {

std::vector<std::string> splitCsv(const std::string& line)
{
    std::vector<std::string> cells;
    std::stringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');)
        cells.push_back(cell);
    if (!line.empty() && line.back() == ',')
        cells.emplace_back();
    return cells;
}

/// The bin's share of failed requests among those that ended in it; a bin
/// where requests arrived and none ended is all failure (an outage).
double errorShare(const HealthBin& b)
{
    const double ended = b.completions + b.errors + b.rejections;
    if (ended <= 0)
        return b.arrivals > 0 ? 1.0 : 0.0;
    return (b.errors + b.rejections) / ended;
}

bool healthy(const HealthBin& b, const RecoveryLimits& limits)
{
    if (errorShare(b) > limits.errorShare)
        return false;
    if (b.completions <= 0)
        return b.arrivals <= 0;
    return b.p99 <= limits.p99;
}

std::string seconds(double s)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.*f s", s == std::floor(s) ? 0 : 1, s);
    return text;
}

} // namespace

std::vector<std::vector<HealthBin>> readHealthBins(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) {
        printError("cannot read " + path, "pass the folder of 'scalelab-cli compare --out DIR' or 'run --out DIR'");
        return {};
    }
    const std::vector<std::string> header = splitCsv(line);
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < header.size(); ++i)
        column.emplace(header[i], i);
    for (const char* key : {"start", "end", "arrivals", "completions", "errors", "rejections", "p99"})
        if (!column.count(key)) {
            printError(path + ": no column '" + key + "'", "pass a timeseries CSV of 'scalelab-cli compare --out'");
            return {};
        }
    const bool replicated = column.count("replication") > 0;
    std::vector<std::vector<HealthBin>> replications;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        const std::vector<std::string> cells = splitCsv(line);
        auto value = [&](const char* key) {
            const std::size_t i = column.at(key);
            return i < cells.size() && !cells[i].empty() ? std::strtod(cells[i].c_str(), nullptr) : 0.0;
        };
        const std::size_t r = replicated ? std::size_t(value("replication")) : 0;
        if (replications.size() <= r)
            replications.resize(r + 1);
        replications[r].push_back({value("start"), value("end"), value("arrivals"), value("completions"),
                                   value("errors"), value("rejections"), value("p99")});
    }
    return replications;
}

RecoveryLimits recoveryLimits(const std::vector<HealthBin>& bins, double at, const scenarios::Slo& slo, double warmup)
{
    RecoveryLimits limits;
    limits.errorShare = slo.availability ? 1.0 - *slo.availability : 0.001;
    limits.p99 = slo.p99 ? *slo.p99 : 0.0;
    for (const HealthBin& b : bins) {
        if (b.start < warmup - 1e-9 || b.end > at + 1e-9 || b.end <= at - kPreFaultWindow + 1e-9)
            continue;
        limits.errorShare = std::max(limits.errorShare, kPreFaultMargin * errorShare(b));
        limits.p99 = std::max(limits.p99, kPreFaultMargin * b.p99);
    }
    if (limits.p99 <= 0.0)
        limits.p99 = std::numeric_limits<double>::infinity(); // no SLO and no pre-fault bin: errors alone
    return limits;
}

std::optional<double> recoveryTime(const std::vector<HealthBin>& bins, double at, const RecoveryLimits& limits)
{
    std::optional<double> since; // the start of the current healthy stretch
    for (const HealthBin& b : bins) {
        if (b.end <= at + 1e-9)
            continue;
        if (!healthy(b, limits)) {
            since.reset();
            continue;
        }
        if (!since)
            since = b.start;
        if (b.end - *since >= kRecoveryHold - 1e-9)
            return std::max(0.0, *since - at);
    }
    return std::nullopt;
}

std::vector<FaultRecovery> faultRecoveries(const scenarios::Study& study,
                                           const std::vector<const scenarios::Variant*>& variants,
                                           const std::vector<std::vector<std::vector<HealthBin>>>& bins)
{
    std::vector<FaultRecovery> out;
    for (const scenarios::Fault& fault : study.faults)
        for (std::size_t v = 0; v < variants.size() && v < bins.size(); ++v) {
            if (!fault.appliesTo(variants[v]->name) || bins[v].empty())
                continue;
            FaultRecovery r;
            r.fault = scenarios::faultLabel(fault);
            r.at = fault.at;
            r.variant = variants[v]->name;
            r.limits = recoveryLimits(bins[v].front(), fault.at, study.slo, study.run.warmup);
            for (const std::vector<HealthBin>& replication : bins[v])
                r.times.push_back(
                    recoveryTime(replication, fault.at, recoveryLimits(replication, fault.at, study.slo, study.run.warmup)));
            out.push_back(std::move(r));
        }
    return out;
}

std::string recoveryText(const FaultRecovery& recovery)
{
    std::vector<double> recovered;
    for (const auto& t : recovery.times)
        if (t)
            recovered.push_back(*t);
    const std::size_t n = recovery.times.size();
    if (recovered.empty())
        return "never";
    double mean = 0.0;
    for (double t : recovered)
        mean += t / double(recovered.size());
    const auto [low, high] = std::minmax_element(recovered.begin(), recovered.end());
    std::string text = seconds(mean);
    if (recovered.size() < n)
        return "never in " + std::to_string(n - recovered.size()) + " of " + std::to_string(n) + " (others " + text +
               ")";
    if (n > 1)
        text += *low == *high ? " (every replication)"
                              : " (" + seconds(*low).substr(0, seconds(*low).size() - 2) + "–" + seconds(*high) +
                                    " over " + std::to_string(n) + " replications)";
    return text;
}

} // namespace scalelab::cli
