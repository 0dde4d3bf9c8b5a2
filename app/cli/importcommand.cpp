#include "calibrationcheck.h"
#include "command.h"
#include "errors.h"
#include "studyloader.h"
#include "texttable.h"

#include "import/calibration.h"
#include "import/k8s.h"
#include "import/metrics.h"
#include "import/traceimport.h"
#include "import/traces.h"
#include "scenarios/studywriter.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <functional>
#include <cstdio>

namespace scalelab::cli {

namespace {

void printCalibration(std::FILE* out, const std::string& title, const std::vector<std::string>& names,
                      const std::map<std::string, import::CalibrationFigures>& observed,
                      const std::map<std::string, import::CalibrationFigures>& simulated)
{
    TextTable table("l");
    for (const auto& row : calibrationRows(title, names, observed, simulated))
        table.addRow(row);
    table.print(out);
}

/// "left out: 2 reason; 1 other" on stderr, when anything was.
void printLeftOut(const std::map<std::string, int>& skipped)
{
    if (skipped.empty())
        return;
    std::string left = "left out:";
    for (const auto& [reason, count] : skipped)
        left += " " + std::to_string(count) + " " + reason + ";";
    left.back() = '\n';
    std::fputs(left.c_str(), stderr);
}

/// `import traces FILE... --out STUDY [--check]`.
int importTraces(const std::vector<std::string>& files, const std::string& out, bool check, const std::string& name,
                 int replications)
{
    import::TraceInput input;
    for (const std::string& f : files)
        import::readTraceFile(f, input);
    import::TraceImportOptions options;
    if (!name.empty())
        options.name = name;
    import::TraceModel model = import::analyzeTraces(input, options);
    scenarios::sortByPosition(model.diagnostics);
    for (const auto& d : model.diagnostics)
        std::fprintf(stderr, "%s\n", d.format().c_str());
    if (input.hasErrors()) {
        printError("the traces could not be read", "see the errors above");
        return ExitBadInput;
    }
    if (model.traces == 0) {
        printError("no whole trace to import in " + std::to_string(input.spans.size()) + " spans",
                   "the input needs traces with one root span each and every parent present");
        return ExitBadInput;
    }
    scenarios::Study study = import::buildStudy(model, options);
    if (out.empty()) {
        std::fputs(scenarios::writeStudy(study).c_str(), stdout);
    } else {
        std::string error;
        if (!scenarios::saveStudy(study, out, &error)) {
            printError(error);
            return ExitBadInput;
        }
    }
    std::size_t components = model.components.size();
    std::fprintf(stderr, "imported %zu traces (%zu spans): %zu operations, %zu components, over %.1f s%s%s\n",
                 model.traces, input.spans.size(), model.operations.size(), components, model.period,
                 out.empty() ? "" : " -> ", out.c_str());
    if (model.skewCorrected > 0)
        std::fprintf(stderr, "clock skew: %zu server spans moved inside their client span\n", model.skewCorrected);
    printLeftOut(model.skipped);
    if (!check)
        return ExitOk;

    // The study as written, read back: what a user would run.
    std::optional<scenarios::Study> written = study;
    if (!out.empty()) {
        written = loadStudy(out, {});
        if (!written)
            return ExitBadInput;
    }
    CalibrationTable t;
    try {
        t = calibrate(*written, written->variants.front(), input, model.period, replications);
    } catch (const std::exception& e) {
        printError(std::string("the simulation failed: ") + e.what(), kFailedRunHint);
        return ExitRunFailed;
    }
    std::printf("Calibration: observed (the traces) / simulated (the imported study, seed %llu, mean of %d "
                "replications), over %.0f s\n\n",
                static_cast<unsigned long long>(t.seed), replications, t.duration);
    printCalibration(stdout, "operation", t.operations, t.observedOperations, t.simulatedOperations);
    std::printf("\n");
    printCalibration(stdout, "component", t.components, t.observedComponents, t.simulatedComponents);
    return ExitOk;
}

/// `import metrics FILE --operation OP --study IN [--out OUT]`.
int importMetrics(const std::string& file, const std::string& operation, const std::string& studyPath,
                  const std::string& out)
{
    const import::RateSeries series = import::readRateSeries(file);
    for (const auto& d : series.diagnostics)
        std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!series.ok()) {
        printError("no rate profile in '" + file + "'", "see the errors above");
        return ExitBadInput;
    }
    std::optional<scenarios::Study> study = loadStudy(studyPath, {});
    if (!study)
        return ExitBadInput;
    std::string error;
    if (!import::applyRateSeries(*study, operation, series, &error)) {
        printError(error);
        return ExitBadInput;
    }
    if (out.empty()) {
        std::fputs(scenarios::writeStudy(*study).c_str(), stdout);
    } else if (!scenarios::saveStudy(*study, out, &error)) {
        printError(error);
        return ExitBadInput;
    }
    std::fprintf(stderr, "%zu samples every %g s -> %zu rate points for %s over %g s%s%s\n", series.points.size(),
                 series.step, study->workload.rate.size(), operation.c_str(), study->run.duration,
                 out.empty() ? "" : " -> ", out.c_str());
    return ExitOk;
}

/// `import k8s PATH... [--into STUDY] [--variant NAME] [--out OUT]`.
int importK8s(const std::vector<std::string>& paths, const std::string& into, const std::string& variant,
              const std::string& out)
{
    import::K8sManifests manifests;
    for (const std::string& p : paths)
        import::readManifests(p, manifests);
    for (const auto& d : manifests.diagnostics)
        std::fprintf(stderr, "%s\n", d.format().c_str());
    if (manifests.hasErrors()) {
        printError("the manifests could not be read", "see the errors above");
        return ExitBadInput;
    }
    if (manifests.workloads.empty()) {
        printError("no Deployment or StatefulSet in " + std::to_string(manifests.documents) + " manifests",
                   "the capacity comes from workloads; Services and HorizontalPodAutoscalers refer to them");
        return ExitBadInput;
    }
    scenarios::Study study;
    if (!into.empty()) {
        std::optional<scenarios::Study> base = loadStudy(into, {});
        if (!base)
            return ExitBadInput;
        study = std::move(*base);
    }
    import::K8sImportOptions options;
    options.variant = variant;
    import::K8sImportResult result;
    std::string error;
    if (!import::applyManifests(manifests, study, !into.empty(), options, result, &error)) {
        printError(error);
        return ExitBadInput;
    }
    if (out.empty()) {
        std::fputs(scenarios::writeStudy(study).c_str(), stdout);
    } else if (!scenarios::saveStudy(study, out, &error)) {
        printError(error);
        return ExitBadInput;
    }
    std::fprintf(stderr, "read %zu manifests: %zu workloads, %zu services, %zu autoscalers%s%s\n",
                 manifests.documents, manifests.workloads.size(), manifests.services.size(), manifests.hpas.size(),
                 out.empty() ? "" : " -> ", out.c_str());
    for (const std::string& line : result.applied)
        std::fprintf(stderr, "  %s\n", line.c_str());
    for (const std::string& n : result.notes)
        std::fprintf(stderr, "note: %s\n", n.c_str());
    if (!result.unmatched.empty()) {
        std::string line = "not in the study (no component of that name, app label or Service):";
        for (const std::string& u : result.unmatched)
            line += " " + u;
        std::fprintf(stderr, "%s\n", line.c_str());
    }
    printLeftOut(manifests.skipped);
    return ExitOk;
}

class ImportCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* cmd = app.add_subcommand("import", "Make a study from the evidence of a running system");
        cmd->require_subcommand(1);
        m_traces = cmd->add_subcommand(
            "traces", "A study from OpenTelemetry (OTLP JSON lines) or Jaeger (JSON export) traces: components, "
                      "call trees, service times, arrivals");
        m_traces->add_option("FILE", m_files, "Trace files: OTLP JSON lines or a Jaeger JSON export")
            ->required()
            ->check(CLI::ExistingFile);
        m_traces->add_option("--out", m_out, "Write the study here (default: stdout)")->type_name("STUDY");
        m_traces->add_option("--name", m_name, "The study's name")->type_name("TEXT");
        m_traces->add_flag("--check", m_check,
                           "Then run the imported study over the traced period and print, per operation and "
                           "component, observed against simulated mean, p50, p99 and throughput");
        m_traces->add_option("--replications", m_replications,
                             "With --check, replications of the imported study whose figures are averaged")
            ->check(CLI::Range(1, 1000))
            ->capture_default_str();
        m_traces->footer(kExitCodes);
        m_metrics = cmd->add_subcommand(
            "metrics", "A study's traffic from a metrics series: a Prometheus query_range answer (JSON) or a CSV of "
                       "time,rps, as the rate of one operation");
        m_metrics->add_option("FILE", m_metricsFile, "The series: query_range JSON or time,rps CSV")
            ->required()
            ->check(CLI::ExistingFile);
        m_metrics->add_option("--operation", m_operation, "The operation whose rate the series is")
            ->required()
            ->type_name("NAME");
        m_metrics->add_option("--study", m_study, "The study whose workload it becomes")
            ->required()
            ->type_name("STUDY");
        m_metrics->add_option("--out", m_metricsOut, "Write the study here (default: stdout)")->type_name("STUDY");
        m_metrics->footer(kExitCodes);
        m_k8s = cmd->add_subcommand(
            "k8s", "Capacity from Kubernetes manifests: Deployments and StatefulSets (replicas, CPU, zones), "
                   "Services, HorizontalPodAutoscalers (autoscale with controller hpa)");
        m_k8s->add_option("PATH", m_k8sPaths, "Manifest files (YAML, several documents each) or directories of them")
            ->required()
            ->check(CLI::ExistingPath);
        m_k8s->add_option("--into", m_into,
                          "Set the capacity on this study's components (matched by workload name, app label or "
                          "Service name), e.g. one imported from traces; without, a new study")
            ->type_name("STUDY");
        m_k8s->add_option("--variant", m_k8sVariant, "With --into, the variant to change (default: the first)")
            ->type_name("NAME");
        m_k8s->add_option("--out", m_k8sOut, "Write the study here (default: stdout)")->type_name("STUDY");
        m_k8s->footer(kExitCodes);
        cmd->footer(kExitCodes);
        return cmd;
    }

    int run() override
    {
        if (m_traces->parsed())
            return importTraces(m_files, m_out, m_check, m_name, m_replications);
        if (m_metrics->parsed())
            return importMetrics(m_metricsFile, m_operation, m_study, m_metricsOut);
        if (m_k8s->parsed())
            return importK8s(m_k8sPaths, m_into, m_k8sVariant, m_k8sOut);
        return ExitBadInput;
    }

private:
    CLI::App* m_traces = nullptr;
    CLI::App* m_metrics = nullptr;
    CLI::App* m_k8s = nullptr;
    std::vector<std::string> m_k8sPaths;
    std::string m_into, m_k8sVariant, m_k8sOut;
    std::string m_metricsFile, m_operation, m_study, m_metricsOut;
    std::vector<std::string> m_files;
    std::string m_out;
    std::string m_name;
    bool m_check = false;
    int m_replications = 10;
};

const CommandRegistration<ImportCommand> registration(15);

} // namespace

} // namespace scalelab::cli
