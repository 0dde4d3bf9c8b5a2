// Every place a study names a component (scenarios/references.h), and a
// rename that follows each of them and changes nothing else.
#include "scenarios/faulttype.h"
#include "scenarios/references.h"

#include "studydump.h"

#include <QtTest>

#include <map>

using namespace scalelab::scenarios;

namespace {

Component component(const char* name, ComponentKind kind)
{
    Component c;
    c.name = name;
    c.kind = kind;
    return c;
}

Call call(const char* target, std::vector<Call> calls = {})
{
    Call c;
    c.target = target;
    c.calls = std::move(calls);
    return c;
}

Fault fault(const std::string& type, const char* target)
{
    Fault f;
    f.type = type;
    f.target = target;
    return f;
}

/// Variant "v" names `app` once in each way there is, next to names of other
/// components; the zones are named like it too. Variant "w" has no app unless
/// `appInW`.
Study study(bool appInW = false)
{
    Study s;
    Variant v;
    v.name = "v";
    Component queue = component("jobs", ComponentKind::MessageQueue);
    queue.consumer = "app";
    Component module = component("orders", ComponentKind::Module);
    module.host = "app";
    Component worker = component("worker", ComponentKind::Service);
    Component otherModule = component("billing", ComponentKind::Module);
    otherModule.host = "worker";
    Component otherQueue = component("mail", ComponentKind::MessageQueue);
    otherQueue.consumer = "worker";
    v.components = {component("lb", ComponentKind::LoadBalancer), component("app", ComponentKind::Service),
                    component("cache", ComponentKind::Cache), queue, module, worker, otherModule, otherQueue};
    Route entry;
    entry.operation = "browse";
    entry.root = call("app", {call("cache")});
    Route deep;
    deep.operation = "buy";
    Call cache = call("cache");
    cache.miss = {call("app")};
    Call fanOut = call("worker");
    fanOut.parallel = {call("app"), call("cache")};
    deep.root = call("lb", {call("worker", {call("orders", {call("app")}), cache}), fanOut});
    v.routes = {entry, deep};
    Position at;
    at.component = "app";
    at.x = 10;
    Position other;
    other.component = "lb";
    v.layout = {at, other};

    Variant w;
    w.name = "w";
    w.components = {component(appInW ? "app" : "svc", ComponentKind::Service)};
    Route r;
    r.operation = "browse";
    r.root = call(appInW ? "app" : "svc");
    w.routes = {r};
    s.variants = {v, w};

    // One fault of each type at app (a pair: app twice); zones named like the
    // component are no reference to it, nor is a network fault between zones.
    for (const FaultType* t : faultTypes()) {
        s.faults.push_back(fault(std::string(t->key()), "app"));
        if (namesPair(t->target()))
            s.faults.back().peer = "app";
    }
    s.faults.push_back(fault("network", "app"));
    s.faults.back().peer = "app";
    s.faults.back().zonePair = true;
    s.faults.push_back(fault("kill", "worker"));
    return s;
}

} // namespace

class TestReferences : public QObject
{
    Q_OBJECT

private slots:
    void everyKindOfReferenceIsVisited()
    {
        Study s = study();
        std::map<ComponentReference, int> seen;
        auto count = [&](std::string& name, ComponentReference where) {
            if (name == "app")
                ++seen[where];
        };
        forEachComponentReference(s.variants[0], count);
        forEachComponentReference(s.faults, count);
        int componentFaults = 0;
        for (const FaultType* t : faultTypes())
            componentFaults += t->target() == FaultTarget::Component ? 1 : t->target() == FaultTarget::Pair ? 2 : 0;
        // kill, slow, errors, failover, cache_flush, consumer_outage; network's pair of components twice
        QCOMPARE(componentFaults, 8);
        QCOMPARE(seen[ComponentReference::Name], 1);
        QCOMPARE(seen[ComponentReference::CallTarget], 4); // an entry, a call two deep, a miss, a parallel call
        QCOMPARE(seen[ComponentReference::ModuleHost], 1);
        QCOMPARE(seen[ComponentReference::QueueConsumer], 1);
        QCOMPARE(seen[ComponentReference::LayoutPosition], 1);
        QCOMPARE(seen[ComponentReference::FaultTarget], componentFaults);
    }

    void renameFollowsEveryReference()
    {
        Study s = study();
        Study expected = s;
        Variant& v = expected.variants[0];
        v.components[1].name = "api";
        v.components[3].consumer = "api";
        v.components[4].host = "api";
        v.routes[0].root.target = "api";
        v.routes[1].root.calls[0].calls[0].calls[0].target = "api";
        v.routes[1].root.calls[0].calls[1].miss[0].target = "api";
        v.routes[1].root.calls[1].parallel[0].target = "api";
        v.layout[0].component = "api";
        for (std::size_t i = 0; i < faultTypes().size(); ++i) {
            const FaultTarget t = faultTypes()[i]->target();
            if (t == FaultTarget::Component || t == FaultTarget::Pair)
                expected.faults[i].target = "api";
            if (t == FaultTarget::Pair)
                expected.faults[i].peer = "api";
        }

        renameComponent(s, s.variants[0], "app", "api");
        QCOMPARE(test::dumpStudy(s), test::dumpStudy(expected));
        // Each fault that names components followed (a pair: both names); the zone faults did not.
        for (std::size_t i = 0; i < faultTypes().size(); ++i) {
            const FaultTarget t = faultTypes()[i]->target();
            const bool component = t == FaultTarget::Component || t == FaultTarget::Pair;
            QCOMPARE(s.faults[i].target, std::string(component ? "api" : "app"));
            QCOMPARE(s.faults[i].peer, std::string(t == FaultTarget::ZonePair ? "app" : t == FaultTarget::Pair ? "api" : ""));
        }
        const Fault& zones = s.faults[faultTypes().size()];
        QCOMPARE(zones.target + "~" + zones.peer, std::string("app~app"));
        QCOMPARE(s.faults.back().target, std::string("worker"));
    }

    void componentNamesFollowTheTarget()
    {
        // What FaultType::componentNames gives by the target, for any type.
        struct Type final : FaultType
        {
            FaultTarget what;
            explicit Type(FaultTarget t) : what(t) {}
            std::string_view key() const override { return "t"; }
            FaultTarget target() const override { return what; }
            std::string_view help() const override { return {}; }
            std::span<const FaultSetting> settings() const override { return {}; }
            bool apply(scalelab::models::System&, const Fault&) const override { return false; }
        };
        Fault f = fault("t", "a");
        f.peer = "b";
        auto names = [&](FaultTarget t) {
            std::vector<std::string> out;
            for (std::string* n : Type(t).componentNames(f))
                out.push_back(*n);
            return out;
        };
        QCOMPARE(names(FaultTarget::Component), std::vector<std::string>{"a"});
        QCOMPARE(names(FaultTarget::Zone), std::vector<std::string>{});
        QCOMPARE(names(FaultTarget::ZonePair), std::vector<std::string>{});
        QCOMPARE(names(FaultTarget::Pair), (std::vector<std::string>{"a", "b"}));
        f.zonePair = true;
        QCOMPARE(names(FaultTarget::Pair), std::vector<std::string>{});
        // The default inert reason asks the same names.
        Variant v;
        v.components = {component("a", ComponentKind::Service)};
        f.zonePair = false;
        QCOMPARE(Type(FaultTarget::Pair).inertReason(f, v), std::string("no b in this variant"));
        QCOMPARE(Type(FaultTarget::Component).inertReason(f, v), std::string());
    }

    void faultsStayWhenAnotherVariantHasTheName()
    {
        Study s = study(true);
        Study expected = s;
        renameComponent(s, s.variants[0], "app", "api");
        QCOMPARE(s.variants[0].components[1].name, std::string("api"));
        QCOMPARE(s.variants[0].routes[0].root.target, std::string("api"));
        // Faults name the role in every variant: w's app is still hit by them.
        expected.variants[0] = s.variants[0];
        QCOMPARE(test::dumpStudy(s), test::dumpStudy(expected));
    }
};

QTEST_GUILESS_MAIN(TestReferences)
#include "tst_references.moc"
