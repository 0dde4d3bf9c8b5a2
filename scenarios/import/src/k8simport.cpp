// The capacity Kubernetes manifests describe, set on a study's components.
#include "import/k8s.h"
#include "models/kinds/kind.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace scalelab::import {

namespace {

using scenarios::ComponentKind;

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

std::string percent(double share)
{
    return number(std::round(share * 1e4) / 1e2) + "%";
}

/// `v` to `per` parts of one (10000: 4 decimals), exactly as written.
double rounded(double v, double per) { return std::round(v * per) / per; }

bool selects(const K8sService& s, const K8sWorkload& w)
{
    if (s.selector.empty())
        return false;
    for (const auto& [key, value] : s.selector) {
        const auto it = w.labels.find(key);
        if (it == w.labels.end() || it->second != value)
            return false;
    }
    return true;
}

/// The names a component of the study may go by for this workload, best first.
std::vector<std::string> namesOf(const K8sWorkload& w, const std::vector<K8sService>& services)
{
    std::vector<std::string> names{w.name};
    for (const char* label : {"app", "app.kubernetes.io/name"})
        if (const auto it = w.labels.find(label); it != w.labels.end())
            names.push_back(it->second);
    for (const K8sService& s : services)
        if (selects(s, w))
            names.push_back(s.name);
    return names;
}

bool scales(const K8sHpa& h, const K8sWorkload& w)
{
    return h.target == w.name && (h.targetKind.empty() || h.targetKind == w.kind);
}

const K8sHpa* hpaOf(const K8sWorkload& w, const std::vector<K8sHpa>& hpas)
{
    for (const K8sHpa& h : hpas)
        if (scales(h, w))
            return &h;
    return nullptr;
}

/// The pod's cores as the model's machine: whole cores, the fraction as their speed.
struct Cores
{
    int cores = 0;
    double speed = 1.0;
    double capacity = 0.0;
};

std::optional<Cores> coresOf(const K8sWorkload& w)
{
    const std::optional<double> capacity = w.cpuLimit ? w.cpuLimit : w.cpuRequest;
    if (!capacity || *capacity <= 0.0)
        return std::nullopt;
    Cores c;
    c.capacity = *capacity;
    c.cores = std::max(1, int(std::ceil(*capacity - 1e-9)));
    c.speed = rounded(*capacity / double(c.cores), 1e4);
    return c;
}

class Merger
{
public:
    Merger(const K8sManifests& m, scenarios::Study& study, K8sImportResult& result)
        : m_in(m), m_study(study), m_result(result)
    {
    }

    void note(const std::string& text)
    {
        if (std::find(m_result.notes.begin(), m_result.notes.end(), text) == m_result.notes.end())
            m_result.notes.push_back(text);
    }

    void apply(const K8sWorkload& w, scenarios::Component& c)
    {
        std::string what;
        const bool service = c.kind == ComponentKind::Service;
        if (service) {
            c.instances = std::max(1, w.replicas);
            what += ", instances " + std::to_string(c.instances);
            if (w.replicas == 0)
                note("a workload scaled to 0 replicas keeps 1 instance (a component serves with at least one)");
        } else if (w.replicas != 1) {
            note("the replicas of a workload matched to a " + std::string(scenarios::kindName(c.kind)) +
                 " are not read: its replicas are the component's own field");
        }
        if (const auto cores = coresOf(w)) {
            c.cores = cores->cores;
            c.speed = cores->speed;
            what += ", cores " + std::to_string(c.cores);
            if (c.speed != 1.0)
                what += " x speed " + number(c.speed);
            what += std::string(" (CPU ") + (w.cpuLimit ? "limit " : "request ") + number(cores->capacity) + ")";
            if (!w.cpuLimit)
                note("no CPU limit: the request is taken as the pod's cores (a pod may use idle cores beyond it)");
            if (c.speed != 1.0)
                note("a CPU limit that is not a whole number of cores is whole cores at a lower speed: capacity "
                     "as the CFS quota caps it, but each request is that much slower");
        } else {
            note("a workload without CPU requests or limits keeps the component's cores");
        }
        zones(w, c, what);
        if (const K8sHpa* h = hpaOf(w, m_in.hpas)) {
            if (service)
                autoscale(w, *h, c, what);
            else
                note("a HorizontalPodAutoscaler of a workload matched to a " +
                     std::string(scenarios::kindName(c.kind)) + " is not read");
        }
        m_result.applied.push_back(c.name + " (" + w.kind + " " + w.name + "):" +
                                   (what.empty() ? std::string(" nothing") : what.substr(1)));
    }

private:
    void zones(const K8sWorkload& w, scenarios::Component& c, std::string& what)
    {
        std::vector<std::string> zones = w.zones;
        if (zones.empty() && w.spreadOverZones) {
            for (const auto& z : m_study.network.zones)
                zones.push_back(z.name);
            if (zones.empty())
                note("pods spread over zones, but neither the manifests nor the study name the zones: set zones "
                     "(network.zones and the component's)");
        }
        if (zones.empty())
            return;
        c.zones = zones;
        what += ", zones [";
        for (std::size_t i = 0; i < zones.size(); ++i)
            what += (i ? ", " : "") + zones[i];
        what += "]";
        if (m_study.network.zones.empty())
            return;
        for (const std::string& z : zones)
            if (std::none_of(m_study.network.zones.begin(), m_study.network.zones.end(),
                             [&](const scenarios::Zone& d) { return d.name == z; })) {
                // In the region of the zones declared first: a cluster's zones share one.
                scenarios::Zone added;
                added.name = z;
                added.region = m_study.network.zones.front().region;
                m_study.network.zones.push_back(added);
                note("zone " + z + " added to network.zones (region " + added.region + ")");
            }
    }

    void autoscale(const K8sWorkload& w, const K8sHpa& h, scenarios::Component& c, std::string& what)
    {
        const auto cores = coresOf(w);
        std::optional<double> target;
        if (h.cpuUtilization) {
            if (!w.cpuRequest) {
                note("HorizontalPodAutoscaler " + h.name +
                     ": CPU utilization of pods without a CPU request cannot be computed (Kubernetes neither): "
                     "no autoscale");
                return;
            }
            target = *h.cpuUtilization * *w.cpuRequest / cores->capacity;
        } else if (h.cpuAverage) {
            if (!cores) {
                note("HorizontalPodAutoscaler " + h.name + ": a CPU target for pods of unknown cores: no autoscale");
                return;
            }
            target = *h.cpuAverage / cores->capacity;
        } else {
            note("HorizontalPodAutoscaler " + h.name + " tracks no CPU metric: no autoscale");
            return;
        }
        target = rounded(*target, 1e4);
        if (*target > 1.0) {
            note("HorizontalPodAutoscaler " + h.name + ": a CPU target above the pod's cores never scales up: 100%");
            target = 1.0;
        }
        models::AutoscaleConfig a = c.autoscale.value_or(models::AutoscaleConfig{});
        a.controller = models::AutoscaleController::Hpa;
        a.targetCpu = target;
        a.targetQueue.reset();
        a.min = h.minReplicas;
        a.max = h.maxReplicas;
        a.scaleOutCooldown = models::AutoscaleConfig{}.scaleOutCooldown;
        a.scaleInCooldown = models::AutoscaleConfig{}.scaleInCooldown;
        a.scaleUp = h.scaleUp;
        a.scaleDown = h.scaleDown;
        if (w.readinessDelay && *w.readinessDelay > 0.0) {
            a.provision = *w.readinessDelay;
        } else {
            note("pod start-up: the manifests do not say (no readinessProbe initialDelaySeconds): provision " +
                 number(a.provision) + " s");
        }
        c.autoscale = a;
        // The keys reset to their defaults are no longer the study's own: the writer would keep them.
        for (const char* key : {"autoscale.target_queue", "autoscale.scale_out_cooldown", "autoscale.scale_in_cooldown"})
            c.keyMarks.erase(key);
        if (c.instances < a.min || c.instances > a.max) {
            const int clamped = std::clamp(c.instances, a.min, a.max);
            note(c.name + ": " + std::to_string(c.instances) + " replicas outside the HPA's [" +
                 std::to_string(a.min) + ", " + std::to_string(a.max) + "]: " + std::to_string(clamped) +
                 " instances, as its first sync would set");
            c.instances = clamped;
        }
        what += "; HPA " + h.name + ": " + std::to_string(a.min) + ".." + std::to_string(a.max) + ", target_cpu " +
                percent(*a.targetCpu);
        if (h.cpuUtilization && std::fabs(*a.targetCpu - *h.cpuUtilization) > 1e-9)
            what += " (" + percent(*h.cpuUtilization) + " of the request " + number(*w.cpuRequest) + ")";
        what += ", provision " + number(a.provision) + " s";
        for (const std::string& m : h.otherMetrics)
            note("HorizontalPodAutoscaler " + h.name + ": metric " + m + " left out (the study tracks CPU)");
    }

    const K8sManifests& m_in;
    scenarios::Study& m_study;
    K8sImportResult& m_result;
};

} // namespace

bool applyManifests(const K8sManifests& manifests, scenarios::Study& study, bool merge,
                    const K8sImportOptions& options, K8sImportResult& result, std::string* error)
{
    scenarios::Variant* variant = nullptr;
    if (merge) {
        for (auto& v : study.variants)
            if (options.variant.empty() || v.name == options.variant) {
                variant = &v;
                break;
            }
        if (!variant) {
            std::vector<std::string> names;
            for (const auto& v : study.variants)
                names.push_back(v.name);
            if (error)
                *error = options.variant.empty() ? "the study has no variant"
                                                 : "unknown variant '" + options.variant +
                                                       "'; variants: " + scenarios::joinChoices(names);
            return false;
        }
    } else {
        study = scenarios::Study{};
        study.name = options.name;
        study.variants.emplace_back();
        variant = &study.variants.back();
        variant->name = "cluster";
        variant->description = "from Kubernetes manifests";
    }
    Merger merger(manifests, study, result);
    for (const K8sWorkload& w : manifests.workloads) {
        scenarios::Component* target = nullptr;
        if (merge) {
            for (const std::string& name : namesOf(w, manifests.services)) {
                for (auto& c : variant->components)
                    if (c.name == name && models::kindOf(c.kind).hasMachines()) {
                        target = &c;
                        break;
                    }
                if (target)
                    break;
            }
            if (!target) {
                result.unmatched.push_back(w.name);
                continue;
            }
        } else {
            scenarios::Component c;
            c.name = w.name;
            c.kind = ComponentKind::Service;
            variant->components.push_back(c);
            target = &variant->components.back();
        }
        merger.apply(w, *target);
    }
    for (const K8sHpa& h : manifests.hpas)
        if (std::none_of(manifests.workloads.begin(), manifests.workloads.end(),
                         [&](const K8sWorkload& w) { return scales(h, w); }))
            merger.note("HorizontalPodAutoscaler " + h.name + " scales " + h.target +
                        ", which the manifests do not hold: left out");

    std::string head = "Capacity from " + std::to_string(manifests.documents) +
                       " Kubernetes manifests by scalelab-cli import k8s:\n";
    if (!merge) {
        // What the manifests cannot say: the traffic and the work per request.
        std::vector<const K8sWorkload*> entries;
        for (const K8sService& s : manifests.services)
            if (s.type == "LoadBalancer" || s.type == "NodePort")
                for (const K8sWorkload& w : manifests.workloads)
                    if (selects(s, w) && std::find(entries.begin(), entries.end(), &w) == entries.end())
                        entries.push_back(&w);
        if (entries.empty())
            for (const K8sWorkload& w : manifests.workloads)
                entries.push_back(&w);
        for (const K8sWorkload* w : entries) {
            scenarios::Operation op;
            op.name = w->name;
            study.operations.push_back(op);
            scenarios::Route route;
            route.operation = w->name;
            route.root.target = w->name;
            route.root.cpu = sim::Distribution::constant(0.010);
            variant->routes.push_back(route);
        }
        scenarios::RatePoint rate;
        rate.rps = 100.0;
        study.workload.rate.push_back(rate);
        head += "Placeholders (manifests say nothing of traffic or work): one operation per entry workload (a "
                "LoadBalancer or NodePort Service's; all when none), 10 ms of CPU each, 100 requests/s in all.\n";
    }
    for (const std::string& line : result.applied)
        head += "  " + line + "\n";
    for (const std::string& n : result.notes)
        head += "Note: " + n + "\n";
    if (!result.unmatched.empty()) {
        head += "Not in the study:";
        for (const std::string& u : result.unmatched)
            head += " " + u;
        head += "\n";
    }
    if (!manifests.skipped.empty()) {
        head += "Left out:";
        for (const auto& [kind, count] : manifests.skipped)
            head += " " + std::to_string(count) + " " + kind + ";";
        head.back() = '\n';
    }
    while (!head.empty() && head.back() == '\n')
        head.pop_back();
    study.headerComment = study.headerComment.empty() ? head : study.headerComment + "\n" + head;
    return true;
}

} // namespace scalelab::import
