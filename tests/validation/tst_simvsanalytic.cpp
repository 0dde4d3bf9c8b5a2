// Every bundled example and every valid test study, each variant, through the
// simulation and the analytic model at one steady rate: the mean latency and
// every component's CPU utilization must agree within the model's stated
// tolerance (models/analytic/estimate.h, docs/analytic.md).
//
// Where the model claims validity, and only there: Poisson arrivals at a
// constant rate, no faults, no autoscaling and no scheduled resizing (the
// variant's initial fleet), and a stable network. The rate is the study's
// first steady rate after its warm-up, lowered until the model's busiest
// component is at most at utilization 0.7 (the model is validated up to 0.8).
// The simulation runs 20 s of warm-up and 60 s measured in 5 s bins; a figure
// differs when it is further from the model than the 95% interval over the
// bins plus the tolerance. A balancer's unequal weights and instance groups
// split a component into pools; its busiest instance is compared.
#include "models/analytic/estimate.h"
#include "models/system.h"
#include "scenarios/analysis.h"
#include "scenarios/runner.h"
#include "scenarios/studyreader.h"
#include "simcore/replications.h"
#include "simcore/subprocess.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

using namespace scalelab;

namespace {

constexpr double kWarmup = 20.0;   // s
constexpr double kMeasured = 60.0; // s
constexpr double kBin = 5.0;       // s
constexpr double kMaxUtilization = 0.7;

/// The study at a constant Poisson rate, without faults or fleet changes.
scenarios::Study steadyFixedFleet(const scenarios::Study& study, double rps)
{
    scenarios::Study s = scenarios::steadyStudy(study, rps, kMeasured, kWarmup, kBin);
    for (scenarios::Variant& v : s.variants)
        for (scenarios::Component& c : v.components) {
            c.autoscale.reset();
            c.vertical.reset();
        }
    return s;
}

/// Collects, per measured bin, the mean latency and each component's busiest station.
class BinCollector : public scenarios::VariantObserver
{
public:
    void onFrame(const sim::Frame& frame) override
    {
        const sim::MetricFrame& f = frame.metrics;
        if (f.start < kWarmup - 1e-9)
            return;
        if (f.completions > 0)
            latency.push_back(f.meanLatency);
        std::map<std::string, double> busiest;
        for (const auto& st : f.stations) {
            double& b = busiest[models::System::componentOf(st.name)];
            b = std::max(b, st.utilization);
        }
        for (const auto& [name, u] : busiest)
            utilization[name].push_back(u);
    }
    std::vector<double> latency;
    std::map<std::string, std::vector<double>> utilization;
};

bool differs(const std::vector<double>& bins, double model, double tolerance, double* simMean)
{
    const sim::ConfidenceInterval ci = sim::studentInterval(bins);
    *simMean = ci.mean;
    const double half = std::isfinite(ci.halfWidth) ? ci.halfWidth : 0.0;
    return !std::isfinite(model) || std::abs(ci.mean - model) > half + tolerance;
}

std::vector<std::string> studyFiles()
{
    std::vector<std::string> out;
    for (const char* dir : {SCALELAB_EXAMPLES_DIR, SCALELAB_GOOD_STUDIES_DIR})
        for (const auto& e : std::filesystem::directory_iterator(dir))
            if (e.path().extension() == ".yaml")
                out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestSimVsAnalytic : public QObject
{
    Q_OBJECT

private slots:
    void agree_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("variant");
        for (const std::string& file : studyFiles()) {
            const scenarios::LoadResult r = scenarios::readStudy(file);
            QVERIFY2(r.ok(), r.report().c_str());
            for (const scenarios::Variant& v : r.study->variants) {
                const std::string row = std::filesystem::path(file).filename().string() + " " + v.name;
                QTest::newRow(row.c_str()) << QString::fromStdString(file) << QString::fromStdString(v.name);
            }
        }
    }

    void agree()
    {
        QFETCH(QString, file);
        QFETCH(QString, variant);
        const scenarios::LoadResult r = scenarios::readStudy(file.toStdString());
        QVERIFY(r.ok());
        const scenarios::Study& study = *r.study;
        const std::vector<scenarios::SteadyPhase> phases = scenarios::steadyPhases(study, 0.0);
        double rps = phases.empty() ? scenarios::peakRate(study) : phases.front().rps;
        QVERIFY2(rps > 0, "a steady rate to compare at");
        scenarios::Study steady = steadyFixedFleet(study, rps);
        const scenarios::Variant* v = nullptr;
        for (const scenarios::Variant& c : steady.variants)
            if (c.name == variant.toStdString())
                v = &c;
        QVERIFY(v);
        models::analytic::Estimate e = scenarios::analyzeVariant(steady, *v, rps);
        for (int i = 0; i < 4 && e.bottleneck >= 0 &&
                        e.components[std::size_t(e.bottleneck)].utilization > kMaxUtilization;
             ++i) {
            rps *= 0.95 * kMaxUtilization / e.components[std::size_t(e.bottleneck)].utilization;
            steady = steadyFixedFleet(study, rps);
            e = scenarios::analyzeVariant(steady, *v, rps);
        }
        QVERIFY2(e.stable && (e.bottleneck < 0 || e.components[std::size_t(e.bottleneck)].utilization <= kMaxUtilization),
                 "the model's validity: utilization at most 0.7");

        const std::string text = sim::runInChild([&] {
            BinCollector bins;
            scenarios::runVariant(steady, *v, steady.run.seed, 0, &bins);
            nlohmann::json j;
            j["latency"] = bins.latency;
            j["utilization"] = bins.utilization;
            return j.dump();
        });
        const nlohmann::json j = nlohmann::json::parse(text);
        const auto latency = j["latency"].get<std::vector<double>>();
        const auto utilization = j["utilization"].get<std::map<std::string, std::vector<double>>>();
        QVERIFY2(latency.size() >= 2, "measured bins with completions");

        QStringList problems;
        double simLatency = 0.0;
        const double latencyTolerance = models::analytic::kMeanResponseTolerance * e.meanResponse;
        if (differs(latency, e.meanResponse, latencyTolerance, &simLatency))
            problems << QString("mean latency %1 ms simulated, %2 ms model")
                            .arg(simLatency * 1e3, 0, 'f', 2)
                            .arg(e.meanResponse * 1e3, 0, 'f', 2);
        for (const models::analytic::ComponentEstimate& c : e.components) {
            if (!c.hasStation)
                continue;
            const auto it = utilization.find(c.name);
            const std::vector<double> none(latency.size(), 0.0);
            double simU = 0.0;
            if (differs(it == utilization.end() ? none : it->second, c.cpuUtilization,
                        models::analytic::kUtilizationTolerance, &simU))
                problems << QString("%1 cpu %2 simulated, %3 model")
                                .arg(QString::fromStdString(c.name))
                                .arg(simU, 0, 'f', 3)
                                .arg(c.cpuUtilization, 0, 'f', 3);
        }
        qInfo("%s at %.0f/s: latency %.2f / %.2f ms%s", qPrintable(variant), rps, simLatency * 1e3,
              e.meanResponse * 1e3, problems.isEmpty() ? "" : qPrintable(" -- " + problems.join("; ")));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
    }
};

QTEST_GUILESS_MAIN(TestSimVsAnalytic)
#include "tst_simvsanalytic.moc"
