// LatencyHistogram against exact quantiles of known samples: the documented
// relative error bound, nearest-rank semantics, exactness below 128 ns, merge,
// clear, exact moments, and memory that depends on the range, not the count.
#include "simcore/histogram.h"
#include "simcore/random.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

using scalelab::sim::LatencyHistogram;
using scalelab::sim::RandomStream;

namespace {

/// The quantiles every sample set is checked at.
const std::vector<double> kQuantiles{0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0};

/// Nearest-rank quantile of sorted values: the smallest value with at least
/// q * n values at or below it.
double exactQuantile(const std::vector<double>& sorted, double q)
{
    const auto n = static_cast<double>(sorted.size());
    auto rank = static_cast<std::size_t>(std::ceil(q * n));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

double relativeError(double approx, double exact) { return std::fabs(approx - exact) / exact; }

/// Every quantile of `h` within the documented bound of the exact one (plus 1e-12
/// for the rounding of the conversion to seconds). Empty when all are.
QString checkQuantiles(const LatencyHistogram& h, const std::vector<double>& sorted)
{
    QString problems;
    for (double q : kQuantiles) {
        const double exact = exactQuantile(sorted, q);
        const double approx = h.quantile(q);
        const double err = relativeError(approx, exact);
        if (err > LatencyHistogram::kMaxRelativeError + 1e-12)
            problems += QStringLiteral("q=%1: histogram %2 s, exact %3 s, relative error %4 > %5\n")
                            .arg(q)
                            .arg(approx, 0, 'g', 12)
                            .arg(exact, 0, 'g', 12)
                            .arg(err)
                            .arg(LatencyHistogram::kMaxRelativeError);
    }
    return problems;
}

} // namespace

class TestHistogram : public QObject
{
    Q_OBJECT

private slots:
    void emptyHistogram()
    {
        const LatencyHistogram h;
        QCOMPARE(h.count(), std::uint64_t(0));
        QCOMPARE(h.mean(), 0.0);
        QCOMPARE(h.min(), 0.0);
        QCOMPARE(h.max(), 0.0);
        QCOMPARE(h.quantile(0.5), 0.0);
        QCOMPARE(h.fractionAtOrBelow(1.0), 0.0);
    }

    void quantilesOfUniformMicroseconds()
    {
        // 1..100000 us, recorded in a scrambled order (record order must not matter).
        constexpr int n = 100000;
        std::vector<double> sorted;
        sorted.reserve(n);
        for (int i = 1; i <= n; ++i)
            sorted.push_back(i * 1e-6);
        LatencyHistogram h;
        for (int i = 0; i < n; ++i)
            h.record(sorted[static_cast<std::size_t>((std::int64_t(i) * 7919) % n)]);
        QCOMPARE(h.count(), std::uint64_t(n));
        const QString problems = checkQuantiles(h, sorted);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
    }

    void quantilesOfExponentialSamples()
    {
        // 200k exponential samples, mean 10 ms: a long tail over six factors of two.
        RandomStream rng(7, "histogram", 0);
        std::vector<double> samples(200000);
        LatencyHistogram h;
        for (double& s : samples) {
            s = rng.exponential(0.010);
            h.record(s);
        }
        std::sort(samples.begin(), samples.end());
        const QString problems = checkQuantiles(h, samples);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
    }

    void bucketsCoverEveryNanosecondWithinTheBound()
    {
        // Buckets are contiguous (each integer ns falls in the same or the next
        // bucket), one per ns below 256 ns, and every integer ns lies within
        // kMaxRelativeError of its bucket's midpoint.
        int previous = LatencyHistogram::bucketIndex(0);
        QCOMPARE(previous, 0);
        double worst = 0;
        for (std::uint64_t ns = 1; ns < (std::uint64_t(1) << 22); ++ns) {
            const int index = LatencyHistogram::bucketIndex(ns);
            if (index != previous && index != previous + 1)
                QFAIL(qPrintable(QStringLiteral("bucket index jumps from %1 to %2 at %3 ns").arg(previous).arg(index).arg(ns)));
            if (ns < 256 && index != static_cast<int>(ns))
                QFAIL(qPrintable(QStringLiteral("%1 ns is in bucket %2").arg(ns).arg(index)));
            previous = index;
            const double mid = LatencyHistogram::bucketMidpointSeconds(index) * 1e9;
            worst = std::max(worst, std::fabs(mid - double(ns)) / double(ns));
        }
        QVERIFY2(worst <= LatencyHistogram::kMaxRelativeError,
                 qPrintable(QStringLiteral("worst relative error %1").arg(worst)));
    }

    void exactBelow128Nanoseconds()
    {
        // One value at each of 0..127 ns: quantile (k+1)/128 is exactly k ns.
        LatencyHistogram h;
        for (int k = 0; k < 128; ++k)
            h.record(k * 1e-9);
        for (int k = 0; k < 128; ++k) {
            const double q = (k + 1) / 128.0;
            QVERIFY2(h.quantile(q) == k * 1e-9,
                     qPrintable(QStringLiteral("q=%1: got %2 ns, want %3 ns").arg(q).arg(h.quantile(q) * 1e9).arg(k)));
        }
        // The bucket of 127 ns holds only 127 ns.
        QCOMPARE(LatencyHistogram::bucketIndex(127), 127);
        QVERIFY(LatencyHistogram::bucketMidpointSeconds(127) == 127e-9);
        QCOMPARE(h.fractionAtOrBelow(63e-9), 64.0 / 128.0);
    }

    void nearestRank_data()
    {
        // 1..100 ns, recorded exactly: the nearest-rank q-quantile is ceil(100 q) ns.
        QTest::addColumn<double>("q");
        QTest::addColumn<int>("expectedNs");
        QTest::newRow("q=0.01") << 0.01 << 1;
        QTest::newRow("q=0.0100001") << 0.0100001 << 2;
        QTest::newRow("q=0.25") << 0.25 << 25;
        QTest::newRow("q=0.5") << 0.5 << 50;
        QTest::newRow("q=0.505") << 0.505 << 51;
        QTest::newRow("q=0.99") << 0.99 << 99;
        QTest::newRow("q=0.991") << 0.991 << 100;
        QTest::newRow("q=1") << 1.0 << 100;
        QTest::newRow("q=1e-9 (rank 1)") << 1e-9 << 1;
    }

    void nearestRank()
    {
        QFETCH(double, q);
        QFETCH(int, expectedNs);
        LatencyHistogram h;
        for (int k = 100; k >= 1; --k)
            h.record(k * 1e-9);
        QVERIFY2(h.quantile(q) == expectedNs * 1e-9,
                 qPrintable(QStringLiteral("got %1 ns").arg(h.quantile(q) * 1e9)));
    }

    void meanMinMaxAreExact()
    {
        // Values away from bucket midpoints: a bucketed mean/min/max would differ.
        const std::vector<double> values{0.0031234567, 0.0010000001, 0.0020987654, 0.0000123457, 1.2345678901};
        LatencyHistogram h;
        double sum = 0;
        for (double v : values) {
            h.record(v);
            sum += v;
        }
        QCOMPARE(h.count(), std::uint64_t(values.size()));
        QVERIFY(h.mean() == sum / double(values.size()));
        QVERIFY(h.min() == 0.0000123457);
        QVERIFY(h.max() == 1.2345678901);
    }

    void fractionAtOrBelow()
    {
        LatencyHistogram h;
        for (int i = 1; i <= 100000; ++i)
            h.record(i * 1e-6);
        // Within one bucket's worth of values: at 50 ms a bucket spans at most
        // 50 ms / 128 = 390 us, i.e. 390 of the 100000 values.
        QVERIFY(std::fabs(h.fractionAtOrBelow(0.050) - 0.5) <= 0.0040);
        QVERIFY(std::fabs(h.fractionAtOrBelow(0.001) - 0.01) <= 0.0001);
        QCOMPARE(h.fractionAtOrBelow(1.0), 1.0);
        QCOMPARE(h.fractionAtOrBelow(0.0), 0.0);
    }

    void mergeEqualsRecordingEverything_data()
    {
        QTest::addColumn<double>("lowA");
        QTest::addColumn<double>("highA");
        QTest::addColumn<double>("lowB");
        QTest::addColumn<double>("highB");
        QTest::newRow("overlapping") << 1e-3 << 1e-1 << 1e-2 << 1.0;
        QTest::newRow("disjoint, other above") << 1e-6 << 1e-3 << 1.0 << 10.0;
        QTest::newRow("disjoint, other below") << 1.0 << 10.0 << 1e-8 << 1e-6;
        QTest::newRow("other inside") << 1e-6 << 10.0 << 1e-3 << 2e-3;
    }

    void mergeEqualsRecordingEverything()
    {
        QFETCH(double, lowA);
        QFETCH(double, highA);
        QFETCH(double, lowB);
        QFETCH(double, highB);
        RandomStream rng(11, "merge", 0);
        auto logUniform = [&](double lo, double hi) { return lo * std::pow(hi / lo, rng.uniform()); };
        LatencyHistogram a, b, all;
        for (int i = 0; i < 20000; ++i) {
            const double x = logUniform(lowA, highA);
            a.record(x);
            all.record(x);
        }
        for (int i = 0; i < 30000; ++i) {
            const double x = logUniform(lowB, highB);
            b.record(x);
            all.record(x);
        }
        a.merge(b);
        QCOMPARE(a.count(), all.count());
        QVERIFY(a.min() == all.min());
        QVERIFY(a.max() == all.max());
        // Same values summed in another order.
        QVERIFY(std::fabs(a.mean() - all.mean()) <= 1e-12 * all.mean());
        for (double q = 0.0005; q <= 1.0; q += 0.0005)
            QVERIFY2(a.quantile(q) == all.quantile(q),
                     qPrintable(QStringLiteral("q=%1: merged %2, single %3").arg(q).arg(a.quantile(q)).arg(all.quantile(q))));
        for (double x : {lowA, highA, lowB, highB, std::sqrt(lowA * highB)})
            QCOMPARE(a.fractionAtOrBelow(x), all.fractionAtOrBelow(x));
    }

    void mergeWithEmpty()
    {
        LatencyHistogram h, empty;
        for (int i = 1; i <= 1000; ++i)
            h.record(i * 1e-5);
        const double p99 = h.quantile(0.99);
        h.merge(empty);
        QCOMPARE(h.count(), std::uint64_t(1000));
        QVERIFY(h.quantile(0.99) == p99);

        LatencyHistogram into;
        into.merge(h);
        QCOMPARE(into.count(), std::uint64_t(1000));
        QVERIFY(into.quantile(0.99) == p99);
        QVERIFY(into.min() == 1e-5);
        QVERIFY(into.max() == h.max());
    }

    void clear()
    {
        LatencyHistogram h;
        for (int i = 1; i <= 1000; ++i)
            h.record(i * 1e-6);
        h.clear();
        QCOMPARE(h.count(), std::uint64_t(0));
        QCOMPARE(h.mean(), 0.0);
        QCOMPARE(h.min(), 0.0);
        QCOMPARE(h.max(), 0.0);
        QCOMPARE(h.quantile(0.5), 0.0);

        // After clear() it behaves like a fresh histogram: no stale counts, min or max.
        LatencyHistogram fresh;
        for (double x : {0.5, 0.25, 0.75}) {
            h.record(x);
            fresh.record(x);
        }
        QCOMPARE(h.count(), std::uint64_t(3));
        QVERIFY(h.min() == 0.25);
        QVERIFY(h.max() == 0.75);
        QVERIFY(h.mean() == fresh.mean());
        for (double q : kQuantiles)
            QVERIFY(h.quantile(q) == fresh.quantile(q));
    }

    void memoryDependsOnRangeNotCount()
    {
        // 4096 values spread log-uniformly over 1 us .. 1 s (20 factors of two).
        std::vector<double> values(4096);
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = 1e-6 * std::pow(1e6, double(i) / double(values.size() - 1));
        LatencyHistogram h;
        for (double v : values)
            h.record(v);
        const std::size_t afterRange = h.memoryBytes();
        for (int i = 0; i < 10'000'000; ++i)
            h.record(values[static_cast<std::size_t>(i) & 4095]);
        QCOMPARE(h.count(), std::uint64_t(10'000'000 + 4096));
        QCOMPARE(h.memoryBytes(), afterRange);
        // About 1 KiB (128 counters) per factor of two; allow twice that for the
        // vector's geometric growth: 21 factors of two -> at most 42 KiB.
        QVERIFY2(afterRange <= 2 * 21 * 1024, qPrintable(QStringLiteral("%1 bytes").arg(afterRange)));
    }
};

QTEST_GUILESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
