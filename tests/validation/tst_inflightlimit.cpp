// The in-flight limit (docs/models.md, "Overload: the in-flight limit"): past
// it a new request is rejected, so an overloaded study's memory stays bounded.
// A D/D/1 station offered twice its capacity (2000 requests/s, deterministic,
// against 1 ms of work on one core) with a backlog far larger than the limit:
// with a limit of 500 the requests in flight climb 1000/s to 500 (at 0.5 s),
// then every completion lets one arrival in and the other is refused. Over
// 10 s: 19999 arrivals (every 0.5 ms), one completion per ms (about 10000), 500 in
// flight at the end, every other request rejected by the limit (about 9500),
// and one in_flight_limit event. Without the limit the backlog simply grows.
#include "scenarios/runner.h"
#include "scenarios/studyreader.h"
#include "simcore/subprocess.h"

#include <QtTest>

#include <string>

using namespace scalelab;

namespace {

const char* const kStudy = R"(
operations: {browse: {share: 1}}
workload: {rate: [{at: 0s, rps: 2000}], arrivals: deterministic}
run: {duration: 10s, warmup: 0s, bin: 1s}
variants:
  v:
    components:
      app: {kind: service, instances: 1, cores: 1, threads: 1, backlog: 100000}
    routes: {browse: [{app: {cpu: 1ms}}]}
)";

class Limit : public scenarios::VariantObserver
{
public:
    explicit Limit(std::size_t limit) : m_limit(limit) {}
    void onFrame(const sim::Frame& frame) override
    {
        for (const sim::RunEvent& e : frame.events)
            if (e.kind == "in_flight_limit") {
                ++limitEvents;
                eventText = e.detail;
            }
    }
    std::size_t maxInFlight() const override { return m_limit; }
    int limitEvents = 0;
    std::string eventText;

private:
    std::size_t m_limit;
};

struct Outcome
{
    long arrivals = 0, completions = 0, rejections = 0, limitRejections = 0, events = 0;
    std::string eventText;
};

Outcome runWithLimit(std::size_t limit)
{
    const std::string line = sim::runInChild([limit] {
        const auto loaded = scenarios::parseStudy(kStudy, "limit.yaml");
        if (!loaded.ok())
            return loaded.report();
        Limit observer(limit);
        const auto run = scenarios::runVariant(*loaded.study, loaded.study->variants.front(), 1, 0, &observer);
        double limited = 0.0;
        for (const models::Gauge& g : run.gauges)
            if (g.component == "clients" && g.name == "in_flight_limit_rejections")
                limited = g.value;
        return std::to_string(run.summary.arrivals) + " " + std::to_string(run.summary.completions) + " " +
               std::to_string(run.summary.rejections) + " " + std::to_string(long(limited)) + " " +
               std::to_string(observer.limitEvents) + " " + observer.eventText;
    });
    const QStringList parts = QString::fromStdString(line).split(' ');
    Outcome o;
    if (parts.size() < 5) {
        qWarning("unexpected child output: %s", line.c_str());
        return o;
    }
    o.arrivals = parts[0].toLong();
    o.completions = parts[1].toLong();
    o.rejections = parts[2].toLong();
    o.limitRejections = parts[3].toLong();
    o.events = parts[4].toLong();
    o.eventText = parts.mid(5).join(' ').toStdString();
    return o;
}

} // namespace

class TestInFlightLimit : public QObject
{
    Q_OBJECT

private slots:
    void theLimitRejectsPastIt()
    {
        const Outcome o = runWithLimit(500);
        // Deterministic arrivals every 0.5 ms from 0.5 ms: 19999 before 10 s.
        QCOMPARE(o.arrivals, 19999L);
        // One completion per ms once the first is served: 10000 less the first few.
        QVERIFY2(o.completions >= 9990 && o.completions <= 10000, qPrintable(QString::number(o.completions)));
        // Every rejection is the limit's (the backlog of 100000 is never reached)...
        QCOMPARE(o.rejections, o.limitRejections);
        // ...and the limit is what is in flight at the end (499 between a
        // completion and the arrival that takes its place).
        const long inFlight = o.arrivals - o.completions - o.rejections;
        QVERIFY2(inFlight == 500 || inFlight == 499, qPrintable(QString::number(inFlight)));
        // About 9500 refused: 1000/s for the 9.5 s after the limit is reached.
        QVERIFY2(std::abs(o.limitRejections - 9500) <= 10, qPrintable(QString::number(o.limitRejections)));
        QCOMPARE(o.events, 1L);
        QCOMPARE(QString::fromStdString(o.eventText), QString("500 requests in flight: new requests are rejected"));
    }

    void withoutTheLimitTheBacklogGrows()
    {
        // The default limit (a million) is far away: nothing refused, about
        // 10000 requests still waiting at the end.
        const Outcome o = runWithLimit(models::kMaxRequestsInFlight);
        QCOMPARE(o.arrivals, 19999L);
        QCOMPARE(o.rejections, 0L);
        QCOMPARE(o.limitRejections, 0L);
        QCOMPARE(o.events, 0L);
        QVERIFY2(std::abs(o.arrivals - o.completions - 10000) <= 10, qPrintable(QString::number(o.completions)));
    }
};

QTEST_GUILESS_MAIN(TestInFlightLimit)
#include "tst_inflightlimit.moc"
