#include "systemcase.h"

#include "simcore/framejson.h"
#include "simcore/simulation.h"
#include "simcore/source.h"
#include "simcore/subprocess.h"

#include <sstream>

namespace scalelab::testing {

namespace {

/// Gathers every bin whole (its events, then its metrics, gauges and fleet) as stream lines.
class Collector : public sim::RunObserver
{
public:
    explicit Collector(models::System& system) : m_system(system) {}
    std::string lines;
    void onEvent(const sim::RunEvent& e) override { m_frame.events.push_back(e); }
    void onFrame(const sim::MetricFrame& f) override
    {
        m_frame.metrics = f;
        m_frame.gauges = m_system.gauges();
        m_frame.fleet = m_system.fleet();
        lines += sim::frameLines(m_frame);
        m_frame.events.clear();
    }

private:
    models::System& m_system;
    sim::Frame m_frame;
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
        sim::Simulation s(c.paths);
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
        // The summary first, with the gauges at the end; then every bin.
        sim::Frame summary;
        summary.metrics = rec.run(&collector);
        summary.gauges = system.gauges();
        return sim::toJson(summary) + "\n" + collector.lines;
    });
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    sim::Frame summary = sim::frameFromJson(line);
    SystemResult r;
    r.summary = std::move(summary.metrics);
    r.gauges = std::move(summary.gauges);
    sim::FrameReader reader;
    while (std::getline(lines, line)) {
        if (!reader.add(line))
            continue;
        sim::Frame f = reader.take();
        r.events.insert(r.events.end(), f.events.begin(), f.events.end());
        r.frames.push_back(std::move(f.metrics));
        r.gaugeFrames.push_back(std::move(f.gauges));
        r.fleets.push_back(f.fleet.value_or(models::FleetStatus{}));
    }
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
