// A NoSQL store's writes reach every replica of their shard: the first replica
// serves the call and sends the write on to the others over the network (not
// awaited). Each run goes through scenarios::runVariant, as the CLI does.
#include "studyrun.h"

#include <QtTest>

using namespace scalelab;
using testing::run;
using testing::study;

class TestNosqlReplication : public QObject
{
    Q_OBJECT

private slots:
    void everyReplicaAppliesEachWrite()
    {
        // 100 writes/s for 10 s, deterministic: 1000 writes, each applied on
        // the 3 replicas of its shard (2 shards x 3 = 6 machines): 3000 visits
        // at the store's stations, none lost. A replica does not pass a copy on:
        // copies of copies would multiply and saturate the store.
        const auto s = study(R"(
operations: {put: {share: 1}}
workload: {rate: [{at: 0s, rps: 100}], arrivals: deterministic}
run: {duration: 10s, warmup: 0s, bin: 1s}
variants:
  v:
    components:
      app: {kind: service, instances: 1, cores: 4}
      kv: {kind: nosql_store, shards: 2, replication_factor: 3}
    routes: {put: [{app: {cpu: 1ms}}, {kv: {write: 1ms}}]}
)");
        const auto r = run(s);
        QCOMPARE(r.summary.arrivals, std::uint64_t(1000));
        // The last request or two (2 ms of work, two hops) may still be in flight at 10 s.
        QVERIFY2(r.summary.completions >= 998, std::to_string(r.summary.completions).c_str());
        std::uint64_t kvVisits = 0, kvCompleted = 0;
        for (const sim::StationMetrics& st : r.summary.stations)
            if (st.name.rfind("kv", 0) == 0) {
                kvVisits += st.arrivals;
                kvCompleted += st.completed;
            }
        // Replica writes still in flight at the end are at most a few.
        QVERIFY2(kvVisits >= 2990 && kvVisits <= 3000, std::to_string(kvVisits).c_str());
        QVERIFY2(kvCompleted + 10 >= kvVisits, std::to_string(kvCompleted).c_str());
    }
};

QTEST_GUILESS_MAIN(TestNosqlReplication)
#include "tst_nosqlreplication.moc"
