// Metrics -> traffic (scalelab::import): a Prometheus query_range answer and
// a CSV of time,rps become the rate of one operation, field by field; bad
// samples are skipped with their place, a file of neither form is an error.
#include "import/metrics.h"
#include "scenarios/studyreader.h"

#include <QtTest>

using namespace scalelab;

namespace {

const std::string kDir = SCALELAB_METRICS_DIR;

scenarios::Study twoOperations()
{
    const scenarios::LoadResult r = scenarios::parseStudy(R"(name: t
operations: {browse: {share: 0.8}, checkout: {share: 0.2}}
workload: {rate: [{at: 0s, rps: 100}], spikes: [{at: 10s, for: 10s, factor: 2}]}
run: {duration: 60s, warmup: 10s}
variants:
  v:
    components: {app: {kind: service}}
    routes: {browse: [app], checkout: [app]}
)",
                                                          "t.yaml");
    return *r.study;
}

} // namespace

class TestMetricsImport : public QObject
{
    Q_OBJECT

private slots:
    void prometheusSeriesAreSummed()
    {
        const import::RateSeries s = import::readRateSeries(kDir + "/query_range.json");
        QVERIFY(s.ok());
        // Two pods' series summed; the NaN sample is not a number: skipped with a warning.
        QCOMPARE(s.points, (std::vector<std::pair<double, double>>{{0, 8}, {60, 10}, {120, 10}, {180, 10}}));
        QCOMPARE(s.step, 60.0);
        QCOMPARE(s.diagnostics.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(s.diagnostics.front().format()),
                 QString::fromStdString(kDir + "/query_range.json:1: warning: series 2: a sample that is not [time, "
                                               "\"value\"] was skipped"));
    }

    void csvRows()
    {
        const import::RateSeries s = import::readRateSeries(kDir + "/rate.csv");
        QVERIFY(s.ok());
        QCOMPARE(s.points, (std::vector<std::pair<double, double>>{{0, 20}, {30, 20}, {60, 35.5}, {120, 10}}));
        QCOMPARE(s.step, 30.0);
        QCOMPARE(QString::fromStdString(s.diagnostics.front().format()),
                 QString::fromStdString(kDir + "/rate.csv:5:1: warning: not a time,rps row: '90,oops'; skipped (each "
                                               "row is a time in seconds and a rate, as numbers)"));
    }

    void aVectorIsNotARange()
    {
        const import::RateSeries s = import::readRateSeries(kDir + "/vector.json");
        QVERIFY(!s.ok());
        QCOMPARE(QString::fromStdString(s.diagnostics.front().format()),
                 QString::fromStdString(kDir + "/vector.json:1:1: error: not a Prometheus range query result: "
                                               "expected data.resultType \"matrix\" (save the answer of "
                                               "/api/v1/query_range, or a CSV of time,rps)"));
    }

    void theOperationGetsTheRate()
    {
        scenarios::Study study = twoOperations();
        const import::RateSeries s = import::readRateSeries(kDir + "/rate.csv");
        QVERIFY(import::applyRateSeries(study, "checkout", s, nullptr));
        // checkout is 20% of the mix: the total rate is 5x the series; equal steps merge.
        const auto& rate = study.workload.rate;
        QCOMPARE(rate.size(), std::size_t(3));
        QCOMPARE(rate[0].at, 0.0);
        QCOMPARE(rate[0].rps, 100.0);
        QCOMPARE(rate[1].at, 60.0);
        QCOMPARE(rate[1].rps, 177.5);
        QCOMPARE(rate[2].at, 120.0);
        QCOMPARE(rate[2].rps, 50.0);
        QVERIFY(study.workload.spikes.empty());
        QCOMPARE(study.run.duration, 150.0);
        QCOMPARE(study.run.warmup, 10.0);
        std::string error;
        QVERIFY(!import::applyRateSeries(study, "pay", s, &error));
        QCOMPARE(error, std::string("the study has no operation 'pay'; known: browse, checkout"));
    }
};

QTEST_GUILESS_MAIN(TestMetricsImport)
#include "tst_metricsimport.moc"
