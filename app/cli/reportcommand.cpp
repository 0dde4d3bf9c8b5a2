// `scalelab-cli report`: a study's review pack, DIR/index.html (self-contained:
// inline CSS and SVG) and DIR/report.pdf, from the results of compare --out
// (or run --out), run once here when there are none (docs/cli.md#report).
#include "calibrationcheck.h"
#include "chartstool.h"
#include "command.h"
#include "errors.h"
#include "outputfiles.h"
#include "recovery.h"
#include "reportsections.h"
#include "resultsdir.h"
#include "runflags.h"
#include "studyloader.h"

#include "cli/parityreport.h"
#include "import/traceimport.h"
#include "scenarios/studywriter.h"
#include "scenarios/workloadbands.h"
#include "simcore/engineversion.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>

namespace scalelab::cli {

namespace {

using Json = nlohmann::ordered_json;

struct ReportOptions
{
    std::string study; ///< empty with --from
    std::vector<std::string> sets; ///< --set PATH=VALUE overrides (with the study)
    std::string from;  ///< results of compare/run --out; empty: run them into DIR/results
    std::string out;
    bool withSweep = false; ///< run the study's sweep: section into DIR/results/sweep
    bool progress = false;  ///< "progress: ..." lines on stdout, for a front end
    std::vector<std::string> calibrate; ///< trace files: the first variant set beside them
    int calibrateReplications = 10;
};

/// A stage of the report for a front end (--progress): one line on stdout.
void reportStage(const ReportOptions& options, const std::string& stage)
{
    if (!options.progress)
        return;
    std::printf("progress: %s\n", stage.c_str());
    std::fflush(stdout);
}

/// compare --stream's jobs and progress lines, as "simulating variant K of N (NAME)" when K changes.
class SimulationProgress
{
public:
    explicit SimulationProgress(const ReportOptions& options) : m_options(options) {}

    void line(const std::string& text)
    {
        const Json j = Json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object())
            return;
        const std::string type = j.value("type", std::string());
        if (type == "jobs") {
            m_duration = j.value("duration", 0.0);
            for (const Json& job : j.value("jobs", Json::array())) {
                const std::string variant = job.value("variant", std::string());
                if (m_variants.empty() || m_variants.back() != variant)
                    m_variants.push_back(variant);
                m_jobVariant.push_back(m_variants.size() - 1);
            }
            show(0);
        } else if (type == "progress") {
            // The first variant with a replication still running.
            const std::vector<double> seconds = j.value("seconds", std::vector<double>());
            std::size_t current = m_variants.size();
            for (std::size_t k = 0; k < seconds.size() && k < m_jobVariant.size(); ++k)
                if (seconds[k] < m_duration - 1e-9)
                    current = std::min(current, m_jobVariant[k]);
            if (current < m_variants.size())
                show(current);
        }
    }

private:
    void show(std::size_t variant)
    {
        if (variant == m_shown || variant >= m_variants.size())
            return;
        m_shown = variant;
        reportStage(m_options, "simulating variant " + std::to_string(variant + 1) + " of " +
                                   std::to_string(m_variants.size()) + " (" + m_variants[variant] + ")");
    }

    const ReportOptions& m_options;
    double m_duration = 0.0;
    std::vector<std::string> m_variants;
    std::vector<std::size_t> m_jobVariant;
    std::size_t m_shown = std::size_t(-1);
};

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string fixed(double v, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, v);
    return text;
}

/// One row of the verdict table: a figure of every variant, better when lower or higher.
struct VerdictRow
{
    std::string key;   ///< data-key in the HTML
    std::string label;
    int better = -1;   ///< -1 lower, +1 higher, 0 no winner
    std::function<std::optional<double>(const Json& variant)> value;
    std::function<std::string(double)> format;
    std::string differenceKey; ///< in summary.json's differences; empty: none
    double differenceScale = 1.0;
};

std::optional<double> figure(const Json& variant, const char* group, const std::string& key)
{
    if (!variant.contains(group) || !variant[group].contains(key))
        return std::nullopt;
    return variant[group][key].value("mean", 0.0);
}

std::vector<VerdictRow> verdictRows(double measured)
{
    const double hours = measured / 3600.0;
    auto percent = [](double v) { return fixed(v * 100.0, 3) + " %"; };
    auto ms = [](double v) { return fixed(v * 1000.0, 1) + " ms"; };
    auto usd = [](double v) { return fixed(v, v < 10 ? 4 : 2) + " USD"; };
    std::vector<VerdictRow> rows;
    rows.push_back({"availability", "availability", +1, [](const Json& v) { return figure(v, "figures", "availability"); },
                    percent, "availability", 1.0});
    rows.push_back({"p99", "p99 latency", -1, [](const Json& v) { return figure(v, "figures", "p99"); }, ms, "p99", 1.0});
    rows.push_back({"p50", "p50 latency", -1, [](const Json& v) { return figure(v, "figures", "p50"); }, ms, "p50", 1.0});
    rows.push_back({"throughput", "throughput", 0, [](const Json& v) { return figure(v, "figures", "throughput"); },
                    [](double v) { return fixed(v, 1) + " req/s"; }, "throughput", 1.0});
    rows.push_back({"cost_per_hour", "cost per hour", -1,
                    [hours](const Json& v) -> std::optional<double> {
                        const auto c = figure(v, "costs", "cost_total");
                        return c && hours > 0 ? std::optional(*c / hours) : std::nullopt;
                    },
                    usd, "cost_total", hours > 0 ? 1.0 / hours : 0.0});
    rows.push_back({"cost_per_month", "cost per month (730 h)", -1,
                    [hours](const Json& v) -> std::optional<double> {
                        const auto c = figure(v, "costs", "cost_total");
                        return c && hours > 0 ? std::optional(*c / hours * 730.0) : std::nullopt;
                    },
                    usd, "cost_total", hours > 0 ? 730.0 / hours : 0.0});
    rows.push_back({"cost_per_million", "cost per million requests", -1,
                    [](const Json& v) { return figure(v, "costs", "cost_per_million"); }, usd, "cost_per_million", 1.0});
    rows.push_back({"money_lost", "money lost (downtime and slow checkouts)", -1,
                    [](const Json& v) { return figure(v, "costs", "money_lost"); }, usd, "money_lost", 1.0});
    rows.push_back({"peak_instances", "peak instances", -1,
                    [](const Json& v) { return figure(v, "costs", "peak_instances"); },
                    // A mean over replications: whole when it is.
                    [](double v) { return fixed(v, v == std::floor(v) ? 0 : 1); }, "peak_instances", 1.0});
    return rows;
}

/// The variants of summary.json (compare: "variants"; run: the summary itself).
std::vector<Json> variantsOf(const Json& summary)
{
    if (summary.contains("variants"))
        return summary["variants"].get<std::vector<Json>>();
    return {summary};
}

struct Verdict
{
    std::string table;   ///< HTML
    std::string summary; ///< plain-language paragraph
};

Verdict verdict(const Json& summary, double measured)
{
    const std::vector<Json> variants = variantsOf(summary);
    const std::string baseline = summary.value("baseline", variants.front().value("variant", std::string()));
    auto difference = [&](const std::string& variant, const std::string& key) -> const Json* {
        if (!summary.contains("differences"))
            return nullptr;
        for (const Json& d : summary["differences"])
            if (d.value("variant", std::string()) == variant && d["figures"].contains(key))
                return &d["figures"][key];
        return nullptr;
    };
    std::string html = "<table class=\"verdict\"><thead><tr><th>figure</th>";
    for (const Json& v : variants) {
        const std::string name = v.value("variant", std::string());
        html += "<th>" + escapeXml(name) + (name == baseline ? " (baseline)" : "") + "</th>";
    }
    for (const Json& v : variants)
        if (v.value("variant", std::string()) != baseline)
            html += "<th>" + escapeXml(v.value("variant", std::string())) + " − " + escapeXml(baseline) +
                    " (95 % interval)</th>";
    html += "<th>better</th></tr></thead><tbody>\n";

    // The SLO first: met or missed, and the objectives that decide it.
    html += "<tr data-key=\"slo\"><th>SLO</th>";
    for (const Json& v : variants) {
        const std::string verdictText = v.contains("slo") ? v["slo"].value("verdict", std::string("-")) : "-";
        html += "<td class=\"" + std::string(verdictText == "met" ? "met" : "missed") + "\" data-variant=\"" +
                escapeXml(v.value("variant", std::string())) + "\">" + escapeXml(verdictText) + "</td>";
    }
    for (std::size_t i = 1; i < variants.size(); ++i)
        html += "<td></td>";
    html += "<td></td></tr>\n";

    std::string sentences;
    for (const VerdictRow& row : verdictRows(measured)) {
        std::vector<std::optional<double>> values;
        bool any = false;
        for (const Json& v : variants) {
            values.push_back(row.value(v));
            any = any || values.back().has_value();
        }
        if (!any)
            continue;
        html += "<tr data-key=\"" + row.key + "\"><th>" + escapeXml(row.label) + "</th>";
        for (std::size_t i = 0; i < variants.size(); ++i) {
            html += "<td data-variant=\"" + escapeXml(variants[i].value("variant", std::string())) + "\"";
            if (values[i])
                html += " data-value=\"" + fixed(*values[i], 12) + "\">" + row.format(*values[i]);
            else
                html += ">-";
            html += "</td>";
        }
        // Paired differences against the baseline; the row's winner only when significant.
        std::string winner = row.better == 0 ? "" : "no significant difference";
        int best = -1;
        for (std::size_t i = 0; i < variants.size(); ++i) {
            const std::string name = variants[i].value("variant", std::string());
            if (name == baseline)
                continue;
            const Json* d = difference(name, row.differenceKey);
            if (!d) {
                html += "<td>-</td>";
                continue;
            }
            const double mean = d->value("mean", 0.0) * row.differenceScale;
            const double half = d->value("half_width", 0.0) * row.differenceScale;
            const bool significant = d->value("significant", false);
            html += "<td data-difference=\"" + fixed(mean, 12) + "\" data-half-width=\"" + fixed(half, 12) + "\">" +
                    (mean >= 0 ? "+" : "−") + row.format(std::abs(mean)) + " ± " + row.format(half) +
                    (significant ? " *" : "") + "</td>";
            const bool headline = row.key == "availability" || row.key == "p99" || row.key == "cost_per_month" ||
                                  row.key == "money_lost";
            if (significant && row.better != 0) {
                const bool better = row.better * mean > 0;
                if (best < 0 || better)
                    best = better ? int(i) : -2;
                if (!better && best == -2)
                    winner = baseline;
                if (headline)
                    sentences += escapeXml(name) + "'s " + row.label + " is " + row.format(std::abs(mean)) + " " +
                             (mean > 0 ? "higher" : "lower") + " than " + escapeXml(baseline) + "'s (" +
                             (better ? "better" : "worse") + ", significant). ";
            }
        }
        if (best >= 0) {
            // With several better variants: the best value among them.
            for (std::size_t i = 0; i < variants.size(); ++i)
                if (values[i] && values[std::size_t(best)] &&
                    row.better * (*values[i] - *values[std::size_t(best)]) > 0)
                    best = int(i);
            winner = variants[std::size_t(best)].value("variant", std::string());
        }
        html += "<td class=\"winner\">" + escapeXml(winner) + "</td></tr>\n";
    }
    html += "</tbody></table>\n";

    std::string text;
    for (const Json& v : variants) {
        const std::string name = v.value("variant", std::string());
        const std::string slo = v.contains("slo") ? v["slo"].value("verdict", std::string()) : "";
        text += escapeXml(name) + (slo == "met" ? " meets the SLO" : slo.empty() ? " has no SLO" : " misses the SLO");
        if (v.contains("slo"))
            for (const Json& c : v["slo"].value("checks", Json::array()))
                if (!c.value("met", true))
                    text += " (" + c.value("objective", std::string()) + ": " +
                            (c.value("objective", std::string()) == "availability"
                                 ? fixed(c.value("value", 0.0) * 100, 3) + " % against " +
                                       fixed(c.value("target", 0.0) * 100, 3) + " %"
                                 : fixed(c.value("value", 0.0) * 1000, 1) + " ms against " +
                                       fixed(c.value("target", 0.0) * 1000, 1) + " ms") +
                            ")";
        text += ". ";
    }
    if (variants.size() > 1)
        text += sentences.empty() ? "No figure differs significantly from " + escapeXml(baseline) +
                                        " over these replications: run more before choosing."
                                  : sentences;
    return {html, text};
}

std::string htmlTable(const std::vector<std::vector<std::string>>& rows, const std::string& cls)
{
    if (rows.empty())
        return {};
    std::string html = "<table class=\"" + cls + "\"><thead><tr>";
    for (const std::string& h : rows.front())
        html += "<th>" + escapeXml(h) + "</th>";
    html += "</tr></thead><tbody>";
    for (std::size_t r = 1; r < rows.size(); ++r) {
        html += "<tr>";
        for (const std::string& c : rows[r])
            html += "<td>" + escapeXml(c) + "</td>";
        html += "</tr>";
    }
    return html + "</tbody></table>\n";
}

std::string seconds(double s)
{
    return fixed(s, s == std::floor(s) ? 0 : 1) + " s";
}

std::string assumptions(const scenarios::Study& study)
{
    std::string html = "<h3>Workload</h3><ul>";
    if (!study.workload.replay.empty())
        html += "<li>rate replayed from " + escapeXml(study.workload.replay) + "</li>";
    if (!study.workload.replayTimestamps.empty())
        html += "<li>arrivals replayed from " + escapeXml(study.workload.replayTimestamps) + "</li>";
    for (const scenarios::RatePoint& p : study.workload.rate)
        html += "<li>from " + seconds(p.at) + ": " + fixed(p.rps, 0) + " requests/s" +
                (p.ramp > 0 ? " (ramp over " + seconds(p.ramp) + ")" : "") + "</li>";
    for (const scenarios::Spike& s : study.workload.spikes)
        html += "<li>spike x" + fixed(s.factor, s.factor == std::floor(s.factor) ? 0 : 1) + " from " + seconds(s.at) +
                " for " + seconds(s.duration) + (s.ramp > 0 ? ", ramps of " + seconds(s.ramp) : "") + "</li>";
    if (study.workload.diurnal)
        html += "<li>daily curve, amplitude " + fixed(study.workload.diurnal->amplitude * 100, 0) + " %</li>";
    html += "<li>operations: ";
    for (std::size_t i = 0; i < study.operations.size(); ++i)
        html += (i ? ", " : "") + escapeXml(study.operations[i].name) + " " +
                fixed(study.operations[i].share * 100, 0) + " %";
    html += "</li></ul>";
    html += "<h3>Run</h3><ul><li>" + seconds(study.run.duration) + " simulated, warm-up " + seconds(study.run.warmup) +
            " left out, bins of " + seconds(study.run.bin) + "</li><li>" + std::to_string(study.run.replications) +
            " replications from seed " + std::to_string(study.run.seed) +
            " (common random numbers: every variant sees the same arrivals)</li>";
    if (study.slo.p99 || study.slo.availability)
        html += "<li>SLO: " + (study.slo.p99 ? "p99 ≤ " + fixed(*study.slo.p99 * 1000, 0) + " ms" : std::string()) +
                (study.slo.p99 && study.slo.availability ? ", " : "") +
                (study.slo.availability ? "availability ≥ " + fixed(*study.slo.availability * 100, 3) + " %"
                                        : std::string()) +
                "</li>";
    html += "</ul><h3>Faults</h3>";
    if (study.faults.empty())
        html += "<p>None.</p>";
    else
        html += "<p>" + escapeXml(kParityTitle) + "</p>" + htmlTable(parityRows(study), "parity");
    html += "<h3>Defaults applied</h3><p>Every setting the study leaves out takes the default documented in the "
            "format reference (docs/format.md); the study file as run is in the appendix.</p>";
    return html;
}

/// The charts of the report, in order: (title, file stem) among those rendered.
std::vector<std::pair<std::string, std::string>> reportCharts(const std::vector<const scenarios::Variant*>& variants,
                                                              const std::set<std::string>& rendered)
{
    const bool several = variants.size() > 1;
    const std::string all = several ? "compare-" : variants.front()->name + "-";
    std::vector<std::pair<std::string, std::string>> charts;
    auto add = [&](const std::string& title, const std::string& stem) {
        if (rendered.count(stem + ".svg"))
            charts.emplace_back(title, stem);
    };
    add("Latency (p99 and p50; SLO line, spikes and ramps shaded, faults marked)", all + "latency");
    add("Throughput and offered load", all + "throughput");
    add("Errors and rejections", all + "errors");
    for (const scenarios::Variant* v : variants)
        add("CPU utilization: " + v->name, v->name + "-utilization");
    add("Serving instances", all + "instances");
    add("Cost since the start", all + "cost");
    return charts;
}

const char* kCss = R"(body{font-family:"DejaVu Sans",sans-serif;color:#222;max-width:1100px;margin:0 auto;padding:16px 20px;line-height:1.4}
h1{font-size:1.6em;margin:0.2em 0}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:1.6em}
table{border-collapse:collapse;margin:8px 0;font-size:0.9em;max-width:100%}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#eee}td.met{color:#1d6b2a;font-weight:bold}td.missed{color:#a4261b;font-weight:bold}td.winner{font-weight:bold}td.na{color:#7a5b00}figure.recovery svg{width:100%;height:auto;display:block}
.wrap{overflow-x:auto;max-width:100%}figure{margin:12px 0}figure svg.chart{width:100%;height:auto;display:block;border:1px solid #ddd}svg.diagram{max-width:100%;height:auto}
figcaption{font-size:0.9em;color:#555;margin-top:4px}pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f6;padding:8px;font-size:0.8em}
.summary{background:#f3f6fa;border-left:4px solid #4e79a7;padding:8px 12px}@media print{h2{page-break-before:always}}
)";

struct Page
{
    std::string title, verdictTable, verdictText, diagrams, assumptions, calibration, charts, recovery, analytic, sweep,
        appendix;
};

/// The calibration section's body: what was compared, and the two tables.
std::string calibrationHtml(const CalibrationTable& t, const std::string& variant, std::size_t traces)
{
    char head[400];
    std::snprintf(head, sizeof head,
                  "<p>Each cell: observed (%zu traces) / simulated (variant %s, seed %llu, mean of %d replications, "
                  "every request traced), over %.0f s, with the difference. Per operation the requests' durations; "
                  "per component its visits (a database or external: the calls to it).</p>\n",
                  traces, escapeXml(variant).c_str(), static_cast<unsigned long long>(t.seed), t.replications,
                  t.duration);
    std::string html = head;
    const auto table = [&](const std::string& kind, const std::vector<std::string>& names, const auto& observed,
                           const auto& simulated) {
        const auto rows = calibrationRows(kind, names, observed, simulated);
        html += "<div class=\"wrap\"><table class=\"calibration\" data-kind=\"" + kind + "\"><thead><tr>";
        for (const std::string& h : rows.front())
            html += "<th>" + escapeXml(h) + "</th>";
        html += "</tr></thead><tbody>";
        for (std::size_t i = 1; i < rows.size(); ++i) {
            html += "<tr data-name=\"" + escapeXml(rows[i][0]) + "\"><th>" + escapeXml(rows[i][0]) + "</th>";
            for (std::size_t k = 1; k < rows[i].size(); ++k)
                html += "<td>" + escapeXml(rows[i][k]) + "</td>";
            html += "</tr>";
        }
        html += "</tbody></table></div>\n";
    };
    table("operation", t.operations, t.observedOperations, t.simulatedOperations);
    table("component", t.components, t.observedComponents, t.simulatedComponents);
    return html;
}

std::string pageHtml(const Page& p, bool forPdf)
{
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
                       escapeXml(p.title) + "</title><style>" + kCss + "</style></head><body>\n";
    html += "<h1>" + escapeXml(p.title) + "</h1>\n";
    html += "<section id=\"verdict\"><h2>Verdict</h2><div class=\"wrap\">" + p.verdictTable +
            "</div><p class=\"summary\">" + p.verdictText +
            "</p><p>Differences are paired (common random numbers) with 95 % intervals; * marks a significant one; "
            "a row's winner is named only when its difference is significant.</p></section>\n";
    const std::string br = forPdf ? "<h2 style=\"page-break-before:always\">" : "<h2>";
    html += "<section id=\"diagrams\">" + br + "Designs</h2>" + p.diagrams + "</section>\n";
    html += "<section id=\"assumptions\">" + br + "Assumptions</h2>" + p.assumptions + "</section>\n";
    if (!p.calibration.empty())
        html += "<section id=\"calibration\">" + br + "Calibration against the traces</h2>" + p.calibration +
                "</section>\n";
    html += "<section id=\"charts\">" + br + "Charts</h2>" + p.charts + "</section>\n";
    html += "<section id=\"recovery\">" + br + "Recovery per fault</h2>" + p.recovery + "</section>\n";
    html += "<section id=\"analytic\">" + br + "Analytic model against the simulation</h2>" + p.analytic +
            "</section>\n";
    if (!p.sweep.empty())
        html += "<section id=\"sweep\">" + br + "Sweep</h2>" + p.sweep + "</section>\n";
    html += "<section id=\"appendix\">" + br + "Appendix</h2>" + p.appendix + "</section>\n";
    return html + "</body></html>\n";
}

/// An SVG file of scalelab-charts, inline: from its <svg> on, sized by CSS
/// (`cssClass` "chart" or "diagram").
std::string inlineSvg(const std::string& text, const char* cssClass = "chart")
{
    const std::size_t start = text.find("<svg");
    if (start == std::string::npos)
        return {};
    std::string svg = text.substr(start);
    const std::size_t end = svg.find('>');
    std::string open = svg.substr(0, end);
    for (const char* attribute : {"width=\"", "height=\""}) {
        const std::size_t a = open.find(std::string(" ") + attribute);
        if (a != std::string::npos) {
            const std::size_t close = open.find('"', a + std::strlen(attribute) + 1);
            open.erase(a, close - a + 1);
        }
    }
    return std::string("<svg class=\"") + cssClass + "\" role=\"img\"" + open.substr(4) + svg.substr(end);
}

int runReport(const ReportOptions& options)
{
    const std::optional<std::string> tool = siblingTool("scalelab-charts", "draw the report");
    if (!tool)
        return ExitRunFailed;
    if (!prepareOutputDir(options.out))
        return ExitBadInput;
    std::string results = options.from;
    if (results.empty()) {
        // Run once, as `compare --out` (or `run --out`) would, into DIR/results.
        std::optional<scenarios::Study> study = loadStudy(options.study, options.sets);
        if (!study)
            return ExitBadInput;
        results = (std::filesystem::path(options.out) / "results").string();
        std::error_code ec;
        const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
        // Every replication's bins: the charts' interval bands, recovery and the analytic check need them.
        std::vector<std::string> args{self,    study->variants.size() > 1 ? "compare" : "run",
                                      options.study, "--out", results, "--series", "all"};
        for (const std::string& set : options.sets)
            args.insert(args.end(), {"--set", set});
        int code = 0;
        if (options.progress && study->variants.size() > 1) {
            // compare --stream tells which replications run (its JSON on stdout, the files in --out as ever).
            args.push_back("--stream");
            SimulationProgress progress(options);
            code = runProgram(args, [&progress](const std::string& line) { progress.line(line); });
        } else {
            reportStage(options, "simulating variant 1 of 1 (" + study->variants.front().name + ")");
            std::function<void(const std::string&)> quiet; // with --progress its table is not the report's output
            if (options.progress)
                quiet = [](const std::string&) {};
            code = runProgram(args, quiet);
        }
        if (code != 0)
            return code < 0 ? ExitRunFailed : code;
    }
    std::optional<SavedResults> saved = readSavedResults(results);
    if (!saved)
        return ExitBadInput;
    const scenarios::Study& study = saved->study;

    const TemporaryDir work;
    if (work.path().empty()) {
        printError("cannot create a temporary folder for the report's charts", "check TMPDIR and the space left");
        return ExitRunFailed;
    }
    const std::string manifest = work.path() + "/charts.json";
    if (!writeTextFile(work.path(), "annotations.json", chartAnnotations(study).dump(2)))
        return ExitRunFailed;
    std::vector<std::string> args{*tool,      "--out",      work.path(),  "--format", "svg",
                                  "--size",   "1000x540",   "--manifest", manifest,   "--annotations",
                                  work.path() + "/annotations.json"};
    // The mean over replications with its interval, when the results have every replication's series.
    reportStage(options, "drawing the charts");
    if (hasSeriesMeans(results, *saved))
        args.insert(args.end(), {"--intervals", results});
    args.insert(args.end(), saved->streams.begin(), saved->streams.end());
    if (runProgram(args) != 0)
        return ExitRunFailed;
    const auto written = readManifest(manifest);
    if (!written)
        return ExitRunFailed;
    std::set<std::string> rendered;
    for (const auto& entry : *written)
        rendered.insert(entry.second.begin(), entry.second.end());

    const double measured = study.run.duration - study.run.warmup;
    Page page;
    page.title = "Design review: " + (study.name.empty() ? study.path : study.name);
    const Verdict v = verdict(saved->summary, measured);
    page.verdictTable = v.table;
    page.verdictText = v.summary;
    Page pdf = page;
    // Each design as the desktop app's canvas draws it, from the study as it was run.
    reportStage(options, "drawing the designs");
    std::string why;
    if (!scenarios::saveStudy(study, work.path() + "/study.yaml", &why)) {
        printError("cannot write the study for its diagrams: " + why, "check TMPDIR and the space left");
        return ExitRunFailed;
    }
    if (runProgram({*tool, "--diagrams", work.path() + "/study.yaml", "--out", work.path(), "--format", "svg",
                    "--size", "1000x800"},
                   [](const std::string&) {}) != 0) // its line of files written is not the report's output
        return ExitRunFailed;
    for (const scenarios::Variant* variant : saved->variants) {
        const std::string file = "diagram-" + variant->name + ".svg";
        const std::string svg = inlineSvg(readFile(work.path() + "/" + file), "diagram");
        const std::string caption = "<figcaption>" + escapeXml(variant->name) +
                                    (variant->description.empty() ? "" : ": " + escapeXml(variant->description)) +
                                    "</figcaption>";
        page.diagrams += "<h3>" + escapeXml(variant->name) + "</h3><figure class=\"diagram\"><div class=\"wrap\">" +
                         svg + "</div>" + caption + "</figure>\n";
        pdf.diagrams += "<h3>" + escapeXml(variant->name) + "</h3><p><img src=\"" + escapeXml(file) + "\"></p>" +
                        "<p>" + caption + "</p>\n";
    }
    page.assumptions = pdf.assumptions = assumptions(study);
    if (!options.calibrate.empty()) {
        reportStage(options, "calibrating against the traces");
        import::TraceInput input;
        for (const std::string& f : options.calibrate)
            import::readTraceFile(f, input);
        const import::TraceModel model = import::analyzeTraces(input);
        for (const auto& d : input.diagnostics)
            std::fprintf(stderr, "%s\n", d.format().c_str());
        if (input.hasErrors() || model.traces == 0) {
            printError("--calibrate: no whole trace to compare with", "give the traces the study was imported from");
            return ExitBadInput;
        }
        try {
            const CalibrationTable t = calibrate(study, study.variants.front(), input, model.period,
                                                 options.calibrateReplications);
            page.calibration = pdf.calibration = calibrationHtml(t, study.variants.front().name, model.traces);
        } catch (const std::exception& e) {
            printError(std::string("the simulation failed: ") + e.what(), kFailedRunHint);
            return ExitRunFailed;
        }
    }
    bool firstChart = true;
    for (const auto& [title, stem] : reportCharts(saved->variants, rendered)) {
        // A chart a page in the PDF, so a title is never left at a page's foot without its chart.
        const bool newPage = !firstChart;
        firstChart = false;
        page.charts += "<figure class=\"chart\" data-chart=\"" + escapeXml(stem) + "\">" +
                       inlineSvg(readFile(work.path() + "/" + stem + ".svg")) + "<figcaption>" + escapeXml(title) +
                       "</figcaption></figure>\n";
        pdf.charts += std::string(newPage ? "<p style=\"page-break-before:always\"><i>" : "<p><i>") + escapeXml(title) + "</i></p><p><img src=\"" + escapeXml(stem) + ".svg\"></p>\n";
    }
    // Recovery per fault, from every replication's bins (replication 0's when that is all there is).
    std::vector<std::vector<std::vector<HealthBin>>> bins;
    for (const scenarios::Variant* variant : saved->variants) {
        std::string path = seriesFile(results, *saved, *variant, "-all");
        if (!std::filesystem::exists(path))
            path = seriesFile(results, *saved, *variant, "");
        bins.push_back(study.faults.empty() ? std::vector<std::vector<HealthBin>>{} : readHealthBins(path));
        if (!study.faults.empty() && bins.back().empty())
            return ExitBadInput;
    }
    const ReportSection recovery = recoverySection(faultRecoveries(study, saved->variants, bins), study.run.duration);
    page.recovery = recovery.html;
    pdf.recovery = recovery.pdfHtml;
    const std::filesystem::path analyticFile = std::filesystem::path(results) / "analytic.json";
    if (std::filesystem::exists(analyticFile)) {
        const Json analytic = Json::parse(readFile(analyticFile.string()), nullptr, false);
        if (analytic.is_discarded() || !analytic.contains("variants")) {
            printError(analyticFile.string() + " is not the analytic check of compare --out", "run the study again");
            return ExitBadInput;
        }
        const ReportSection section = analyticSection(analytic["variants"]);
        page.analytic = section.html;
        pdf.analytic = section.pdfHtml;
    } else {
        page.analytic = pdf.analytic =
            "<p>These results have no analytic check: it needs every replication's bins, kept by "
            "<code>scalelab-cli compare --out DIR --series all</code> (or <code>run</code>), which "
            "<code>report STUDY</code> runs.</p>";
    }
    // Sweep plots: the sweep's results in RESULTS/sweep, or run now when asked.
    std::string sweepDir;
    if (!options.from.empty() && std::filesystem::exists(std::filesystem::path(options.from) / "sweep" / "sweep.json"))
        sweepDir = (std::filesystem::path(options.from) / "sweep").string();
    else if (options.withSweep) {
        if (!study.sweep) {
            printError(options.study + " has no sweep: section", "leave out --with-sweep, or add a sweep: (docs/sweeps.md)");
            return ExitBadInput;
        }
        sweepDir = (std::filesystem::path(results) / "sweep").string();
        std::error_code ec;
        std::vector<std::string> sweepArgs{std::filesystem::read_symlink("/proc/self/exe", ec).string(), "sweep",
                                           options.study, "--out", sweepDir, "--no-plots"};
        for (const std::string& set : options.sets)
            sweepArgs.insert(sweepArgs.end(), {"--set", set});
        reportStage(options, "running the sweep");
        const int code = runProgram(sweepArgs);
        if (code != 0)
            return code < 0 ? ExitRunFailed : code;
    }
    if (!sweepDir.empty()) {
        const std::string sweepCharts = work.path() + "/sweep";
        if (runProgram({*tool, "--sweep", sweepDir, "--out", sweepCharts, "--format", "svg", "--size", "1000x540"},
                       [](const std::string&) {}) != 0) // its count of files is not the report's output
            return ExitRunFailed;
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(sweepCharts))
            if (entry.path().extension() == ".svg")
                names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        page.sweep = pdf.sweep = "<p>The study's sweep (" + std::to_string(names.size()) +
                                 " charts, docs/sweeps.md): each metric against the first parameter with its 95 % "
                                 "band and the SLO's break point; cost per million requests against p99 with the "
                                 "Pareto front.</p>";
        for (const std::string& name : names) {
            const std::string stem = name.substr(0, name.size() - 4);
            page.sweep += "<figure class=\"chart\" data-chart=\"sweep-" + escapeXml(stem) + "\">" +
                          inlineSvg(readFile(sweepCharts + "/" + name)) + "</figure>\n";
            pdf.sweep += "<p style=\"page-break-before:always\"><img src=\"sweep/" + escapeXml(name) + "\"></p>\n";
        }
    } else if (study.sweep) {
        page.sweep = pdf.sweep =
            "<p>The study has a sweep: section, not run for this report (a sweep runs every point's simulations). "
            "<code>scalelab-cli report STUDY --with-sweep</code> runs it, or put the results of "
            "<code>scalelab-cli sweep STUDY --out RESULTS/sweep</code> beside <code>report --from RESULTS</code>.</p>";
    }
    for (const ReportSection* section : {&recovery})
        for (const auto& [name, svg] : section->files)
            if (!writeTextFile(work.path(), name, svg))
                return ExitRunFailed;

    std::string command = options.from.empty() ? "scalelab-cli report " + options.study
                                               : "scalelab-cli report --from " + options.from;
    for (const std::string& set : options.sets)
        command += " --set " + set;
    command += " --out " + options.out;
    page.appendix = pdf.appendix =
        "<p>Made by <code>" + escapeXml(command) + "</code> with scalelab-cli " SCALELAB_VERSION " (" +
        escapeXml(sim::engineVersion()) + "), from the results in <code>" + escapeXml(results) +
        "</code>.</p><h3>The study (" + escapeXml(study.path) + ")</h3><pre>" +
        escapeXml(readFile((std::filesystem::path(results) / "study.yaml").string())) + "</pre>";

    if (!writeTextFile(options.out, "index.html", pageHtml(page, false)) ||
        !writeTextFile(work.path(), "report.html", pageHtml(pdf, true)))
        return ExitRunFailed;
    reportStage(options, "writing the PDF");
    if (runProgram({*tool, "--html", work.path() + "/report.html", "--pdf",
                    (std::filesystem::path(options.out) / "report.pdf").string()}) != 0)
        return ExitRunFailed;
    std::printf("%s\n%s\n", (std::filesystem::path(options.out) / "index.html").c_str(),
                (std::filesystem::path(options.out) / "report.pdf").c_str());
    return ExitOk;
}

class ReportCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* report = app.add_subcommand(
            "report", "Write a design review: DIR/index.html (self-contained) and DIR/report.pdf");
        addStudyOrResults(*report, m_options.study, m_options.sets, m_options.from,
                          "Report on the results of 'compare --out DIR' or 'run --out DIR' instead of running");
        report->add_option("--out", m_options.out, "The folder for index.html and report.pdf")->required()->type_name("DIR");
        report->add_flag("--with-sweep", m_options.withSweep,
                         "Also run the study's sweep: section (into DIR/results/sweep) and add its plots; with --from, "
                         "the plots come from RESULTS/sweep when it is there")
            ->excludes("--from");
        report->add_flag("--progress", m_options.progress,
                         "For a front end: a line 'progress: STAGE' on stdout as each stage starts (simulating "
                         "variant K of N (NAME), running the sweep, drawing the charts, writing the PDF)");
        report->add_option("--calibrate", m_options.calibrate,
                           "Trace files the study was imported from (import traces): add a section setting its "
                           "first variant's figures beside theirs, as import traces --check prints them")
            ->check(CLI::ExistingFile)
            ->type_name("TRACES");
        report->add_option("--calibrate-replications", m_options.calibrateReplications,
                           "With --calibrate, replications whose figures are averaged")
            ->check(CLI::Range(1, 1000))
            ->capture_default_str();
        report->footer(kExitCodes);
        return report;
    }

    int run() override
    {
        if (m_options.study.empty() && m_options.from.empty()) {
            printError("report needs a STUDY or --from DIR", "see 'scalelab-cli report --help' for the usage");
            return ExitBadInput;
        }
        return runReport(m_options);
    }

private:
    ReportOptions m_options;
};

const CommandRegistration<ReportCommand> registration(65);

} // namespace

} // namespace scalelab::cli
