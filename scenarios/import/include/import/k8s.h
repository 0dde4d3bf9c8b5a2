#pragma once

#include "models/componentconfig.h"
#include "scenarios/diagnostic.h"
#include "scenarios/study.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scalelab::import {

/// Where a manifest was written.
struct ManifestPlace
{
    std::string file;
    int line = 0; ///< 1-based
    int column = 0;
};

/// A Deployment or StatefulSet, as far as capacity goes.
struct K8sWorkload
{
    std::string name;
    std::string kind;                  ///< "Deployment" or "StatefulSet"
    std::map<std::string, std::string> labels; ///< the pod template's labels
    int replicas = 1;                  ///< spec.replicas (Kubernetes' default 1)
    std::optional<double> cpuRequest;  ///< cores, summed over the pod's containers
    std::optional<double> cpuLimit;    ///< cores, summed; unset when a container has none
    bool spreadOverZones = false;      ///< topologySpreadConstraints or anti-affinity on the zone label
    std::vector<std::string> zones;    ///< zones the pods are pinned to (node selector or affinity), in order
    std::optional<double> readinessDelay; ///< s, the readiness probe's initialDelaySeconds
    ManifestPlace place;
};

/// A Service: the name clients call, and the pods it selects.
struct K8sService
{
    std::string name;
    std::string type = "ClusterIP";
    std::map<std::string, std::string> selector;
    ManifestPlace place;
};

/// A HorizontalPodAutoscaler (autoscaling/v2, or v1's CPU target).
struct K8sHpa
{
    std::string name;
    std::string target;                  ///< scaleTargetRef.name
    std::string targetKind;              ///< scaleTargetRef.kind
    int minReplicas = 1;
    int maxReplicas = 1;
    std::optional<double> cpuUtilization; ///< averageUtilization / 100 (of the CPU request)
    std::optional<double> cpuAverage;     ///< cores per pod (averageValue)
    std::vector<std::string> otherMetrics; ///< metrics the study cannot track ("memory", "pods http_requests")
    models::HpaRules scaleUp, scaleDown;  ///< behavior, unset parts left to the defaults
    ManifestPlace place;
};

/// What a set of manifest files holds.
struct K8sManifests
{
    std::vector<K8sWorkload> workloads;
    std::vector<K8sService> services;
    std::vector<K8sHpa> hpas;
    std::size_t documents = 0;              ///< manifests read (a List's items each count)
    std::map<std::string, int> skipped;     ///< kind -> manifests of that kind not read
    std::vector<scenarios::Diagnostic> diagnostics; ///< errors and warnings, with file:line:column

    bool hasErrors() const;
};

/// Reads every manifest of a YAML file (documents separated by ---, and the
/// items of a `kind: List`), or of every .yaml / .yml / .json file of a
/// directory (sorted by name). Kinds other than Deployment, StatefulSet,
/// Service and HorizontalPodAutoscaler are counted as skipped with a warning
/// at their line; YAML that does not parse and required fields that are
/// missing are errors at their line and column. Never throws.
void readManifests(const std::string& path, K8sManifests& out);

/// What applying manifests to a study did, for the CLI and the header comment.
struct K8sImportResult
{
    std::vector<std::string> applied;   ///< one line per component: what was set from what
    std::vector<std::string> notes;     ///< simplifications and defaults, once each
    std::vector<std::string> unmatched; ///< workloads no component of the study matches
};

/// Options of the merge.
struct K8sImportOptions
{
    std::string name = "imported from Kubernetes manifests"; ///< a new study's name
    std::string variant;  ///< with a study to merge into: its variant to change (empty: the first)
};

/// Sets the capacity the manifests describe in `study`. With `merge`, the
/// components of the study's variant are matched by name: the workload's
/// name, its pods' app label (app, app.kubernetes.io/name), or a Service
/// selecting it; others are listed as unmatched. Without, `study` is made
/// anew: one service component per workload and, as placeholders the
/// manifests cannot give, one operation per entry Service (type
/// LoadBalancer or NodePort; every workload when there is none) of 10 ms
/// CPU at 100 requests/s in all. Each component gets instances (replicas),
/// cores and speed (CPU limit, else request), zones, and from its HPA an
/// `autoscale: {controller: hpa, ...}` with the CPU target converted to a
/// share of the modelled cores. Returns false with `error` set when the
/// variant is unknown.
bool applyManifests(const K8sManifests& manifests, scenarios::Study& study, bool merge,
                    const K8sImportOptions& options, K8sImportResult& result, std::string* error);

/// Cores as Kubernetes writes a CPU quantity ("500m", "2", "0.25"); nullopt when it is not one.
std::optional<double> parseCpuQuantity(const std::string& text);

} // namespace scalelab::import
