#include "reportsections.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace scalelab::cli {

std::string escapeXml(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

namespace {

std::string fixed(double v, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, v);
    return text;
}

/// Every digit of a double, for data attributes that tests read back.
std::string exact(double v)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

std::string seconds(double s)
{
    return fixed(s, s == std::floor(s) ? 0 : 1) + " s";
}

/// The variants' hues of the charts (docs/charts.md): blue, orange, purple, teal, ...
const char* variantColour(std::size_t i)
{
    static const char* colours[] = {"#2f6db3", "#cf6d17", "#8a46a8", "#23918c", "#8c6a4f", "#b33f83"};
    return colours[i % (sizeof colours / sizeof colours[0])];
}

/// The recovery bars: a row per fault and variant, the mean over the
/// replications as a bar with the fastest and slowest as a whisker; "never"
/// as a hatched bar to the end of the run.
std::string recoverySvg(const std::vector<FaultRecovery>& recoveries, double runEnd)
{
    constexpr int kWidth = 1000, kLeft = 330, kRight = 40, kTop = 34, kRow = 30, kBottom = 44;
    const int height = kTop + int(recoveries.size()) * kRow + kBottom;
    double longest = 0.0;
    for (const FaultRecovery& r : recoveries)
        longest = std::max(longest, runEnd - r.at);
    longest = std::max(longest, 1.0);
    const double scale = double(kWidth - kLeft - kRight) / longest;
    std::vector<std::string> variants;
    for (const FaultRecovery& r : recoveries)
        if (std::find(variants.begin(), variants.end(), r.variant) == variants.end())
            variants.push_back(r.variant);

    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(kWidth) +
                      "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
                      std::to_string(height) +
                      "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"13\">"
                      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
                      "<text x=\"" + std::to_string(kWidth / 2) +
                      "\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">Time to recover per "
                      "fault (from the fault's start)</text>";
    // Ticks: about six, at round seconds.
    const double rough = longest / 6.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= rough) {
            step = m * magnitude;
            break;
        }
    const int axisY = kTop + int(recoveries.size()) * kRow;
    for (double t = 0.0; t <= longest + 1e-9; t += step) {
        const std::string x = fixed(kLeft + t * scale, 1);
        svg += "<line x1=\"" + x + "\" y1=\"" + std::to_string(kTop - 4) + "\" x2=\"" + x + "\" y2=\"" +
               std::to_string(axisY) + "\" stroke=\"#e4e4e4\"/>";
        svg += "<text x=\"" + x + "\" y=\"" + std::to_string(axisY + 16) + "\" text-anchor=\"middle\" fill=\"#444\">" +
               fixed(t, 0) + "</text>";
    }
    svg += "<text x=\"" + std::to_string(kLeft + (kWidth - kLeft - kRight) / 2) + "\" y=\"" +
           std::to_string(axisY + 34) + "\" text-anchor=\"middle\" fill=\"#444\">seconds after the fault's start</text>";
    for (std::size_t i = 0; i < recoveries.size(); ++i) {
        const FaultRecovery& r = recoveries[i];
        const std::size_t v = std::size_t(std::find(variants.begin(), variants.end(), r.variant) - variants.begin());
        const int y = kTop + int(i) * kRow;
        const std::string colour = variantColour(v);
        svg += "<text x=\"" + std::to_string(kLeft - 8) + "\" y=\"" + std::to_string(y + 19) +
               "\" text-anchor=\"end\">" + escapeXml(r.fault + " at " + seconds(r.at) + ": " + r.variant) + "</text>";
        std::vector<double> recovered;
        for (const auto& t : r.times)
            if (t)
                recovered.push_back(*t);
        const bool never = recovered.size() < r.times.size();
        double mean = 0.0;
        for (double t : recovered)
            mean += t / double(recovered.size());
        const double barEnd = never ? runEnd - r.at : mean;
        svg += "<rect data-fault=\"" + escapeXml(r.fault) + "\" data-variant=\"" + escapeXml(r.variant) +
               "\" data-seconds=\"" + (recovered.empty() ? std::string("never") : fixed(mean, 3)) + "\" x=\"" +
               std::to_string(kLeft) + "\" y=\"" + std::to_string(y + 6) + "\" width=\"" +
               fixed(std::max(1.5, barEnd * scale), 1) + "\" height=\"18\" fill=\"" + colour + "\" fill-opacity=\"" +
               (never ? "0.25" : "0.85") + "\"" + (never ? " stroke=\"#a4261b\" stroke-dasharray=\"4 3\"" : "") + "/>";
        if (!recovered.empty() && recovered.size() > 1) {
            const auto [low, high] = std::minmax_element(recovered.begin(), recovered.end());
            const std::string cy = std::to_string(y + 15);
            svg += "<line x1=\"" + fixed(kLeft + *low * scale, 1) + "\" y1=\"" + cy + "\" x2=\"" +
                   fixed(kLeft + *high * scale, 1) + "\" y2=\"" + cy + "\" stroke=\"#222\" stroke-width=\"1.5\"/>";
            for (double t : {*low, *high})
                svg += "<line x1=\"" + fixed(kLeft + t * scale, 1) + "\" y1=\"" + std::to_string(y + 9) + "\" x2=\"" +
                       fixed(kLeft + t * scale, 1) + "\" y2=\"" + std::to_string(y + 21) +
                       "\" stroke=\"#222\" stroke-width=\"1.5\"/>";
        }
        const std::string label = recoveryText(r);
        const double labelX = kLeft + barEnd * scale + 8;
        const bool inside = labelX + 7.5 * double(label.size()) > kWidth - 4;
        svg += "<text x=\"" + fixed(inside ? kLeft + 6 : labelX, 1) + "\" y=\"" + std::to_string(y + 19) + "\" fill=\"" +
               (never ? "#a4261b" : "#222") + "\">" + escapeXml(label) + "</text>";
    }
    return svg + "</svg>\n";
}

} // namespace

ReportSection recoverySection(const std::vector<FaultRecovery>& recoveries, double runEnd)
{
    ReportSection s;
    if (recoveries.empty()) {
        s.html = s.pdfHtml = "<p>The study has no faults.</p>";
        return s;
    }
    std::string table = "<table class=\"recovery\"><thead><tr><th>fault</th><th>at</th><th>variant</th><th>time to "
                        "recover</th><th>recovered when a bin's failed share ≤ and p99 ≤</th></tr></thead><tbody>";
    for (const FaultRecovery& r : recoveries) {
        std::string values;
        for (const auto& t : r.times)
            values += (values.empty() ? "" : " ") + (t ? fixed(*t, 3) : std::string("never"));
        table += "<tr data-fault=\"" + escapeXml(r.fault) + "\" data-at=\"" + fixed(r.at, 3) + "\" data-variant=\"" +
                 escapeXml(r.variant) + "\" data-recovery=\"" + values + "\"><td>" + escapeXml(r.fault) + "</td><td>" +
                 seconds(r.at) + "</td><td>" + escapeXml(r.variant) + "</td><td>" + escapeXml(recoveryText(r)) +
                 "</td><td>" + fixed(r.limits.errorShare * 100.0, 2) + " %, " +
                 (std::isfinite(r.limits.p99) ? fixed(r.limits.p99 * 1000.0, 0) + " ms" : std::string("-")) +
                 "</td></tr>";
    }
    table += "</tbody></table>\n";
    const std::string note =
        "<p>Time to recover: from the fault's start to the start of the first stretch of " + seconds(kRecoveryHold) +
        " whose every bin has its share of failed requests and its p99 within the SLO, or within " +
        fixed(kPreFaultMargin, 2) + "x the worst bin of the " + seconds(kPreFaultWindow) +
        " before the fault when that is looser (charts.md, Recovery); to the bin, per replication; "
        "never: not before the end of the run.</p>";
    const std::string svg = recoverySvg(recoveries, runEnd);
    s.html = note + "<div class=\"wrap\">" + table + "</div><figure class=\"recovery\">" + svg + "</figure>\n";
    s.pdfHtml = note + table + "<p><img src=\"recovery.svg\"></p>\n";
    s.files.emplace_back("recovery.svg", svg);
    return s;
}

ReportSection analyticSection(const nlohmann::ordered_json& variants)
{
    ReportSection s;
    std::string table = "<table class=\"analytic\"><thead><tr><th>variant</th><th>phase</th><th>rate</th>"
                        "<th>mean latency, simulated / model</th><th>busiest component's CPU, simulated / model</th>"
                        "<th>verdict</th></tr></thead><tbody>";
    int rows = 0;
    double latencyTolerance = 0.0, cpuTolerance = 0.0;
    for (const auto& v : variants) {
        const std::string name = v.value("variant", std::string());
        if (v.contains("tolerance")) {
            latencyTolerance = v["tolerance"].value("latency_mean", 0.0);
            cpuTolerance = v["tolerance"].value("bottleneck_cpu", 0.0);
        }
        for (const auto& p : v.value("phases", nlohmann::ordered_json::array())) {
            auto number = [](const nlohmann::ordered_json& j, const char* key) {
                return j.contains(key) && j[key].is_number() ? j[key].get<double>() : std::nan("");
            };
            const auto& latency = p["latency_mean"];
            const auto& cpu = p["bottleneck_cpu"];
            const double simLatency = number(latency, "simulated"), modelLatency = number(latency, "model");
            const double simCpu = number(cpu, "simulated"), modelCpu = number(cpu, "model");
            const std::string limits = p.value("model_limits", std::string());
            std::string verdict, cls;
            if (!limits.empty()) {
                verdict = "model does not apply: " + limits;
                cls = "na";
            } else if (p.value("differs", nlohmann::ordered_json::array()).empty()) {
                verdict = "agrees";
                cls = "met";
            } else {
                verdict = "differs:";
                for (const auto& d : p["differs"])
                    verdict += " " + d.get<std::string>();
                cls = "missed";
            }
            auto ms = [](double x) { return std::isfinite(x) ? fixed(x * 1000.0, 2) + " ms" : std::string("unbounded"); };
            auto pct = [](double x) { return std::isfinite(x) ? fixed(x * 100.0, 1) + " %" : std::string("-"); };
            const std::string component = p.value("bottleneck", std::string());
            table += "<tr data-variant=\"" + escapeXml(name) + "\" data-start=\"" + fixed(p.value("start", 0.0), 3) +
                     "\" data-latency-simulated=\"" + exact(simLatency) + "\" data-latency-model=\"" +
                     exact(modelLatency) + "\" data-cpu-simulated=\"" + exact(simCpu) + "\" data-cpu-model=\"" +
                     exact(modelCpu) + "\"><td>" + escapeXml(name) + "</td><td>" +
                     seconds(p.value("start", 0.0)) + "–" + seconds(p.value("end", 0.0)) + "</td><td>" +
                     fixed(p.value("rate", 0.0), 0) + " req/s</td><td>" + ms(simLatency) + " / " + ms(modelLatency) +
                     "</td><td>" + (component.empty() ? "-" : escapeXml(component) + " " + pct(simCpu) + " / " + pct(modelCpu)) +
                     "</td><td class=\"" + cls + "\">" + escapeXml(verdict) + "</td></tr>";
            ++rows;
        }
    }
    table += "</tbody></table>\n";
    if (rows == 0) {
        s.html = s.pdfHtml = "<p>The workload has no steady phase of 20 s or more after the warm-up to compare with "
                             "the analytic model (a replayed or always-changing rate).</p>";
        return s;
    }
    const std::string note =
        "<p>Each steady phase of the workload (its first seconds left to settle) against the analytic model at its "
        "rate (docs/analytic.md): simulated figures are means over the phase's bins in every replication. A row "
        "agrees when the model lies within the simulated 95 % interval widened by the model's tolerance (" +
        fixed(latencyTolerance * 100.0, 0) + " % on the mean latency, " + fixed(cpuTolerance * 100.0, 0) +
        " points of CPU utilization). The model leaves out faults, changes of instances and overload: where one acts "
        "in a phase, the row says so.</p>";
    s.html = note + "<div class=\"wrap\">" + table + "</div>";
    s.pdfHtml = note + table;
    return s;
}

} // namespace scalelab::cli
