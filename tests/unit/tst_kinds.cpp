// The component kinds' registry (models/kinds/registry.h): one module per
// kind, found by its enumerator and its name, with the flags the study
// reader's field tables assume, the default prices, and what the canvas shows.
#include "models/kinds/kind.h"
#include "models/pricing.h"
#include "scenarios/studyreader.h"

#include <QtTest>

#include <algorithm>
#include <set>

using namespace scalelab;
using models::ComponentKind;
using models::Kind;

namespace {

std::set<ComponentKind> kindsWhere(bool (Kind::*flag)() const)
{
    std::set<ComponentKind> out;
    for (const Kind* k : models::allKinds())
        if ((k->*flag)())
            out.insert(k->id());
    return out;
}

std::set<ComponentKind> readerKinds(std::string_view key)
{
    const auto kinds = scenarios::kindsForComponentKey(key);
    return {kinds.begin(), kinds.end()};
}

models::ComponentConfig component(ComponentKind kind)
{
    models::ComponentConfig c;
    c.name = "x";
    c.kind = kind;
    c.instances = 3;
    c.cores = 4;
    c.replicas = 2;
    c.shards = 6;
    c.replicationFactor = 3;
    c.host = "app";
    return c;
}

} // namespace

class TestKinds : public QObject
{
    Q_OBJECT

private slots:
    void everyKindIsItsOwnModule()
    {
        const auto& kinds = models::allKinds();
        const std::vector<std::string> names = models::kindNames();
        QCOMPARE(kinds.size(), names.size());
        for (std::size_t i = 0; i < kinds.size(); ++i) {
            const auto id = ComponentKind(i);
            QCOMPARE(&models::kindOf(id), kinds[i]);
            QCOMPARE(kinds[i]->id(), id);
            QCOMPARE(std::string(kinds[i]->name()), names[i]);
            QCOMPARE(kinds[i]->icon(), ":/icons/" + names[i] + ".svg");
        }
        QCOMPARE(models::kindName(ComponentKind::LoadBalancer), std::string_view("load_balancer"));
        QCOMPARE(models::kindOf(ComponentKind::MessageQueue).label(), std::string("message queue"));
    }

    // The reader's field tables (which kind a key applies to) and the kinds'
    // flags say the same thing.
    void flagsAgreeWithTheReaderFields()
    {
        QVERIFY(kindsWhere(&Kind::hasMachines) == readerKinds("cores"));
        QVERIFY(kindsWhere(&Kind::hasMachines) == readerKinds("failures"));
        QVERIFY(kindsWhere(&Kind::countedByInstances) == readerKinds("instances"));
        QVERIFY(kindsWhere(&Kind::hasWorkerPool) == readerKinds("backlog"));
        QVERIFY(kindsWhere(&Kind::hasDisk) == readerKinds("disk_bandwidth"));
        for (const Kind* k : models::allKinds()) {
            QVERIFY(!k->countedByInstances() || k->hasMachines());
            QVERIFY(!k->hasWorkerPool() || k->hasMachines());
            // Billed by core exactly when it has machines of its own.
            QCOMPARE(k->coreHourPrice().has_value(), k->hasMachines());
        }
        QVERIFY(kindsWhere(&Kind::hostsClients) == std::set{ComponentKind::Entry});
        QVERIFY(kindsWhere(&Kind::delivers) == std::set{ComponentKind::MessageQueue});
        QVERIFY((kindsWhere(&Kind::runsInCaller) == std::set{ComponentKind::External, ComponentKind::Cdn}));
        QVERIFY((kindsWhere(&Kind::caches) == std::set{ComponentKind::Cache, ComponentKind::Cdn}));
        QVERIFY(kindsWhere(&Kind::readsThrough) == std::set{ComponentKind::Cdn});
        QVERIFY(kindsWhere(&Kind::caches) == readerKinds("hit_ratio"));
        QVERIFY(kindsWhere(&Kind::remote) == readerKinds("latency"));
        QVERIFY(kindsWhere(&Kind::billsEgress) == readerKinds("egress_price"));
    }

    void instanceCountsFollowTheFields()
    {
        for (const Kind* k : models::allKinds()) {
            const models::ComponentConfig c = component(k->id());
            if (!k->hasMachines())
                QCOMPARE(k->instanceCount(c), 0);
            else if (k->countedByInstances())
                QCOMPARE(k->instanceCount(c), 3);
        }
        QCOMPARE(models::kindOf(ComponentKind::SqlDatabase).instanceCount(component(ComponentKind::SqlDatabase)), 3);
        QCOMPARE(models::kindOf(ComponentKind::SqlDatabase).scaledCount(component(ComponentKind::SqlDatabase)), 2);
        QCOMPARE(models::kindOf(ComponentKind::NosqlStore).instanceCount(component(ComponentKind::NosqlStore)), 18);
        QCOMPARE(models::kindOf(ComponentKind::Service).scaledCount(component(ComponentKind::Service)), 3);
    }

    void defaultPricesComeFromTheKinds()
    {
        const models::Pricing pricing;
        QCOMPARE(pricing.coreHour.size(), std::size_t(kindsWhere(&Kind::hasMachines).size()));
        for (const auto& [kind, price] : pricing.coreHour)
            QCOMPARE(price, *models::kindOf(kind).coreHourPrice());
        models::ComponentConfig db = component(ComponentKind::SqlDatabase);
        QCOMPARE(pricing.hourly(db), 0.12 * 4);
        QCOMPARE(pricing.hourly(component(ComponentKind::External)), 0.0);
    }

    void summariesAndNames_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("base");
        QTest::newRow("entry") << int(ComponentKind::Entry) << "entry" << "clients";
        QTest::newRow("load_balancer") << int(ComponentKind::LoadBalancer) << "load balancer · 3×4c" << "lb";
        QTest::newRow("api_gateway") << int(ComponentKind::ApiGateway) << "api gateway · 3×4c" << "gateway";
        QTest::newRow("service") << int(ComponentKind::Service) << "service · 3×4c" << "service";
        QTest::newRow("module") << int(ComponentKind::Module) << "module in app" << "module";
        QTest::newRow("cache") << int(ComponentKind::Cache) << "cache · 3×4c" << "cache";
        QTest::newRow("message_queue") << int(ComponentKind::MessageQueue) << "message queue · 3×4c" << "queue";
        QTest::newRow("sql_database") << int(ComponentKind::SqlDatabase) << "sql database · 1+2" << "db";
        QTest::newRow("nosql_store") << int(ComponentKind::NosqlStore) << "nosql store · 6 shards" << "store";
        QTest::newRow("external") << int(ComponentKind::External) << "external" << "external";
        QTest::newRow("cdn") << int(ComponentKind::Cdn) << "cdn · 10000 of 100000 keys" << "cdn";
    }

    void summariesAndNames()
    {
        QFETCH(int, kind);
        QFETCH(QString, summary);
        QFETCH(QString, base);
        const Kind& k = models::kindOf(ComponentKind(kind));
        QCOMPARE(QString::fromStdString(k.summary(component(k.id()))), summary);
        QCOMPARE(QString::fromUtf8(k.baseName().data(), qsizetype(k.baseName().size())), base);
    }

    void referencesAndUnkillableKinds()
    {
        models::ComponentConfig module = component(ComponentKind::Module);
        models::ComponentConfig queue = component(ComponentKind::MessageQueue);
        models::kindOf(ComponentKind::Module).referTo(module, "svc");
        models::kindOf(ComponentKind::MessageQueue).referTo(queue, "svc");
        QCOMPARE(module.host, std::string("svc"));
        QCOMPARE(queue.consumer, std::string("svc"));
        QCOMPARE(models::kindOf(ComponentKind::Module).unkillable(module), std::string("a module of svc: no machine of its own"));
        QCOMPARE(models::kindOf(ComponentKind::External).unkillable(component(ComponentKind::External)),
                 std::string("an external: no machine"));
        QCOMPARE(models::kindOf(ComponentKind::Cdn).unkillable(component(ComponentKind::Cdn)),
                 std::string("a cdn: no machine of the study's"));
        models::ComponentConfig edge = component(ComponentKind::Cdn);
        edge.hitRatio = 0.925;
        QCOMPARE(models::kindOf(ComponentKind::Cdn).summary(edge), std::string("cdn · 92.5% hits"));
        for (const Kind* k : models::allKinds())
            if (k->hasMachines())
                QVERIFY(k->unkillable(component(k->id())).empty());
        QVERIFY(kindsWhere(&Kind::hostsWork) == std::set{ComponentKind::Service});
    }
};

QTEST_GUILESS_MAIN(TestKinds)
#include "tst_kinds.moc"
