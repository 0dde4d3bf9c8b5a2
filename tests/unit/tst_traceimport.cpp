// Traces -> study (scalelab::import): hand-written OTLP and Jaeger files
// whose answer is known (a 3-service chain with fixed durations, a fan-out,
// a database and an external seen by their client only), checked field by
// field; bad input (a truncated line, a span without its parent, clock skew,
// an unknown format) as counted skips and exact messages; the fits.
#include "import/traceimport.h"
#include "import/traces.h"
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"
#include "simcore/random.h"

#include <QtTest>

#include <cmath>

using namespace scalelab;
using import::CallModel;
using import::TraceModel;
using Kind = scenarios::ComponentKind;

namespace {

const std::string kDir = SCALELAB_TRACE_DIR;

TraceModel load(const std::vector<std::string>& files, import::TraceInput* keep = nullptr)
{
    import::TraceInput input;
    for (const auto& f : files)
        import::readTraceFile(kDir + "/" + f, input);
    TraceModel model = import::analyzeTraces(input);
    if (keep)
        *keep = input;
    return model;
}

bool near(double a, double b, double tolerance = 1e-6) { return std::abs(a - b) <= tolerance; }

} // namespace

class TestTraceImport : public QObject
{
    Q_OBJECT

private:
    /// The chain gateway -> orders -> billing: own times 20, 26 and 46 ms, 2 ms a hop.
    void checkChain(const TraceModel& m, std::size_t traces)
    {
        QCOMPARE(m.traces, traces);
        QCOMPARE(m.operations.size(), std::size_t(1));
        const import::OperationModel& op = m.operations.front();
        QCOMPARE(op.name, std::string("checkout"));
        QCOMPARE(op.count, traces);
        QCOMPARE(m.components.size(), std::size_t(3));
        QCOMPARE(m.components[0].name, std::string("gateway"));
        QCOMPARE(m.components[1].name, std::string("orders"));
        QCOMPARE(m.components[2].name, std::string("billing"));
        for (const auto& c : m.components)
            QVERIFY(c.kind == Kind::Service);
        const CallModel& gw = op.root;
        QCOMPARE(gw.target, std::string("gateway"));
        QCOMPARE(gw.time.method, std::string("constant"));
        QVERIFY(near(gw.time.mean, 0.020));
        QCOMPARE(gw.calls.size(), std::size_t(1));
        const CallModel& orders = gw.calls.front();
        QCOMPARE(orders.target, std::string("orders"));
        QCOMPARE(orders.probability, 1.0);
        QCOMPARE(orders.repeats, 1);
        QVERIFY(near(orders.time.mean, 0.026));
        QCOMPARE(orders.calls.size(), std::size_t(1));
        const CallModel& billing = orders.calls.front();
        QCOMPARE(billing.target, std::string("billing"));
        QVERIFY(near(billing.time.mean, 0.046));
        QVERIFY(billing.calls.empty());
        QVERIFY(near(m.hop, 0.002));
    }

private slots:
    void chainOtlp()
    {
        const TraceModel m = load({"chain.jsonl"});
        checkChain(m, 2);
        // Two arrivals 1 s apart: a period of 2 s in 1 s bins, 1 request/s.
        QVERIFY(near(m.period, 2.0));
        QCOMPARE(m.bin, 1.0);
        QCOMPARE(m.rates, (std::vector<double>{1.0, 1.0}));
        QVERIFY(m.skipped.empty());
        QCOMPARE(m.skewCorrected, std::size_t(0));
    }

    void chainJaeger() { checkChain(load({"chain.jaeger.json"}), 1); }

    void clockSkewIsCorrected()
    {
        // The orders host is 1 s ahead: its spans are moved inside the gateway's call.
        const TraceModel m = load({"skew.jsonl"});
        checkChain(m, 1);
        QCOMPARE(m.skewCorrected, std::size_t(1));
    }

    void fanOutIsParallel()
    {
        const TraceModel m = load({"fanout.jsonl"});
        QCOMPARE(m.traces, std::size_t(3));
        const CallModel& api = m.operations.front().root;
        QCOMPARE(m.operations.front().name, std::string("search"));
        QVERIFY(api.parallel);
        // 50 ms less the union of [5, 35] and [6, 40] ms.
        QVERIFY(near(api.time.mean, 0.015));
        QCOMPARE(api.calls.size(), std::size_t(2));
        QCOMPARE(api.calls[0].target, std::string("index-a"));
        QCOMPARE(api.calls[1].target, std::string("index-b"));
        QVERIFY(near(api.calls[0].time.mean, 0.028));
        QVERIFY(near(api.calls[1].time.mean, 0.032));
        QVERIFY(near(m.hop, 0.001));

        const scenarios::Study study = import::buildStudy(m);
        const scenarios::Call& root = study.variants.front().routes.front().root;
        QCOMPARE(root.parallel.size(), std::size_t(2));
        QVERIFY(root.calls.empty());
    }

    void databaseAndExternalFromClientSpans()
    {
        const TraceModel m = load({"db.jsonl"});
        QCOMPARE(m.components.size(), std::size_t(3));
        QCOMPARE(m.components[1].name, std::string("catalogdb"));
        QVERIFY(m.components[1].kind == Kind::SqlDatabase);
        QCOMPARE(m.components[1].dbSystem, std::string("postgresql"));
        QCOMPARE(m.components[2].name, std::string("pay_example_com"));
        QVERIFY(m.components[2].kind == Kind::External);
        QCOMPARE(m.components[2].errorRate, 0.5);
        QVERIFY(near(m.components[2].latency.mean, 0.005));
        const CallModel& catalog = m.operations.front().root;
        QVERIFY(near(catalog.time.mean, 0.007)); // 20 ms less 8 ms of query and 5 ms of payment
        QCOMPARE(catalog.calls.size(), std::size_t(2));
        QVERIFY(!catalog.calls[0].write);
        QVERIFY(near(catalog.calls[0].time.mean, 0.008));
        QVERIFY(!catalog.parallel);

        const scenarios::Study study = import::buildStudy(m);
        const scenarios::Variant& v = study.variants.front();
        QVERIFY(v.components[1].kind == Kind::SqlDatabase);
        QVERIFY(v.components[2].latency.mean() == 0.005);
        QCOMPARE(v.components[2].errorRate, 0.5);
        const scenarios::Call& root = v.routes.front().root;
        QCOMPARE(root.calls.size(), std::size_t(2));
        QVERIFY(root.calls[0].read.has_value());
        QVERIFY(!root.calls[0].write.has_value());
        QCOMPARE(root.calls[1].target, std::string("pay_example_com"));
    }

    void importedStudyReadsBack()
    {
        // What the writer writes is a valid study with the same routes.
        const scenarios::Study study = import::buildStudy(load({"chain.jsonl", "fanout.jsonl", "db.jsonl"}));
        const std::string text = scenarios::writeStudy(study);
        const scenarios::LoadResult back = scenarios::parseStudy(text, "imported.yaml");
        QVERIFY2(back.ok(), back.report().c_str());
        QCOMPARE(back.study->operations.size(), std::size_t(3));
        QCOMPARE(scenarios::writeStudy(*back.study), text);
    }

    void truncatedLineIsSkipped()
    {
        import::TraceInput input;
        const TraceModel m = load({"truncated.jsonl"}, &input);
        QCOMPARE(m.traces, std::size_t(1));
        QCOMPARE(m.skipped.at("malformed lines"), 1);
        QCOMPARE(input.diagnostics.size(), std::size_t(1));
        const scenarios::Diagnostic& d = input.diagnostics.front();
        QCOMPARE(d.line, 2);
        QCOMPARE(d.column, 121);
        QVERIFY(d.severity == scenarios::Diagnostic::Severity::Warning);
        QCOMPARE(d.message, std::string("malformed JSON, line skipped (a truncated line?)"));
        QVERIFY(!input.hasErrors());
    }

    void spanWithoutParentSkipsItsTrace()
    {
        const TraceModel m = load({"orphan.jsonl"});
        QCOMPARE(m.traces, std::size_t(1));
        QCOMPARE(m.skipped.at("traces with a span whose parent is missing"), 1);
        QCOMPARE(m.diagnostics.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(m.diagnostics.front().format()),
                 QString::fromStdString(kDir + "/orphan.jsonl:1: warning: span 9000000000000001 of trace "
                                               "00000000000000000000000000000099 names parent 77777777777777777, "
                                               "which is not in the input; trace skipped (export whole traces (tail "
                                               "sampling keeps traces whole))"));
    }

    void unknownFormatIsAnError()
    {
        import::TraceInput input;
        load({"unknown.json"}, &input);
        QVERIFY(input.hasErrors());
        QCOMPARE(QString::fromStdString(input.diagnostics.front().format()),
                 QString::fromStdString(kDir + "/unknown.json:1:1: error: unknown trace format: neither OTLP JSON "
                                               "(resourceSpans) nor a Jaeger export (data) (export traces with the "
                                               "OpenTelemetry collector's file exporter, or download them from Jaeger "
                                               "as JSON)"));
        QVERIFY(input.spans.empty());
    }

    void fitsPickTheCloserFamily()
    {
        // 150 lognormal samples (cv 0.5): fitted, its KS distance small.
        sim::RandomStream rng(7, "fit", 0);
        const sim::Distribution lognormal = sim::Distribution::lognormal(0.010, 0.5);
        std::vector<double> samples;
        for (int i = 0; i < 150; ++i)
            samples.push_back(lognormal.sample(rng));
        const import::FittedTime fit = import::fitTime(samples);
        QVERIFY(fit.method == "lognormal" || fit.method == "gamma");
        QCOMPARE(fit.samples, std::size_t(150));
        QVERIFY2(fit.ks < 0.12, qPrintable(QString::number(fit.ks)));
        QVERIFY(std::abs(fit.distribution.mean() - 0.010) < 0.0015);
        // From 200 samples on: the observed quantiles, one per sample up to 1000.
        for (int i = 0; i < 850; ++i)
            samples.push_back(lognormal.sample(rng));
        const import::FittedTime empirical = import::fitTime(samples);
        QCOMPARE(empirical.method, std::string("empirical"));
        QVERIFY(empirical.distribution.kind() == sim::Distribution::Kind::Empirical);
        QVERIFY(empirical.ks < 0.01);
        QVERIFY(std::abs(empirical.distribution.mean() - empirical.mean) / empirical.mean < 0.01);
        // Ties (a two-valued time) count together: its quantiles fit it closely.
        std::vector<double> twoValued(300, 0.001);
        twoValued.resize(600, 0.003);
        const import::FittedTime tied = import::fitTime(twoValued);
        QCOMPARE(tied.method, std::string("empirical"));
        QVERIFY2(tied.ks < 0.01, qPrintable(QString::number(tied.ks)));
        // Equal samples: a constant.
        QCOMPARE(import::fitTime({0.004, 0.004, 0.004}).method, std::string("constant"));
    }
};

QTEST_GUILESS_MAIN(TestTraceImport)
#include "tst_traceimport.moc"
