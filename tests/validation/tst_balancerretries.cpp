// A balancer's retries, passive ejection and active checks, against hand
// computations: a retry goes to another instance than the one that failed
// (nginx's proxy_next_upstream, Envoy's previous_hosts) unless told it may
// go anywhere; a backend that failed calls is ejected for `eject_for`, then a
// live request tries it again; active checks are optional and their phase
// is drawn per seed, or set, instead of a grid from t = 0.
#include "systemcase.h"

#include "simcore/simulation.h"

#include <QtTest>

#include <cmath>
#include <optional>
#include <vector>

using namespace scalelab;
using models::ComponentKind;
using testing::call;
using testing::component;

namespace {

/// `lb` in front of two instances of app (5 ms of CPU); app/0 crashes at
/// `crashAt` and restarts `restartAfter` s later (or never).
testing::SystemResult twoBackends(const models::ComponentConfig& lb, std::optional<models::RetryPolicy> retries,
                                  double crashAt, std::optional<double> restartAfter, double rate, bool deterministic,
                                  sim::RunSettings run, std::uint64_t seed = 1)
{
    models::SystemConfig cfg;
    cfg.seed = seed;
    auto app = component("app", ComponentKind::Service);
    app.instances = 2;
    cfg.components = {lb, app};
    models::OperationPlan op;
    op.root = call("lb");
    auto a = call("app");
    a.cpu = sim::Distribution::constant(0.005);
    a.retries = retries;
    op.root.calls = {a};
    cfg.operations = {op};
    testing::SystemCase c;
    c.config = cfg;
    c.rate = sim::RateProfile::constant(rate);
    c.deterministic = deterministic;
    c.run = run;
    c.setup = [crashAt, restartAfter](sim::Simulation& s, models::System& system) {
        s.at(crashAt, [&system, restartAfter] { system.crash("app", 1, restartAfter); });
    };
    return testing::runSystem(c);
}

std::vector<const sim::RunEvent*> eventsOf(const testing::SystemResult& r, const std::string& kind)
{
    std::vector<const sim::RunEvent*> out;
    for (const auto& e : r.events)
        if (e.kind == kind)
            out.push_back(&e);
    return out;
}

} // namespace

class TestBalancerRetries : public QObject
{
    Q_OBJECT

private slots:
    void retriesGoToAnotherInstance_data()
    {
        QTest::addColumn<int>("target");
        QTest::addColumn<double>("expected");
        // One of two instances dead, random picks, one retry, no ejection:
        // a request fails when both its attempts land on the dead one.
        QTest::newRow("other") << int(models::RetryTarget::Other) << 0.0;
        QTest::newRow("any") << int(models::RetryTarget::Any) << 0.25; // p^2, p = 1/2
    }
    void retriesGoToAnotherInstance()
    {
        QFETCH(int, target);
        QFETCH(double, expected);
        auto lb = component("lb", ComponentKind::LoadBalancer);
        lb.policy = models::LbPolicy::Random;
        lb.healthCheck = models::HealthCheck::None;
        lb.unhealthyThreshold = 1000000; // never ejected: the retries alone avoid it
        models::RetryPolicy retries;
        retries.max = 1;
        retries.instance = static_cast<models::RetryTarget>(target);
        const auto r = twoBackends(lb, retries, 0.5, std::nullopt, 200.0, false, {100.0, 10.0, 10.0});
        const double ended = double(r.summary.completions + r.summary.errors + r.summary.rejections);
        const double share = double(r.summary.errors) / ended;
        qInfo("%s: %llu of %.0f requests failed (%.4f, expected %.2f)", target == 0 ? "other" : "any",
              (unsigned long long)r.summary.errors, ended, share, expected);
        QVERIFY(ended > 17000);
        if (expected == 0.0) {
            QCOMPARE(r.summary.errors, std::uint64_t(0));
        } else {
            // Binomial over ~18000 requests: sd 0.0032; 0.015 is over 4 sd.
            QVERIFY(std::abs(share - expected) < 0.015);
        }
        QVERIFY(r.summary.retries > 0);
    }

    void passiveEjectionEndsAfterEjectFor()
    {
        // Round robin at 100/s (every 10 ms), app/0 dead from 10.505 s for good,
        // no active checks, ejected after 2 failed calls for 5 s; no retries.
        // Each cycle: 2 calls fail (alternate requests), the instance is out
        // for 5 s, then the next request tries it: fails, and so does the one
        // after next, and it is out again.
        auto lb = component("lb", ComponentKind::LoadBalancer);
        lb.healthCheck = models::HealthCheck::None;
        lb.unhealthyThreshold = 2;
        lb.ejectFor = 5.0;
        const auto r = twoBackends(lb, std::nullopt, 10.505, std::nullopt, 100.0, true, {60.0, 0.0, 1.0});
        const auto ejected = eventsOf(r, "backend_ejected");
        const auto readmitted = eventsOf(r, "backend_readmitted");
        qInfo("%zu ejections, %zu re-admissions, %llu errors", ejected.size(), readmitted.size(),
              (unsigned long long)r.summary.errors);
        QVERIFY(!ejected.empty());
        QCOMPARE(r.summary.errors, std::uint64_t(2 * ejected.size()));
        // From 10.5 s to 60 s, a cycle of 5 s + about 20 ms: 10 ejections.
        QCOMPARE(ejected.size(), std::size_t(10));
        QVERIFY(readmitted.size() == ejected.size() || readmitted.size() + 1 == ejected.size());
        for (std::size_t k = 0; k < readmitted.size(); ++k) {
            const double after = readmitted[k]->time - ejected[k]->time;
            QVERIFY2(after >= 5.0 && after < 5.0 + 0.011, "re-admitted by the first request after eject_for");
            QCOMPARE(readmitted[k]->detail, std::string("ejection time over: a live request tries it"));
        }
    }

    void healthChecksCanBeOff()
    {
        // No active checks, no eject_for: the default ejection time (30 s).
        auto lb = component("lb", ComponentKind::LoadBalancer);
        lb.healthCheck = models::HealthCheck::None;
        const auto r = twoBackends(lb, std::nullopt, 10.505, std::nullopt, 100.0, true, {60.0, 0.0, 1.0});
        const auto ejected = eventsOf(r, "backend_ejected");
        const auto readmitted = eventsOf(r, "backend_readmitted");
        QCOMPARE(ejected.size(), std::size_t(2)); // at 10.5 s and after 40.5 s
        QCOMPARE(readmitted.size(), std::size_t(1));
        QVERIFY(readmitted[0]->time - ejected[0]->time >= models::kDefaultEjection);
        QCOMPARE(r.summary.errors, std::uint64_t(4));
    }

    void activeChecksHaveTheirOwnPhase()
    {
        // app/0 down from 10.505 s to 20.505 s; checks every 2 s, ejected by
        // passive failures at once. Up again, it is re-admitted by the first
        // check after 20.505 s: at offset + 2k.
        auto readmission = [](std::optional<double> offset, std::uint64_t seed) {
            auto lb = component("lb", ComponentKind::LoadBalancer);
            lb.healthInterval = 2.0;
            lb.healthOffset = offset;
            const auto r = twoBackends(lb, std::nullopt, 10.505, 10.0, 100.0, true, {30.0, 0.0, 1.0}, seed);
            const auto readmitted = eventsOf(r, "backend_readmitted");
            return readmitted.size() == 1 ? readmitted[0]->time : -1.0;
        };
        // Set: checks at 0.3 + 2k s, the first after 20.505 s is 22.3 s.
        QVERIFY(std::abs(readmission(0.3, 1) - 22.3) < 1e-9);
        // Drawn: in [20.505, 22.505), the same for a seed, not the grid from 0.
        const double a = readmission(std::nullopt, 1), b = readmission(std::nullopt, 2);
        qInfo("re-admitted at %.4f s (seed 1), %.4f s (seed 2)", a, b);
        QVERIFY(a >= 20.505 && a < 22.505);
        QVERIFY(b >= 20.505 && b < 22.505);
        QVERIFY(a != b);
        QCOMPARE(readmission(std::nullopt, 1), a);
    }
};

QTEST_GUILESS_MAIN(TestBalancerRetries)
#include "tst_balancerretries.moc"
