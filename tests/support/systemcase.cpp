#include "systemcase.h"

#include "simcore/replications.h"
#include "simcore/simulation.h"
#include "simcore/source.h"
#include "simcore/subprocess.h"

#include <nlohmann/json.hpp>

namespace scalelab::testing {

namespace {

nlohmann::json gaugesToJson(const std::vector<models::Gauge>& gauges)
{
    nlohmann::json a = nlohmann::json::array();
    for (const auto& g : gauges)
        a.push_back({g.component, g.name, g.value});
    return a;
}

std::vector<models::Gauge> gaugesFromJson(const nlohmann::json& a)
{
    std::vector<models::Gauge> out;
    for (const auto& g : a)
        out.push_back({g[0].get<std::string>(), g[1].get<std::string>(), g[2].get<double>()});
    return out;
}

class Collector : public sim::RunObserver
{
public:
    explicit Collector(models::System& system) : m_system(system) {}
    nlohmann::json frames = nlohmann::json::array();
    nlohmann::json gauges = nlohmann::json::array();
    nlohmann::json fleets = nlohmann::json::array();
    nlohmann::json events = nlohmann::json::array();
    void onEvent(const sim::RunEvent& e) override { events.push_back({e.time, e.kind, e.subject, e.detail}); }
    void onFrame(const sim::MetricFrame& f) override
    {
        frames.push_back(sim::frameToJson(f));
        gauges.push_back(gaugesToJson(m_system.gauges()));
        const models::FleetStatus fleet = m_system.fleet();
        nlohmann::json counts = nlohmann::json::array();
        for (const auto& c : fleet.components)
            counts.push_back({c.component, c.serving, c.booting, c.draining, c.down});
        fleets.push_back({fleet.cost, fleet.costRate, counts});
    }

private:
    models::System& m_system;
};

} // namespace

double SystemResult::gauge(const std::string& component, const std::string& name) const
{
    for (const auto& g : gauges)
        if (g.component == component && g.name == name)
            return g.value;
    throw std::runtime_error("no gauge " + component + "." + name);
}

sim::StationMetrics SystemResult::component(const std::string& name) const
{
    sim::StationMetrics sum;
    sum.name = name;
    int n = 0;
    for (const auto& s : summary.stations) {
        if (models::System::componentOf(s.name) != name)
            continue;
        ++n;
        sum.arrivals += s.arrivals;
        sum.completed += s.completed;
        sum.rejected += s.rejected;
        sum.failed += s.failed;
        sum.started += s.started;
        sum.waited += s.waited;
        sum.waitSum += s.waitSum;
        sum.utilization += s.utilization;
        sum.meanBusyWorkers += s.meanBusyWorkers;
        sum.meanQueue += s.meanQueue;
        sum.meanInSystem += s.meanInSystem;
    }
    if (n > 0)
        sum.utilization /= n;
    return sum;
}

SystemResult runSystem(const SystemCase& c)
{
    const std::string text = sim::runInChild([&] {
        sim::Simulation s;
        sim::Recorder rec(s, c.run);
        std::vector<std::string> names;
        for (const auto& op : c.config.operations)
            names.push_back(op.name);
        rec.setOperations(names);
        models::System system(s, rec, c.config);
        s.seal();
        system.start();
        auto arrivals = c.deterministic
                            ? sim::makeDeterministicArrivals(c.rate)
                            : sim::makePoissonArrivals(c.rate, sim::RandomStream(c.config.seed, "clients",
                                                                                 c.config.replication));
        sim::Source src(s, rec, std::move(arrivals), system.entry(), c.operationShares,
                        sim::RandomStream(c.config.seed, "mix", c.config.replication));
        src.start();
        if (c.setup)
            c.setup(s, system);
        Collector collector(system);
        const sim::MetricFrame summary = rec.run(&collector);
        nlohmann::json out;
        out["summary"] = sim::frameToJson(summary);
        out["frames"] = collector.frames;
        out["gauges"] = gaugesToJson(system.gauges());
        out["gauge_frames"] = collector.gauges;
        out["fleets"] = collector.fleets;
        out["events"] = collector.events;
        return out.dump();
    });
    const auto j = nlohmann::json::parse(text);
    SystemResult r;
    r.summary = sim::frameFromJson(j["summary"].get<std::string>());
    for (const auto& f : j["frames"])
        r.frames.push_back(sim::frameFromJson(f.get<std::string>()));
    r.gauges = gaugesFromJson(j["gauges"]);
    for (const auto& g : j["gauge_frames"])
        r.gaugeFrames.push_back(gaugesFromJson(g));
    for (const auto& f : j["fleets"]) {
        models::FleetStatus fleet;
        fleet.cost = f[0].get<double>();
        fleet.costRate = f[1].get<double>();
        for (const auto& counts : f[2])
            fleet.components.push_back({counts[0].get<std::string>(), counts[1].get<int>(), counts[2].get<int>(),
                                        counts[3].get<int>(), counts[4].get<int>()});
        r.fleets.push_back(std::move(fleet));
    }
    for (const auto& e : j["events"])
        r.events.push_back({e[0].get<double>(), e[1].get<std::string>(), e[2].get<std::string>(), e[3].get<std::string>()});
    return r;
}

models::ComponentConfig component(const std::string& name, models::ComponentKind kind)
{
    models::ComponentConfig c;
    c.name = name;
    c.kind = kind;
    return c;
}

models::CallPlan call(const std::string& target)
{
    models::CallPlan p;
    p.target = target;
    return p;
}

models::SystemConfig threeStationChain()
{
    models::SystemConfig cfg;
    auto app = component("app", models::ComponentKind::Service);
    app.cores = 1;
    auto db = component("db", models::ComponentKind::SqlDatabase);
    db.cores = 1;
    cfg.components = {component("lb", models::ComponentKind::LoadBalancer), app, db};
    models::OperationPlan op;
    op.name = "browse";
    op.root = call("lb");
    auto a = call("app");
    a.cpu = sim::Distribution::exponential(0.010);
    auto d = call("db");
    d.read = sim::Distribution::exponential(0.005);
    a.calls = {d};
    op.root.calls = {a};
    cfg.operations = {op};
    return cfg;
}

} // namespace scalelab::testing
