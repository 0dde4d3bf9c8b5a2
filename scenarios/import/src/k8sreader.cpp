// Kubernetes manifests read for what they say about capacity: workloads,
// services, horizontal pod autoscalers. Every problem is a diagnostic at its
// line and column; nothing here throws out of readManifests.
#include "import/k8s.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace scalelab::import {

using scenarios::Diagnostic;

namespace {

constexpr const char* kZoneLabel = "topology.kubernetes.io/zone";
constexpr const char* kOldZoneLabel = "failure-domain.beta.kubernetes.io/zone";

bool isZoneKey(const std::string& key) { return key == kZoneLabel || key == kOldZoneLabel; }

/// A required field is missing or wrong: reported at `node`, the manifest stops being read.
struct ManifestError
{
    YAML::Mark mark;
    std::string message;
    std::string hint;
};

class ManifestReader
{
public:
    ManifestReader(std::string file, K8sManifests& out) : m_file(std::move(file)), m_out(out) {}

    void read(const std::string& text)
    {
        std::vector<YAML::Node> docs;
        try {
            docs = YAML::LoadAll(text);
        } catch (const YAML::ParserException& e) {
            error(e.mark, "not valid YAML: " + e.msg, "a manifest file is YAML documents separated by ---");
            return;
        }
        for (const YAML::Node& doc : docs)
            manifest(doc);
    }

private:
    void diagnostic(const YAML::Mark& mark, Diagnostic::Severity severity, std::string message, std::string hint)
    {
        const bool known = mark.line >= 0;
        m_out.diagnostics.push_back(Diagnostic::at(m_file, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0,
                                                   severity, {}, std::move(message), std::move(hint)));
    }
    void error(const YAML::Mark& mark, std::string message, std::string hint = {})
    {
        diagnostic(mark, Diagnostic::Severity::Error, std::move(message), std::move(hint));
    }
    void warning(const YAML::Mark& mark, std::string message, std::string hint = {})
    {
        diagnostic(mark, Diagnostic::Severity::Warning, std::move(message), std::move(hint));
    }

    ManifestPlace place(const YAML::Node& n) const
    {
        return {m_file, n.Mark().line + 1, n.Mark().column + 1};
    }

    static std::string text(const YAML::Node& n, const std::string& what)
    {
        if (!n.IsScalar())
            throw ManifestError{n.Mark(), what + " must be a text", {}};
        return n.Scalar();
    }
    static const YAML::Node mapAt(const YAML::Node& parent, const char* key, const std::string& what)
    {
        const YAML::Node n = parent[key];
        if (n && !n.IsNull() && !n.IsMap())
            throw ManifestError{n.Mark(), what + " must be a map", {}};
        return n;
    }
    static std::optional<int> integer(const YAML::Node& parent, const char* key, const std::string& what, int least)
    {
        const YAML::Node n = parent[key];
        if (!n || n.IsNull())
            return std::nullopt;
        int v = 0;
        try {
            v = n.as<int>();
        } catch (const YAML::Exception&) {
            throw ManifestError{n.Mark(), what + " must be a whole number (got '" + (n.IsScalar() ? n.Scalar() : "") + "')",
                                {}};
        }
        if (v < least)
            throw ManifestError{n.Mark(), what + " must be >= " + std::to_string(least) + " (got " + std::to_string(v) + ")",
                                {}};
        return v;
    }
    static std::map<std::string, std::string> labels(const YAML::Node& n)
    {
        std::map<std::string, std::string> out;
        if (n && n.IsMap())
            for (const auto& kv : n)
                if (kv.second.IsScalar())
                    out[kv.first.Scalar()] = kv.second.Scalar();
        return out;
    }

    void manifest(const YAML::Node& doc)
    {
        if (!doc || doc.IsNull())
            return; // an empty document (a trailing ---)
        if (!doc.IsMap()) {
            error(doc.Mark(), "a manifest must be a map with apiVersion, kind and metadata");
            return;
        }
        const YAML::Node kindNode = doc["kind"];
        if (!kindNode || !kindNode.IsScalar()) {
            error(doc.Mark(), "the manifest has no kind", "every manifest says its kind: Deployment, Service, ...");
            return;
        }
        const std::string kind = kindNode.Scalar();
        if (kind == "List" || (kind.size() > 4 && kind.ends_with("List") && doc["items"])) {
            const YAML::Node items = doc["items"];
            if (items && items.IsSequence())
                for (const YAML::Node& item : items)
                    manifest(item);
            else if (items && !items.IsNull())
                error(items.Mark(), "a List's items must be a list");
            return;
        }
        ++m_out.documents;
        try {
            if (kind == "Deployment" || kind == "StatefulSet")
                workload(doc, kind);
            else if (kind == "Service")
                service(doc);
            else if (kind == "HorizontalPodAutoscaler")
                hpa(doc);
            else {
                ++m_out.skipped[kind];
                warning(kindNode.Mark(), "kind " + kind + " is not read: left out",
                        "import k8s reads Deployment, StatefulSet, Service and HorizontalPodAutoscaler");
            }
        } catch (const ManifestError& e) {
            error(e.mark, kind + ": " + e.message, e.hint);
        }
    }

    std::string name(const YAML::Node& doc, const std::string& kind)
    {
        const YAML::Node meta = mapAt(doc, "metadata", kind + " metadata");
        if (!meta || !meta["name"])
            throw ManifestError{meta ? meta.Mark() : doc.Mark(), "metadata.name is required", "name the " + kind};
        return text(meta["name"], "metadata.name");
    }

    void workload(const YAML::Node& doc, const std::string& kind)
    {
        K8sWorkload w;
        w.kind = kind;
        w.name = name(doc, kind);
        w.place = place(doc);
        const YAML::Node spec = mapAt(doc, "spec", "spec");
        if (!spec)
            throw ManifestError{doc.Mark(), "spec is required", "a " + kind + " has a spec with a pod template"};
        w.replicas = integer(spec, "replicas", "spec.replicas", 0).value_or(1);
        const YAML::Node tmpl = mapAt(spec, "template", "spec.template");
        if (!tmpl)
            throw ManifestError{spec.Mark(), "spec.template is required", "the pods' template: metadata and spec"};
        const YAML::Node tmeta = mapAt(tmpl, "metadata", "spec.template.metadata");
        if (tmeta)
            w.labels = labels(tmeta["labels"]);
        const YAML::Node pod = mapAt(tmpl, "spec", "spec.template.spec");
        if (!pod || !pod["containers"] || !pod["containers"].IsSequence())
            throw ManifestError{tmpl.Mark(), "spec.template.spec.containers is required",
                                "the pod's containers, a list"};
        bool everyLimit = true;
        for (const YAML::Node& c : pod["containers"]) {
            if (!c.IsMap())
                throw ManifestError{c.Mark(), "a container must be a map", {}};
            const YAML::Node resources = mapAt(c, "resources", "resources");
            bool limited = false;
            if (resources) {
                for (const char* which : {"requests", "limits"}) {
                    const YAML::Node r = mapAt(resources, which, std::string("resources.") + which);
                    if (!r || !r["cpu"])
                        continue;
                    const std::optional<double> cores = parseCpuQuantity(r["cpu"].IsScalar() ? r["cpu"].Scalar() : "");
                    if (!cores)
                        throw ManifestError{r["cpu"].Mark(),
                                            std::string("resources.") + which + ".cpu is not a CPU quantity (got '" +
                                                (r["cpu"].IsScalar() ? r["cpu"].Scalar() : "") + "')",
                                            "cores, or millicores with m: 2, 0.5, 500m"};
                    std::optional<double>& sum = std::string(which) == "requests" ? w.cpuRequest : w.cpuLimit;
                    sum = sum.value_or(0.0) + *cores;
                    limited = limited || std::string(which) == "limits";
                }
            }
            everyLimit = everyLimit && limited;
            const YAML::Node probe = mapAt(c, "readinessProbe", "readinessProbe");
            if (probe && !w.readinessDelay)
                w.readinessDelay = double(integer(probe, "initialDelaySeconds", "readinessProbe.initialDelaySeconds", 0)
                                              .value_or(0));
        }
        if (!everyLimit)
            w.cpuLimit.reset(); // a container without a limit may use any idle core
        zones(pod, w);
        m_out.workloads.push_back(std::move(w));
    }

    void zones(const YAML::Node& pod, K8sWorkload& w)
    {
        const YAML::Node selector = mapAt(pod, "nodeSelector", "nodeSelector");
        if (selector)
            for (const auto& kv : selector)
                if (isZoneKey(kv.first.Scalar()))
                    w.zones = {text(kv.second, "nodeSelector zone")};
        if (const YAML::Node spread = pod["topologySpreadConstraints"]; spread && spread.IsSequence())
            for (const YAML::Node& c : spread)
                if (c.IsMap() && c["topologyKey"] && c["topologyKey"].IsScalar() && isZoneKey(c["topologyKey"].Scalar()))
                    w.spreadOverZones = true;
        const YAML::Node affinity = mapAt(pod, "affinity", "affinity");
        if (!affinity)
            return;
        // Pods kept apart by zone spread over the zones like a spread constraint.
        if (const YAML::Node anti = affinity["podAntiAffinity"]; anti && anti.IsMap())
            for (const char* key : {"requiredDuringSchedulingIgnoredDuringExecution",
                                    "preferredDuringSchedulingIgnoredDuringExecution"})
                if (const YAML::Node terms = anti[key]; terms && terms.IsSequence())
                    for (const YAML::Node& t : terms) {
                        const YAML::Node term = t["podAffinityTerm"] ? t["podAffinityTerm"] : t;
                        if (term.IsMap() && term["topologyKey"] && term["topologyKey"].IsScalar() &&
                            isZoneKey(term["topologyKey"].Scalar()))
                            w.spreadOverZones = true;
                    }
        // Node affinity to zones: the zones the pods may run in.
        const YAML::Node node = affinity["nodeAffinity"];
        if (!node || !node.IsMap())
            return;
        const YAML::Node required = node["requiredDuringSchedulingIgnoredDuringExecution"];
        if (!required || !required.IsMap() || !required["nodeSelectorTerms"] || !required["nodeSelectorTerms"].IsSequence())
            return;
        for (const YAML::Node& term : required["nodeSelectorTerms"]) {
            const YAML::Node exprs = term["matchExpressions"];
            if (!exprs || !exprs.IsSequence())
                continue;
            for (const YAML::Node& e : exprs)
                if (e.IsMap() && e["key"] && e["key"].IsScalar() && isZoneKey(e["key"].Scalar()) && e["operator"] &&
                    e["operator"].IsScalar() && e["operator"].Scalar() == "In" && e["values"] && e["values"].IsSequence()) {
                    w.zones.clear();
                    for (const YAML::Node& v : e["values"])
                        w.zones.push_back(text(v, "a zone"));
                }
        }
    }

    void service(const YAML::Node& doc)
    {
        K8sService s;
        s.name = name(doc, "Service");
        s.place = place(doc);
        const YAML::Node spec = mapAt(doc, "spec", "spec");
        if (spec) {
            if (spec["type"])
                s.type = text(spec["type"], "spec.type");
            s.selector = labels(spec["selector"]);
        }
        m_out.services.push_back(std::move(s));
    }

    models::HpaRules rules(const YAML::Node& n, const std::string& where)
    {
        models::HpaRules r;
        if (!n || n.IsNull())
            return r;
        if (!n.IsMap())
            throw ManifestError{n.Mark(), where + " must be a map", {}};
        if (const auto window = integer(n, "stabilizationWindowSeconds", where + ".stabilizationWindowSeconds", 0)) {
            if (*window > 3600)
                throw ManifestError{n["stabilizationWindowSeconds"].Mark(),
                                    where + ".stabilizationWindowSeconds must be <= 3600 (got " +
                                        std::to_string(*window) + ")",
                                    {}};
            r.stabilization = double(*window);
        }
        if (const YAML::Node select = n["selectPolicy"]) {
            const std::string s = text(select, where + ".selectPolicy");
            if (s == "Max")
                r.select = models::HpaSelect::Max;
            else if (s == "Min")
                r.select = models::HpaSelect::Min;
            else if (s == "Disabled")
                r.select = models::HpaSelect::Disabled;
            else
                throw ManifestError{select.Mark(), where + ".selectPolicy: unknown '" + s + "'; known: Max, Min, Disabled",
                                    {}};
        }
        if (const YAML::Node policies = n["policies"]; policies && !policies.IsNull()) {
            if (!policies.IsSequence())
                throw ManifestError{policies.Mark(), where + ".policies must be a list", {}};
            for (const YAML::Node& p : policies) {
                if (!p.IsMap() || !p["type"])
                    throw ManifestError{p.Mark(), where + ".policies: a policy needs type, value and periodSeconds",
                                        "e.g. {type: Pods, value: 4, periodSeconds: 60}"};
                const std::string type = text(p["type"], "a policy's type");
                const auto value = integer(p, "value", where + " policy value", 1);
                const auto period = integer(p, "periodSeconds", where + " policy periodSeconds", 1);
                if (!value || !period)
                    throw ManifestError{p.Mark(), where + ".policies: a policy needs type, value and periodSeconds",
                                        "e.g. {type: Pods, value: 4, periodSeconds: 60}"};
                if (*period > 1800)
                    throw ManifestError{p["periodSeconds"].Mark(),
                                        where + " policy periodSeconds must be <= 1800 (got " + std::to_string(*period) + ")",
                                        {}};
                models::HpaPolicy policy;
                policy.period = double(*period);
                if (type == "Pods")
                    policy.pods = *value;
                else if (type == "Percent")
                    policy.percent = double(*value);
                else
                    throw ManifestError{p["type"].Mark(), where + " policy type: unknown '" + type + "'; known: Pods, Percent",
                                        {}};
                r.policies.push_back(policy);
            }
        }
        return r;
    }

    void hpa(const YAML::Node& doc)
    {
        K8sHpa h;
        h.name = name(doc, "HorizontalPodAutoscaler");
        h.place = place(doc);
        const YAML::Node spec = mapAt(doc, "spec", "spec");
        if (!spec)
            throw ManifestError{doc.Mark(), "spec is required", "scaleTargetRef, minReplicas, maxReplicas, metrics"};
        const YAML::Node ref = mapAt(spec, "scaleTargetRef", "spec.scaleTargetRef");
        if (!ref || !ref["name"])
            throw ManifestError{spec.Mark(), "spec.scaleTargetRef.name is required", "the Deployment it scales"};
        h.target = text(ref["name"], "spec.scaleTargetRef.name");
        if (ref["kind"])
            h.targetKind = text(ref["kind"], "spec.scaleTargetRef.kind");
        h.minReplicas = integer(spec, "minReplicas", "spec.minReplicas", 1).value_or(1);
        const auto max = integer(spec, "maxReplicas", "spec.maxReplicas", 1);
        if (!max)
            throw ManifestError{spec.Mark(), "spec.maxReplicas is required", "the most pods it may run"};
        h.maxReplicas = *max;
        if (h.maxReplicas < h.minReplicas)
            throw ManifestError{spec["maxReplicas"].Mark(),
                                "spec.maxReplicas (" + std::to_string(h.maxReplicas) + ") must be >= minReplicas (" +
                                    std::to_string(h.minReplicas) + ")",
                                {}};
        // autoscaling/v1: one CPU target.
        if (const auto v1 = integer(spec, "targetCPUUtilizationPercentage", "spec.targetCPUUtilizationPercentage", 1))
            h.cpuUtilization = *v1 / 100.0;
        const YAML::Node metrics = spec["metrics"];
        if (metrics && !metrics.IsNull()) {
            if (!metrics.IsSequence())
                throw ManifestError{metrics.Mark(), "spec.metrics must be a list", {}};
            for (const YAML::Node& m : metrics)
                metric(m, h);
        } else if (!h.cpuUtilization) {
            h.cpuUtilization = 0.8; // Kubernetes' default metric: 80 % average CPU utilization
        }
        const YAML::Node behavior = mapAt(spec, "behavior", "spec.behavior");
        if (behavior) {
            h.scaleUp = rules(behavior["scaleUp"], "behavior.scaleUp");
            h.scaleDown = rules(behavior["scaleDown"], "behavior.scaleDown");
        }
        m_out.hpas.push_back(std::move(h));
    }

    void metric(const YAML::Node& m, K8sHpa& h)
    {
        if (!m.IsMap() || !m["type"])
            throw ManifestError{m.Mark(), "a metric needs a type", "e.g. {type: Resource, resource: {name: cpu, ...}}"};
        const std::string type = text(m["type"], "a metric's type");
        const YAML::Node resource = m["resource"];
        const std::string resourceName =
            resource && resource.IsMap() && resource["name"] && resource["name"].IsScalar() ? resource["name"].Scalar() : "";
        if (type == "Resource" && resourceName == "cpu") {
            const YAML::Node target = resource["target"];
            if (!target || !target.IsMap())
                throw ManifestError{resource.Mark(), "the cpu metric needs a target",
                                    "e.g. target: {type: Utilization, averageUtilization: 60}"};
            if (const auto u = integer(target, "averageUtilization", "averageUtilization", 1)) {
                h.cpuUtilization = *u / 100.0;
            } else if (const YAML::Node v = target["averageValue"]) {
                const auto cores = parseCpuQuantity(v.IsScalar() ? v.Scalar() : "");
                if (!cores || *cores <= 0.0)
                    throw ManifestError{v.Mark(), "averageValue is not a CPU quantity", "e.g. 500m"};
                h.cpuAverage = *cores;
            } else {
                throw ManifestError{target.Mark(), "the cpu target needs averageUtilization or averageValue", {}};
            }
            return;
        }
        std::string what = type;
        if (!resourceName.empty())
            what += " " + resourceName;
        for (const char* key : {"pods", "object", "external", "containerResource"})
            if (const YAML::Node x = m[key]; x && x.IsMap() && x["metric"] && x["metric"]["name"] &&
                                               x["metric"]["name"].IsScalar())
                what += " " + x["metric"]["name"].Scalar();
        h.otherMetrics.push_back(what);
        warning(m.Mark(), "HorizontalPodAutoscaler " + h.name + ": metric " + what + " is not modelled: left out",
                "the study tracks CPU");
    }

    std::string m_file;
    K8sManifests& m_out;
};

void readFile(const std::filesystem::path& file, K8sManifests& out)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        out.diagnostics.push_back(Diagnostic::at(file.string(), 0, 0, Diagnostic::Severity::Error, {},
                                                 "cannot be read", "check the path and its permissions"));
        return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    ManifestReader(file.string(), out).read(text.str());
}

} // namespace

bool K8sManifests::hasErrors() const
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
}

std::optional<double> parseCpuQuantity(const std::string& text)
{
    if (text.empty())
        return std::nullopt;
    std::size_t used = 0;
    double v = 0.0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    const std::string suffix = text.substr(used);
    double scale = 1.0;
    if (suffix == "m")
        scale = 1e-3;
    else if (suffix == "u")
        scale = 1e-6;
    else if (suffix == "n")
        scale = 1e-9;
    else if (!suffix.empty())
        return std::nullopt;
    if (!std::isfinite(v) || v < 0.0)
        return std::nullopt;
    return v * scale;
}

void readManifests(const std::string& path, K8sManifests& out)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
        readFile(path, out);
        return;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        const std::string ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json"))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty())
        out.diagnostics.push_back(Diagnostic::at(path, 0, 0, Diagnostic::Severity::Error, {},
                                                 "holds no manifest file", "the directory's .yaml, .yml and .json files are read"));
    for (const fs::path& f : files)
        readFile(f, out);
}

} // namespace scalelab::import
