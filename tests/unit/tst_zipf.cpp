// The Zipf key sampler (rejection-inversion) against the exact probabilities.
#include "simcore/zipf.h"

#include <QtTest>

#include <cmath>
#include <vector>

using scalelab::sim::RandomStream;
using scalelab::sim::ZipfSampler;

class TestZipf : public QObject
{
    Q_OBJECT

private slots:
    void frequenciesMatchThePmf_data()
    {
        QTest::addColumn<double>("exponent");
        QTest::addColumn<int>("keys");
        QTest::newRow("s=0.5, n=1000") << 0.5 << 1000;
        QTest::newRow("s=0.9, n=100000") << 0.9 << 100000;
        QTest::newRow("s=1.0, n=1000") << 1.0 << 1000;
        QTest::newRow("s=1.5, n=50") << 1.5 << 50;
        QTest::newRow("s=2.0, n=10") << 2.0 << 10;
    }

    void frequenciesMatchThePmf()
    {
        QFETCH(double, exponent);
        QFETCH(int, keys);
        const ZipfSampler zipf(std::uint64_t(keys), exponent);
        RandomStream rng(42, "zipf", 0);
        const int draws = 400000;
        std::vector<int> counts(6, 0);
        for (int i = 0; i < draws; ++i) {
            const std::uint64_t k = zipf.sample(rng);
            QVERIFY(k >= 1 && k <= std::uint64_t(keys));
            if (k <= 5)
                ++counts[k];
        }
        double norm = 0;
        for (int k = 1; k <= keys; ++k)
            norm += std::pow(k, -exponent);
        // The five most popular keys: each frequency within 4 standard errors.
        for (int k = 1; k <= 5; ++k) {
            const double p = std::pow(k, -exponent) / norm;
            const double sigma = std::sqrt(p * (1 - p) / draws);
            const double f = double(counts[std::size_t(k)]) / draws;
            QVERIFY2(std::fabs(f - p) < 4 * sigma,
                     qPrintable(QString("key %1: frequency %2, expected %3").arg(k).arg(f).arg(p)));
        }
    }

    void exponentZeroIsUniform()
    {
        const ZipfSampler zipf(4, 0.0);
        RandomStream rng(1, "zipf", 0);
        std::vector<int> counts(5, 0);
        for (int i = 0; i < 100000; ++i)
            ++counts[zipf.sample(rng)];
        for (int k = 1; k <= 4; ++k)
            QVERIFY(std::fabs(counts[std::size_t(k)] / 100000.0 - 0.25) < 0.006);
    }
};

QTEST_GUILESS_MAIN(TestZipf)
#include "tst_zipf.moc"
