// Fault parity (scenarios/parity.h): what a fault on a role hits in each
// variant, against shares computed by hand from the instance counts, cores
// and speeds of the study below.
#include "scenarios/parity.h"
#include "scenarios/studyreader.h"

#include <QtTest>

using namespace scalelab::scenarios;

namespace {

// monolith: app 4 x 4 cores (capacity 16), db primary + 3 replicas.
// microservices: catalog 2 x 2 cores (4); search 2 x 4 cores (8) and api
// 2 x 2 cores at speed 2 (8) both play `browse`; orders_db primary + 1 replica.
const char* kStudy = R"(
operations: {browse: {share: 1}}
workload: {rate: [{at: 0s, rps: 10}]}
network: {zones: {a: {}, b: {}}}
roles: {storefront: pages, browse: search, orders-db: orders}
parity_tolerance: 10%
faults:
  - {at: 10s, kill: storefront, instances: 1}
  - {at: 20s, kill: storefront, instances: 25%}
  - {at: 30s, kill: storefront, instances: 50%}
  - {at: 40s, failover: orders-db}
  - {at: 50s, kill: browse, instances: 1, only: [microservices]}
  - {at: 60s, zone_outage: a, for: 10s}
  - {at: 70s, slow: storefront, factor: 2, for: 10s}
  - {at: 80s, network: [storefront, orders-db], latency: 10ms, for: 10s}
variants:
  monolith:
    roles: {storefront: [app], browse: [app], orders-db: db}
    components:
      app: {kind: service, instances: 4, cores: 4, zones: [a, b]}
      db: {kind: sql_database, replicas: 3, cores: 8}
    routes: {browse: [app, db]}
  microservices:
    roles: {storefront: [catalog], browse: [search, api], orders-db: [orders_db]}
    components:
      catalog: {kind: service, instances: 2, cores: 2, zones: [b]}
      search: {kind: service, instances: 2, cores: 4, zones: [a, b]}
      api: {kind: service, instances: 2, cores: 2, speed: 2, zones: [b]}
      orders_db: {kind: sql_database, replicas: 1, cores: 4, zones: [a]}
    routes: {browse: [catalog, search, api, orders_db]}
)";

} // namespace

class TestParity : public QObject
{
    Q_OBJECT

private:
    Study m_study;

    const FaultReach& reach(const std::vector<FaultParity>& p, std::size_t fault, std::size_t variant)
    {
        return p.at(fault).variants.at(variant);
    }

private slots:
    void initTestCase()
    {
        const LoadResult r = parseStudy(kStudy, "parity.yaml");
        QVERIFY2(r.study, r.report().c_str());
        m_study = *r.study;
    }

    void killShares()
    {
        const auto p = faultParity(m_study);
        QCOMPARE(p.size(), std::size_t(8));
        // 1 of 4 app instances is 25% of storefront; 1 of 2 catalog instances 50%.
        QCOMPARE(reach(p, 0, 0).components, std::vector<std::string>{"app"});
        QCOMPARE(reach(p, 0, 0).hit, 1);
        QCOMPARE(reach(p, 0, 0).instances, 4);
        QCOMPARE(*reach(p, 0, 0).share, 0.25);
        QCOMPARE(*reach(p, 0, 1).share, 0.5);
        QCOMPARE(*p[0].spread, 0.25);
        QVERIFY(p[0].uneven());
        QCOMPARE(reachText(reach(p, 0, 0)), std::string("app 1/4 = 25.0%"));
        QCOMPARE(reachText(reach(p, 0, 1)), std::string("catalog 1/2 = 50.0%"));
        // 25% of 4 is 1; 25% of 2 rounds up to 1 (50%): still uneven.
        QCOMPARE(reach(p, 1, 0).hit, 1);
        QCOMPARE(reach(p, 1, 1).hit, 1);
        QVERIFY(p[1].uneven());
        // 50%: 2 of 4 and 1 of 2, the same share.
        QCOMPARE(reach(p, 2, 0).hit, 2);
        QCOMPARE(*reach(p, 2, 0).share, 0.5);
        QCOMPARE(*reach(p, 2, 1).share, 0.5);
        QCOMPARE(*p[2].spread, 0.0);
        QVERIFY(!p[2].uneven());
    }

    void otherFaults()
    {
        const auto p = faultParity(m_study);
        // Failover: the primary, 1 of 1 + 3 replicas, 1 of 1 + 1.
        QCOMPARE(*reach(p, 3, 0).share, 0.25);
        QCOMPARE(*reach(p, 3, 1).share, 0.5);
        QVERIFY(p[3].uneven());
        // A role of two components: one instance of each, (4 + 2 x 2) of (8 + 8) = 50%.
        QVERIFY(!reach(p, 4, 0).applies);
        QCOMPARE(reachText(reach(p, 4, 0)), std::string("not for this variant"));
        QCOMPARE(reach(p, 4, 1).components, (std::vector<std::string>{"search", "api"}));
        QCOMPARE(reach(p, 4, 1).hit, 2);
        QCOMPARE(reach(p, 4, 1).instances, 4);
        QCOMPARE(*reach(p, 4, 1).share, 0.5);
        QVERIFY(!p[4].spread);
        // Zone a: monolith app 2 of 4 (8 of 16 cores) and db 4 of 4 (32 cores, no
        // zones: the first) = 40 of 48; microservices search 1 (4 cores) and
        // orders_db 2 (8) = 12 of 4 + 8 + 8 + 8 = 28. Shown, never uneven.
        QCOMPARE(reach(p, 5, 0).hit, 6);
        QCOMPARE(reach(p, 5, 0).instances, 8);
        QVERIFY(qAbs(*reach(p, 5, 0).share - 40.0 / 48.0) < 1e-12);
        QVERIFY(qAbs(*reach(p, 5, 1).share - 12.0 / 28.0) < 1e-12);
        QVERIFY(p[5].spread && !p[5].uneven());
        // Slow: every visit, 100% everywhere.
        QCOMPARE(*reach(p, 6, 0).share, 1.0);
        QCOMPARE(*reach(p, 6, 1).share, 1.0);
        // Network between roles: one pair per pair of components, no share.
        QCOMPARE(reach(p, 7, 0).components, std::vector<std::string>{"app~db"});
        QCOMPARE(reach(p, 7, 1).components, std::vector<std::string>{"catalog~orders_db"});
        QVERIFY(!reach(p, 7, 1).share);
    }

    void resolvedFaults()
    {
        // The share turned into each component's count; only cleared.
        const Variant& mono = m_study.variants[0];
        const auto kill = resolveFault(m_study, m_study.faults[1], mono);
        QCOMPARE(kill.size(), std::size_t(1));
        QCOMPARE(kill[0].target, std::string("app"));
        QCOMPARE(kill[0].value("instances"), 1.0);
        QVERIFY(kill[0].shares.empty());
        QVERIFY(resolveFault(m_study, m_study.faults[4], mono).empty());
        const auto browse = resolveFault(m_study, m_study.faults[4], m_study.variants[1]);
        QCOMPARE(browse.size(), std::size_t(2));
        QVERIFY(browse[1].only.empty());
        QCOMPARE(roleComponents(mono, "orders-db"), std::vector<std::string>{"db"});
        QCOMPARE(roleComponents(mono, "app"), std::vector<std::string>{"app"}); // a component of the role's name
        QVERIFY(roleComponents(mono, "payments").empty());
    }
};

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"
