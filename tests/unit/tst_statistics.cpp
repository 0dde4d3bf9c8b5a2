// Output statistics: Student-t confidence intervals, time-weighted areas and
// running mean/variance, against hand-computed values.
#include "simcore/statistics.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace scalelab::sim;

class TestStatistics : public QObject
{
    Q_OBJECT

private slots:
    void studentInterval_data()
    {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("level");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("halfWidth");
        // {1..5}: mean 3, variance 2.5, t(0.975, 4) = 2.776445, t(0.995, 4) = 4.604095.
        QTest::newRow("1..5, 95%") << std::vector<double>{1, 2, 3, 4, 5} << 0.95 << 3.0
                                   << 2.776445 * std::sqrt(2.5 / 5);
        QTest::newRow("1..5, 99%") << std::vector<double>{1, 2, 3, 4, 5} << 0.99 << 3.0
                                   << 4.604095 * std::sqrt(2.5 / 5);
        // {2, 4}: mean 3, variance 2, t(0.975, 1) = 12.706205.
        QTest::newRow("two values") << std::vector<double>{2, 4} << 0.95 << 3.0 << 12.706205 * std::sqrt(2.0 / 2);
        // 20 values 0..19: mean 9.5, variance 35, t(0.975, 19) = 2.093024.
        std::vector<double> twenty(20);
        for (std::size_t i = 0; i < twenty.size(); ++i)
            twenty[i] = double(i);
        QTest::newRow("0..19") << twenty << 0.95 << 9.5 << 2.093024 * std::sqrt(35.0 / 20);
        QTest::newRow("identical values") << std::vector<double>{7, 7, 7} << 0.95 << 7.0 << 0.0;
    }

    void studentInterval()
    {
        QFETCH(std::vector<double>, values);
        QFETCH(double, level);
        QFETCH(double, mean);
        QFETCH(double, halfWidth);
        const ConfidenceInterval ci = scalelab::sim::studentInterval(values, level);
        QCOMPARE(ci.n, values.size());
        QVERIFY2(std::fabs(ci.mean - mean) <= 1e-12 * std::fabs(mean), qPrintable(QString::number(ci.mean, 'g', 17)));
        // The t quantiles above have 7 significant digits.
        QVERIFY2(std::fabs(ci.halfWidth - halfWidth) <= 1e-6 * std::max(1.0, halfWidth),
                 qPrintable(QString::number(ci.halfWidth, 'g', 17)));
        QCOMPARE(ci.low(), ci.mean - ci.halfWidth);
        QCOMPARE(ci.high(), ci.mean + ci.halfWidth);
        QVERIFY(ci.contains(mean));
        QVERIFY(ci.contains(ci.low()) && ci.contains(ci.high()));
        QVERIFY(!ci.contains(ci.high() + 1e-9 + 1e-9 * std::fabs(ci.high())));
    }

    void studentIntervalDefaultLevelIs95()
    {
        const std::vector<double> v{1, 2, 3, 4, 5};
        QCOMPARE(scalelab::sim::studentInterval(v).halfWidth, scalelab::sim::studentInterval(v, 0.95).halfWidth);
    }

    void fewerThanTwoValues()
    {
        const ConfidenceInterval one = scalelab::sim::studentInterval({4.5});
        QCOMPARE(one.n, std::size_t(1));
        QCOMPARE(one.mean, 4.5);
        QCOMPARE(one.halfWidth, std::numeric_limits<double>::infinity());
        QVERIFY(one.contains(1e300));
        const ConfidenceInterval none = scalelab::sim::studentInterval({});
        QCOMPARE(none.n, std::size_t(0));
        QCOMPARE(none.halfWidth, std::numeric_limits<double>::infinity());
    }

    void timeWeighted()
    {
        // 0 on [0,1), 2 on [1,4), 5 on [4,6), 3 on [6,...): area to 10 = 6 + 10 + 12 = 28.
        TimeWeighted w;
        QCOMPARE(w.areaUntil(1), 0.0);
        w.set(1, 2);
        QCOMPARE(w.value(), 2.0);
        QCOMPARE(w.areaUntil(2.5), 3.0);
        w.add(4, 3);
        QCOMPARE(w.value(), 5.0);
        w.add(6, -2);
        QCOMPARE(w.value(), 3.0);
        QCOMPARE(w.areaUntil(6), 16.0);
        QCOMPARE(w.areaUntil(10), 28.0);
        // Setting the same value again does not change the area.
        w.set(8, 3);
        QCOMPARE(w.areaUntil(10), 28.0);
        // Time average over [0, 10).
        QCOMPARE(w.areaUntil(10) / 10, 2.8);
    }

    void runningStats_data()
    {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("variance");
        QTest::newRow("empty") << std::vector<double>{} << 0.0 << 0.0;
        QTest::newRow("one value") << std::vector<double>{3.5} << 3.5 << 0.0;
        // Sum of squared deviations 32 over 7 degrees of freedom.
        QTest::newRow("2,4,4,4,5,5,7,9") << std::vector<double>{2, 4, 4, 4, 5, 5, 7, 9} << 5.0 << 32.0 / 7;
        // A large offset must not cost precision (Welford, not sum of squares).
        QTest::newRow("offset 1e9") << std::vector<double>{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16} << 1e9 + 10 << 30.0;
    }

    void runningStats()
    {
        QFETCH(std::vector<double>, values);
        QFETCH(double, mean);
        QFETCH(double, variance);
        RunningStats s;
        for (double v : values)
            s.add(v);
        QCOMPARE(s.count(), values.size());
        QVERIFY2(std::fabs(s.mean() - mean) <= 1e-12 * std::fabs(mean), qPrintable(QString::number(s.mean(), 'g', 17)));
        QVERIFY2(std::fabs(s.variance() - variance) <= 1e-9 * std::max(1.0, variance),
                 qPrintable(QString::number(s.variance(), 'g', 17)));
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
