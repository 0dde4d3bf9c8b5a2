#include "calibrationcheck.h"

#include "scenarios/runner.h"
#include "simcore/subprocess.h"

#include <cstdio>
#include <functional>

namespace scalelab::cli {

namespace {

/// In the child: the imported study's run, its traces summed up.
class CalibrationObserver : public scenarios::VariantObserver
{
public:
    explicit CalibrationObserver(import::CalibrationSink& sink) : m_sink(sink) {}
    void onFrame(const sim::Frame&) override {}
    models::TraceSink* traceSink() override { return &m_sink; }

private:
    import::CalibrationSink& m_sink;
};

std::string milliseconds(double s)
{
    char text[32];
    const double ms = s * 1e3;
    std::snprintf(text, sizeof text, ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : "%.2f", ms);
    return text;
}

std::string perSecond(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, v >= 100 ? "%.0f" : "%.2f", v);
    return text;
}

/// "observed / simulated (+d%)".
std::string pair(double observed, double simulated, std::string (*format)(double))
{
    std::string out = format(observed) + " / " + format(simulated);
    if (observed > 0) {
        char text[32];
        std::snprintf(text, sizeof text, " (%+.1f%%)", (simulated - observed) / observed * 100.0);
        out += text;
    }
    return out;
}

} // namespace

CalibrationTable calibrate(const scenarios::Study& study, const scenarios::Variant& variant,
                           const import::TraceInput& traces, double period, int replications)
{
    CalibrationTable t;
    t.seed = study.run.seed;
    t.replications = replications;
    t.duration = study.run.duration;
    // Replications pooled: each figure is the mean over them (counts added),
    // so the simulated side's own sampling noise is small beside the traces'.
    std::vector<std::function<std::string()>> jobs;
    for (int r = 0; r < replications; ++r)
        jobs.push_back([&, r] {
            import::CalibrationSink sink(study, variant, study.run.seed);
            CalibrationObserver observer(sink);
            scenarios::runVariant(study, variant, study.run.seed, std::uint32_t(r), &observer);
            return import::figuresToJson(sink.stats().operations(study.run.duration),
                                         sink.stats().components(study.run.duration));
        });
    const std::vector<std::string> results = sim::runParallel(jobs);
    std::vector<std::map<std::string, import::CalibrationFigures>> ops(results.size()), comps(results.size());
    for (std::size_t i = 0; i < results.size(); ++i)
        import::figuresFromJson(results[i], ops[i], comps[i]);
    t.simulatedOperations = import::pooledFigures(ops);
    t.simulatedComponents = import::pooledFigures(comps);
    import::CalibrationStats observed;
    observed.add(traces.spans);
    t.observedOperations = observed.operations(period);
    t.observedComponents = observed.components(period);
    for (const auto& op : study.operations)
        t.operations.push_back(op.name);
    for (const auto& c : variant.components)
        t.components.push_back(c.name);
    return t;
}

std::vector<std::vector<std::string>> calibrationRows(const std::string& title, const std::vector<std::string>& names,
                                                      const std::map<std::string, import::CalibrationFigures>& observed,
                                                      const std::map<std::string, import::CalibrationFigures>& simulated)
{
    std::vector<std::vector<std::string>> rows{{title, "count obs / sim", "mean ms", "p50 ms", "p99 ms", "throughput /s"}};
    for (const std::string& name : names) {
        const auto o = observed.find(name);
        const auto s = simulated.find(name);
        const import::CalibrationFigures of = o == observed.end() ? import::CalibrationFigures{} : o->second;
        const import::CalibrationFigures sf = s == simulated.end() ? import::CalibrationFigures{} : s->second;
        rows.push_back({name, std::to_string(of.count) + " / " + std::to_string(sf.count),
                        pair(of.mean, sf.mean, milliseconds), pair(of.p50, sf.p50, milliseconds),
                        pair(of.p99, sf.p99, milliseconds), pair(of.throughput, sf.throughput, perSecond)});
    }
    return rows;
}

} // namespace scalelab::cli
