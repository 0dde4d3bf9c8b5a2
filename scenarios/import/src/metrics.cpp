#include "import/metrics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace scalelab::import {

namespace {

using scenarios::Diagnostic;

bool number(const std::string& text, double& out)
{
    try {
        std::size_t used = 0;
        out = std::stod(text, &used);
        return used == text.size() && std::isfinite(out);
    } catch (const std::exception&) {
        return false;
    }
}

std::string trimmed(std::string s)
{
    const auto a = s.find_first_not_of(" \t\r\"");
    const auto b = s.find_last_not_of(" \t\r\"");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

void finish(RateSeries& out, std::map<double, double>& byTime)
{
    if (byTime.empty())
        return;
    const double first = byTime.begin()->first;
    double previous = first;
    for (const auto& [t, v] : byTime) {
        if (t > previous && (out.step == 0.0 || t - previous < out.step))
            out.step = t - previous;
        previous = t;
        out.points.emplace_back(t - first, std::max(0.0, v));
    }
    if (out.step == 0.0)
        out.step = 1.0;
}

} // namespace

bool RateSeries::ok() const
{
    return !points.empty() && std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::Error;
    });
}

RateSeries readRateSeries(const std::string& path)
{
    RateSeries out;
    auto problem = [&](int line, int column, Diagnostic::Severity severity, const std::string& message,
                       const std::string& hint) {
        out.diagnostics.push_back(Diagnostic::at(path, line, column, severity, {}, message, hint));
    };
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problem(0, 0, Diagnostic::Severity::Error, "cannot read the metrics file", "check the path");
        return out;
    }
    std::ostringstream all;
    all << in.rdbuf();
    const std::string text = all.str();
    std::map<double, double> byTime;
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_discarded()) {
        // Prometheus: {"status": "success", "data": {"resultType": "matrix", "result": [{"metric", "values"}]}}
        const bool matrix = doc.is_object() && doc.contains("data") && doc["data"].is_object() &&
                            doc["data"].value("resultType", "") == "matrix" && doc["data"].contains("result") &&
                            doc["data"]["result"].is_array();
        if (!matrix) {
            problem(1, 1, Diagnostic::Severity::Error,
                    "not a Prometheus range query result: expected data.resultType \"matrix\"",
                    "save the answer of /api/v1/query_range, or a CSV of time,rps");
            return out;
        }
        int series = 0;
        for (const auto& result : doc["data"]["result"]) {
            ++series;
            if (!result.is_object() || !result.contains("values") || !result["values"].is_array())
                continue;
            for (const auto& sample : result["values"]) {
                double t = 0, v = 0;
                if (!sample.is_array() || sample.size() != 2 || !sample[0].is_number() || !sample[1].is_string() ||
                    !number(sample[1].get<std::string>(), v)) {
                    problem(1, 0, Diagnostic::Severity::Warning,
                            "series " + std::to_string(series) + ": a sample that is not [time, \"value\"] was skipped",
                            "");
                    continue;
                }
                t = sample[0].get<double>();
                byTime[t] += v;
            }
        }
        finish(out, byTime);
        if (out.points.empty())
            problem(1, 1, Diagnostic::Severity::Error, "the range query result has no samples", "");
        return out;
    }
    // CSV: time,rps
    std::istringstream lines(text);
    std::string line;
    int number_ = 0, rows = 0;
    while (std::getline(lines, line)) {
        ++number_;
        if (trimmed(line).empty() || line[0] == '#')
            continue;
        const auto comma = line.find(',');
        double t = 0, v = 0;
        const bool parsed = comma != std::string::npos && number(trimmed(line.substr(0, comma)), t) &&
                            number(trimmed(line.substr(comma + 1)), v);
        if (!parsed) {
            if (rows == 0 && byTime.empty() && number_ == 1)
                continue; // a header row
            problem(number_, 1, Diagnostic::Severity::Warning, "not a time,rps row: '" + trimmed(line) + "'; skipped",
                    "each row is a time in seconds and a rate, as numbers");
            continue;
        }
        ++rows;
        byTime[t] += v;
    }
    finish(out, byTime);
    if (out.points.empty())
        problem(0, 0, Diagnostic::Severity::Error,
                "neither a Prometheus range query result (JSON) nor a CSV of time,rps rows",
                "save the answer of /api/v1/query_range, or write time,rps rows");
    return out;
}

bool applyRateSeries(scenarios::Study& study, const std::string& operation, const RateSeries& series,
                     std::string* error)
{
    double total = 0.0, share = -1.0;
    std::vector<std::string> names;
    for (const auto& op : study.operations) {
        total += op.share;
        names.push_back(op.name);
        if (op.name == operation)
            share = op.share;
    }
    if (share <= 0.0 || total <= 0.0) {
        if (error)
            *error = "the study has no operation '" + operation + "'; known: " + scenarios::joinChoices(names);
        return false;
    }
    const double fraction = share / total;
    study.workload.rate.clear();
    study.workload.spikes.clear();
    study.workload.diurnal.reset();
    study.workload.replay.clear();
    study.workload.replayTimestamps.clear();
    for (const auto& [t, rps] : series.points) {
        const double rate = std::round(rps / fraction * 1000.0) / 1000.0;
        if (!study.workload.rate.empty() && study.workload.rate.back().rps == rate)
            continue;
        scenarios::RatePoint p;
        p.at = t;
        p.rps = rate;
        study.workload.rate.push_back(p);
    }
    study.run.duration = series.points.back().first + series.step;
    if (study.run.warmup >= study.run.duration)
        study.run.warmup = 0.0;
    return true;
}

} // namespace scalelab::import
