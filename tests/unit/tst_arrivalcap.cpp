// The cap on a run's requests (VariantObserver::maxArrivals, sim::Source::setLimit):
// the source generates exactly that many and then none, whatever the rate; no
// cap leaves the run as it was.
#include "scenarios/runner.h"
#include "scenarios/studyreader.h"
#include "simcore/subprocess.h"

#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <string>

using namespace scalelab;

namespace {

// 1000 requests/s, deterministic, for 10 s: 10000 arrivals without a cap.
const char* const kStudy = R"(
operations: {browse: {share: 1}}
workload: {rate: [{at: 0s, rps: 1000}], arrivals: deterministic}
run: {duration: 10s, warmup: 0s, bin: 1s}
variants:
  v:
    components:
      app: {kind: service, instances: 2, cores: 4}
    routes: {browse: [{app: {cpu: 1ms}}]}
)";

class Cap : public scenarios::VariantObserver
{
public:
    explicit Cap(std::uint64_t cap) : m_cap(cap) {}
    void onFrame(const sim::Frame& frame) override { lastBinArrivals = frame.metrics.arrivals; }
    std::uint64_t maxArrivals() const override { return m_cap; }
    std::uint64_t lastBinArrivals = 0;

private:
    std::uint64_t m_cap;
};

// Arrivals and completions of the whole run, and the last bin's arrivals, as "a c last".
std::string runWithCap(std::uint64_t cap)
{
    return sim::runInChild([cap] {
        const auto loaded = scenarios::parseStudy(kStudy, "cap.yaml");
        if (!loaded.ok())
            return loaded.report();
        Cap observer(cap);
        const auto run = scenarios::runVariant(*loaded.study, loaded.study->variants.front(), 1, 0, &observer);
        return std::to_string(run.summary.arrivals) + " " + std::to_string(run.summary.completions) + " " +
               std::to_string(observer.lastBinArrivals);
    });
}

} // namespace

class TestArrivalCap : public QObject
{
    Q_OBJECT

private slots:
    void capStopsTheSource()
    {
        // 2500 requests arrive in the first 2.5 s; every one completes (1 ms of
        // work on 8 cores); the last bin sees none.
        QCOMPARE(QString::fromStdString(runWithCap(2500)), QString("2500 2500 0"));
    }
    void noCapRunsTheWholeDuration()
    {
        // 10000 arrivals; at most the last few (1 ms of work each) still in
        // service at 10 s; the last bin has its 1000 arrivals, give or take the
        // one on its boundary.
        const QStringList got = QString::fromStdString(runWithCap(0)).split(' ');
        QCOMPARE(got.size(), 3);
        QCOMPARE(got[0], QString("10000"));
        QVERIFY2(got[1].toInt() >= 9990 && got[1].toInt() <= 10000, qPrintable(got[1]));
        QVERIFY2(std::abs(got[2].toInt() - 1000) <= 1, qPrintable(got[2]));
        // A cap the run never reaches changes nothing.
        QCOMPARE(QString::fromStdString(runWithCap(20000)), got.join(' '));
    }
};

QTEST_GUILESS_MAIN(TestArrivalCap)
#include "tst_arrivalcap.moc"
