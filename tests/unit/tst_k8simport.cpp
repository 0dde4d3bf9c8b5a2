// Kubernetes manifests -> capacity (scalelab::import): every field read from
// Deployments, StatefulSets, Services and HorizontalPodAutoscalers checked in
// the reader's output and in the study it makes (new, or merged into one
// imported from traces), through the study file; bad manifests get their
// diagnostics at file:line:column, word for word.
#include "import/k8s.h"
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"

#include <QtTest>

#include <QTemporaryDir>

#include <fstream>

using namespace scalelab;

namespace {

const std::string kDir = SCALELAB_K8S_DIR;

import::K8sManifests read(const std::string& path)
{
    import::K8sManifests m;
    import::readManifests(path, m);
    return m;
}

std::vector<std::string> formatted(const std::vector<scenarios::Diagnostic>& diagnostics)
{
    std::vector<std::string> out;
    for (const auto& d : diagnostics)
        out.push_back(d.format());
    return out;
}

/// The study written and read back, as a user would run it; a study the reader refuses fails the test.
scenarios::Study roundTrip(const scenarios::Study& study)
{
    const auto r = scenarios::parseStudy(scenarios::writeStudy(study), "imported.yaml");
    if (!r.ok())
        qFatal("%s\n%s", r.report().c_str(), scenarios::writeStudy(study).c_str());
    return *r.study;
}

const scenarios::Component& component(const scenarios::Study& s, const std::string& name)
{
    const scenarios::Component* c = s.variants.front().find(name);
    if (!c)
        qFatal("no component %s", name.c_str());
    return *c;
}

/// A study as `import traces` makes them: lb, two services and a database
/// named as the traces name them, in two declared zones.
scenarios::Study traced()
{
    const auto r = scenarios::parseStudy(R"(name: traced
operations: {browse: {share: 1}}
workload: {rate: [{at: 0s, rps: 50}]}
network: {zones: {eu-1a: {region: eu}, eu-1b: {region: eu}}}
variants:
  traced:
    components:
      lb: {kind: load_balancer}
      frontend: {kind: service, cores: 2, threads: 64}
      orders: {kind: service, cores: 2, threads: 64, autoscale: {target_cpu: 50%, max: 4, scale_out_cooldown: 30s}}
      db: {kind: sql_database, cores: 2}
    routes: {browse: [lb, {frontend: {cpu: 5ms}}, {orders: {cpu: 8ms}}, {db: {read: 2ms}}]}
)",
                                         "traced.yaml");
    if (!r.ok())
        qFatal("%s", r.report().c_str());
    return *r.study;
}

} // namespace

class TestK8sImport : public QObject
{
    Q_OBJECT

private slots:
    void cpuQuantities()
    {
        QCOMPARE(*import::parseCpuQuantity("500m"), 0.5);
        QCOMPARE(*import::parseCpuQuantity("2"), 2.0);
        QCOMPARE(*import::parseCpuQuantity("0.25"), 0.25);
        QCOMPARE(*import::parseCpuQuantity("250000u"), 0.25);
        QVERIFY(!import::parseCpuQuantity("lots"));
        QVERIFY(!import::parseCpuQuantity("2Gi"));
        QVERIFY(!import::parseCpuQuantity(""));
    }

    void readsEveryField()
    {
        const import::K8sManifests m = read(kDir + "/shop");
        QVERIFY(!m.hasErrors());
        // frontend.yaml 3, hpa.yaml 1, orders.yaml 2, postgres.yaml a List of 3; README.txt is not read.
        QCOMPARE(m.documents, std::size_t(9));
        QCOMPARE(m.skipped, (std::map<std::string, int>{{"ConfigMap", 1}, {"Ingress", 1}}));
        const std::vector<std::string> warnings{
            kDir + "/shop/frontend.yaml:54:7: warning: kind ConfigMap is not read: left out (import k8s reads "
                   "Deployment, StatefulSet, Service and HorizontalPodAutoscaler)",
            kDir + "/shop/hpa.yaml:17:7: warning: HorizontalPodAutoscaler frontend-hpa: metric Resource memory is not "
                   "modelled: left out (the study tracks CPU)",
            kDir + "/shop/postgres.yaml:28:11: warning: kind Ingress is not read: left out (import k8s reads "
                   "Deployment, StatefulSet, Service and HorizontalPodAutoscaler)"};
        QCOMPARE(formatted(m.diagnostics), warnings);

        QCOMPARE(m.workloads.size(), std::size_t(3));
        const import::K8sWorkload& web = m.workloads[0];
        QCOMPARE(web.name, std::string("frontend"));
        QCOMPARE(web.kind, std::string("Deployment"));
        QCOMPARE(web.replicas, 3);
        QCOMPARE(*web.cpuRequest, 0.5); // 250m + "0.25"
        QCOMPARE(*web.cpuLimit, 1.0);   // 500m + "0.5"
        QVERIFY(web.spreadOverZones);
        QCOMPARE(web.zones, (std::vector<std::string>{"eu-1a", "eu-1b", "eu-1c"}));
        QCOMPARE(web.labels, (std::map<std::string, std::string>{{"app", "frontend"}, {"tier", "web"}}));
        QVERIFY(!web.readinessDelay);
        QCOMPARE(web.place.line, 3);

        const import::K8sWorkload& orders = m.workloads[1];
        QCOMPARE(orders.name, std::string("orders-v2"));
        QCOMPARE(orders.replicas, 2);
        QCOMPARE(*orders.cpuRequest, 1.5);
        QCOMPARE(*orders.cpuLimit, 1.5);
        QVERIFY(!orders.spreadOverZones);
        QCOMPARE(orders.zones, std::vector<std::string>{"eu-1b"});
        QCOMPARE(*orders.readinessDelay, 20.0);

        const import::K8sWorkload& pg = m.workloads[2];
        QCOMPARE(pg.name, std::string("postgres"));
        QCOMPARE(pg.kind, std::string("StatefulSet"));
        QCOMPARE(pg.replicas, 1);
        QCOMPARE(*pg.cpuRequest, 4.0);
        QVERIFY(!pg.cpuLimit);

        QCOMPARE(m.services.size(), std::size_t(2));
        QCOMPARE(m.services[0].name, std::string("frontend"));
        QCOMPARE(m.services[0].type, std::string("LoadBalancer"));
        QCOMPARE(m.services[0].selector, (std::map<std::string, std::string>{{"app", "frontend"}}));
        QCOMPARE(m.services[1].name, std::string("db"));
        QCOMPARE(m.services[1].type, std::string("ClusterIP"));

        QCOMPARE(m.hpas.size(), std::size_t(2));
        const import::K8sHpa& h = m.hpas[0];
        QCOMPARE(h.name, std::string("frontend-hpa"));
        QCOMPARE(h.target, std::string("frontend"));
        QCOMPARE(h.targetKind, std::string("Deployment"));
        QCOMPARE(h.minReplicas, 2);
        QCOMPARE(h.maxReplicas, 12);
        QCOMPARE(*h.cpuUtilization, 0.6);
        QVERIFY(!h.cpuAverage);
        QCOMPARE(h.otherMetrics, std::vector<std::string>{"Resource memory"});
        QCOMPARE(*h.scaleUp.stabilization, 30.0);
        QCOMPARE(h.scaleUp.policies.size(), std::size_t(2));
        QCOMPARE(*h.scaleUp.policies[0].pods, 2);
        QVERIFY(!h.scaleUp.policies[0].percent);
        QCOMPARE(h.scaleUp.policies[0].period, 60.0);
        QCOMPARE(*h.scaleUp.policies[1].percent, 50.0);
        QCOMPARE(h.scaleUp.policies[1].period, 30.0);
        QCOMPARE(h.scaleUp.select, models::HpaSelect::Min);
        QCOMPARE(*h.scaleDown.stabilization, 600.0);
        QCOMPARE(h.scaleDown.policies.size(), std::size_t(1));
        QCOMPARE(*h.scaleDown.policies[0].pods, 1);
        QCOMPARE(h.scaleDown.policies[0].period, 120.0);
        QCOMPARE(h.scaleDown.select, models::HpaSelect::Max);

        const import::K8sHpa& v1 = m.hpas[1]; // autoscaling/v1, no behavior
        QCOMPARE(v1.target, std::string("orders-v2"));
        QCOMPARE(v1.minReplicas, 2);
        QCOMPARE(v1.maxReplicas, 6);
        QCOMPARE(*v1.cpuUtilization, 0.7);
        QVERIFY(!v1.scaleUp.stabilization);
        QVERIFY(v1.scaleUp.policies.empty());
        QVERIFY(!v1.scaleDown.stabilization);
    }

    void newStudyFromManifests()
    {
        const import::K8sManifests m = read(kDir + "/shop");
        scenarios::Study made;
        import::K8sImportResult result;
        QVERIFY(import::applyManifests(m, made, false, {}, result, nullptr));
        const scenarios::Study s = roundTrip(made);
        QCOMPARE(s.variants.size(), std::size_t(1));
        QCOMPARE(s.variants.front().name, std::string("cluster"));
        QCOMPARE(s.variants.front().components.size(), std::size_t(3));

        const scenarios::Component& web = component(s, "frontend");
        QCOMPARE(web.kind, scenarios::ComponentKind::Service);
        QCOMPARE(web.instances, 3);
        QCOMPARE(web.cores, 1); // the limit, 1 core
        QCOMPARE(web.speed, 1.0);
        QCOMPARE(web.zones, (std::vector<std::string>{"eu-1a", "eu-1b", "eu-1c"}));
        QVERIFY(web.autoscale);
        const models::AutoscaleConfig& a = *web.autoscale;
        QCOMPARE(a.controller, models::AutoscaleController::Hpa);
        QCOMPARE(*a.targetCpu, 0.3); // 60 % of the 0.5-core request, on 1 core
        QCOMPARE(a.min, 2);
        QCOMPARE(a.max, 12);
        QCOMPARE(a.provision, 60.0); // no readiness probe: the default
        QCOMPARE(a.period, 15.0);
        QCOMPARE(a.tolerance, 0.1);
        QCOMPARE(*a.scaleUp.stabilization, 30.0);
        QCOMPARE(a.scaleUp.policies.size(), std::size_t(2));
        QCOMPARE(*a.scaleUp.policies[0].pods, 2);
        QCOMPARE(a.scaleUp.policies[0].period, 60.0);
        QCOMPARE(*a.scaleUp.policies[1].percent, 50.0);
        QCOMPARE(a.scaleUp.policies[1].period, 30.0);
        QCOMPARE(a.scaleUp.select, models::HpaSelect::Min);
        QCOMPARE(*a.scaleDown.stabilization, 600.0);
        QCOMPARE(*a.scaleDown.policies[0].pods, 1);
        QCOMPARE(a.scaleDown.policies[0].period, 120.0);

        const scenarios::Component& orders = component(s, "orders-v2");
        QCOMPARE(orders.instances, 2);
        QCOMPARE(orders.cores, 2); // 1.5 cores: 2 at speed 0.75
        QCOMPARE(orders.speed, 0.75);
        QCOMPARE(orders.zones, std::vector<std::string>{"eu-1b"});
        QCOMPARE(*orders.autoscale->targetCpu, 0.7);
        QCOMPARE(orders.autoscale->provision, 20.0); // readinessProbe initialDelaySeconds
        QCOMPARE(orders.autoscale->min, 2);
        QCOMPARE(orders.autoscale->max, 6);
        QVERIFY(!orders.autoscale->scaleUp.stabilization); // Kubernetes' defaults
        QVERIFY(orders.autoscale->scaleDown.policies.empty());

        const scenarios::Component& pg = component(s, "postgres");
        QCOMPARE(pg.instances, 1);
        QCOMPARE(pg.cores, 4);
        QVERIFY(!pg.autoscale);

        // Placeholders: one operation for the LoadBalancer Service's workload.
        QCOMPARE(s.operations.size(), std::size_t(1));
        QCOMPARE(s.operations.front().name, std::string("frontend"));
        QCOMPARE(s.variants.front().routes.front().root.target, std::string("frontend"));
        QCOMPARE(s.workload.rate.front().rps, 100.0);
        QVERIFY(s.headerComment.find("Placeholders") != std::string::npos);
        QVERIFY(s.headerComment.find("Left out: 1 ConfigMap; 1 Ingress") != std::string::npos);
    }

    void mergesIntoATracedStudy()
    {
        const import::K8sManifests m = read(kDir + "/shop");
        scenarios::Study s = traced();
        import::K8sImportResult result;
        QVERIFY(import::applyManifests(m, s, true, {}, result, nullptr));
        s = roundTrip(s);
        QCOMPARE(s.name, std::string("traced"));
        QCOMPARE(s.operations.size(), std::size_t(1)); // the traced traffic stays
        QCOMPARE(s.variants.front().components.size(), std::size_t(4));
        // By name.
        QCOMPARE(component(s, "frontend").instances, 3);
        QCOMPARE(component(s, "frontend").cores, 1);
        QCOMPARE(component(s, "frontend").threads, 64); // what the manifests do not say is kept
        QCOMPARE(*component(s, "frontend").autoscale->targetCpu, 0.3);
        // By the pods' app label: orders-v2 is orders.
        const scenarios::Component& orders = component(s, "orders");
        QCOMPARE(orders.instances, 2);
        QCOMPARE(orders.cores, 2);
        QCOMPARE(orders.speed, 0.75);
        QCOMPARE(orders.autoscale->controller, models::AutoscaleController::Hpa);
        QCOMPARE(orders.autoscale->max, 6);
        QCOMPARE(orders.autoscale->scaleOutCooldown, 60.0); // a cooldown belongs to the other controller
        // By the Service selecting it: postgres is db.
        QCOMPARE(component(s, "db").cores, 4);
        QCOMPARE(component(s, "db").replicas, 0);
        // The zone the study did not declare is added.
        QCOMPARE(s.network.zones.size(), std::size_t(3));
        QCOMPARE(s.network.zones[2].name, std::string("eu-1c"));
        QCOMPARE(s.network.zones[2].region, std::string("eu"));
        QVERIFY(result.unmatched.empty());
        const std::vector<std::string> applied{
            "frontend (Deployment frontend): instances 3, cores 1 (CPU limit 1), zones [eu-1a, eu-1b, eu-1c]; HPA "
            "frontend-hpa: 2..12, target_cpu 30% (60% of the request 0.5), provision 60 s",
            "orders (Deployment orders-v2): instances 2, cores 2 x speed 0.75 (CPU limit 1.5), zones [eu-1b]; HPA "
            "orders: 2..6, target_cpu 70%, provision 20 s",
            "db (StatefulSet postgres): cores 4 (CPU request 4)"};
        QCOMPARE(result.applied, applied);
        QVERIFY(s.headerComment.starts_with("Capacity from 9 Kubernetes manifests"));
    }

    void unmatchedWorkloadsAreListed()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("worker.yaml").toStdString();
        std::ofstream(path) << "kind: Deployment\nmetadata: {name: mailer}\n"
                               "spec: {template: {spec: {containers: [{name: m}]}}}\n";
        scenarios::Study s = traced();
        import::K8sImportResult result;
        QVERIFY(import::applyManifests(read(path), s, true, {}, result, nullptr));
        QCOMPARE(result.unmatched, std::vector<std::string>{"mailer"});
        QCOMPARE(s.variants.front().components.size(), std::size_t(4));
        std::string error;
        import::K8sImportOptions options;
        options.variant = "nope";
        QVERIFY(!import::applyManifests(read(path), s, true, options, result, &error));
        QCOMPARE(error, std::string("unknown variant 'nope'; variants: traced"));
    }

    void truncatedYamlIsAnErrorAtItsPlace()
    {
        const import::K8sManifests m = read(kDir + "/bad/truncated.yaml");
        QVERIFY(m.hasErrors());
        QCOMPARE(formatted(m.diagnostics),
                 std::vector<std::string>{kDir + "/bad/truncated.yaml:10:1: error: not valid YAML: end of sequence "
                                                 "flow not found (a manifest file is YAML documents separated by ---)"});
    }

    void missingAndWrongFields()
    {
        const std::string f = kDir + "/bad/missing.yaml";
        const import::K8sManifests m = read(f);
        const std::vector<std::string> errors{
            f + ":4:3: error: Deployment: metadata.name is required (name the Deployment)",
            f + ":13:3: error: HorizontalPodAutoscaler: spec.maxReplicas is required (the most pods it may run)",
            f + ":21:13: error: Deployment: spec.replicas must be a whole number (got 'three')",
            f + ":36:27: error: Deployment: resources.limits.cpu is not a CPU quantity (got 'lots') (cores, or "
                "millicores with m: 2, 0.5, 500m)",
            f + ":47:25: error: HorizontalPodAutoscaler: behavior.scaleUp policy type: unknown 'Nodes'; known: Pods, "
                "Percent"};
        QCOMPARE(formatted(m.diagnostics), errors);
        QVERIFY(m.workloads.empty());
        QVERIFY(m.hpas.empty());
    }

    void unknownKindsAreCountedNotFatal()
    {
        const std::string f = kDir + "/bad/unknown.yaml";
        const import::K8sManifests m = read(f);
        QVERIFY(!m.hasErrors());
        QCOMPARE(m.skipped, (std::map<std::string, int>{{"CronJob", 1}, {"Secret", 1}}));
        QCOMPARE(m.diagnostics.size(), std::size_t(2));
        QCOMPARE(m.diagnostics[1].format(),
                 f + ":7:7: warning: kind Secret is not read: left out (import k8s reads Deployment, StatefulSet, "
                     "Service and HorizontalPodAutoscaler)");
    }
};

QTEST_GUILESS_MAIN(TestK8sImport)
#include "tst_k8simport.moc"
