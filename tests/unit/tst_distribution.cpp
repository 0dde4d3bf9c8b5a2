// Distribution: sampled moments of every kind against mean()/cv(), the second
// moment, scaling, and the text form (parse() of every documented form, exact
// error text and column for bad input, describe() round trips).
#include "simcore/distribution.h"
#include "simcore/random.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

using scalelab::sim::Distribution;
using scalelab::sim::RandomStream;

Q_DECLARE_METATYPE(scalelab::sim::Distribution)
Q_DECLARE_METATYPE(scalelab::sim::Distribution::Kind)

namespace {

/// Samples per moment check. With n = 400k the standard error of the sample mean
/// is cv / 632 (0.32% for cv = 2) and that of the sample cv about
/// cv * sqrt((kurtosis - 1) / n) / 2 (0.4% for gamma cv = 2, whose kurtosis is 27);
/// the tolerances below are at least five standard errors.
constexpr int kSamples = 400000;

struct Moments
{
    double mean = 0;
    double cv = 0;
    double min = 0;
    double max = 0;
};

Moments sampleMoments(const Distribution& d, RandomStream& rng, int n)
{
    double sum = 0, sum2 = 0;
    Moments m;
    m.min = std::numeric_limits<double>::infinity();
    m.max = -m.min;
    for (int i = 0; i < n; ++i) {
        const double x = d.sample(rng);
        sum += x;
        sum2 += x * x;
        m.min = std::min(m.min, x);
        m.max = std::max(m.max, x);
    }
    m.mean = sum / n;
    const double var = std::max(0.0, (sum2 - sum * sum / n) / (n - 1));
    m.cv = m.mean > 0 ? std::sqrt(var) / m.mean : 0.0;
    return m;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

} // namespace

class TestDistribution : public QObject
{
    Q_OBJECT

private slots:
    void sampledMoments_data()
    {
        QTest::addColumn<Distribution>("dist");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("cv");
        QTest::addColumn<double>("meanTolerance"); // relative
        QTest::addColumn<double>("cvTolerance");   // relative

        QTest::newRow("constant(8ms)") << Distribution::constant(0.008) << 0.008 << 0.0 << 1e-12 << 0.0;
        QTest::newRow("exponential(5ms)") << Distribution::exponential(0.005) << 0.005 << 1.0 << 0.01 << 0.015;
        QTest::newRow("uniform(1ms, 3ms)") << Distribution::uniform(0.001, 0.003) << 0.002 << 1 / std::sqrt(12.0)
                                           << 0.005 << 0.01;
        QTest::newRow("lognormal(8ms, cv=0.5)") << Distribution::lognormal(0.008, 0.5) << 0.008 << 0.5 << 0.005
                                                << 0.015;
        // Kurtosis 41: the sample cv has a 0.5% standard error and a heavy right tail.
        QTest::newRow("lognormal(8ms, cv=1)") << Distribution::lognormal(0.008, 1.0) << 0.008 << 1.0 << 0.01
                                              << 0.03;
        QTest::newRow("gamma(10ms, cv=0.5)") << Distribution::gamma(0.010, 0.5) << 0.010 << 0.5 << 0.005 << 0.015;
        QTest::newRow("gamma(10ms, cv=2)") << Distribution::gamma(0.010, 2.0) << 0.010 << 2.0 << 0.02 << 0.025;
        // {1, 2, 4, 8} ms: mean 3.75 ms, variance 7.1875 ms^2.
        QTest::newRow("empiricalSamples") << Distribution::empiricalSamples({0.004, 0.001, 0.008, 0.002}) << 0.00375
                                          << std::sqrt(7.1875) / 3.75 << 0.005 << 0.01;
        // Bins [0,1) w1, [1,3) w3, [3,10) w1 (ms): mean = 0.2*0.5 + 0.6*2 + 0.2*6.5 = 2.6 ms,
        // E[X^2] = 0.2*1/3 + 0.6*13/3 + 0.2*139/3 = 11.0667 ms^2.
        const double m2 = (0.2 * 1 + 0.6 * 13 + 0.2 * 139) / 3.0;
        QTest::newRow("empiricalHistogram")
            << Distribution::empiricalHistogram({0, 0.001, 0.003, 0.010}, {1, 3, 1}) << 0.0026
            << std::sqrt(m2 - 2.6 * 2.6) / 2.6 << 0.005 << 0.01;
    }

    void sampledMoments()
    {
        QFETCH(Distribution, dist);
        QFETCH(double, mean);
        QFETCH(double, cv);
        QFETCH(double, meanTolerance);
        QFETCH(double, cvTolerance);

        // The analytic moments are exact.
        QVERIFY2(std::fabs(dist.mean() - mean) <= 1e-12 * mean, qPrintable(QString::number(dist.mean(), 'g', 17)));
        QVERIFY2(std::fabs(dist.cv() - cv) <= 1e-12, qPrintable(QString::number(dist.cv(), 'g', 17)));

        RandomStream rng(2024, "distribution", 0, QTest::currentDataTag());
        const Moments m = sampleMoments(dist, rng, kSamples);
        QVERIFY2(m.min >= 0, qPrintable(QStringLiteral("negative sample %1").arg(m.min)));
        if (cv == 0) {
            // No variation at all: every draw is the value itself.
            QVERIFY(m.min == mean && m.max == mean);
            return;
        }
        QVERIFY2(std::fabs(m.mean - mean) <= meanTolerance * mean,
                 qPrintable(QStringLiteral("sample mean %1, expected %2 +- %3%")
                                .arg(m.mean, 0, 'g', 8)
                                .arg(mean)
                                .arg(meanTolerance * 100)));
        const double cvBound = cvTolerance * cv;
        QVERIFY2(std::fabs(m.cv - cv) <= cvBound, qPrintable(QStringLiteral("sample cv %1, expected %2 +- %3")
                                                                 .arg(m.cv, 0, 'g', 8)
                                                                 .arg(cv)
                                                                 .arg(cvBound)));
    }

    void uniformStaysInItsRange()
    {
        const Distribution d = Distribution::uniform(0.001, 0.003);
        RandomStream rng(1, "uniform", 0);
        const Moments m = sampleMoments(d, rng, 100000);
        QVERIFY(m.min >= 0.001);
        QVERIFY(m.max < 0.003);
        // And they reach both ends: no sample within 3e-4 of the range from an end
        // has probability (1 - 3e-4)^100000 = e^-30.
        QVERIFY(m.min < 0.001 + 0.002 * 3e-4);
        QVERIFY(m.max > 0.003 - 0.002 * 3e-4);
    }

    void empiricalSamplesAreResampledUniformly()
    {
        // Only the observations come out, each with frequency 1/4: standard error
        // sqrt(0.25 * 0.75 / 400k) = 0.00068, tolerance 0.004 (six of them).
        const std::vector<double> observations{0.001, 0.002, 0.004, 0.008};
        const Distribution d = Distribution::empiricalSamples(observations);
        RandomStream rng(3, "empirical", 0);
        std::map<double, int> counts;
        for (int i = 0; i < kSamples; ++i)
            ++counts[d.sample(rng)];
        QCOMPARE(counts.size(), observations.size());
        for (double x : observations) {
            const double f = double(counts[x]) / kSamples;
            QVERIFY2(std::fabs(f - 0.25) <= 0.004, qPrintable(QStringLiteral("%1: frequency %2").arg(x).arg(f)));
        }
    }

    void empiricalHistogramFillsItsBins()
    {
        // Weights 1, 3, 0, 1 over [0,1), [1,3), [3,5), [5,10) ms: the empty bin gets nothing,
        // the others 0.2, 0.6, 0.2 (standard error <= 0.00077, tolerance 0.004).
        const Distribution d = Distribution::empiricalHistogram({0, 0.001, 0.003, 0.005, 0.010}, {1, 3, 0, 1});
        RandomStream rng(4, "histogram", 0);
        std::vector<int> bins(4, 0);
        for (int i = 0; i < kSamples; ++i) {
            const double x = d.sample(rng);
            QVERIFY(x >= 0 && x <= 0.010);
            ++bins[x < 0.001 ? 0 : x < 0.003 ? 1 : x < 0.005 ? 2 : 3];
        }
        QCOMPARE(bins[2], 0);
        const double expected[] = {0.2, 0.6, 0.0, 0.2};
        for (std::size_t i = 0; i < bins.size(); ++i) {
            const double f = double(bins[i]) / kSamples;
            QVERIFY2(std::fabs(f - expected[i]) <= 0.004, qPrintable(QStringLiteral("bin %1: %2").arg(i).arg(f)));
        }
    }

    void secondMoment_data()
    {
        QTest::addColumn<Distribution>("dist");
        QTest::addColumn<double>("expected");
        QTest::newRow("constant(3s)") << Distribution::constant(3) << 9.0;
        QTest::newRow("exponential(2s)") << Distribution::exponential(2) << 8.0;      // 2 mean^2
        QTest::newRow("uniform(0s, 1s)") << Distribution::uniform(0, 1) << 1.0 / 3;   // (a^2 + ab + b^2) / 3
        QTest::newRow("uniform(1s, 3s)") << Distribution::uniform(1, 3) << 13.0 / 3;
        QTest::newRow("lognormal(1s, cv=0.5)") << Distribution::lognormal(1, 0.5) << 1.25;
        QTest::newRow("gamma(2s, cv=0.5)") << Distribution::gamma(2, 0.5) << 5.0; // k(k+1) theta^2
        QTest::newRow("gamma(1s, cv=2)") << Distribution::gamma(1, 2) << 5.0;
        QTest::newRow("empirical(1s, 2s, 3s)") << Distribution::empiricalSamples({1, 2, 3}) << 14.0 / 3;
        QTest::newRow("histogram [0,2) uniform") << Distribution::empiricalHistogram({0, 2}, {1}) << 4.0 / 3;
    }

    void secondMoment()
    {
        QFETCH(Distribution, dist);
        QFETCH(double, expected);
        QVERIFY2(std::fabs(dist.secondMoment() - expected) <= 1e-12 * expected,
                 qPrintable(QString::number(dist.secondMoment(), 'g', 17)));
    }

    void scaled_data()
    {
        QTest::addColumn<Distribution>("dist");
        QTest::newRow("constant") << Distribution::constant(0.008);
        QTest::newRow("exponential") << Distribution::exponential(0.005);
        QTest::newRow("uniform") << Distribution::uniform(0.001, 0.003);
        QTest::newRow("lognormal") << Distribution::lognormal(0.008, 0.5);
        QTest::newRow("gamma cv=0.5") << Distribution::gamma(0.010, 0.5);
        QTest::newRow("gamma cv=2") << Distribution::gamma(0.010, 2);
        QTest::newRow("empiricalSamples") << Distribution::empiricalSamples({0.001, 0.002, 0.004});
        QTest::newRow("empiricalHistogram") << Distribution::empiricalHistogram({0, 0.001, 0.003}, {1, 3});
    }

    void scaled()
    {
        // scaled(f) multiplies the mean by f, keeps the cv and the kind, and on the
        // same random stream draws f times what the original draws.
        QFETCH(Distribution, dist);
        const double factor = 2.5;
        const Distribution s = dist.scaled(factor);
        QCOMPARE(s.kind(), dist.kind());
        QVERIFY(std::fabs(s.mean() - factor * dist.mean()) <= 1e-12 * s.mean());
        QVERIFY(std::fabs(s.cv() - dist.cv()) <= 1e-12);
        QVERIFY(std::fabs(s.secondMoment() - factor * factor * dist.secondMoment()) <= 1e-12 * s.secondMoment());
        RandomStream a(5, "scaled", 0), b(5, "scaled", 0);
        for (int i = 0; i < 1000; ++i) {
            const double x = dist.sample(a);
            const double y = s.sample(b);
            if (std::fabs(y - factor * x) > 1e-12 * factor * x)
                QFAIL(qPrintable(QStringLiteral("draw %1: scaled %2, %3 x original %4").arg(i).arg(y).arg(factor).arg(x)));
        }
    }

    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Distribution::Kind>("kind");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("cv");
        using K = Distribution::Kind;
        QTest::newRow("constant(8ms)") << "constant(8ms)" << K::Constant << 0.008 << 0.0;
        QTest::newRow("bare 8ms") << "8ms" << K::Constant << 0.008 << 0.0;
        QTest::newRow("bare, spaces") << "  8ms  " << K::Constant << 0.008 << 0.0;
        QTest::newRow("constant(500ns)") << "constant(500ns)" << K::Constant << 5e-7 << 0.0;
        QTest::newRow("constant(2min)") << "constant(2min)" << K::Constant << 120.0 << 0.0;
        QTest::newRow("constant(0s)") << "constant(0s)" << K::Constant << 0.0 << 0.0;
        QTest::newRow("exponential(5ms)") << "exponential(5ms)" << K::Exponential << 0.005 << 1.0;
        QTest::newRow("exponential(1h)") << "exponential(1h)" << K::Exponential << 3600.0 << 1.0;
        QTest::newRow("exponential(250µs)") << "exponential(250\u00b5s)" << K::Exponential << 250e-6 << 1.0;
        QTest::newRow("uniform(1ms, 3ms)") << "uniform(1ms, 3ms)" << K::Uniform << 0.002 << 1 / std::sqrt(12.0);
        QTest::newRow("uniform(1ms,3ms)") << "uniform(1ms,3ms)" << K::Uniform << 0.002 << 1 / std::sqrt(12.0);
        QTest::newRow("uniform(2ms, 2ms)") << "uniform(2ms, 2ms)" << K::Uniform << 0.002 << 0.0;
        QTest::newRow("lognormal(8ms, cv=0.5)") << "lognormal(8ms, cv=0.5)" << K::Lognormal << 0.008 << 0.5;
        QTest::newRow("lognormal(8ms,cv=0.5)") << "lognormal(8ms,cv=0.5)" << K::Lognormal << 0.008 << 0.5;
        QTest::newRow("gamma(10ms, cv=2)") << "gamma(10ms, cv=2)" << K::Gamma << 0.010 << 2.0;
        QTest::newRow("gamma(1.5s, cv=0.25)") << " gamma(1.5s, cv=0.25) " << K::Gamma << 1.5 << 0.25;
        // {1, 2, 4} ms: mean 7/3 ms, variance 14/9 ms^2.
        QTest::newRow("empirical(1ms, 2ms, 4ms)") << "empirical(1ms, 2ms, 4ms)" << K::Empirical << 0.007 / 3
                                                  << std::sqrt(14.0 / 9) / (7.0 / 3);
        QTest::newRow("empirical unsorted") << "empirical(4ms, 1ms, 2ms)" << K::Empirical << 0.007 / 3
                                            << std::sqrt(14.0 / 9) / (7.0 / 3);
        QTest::newRow("empirical(3ms)") << "empirical(3ms)" << K::Empirical << 0.003 << 0.0;
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(Distribution::Kind, kind);
        QFETCH(double, mean);
        QFETCH(double, cv);
        const auto parsed = Distribution::parse(text.toStdString());
        QVERIFY2(parsed.ok(), parsed.error.c_str());
        QCOMPARE(parsed.column, std::size_t(0));
        QCOMPARE(parsed.value.kind(), kind);
        QVERIFY2(std::fabs(parsed.value.mean() - mean) <= 1e-12 * mean,
                 qPrintable(QString::number(parsed.value.mean(), 'g', 17)));
        QVERIFY2(std::fabs(parsed.value.cv() - cv) <= 1e-12, qPrintable(QString::number(parsed.value.cv(), 'g', 17)));
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("column"); // 0-based
        QTest::newRow("missing cv") << "lognormal(8ms)" << "lognormal takes 2 arguments (got 1)" << 9;
        QTest::newRow("unknown kind") << "cahce(1ms)"
                                      << "unknown distribution 'cahce'; known: constant, exponential, uniform, "
                                         "lognormal, gamma, empirical"
                                      << 0;
        QTest::newRow("bare number") << "8"
                                     << "duration '8' has no unit; write e.g. 8ms or 8s; or a distribution such "
                                        "as exponential(5ms)"
                                     << 1;
        QTest::newRow("empty") << ""
                               << "expected a duration with a unit, e.g. 250ms; or a distribution such as "
                                  "exponential(5ms)"
                               << 0;
        QTest::newRow("negative mean") << "exponential(-1ms)" << "duration must be >= 0 (got -1ms)" << 12;
        QTest::newRow("zero exponential mean") << "exponential(0ms)" << "exponential mean must be > 0" << 12;
        QTest::newRow("zero gamma mean") << "gamma(0s, cv=1)" << "gamma mean must be > 0" << 6;
        QTest::newRow("low > high") << "uniform(3ms, 1ms)" << "uniform needs low <= high" << 13;
        QTest::newRow("cv=0") << "gamma(1ms, cv=0)" << "cv must be > 0 (got 0); use constant(...) for no variation"
                              << 14;
        QTest::newRow("cv=-1") << "lognormal(8ms, cv=-1)"
                               << "cv must be > 0 (got -1); use constant(...) for no variation" << 18;
        QTest::newRow("cv=x") << "lognormal(8ms, cv=x)" << "cv must be a number (got 'x')" << 18;
        QTest::newRow("cv=0.5x") << "gamma(1ms, cv=0.5x)" << "cv must be a number (got '0.5x')" << 14;
        QTest::newRow("cv without name") << "lognormal(8ms, 0.5)"
                                         << "expected cv=<number> as the second argument of lognormal" << 15;
        QTest::newRow("too many arguments") << "exponential(5ms, 1ms)" << "exponential takes 1 argument (got 2)"
                                            << 11;
        QTest::newRow("missing paren") << "exponential(5ms" << "missing ')' at the end of 'exponential(5ms'" << 15;
        QTest::newRow("argument without unit") << "uniform(1ms, 3)" << "duration '3' has no unit; write e.g. 3ms or 3s"
                                               << 14;
        QTest::newRow("unknown unit") << "constant(8 parsecs)"
                                      << "unknown duration unit 'parsecs'; known: ns, us, ms, s, min, h" << 11;
        QTest::newRow("empirical bad sample") << "empirical(1ms, x)"
                                              << "expected a number at the start of duration 'x'" << 15;
        QTest::newRow("empty argument") << "constant()" << "expected a duration with a unit, e.g. 250ms" << 9;
        QTest::newRow("leading spaces shift the column") << "  gamma(1ms, cv=0)"
                                                         << "cv must be > 0 (got 0); use constant(...) for no "
                                                            "variation"
                                                         << 16;
    }

    void parseErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QFETCH(int, column);
        const auto parsed = Distribution::parse(text.toStdString());
        QVERIFY(!parsed.ok());
        QCOMPARE(q(parsed.error), error);
        QCOMPARE(parsed.column, std::size_t(column));
    }

    void describeRoundTrips_data()
    {
        QTest::addColumn<Distribution>("dist");
        QTest::addColumn<QString>("text");
        QTest::newRow("constant") << Distribution::constant(0.008) << "constant(8ms)";
        QTest::newRow("constant 2min") << Distribution::constant(120) << "constant(2min)";
        QTest::newRow("exponential") << Distribution::exponential(0.005) << "exponential(5ms)";
        QTest::newRow("exponential 1.5s") << Distribution::exponential(1.5) << "exponential(1.5s)";
        QTest::newRow("uniform") << Distribution::uniform(0.001, 0.003) << "uniform(1ms, 3ms)";
        QTest::newRow("uniform from 0") << Distribution::uniform(0, 250e-6) << "uniform(0s, 250us)";
        QTest::newRow("lognormal") << Distribution::lognormal(0.008, 0.5) << "lognormal(8ms, cv=0.5)";
        QTest::newRow("lognormal 12.3ms") << Distribution::lognormal(0.0123, 0.75) << "lognormal(12.3ms, cv=0.75)";
        QTest::newRow("gamma") << Distribution::gamma(0.010, 2) << "gamma(10ms, cv=2)";
        QTest::newRow("empirical") << Distribution::empiricalSamples({0.004, 0.001, 0.002})
                                   << "empirical(1ms, 2ms, 4ms)";
    }

    void describeRoundTrips()
    {
        QFETCH(Distribution, dist);
        QFETCH(QString, text);
        QCOMPARE(q(dist.describe()), text);
        const auto parsed = Distribution::parse(dist.describe());
        QVERIFY2(parsed.ok(), parsed.error.c_str());
        QCOMPARE(parsed.value.kind(), dist.kind());
        QVERIFY(std::fabs(parsed.value.mean() - dist.mean()) <= 1e-12 * dist.mean());
        QVERIFY(std::fabs(parsed.value.cv() - dist.cv()) <= 1e-12);
        QCOMPARE(q(parsed.value.describe()), text);
    }

    void describeKeepsSixSignificantDigits()
    {
        // Values that need more digits round-trip to 6 significant digits
        // (formatDuration and the cv use %.6g): relative error <= 5e-6.
        for (const Distribution& d : {Distribution::lognormal(1.0 / 3, 1.0 / 7), Distribution::gamma(0.0123456789, 0.3),
                                      Distribution::exponential(2.0 / 3), Distribution::uniform(1.0 / 9, 2.0 / 7)}) {
            const auto parsed = Distribution::parse(d.describe());
            QVERIFY2(parsed.ok(), parsed.error.c_str());
            QCOMPARE(parsed.value.kind(), d.kind());
            QVERIFY2(std::fabs(parsed.value.mean() - d.mean()) <= 5e-6 * d.mean(), d.describe().c_str());
            QVERIFY2(std::fabs(parsed.value.cv() - d.cv()) <= 5e-6 * d.cv(), d.describe().c_str());
        }
    }

    void describeHistogram()
    {
        // A histogram has no text form: describe() gives its moments, and parse() refuses it.
        const Distribution d = Distribution::empiricalHistogram({0, 0.002}, {1});
        QCOMPARE(q(d.describe()), QStringLiteral("empirical histogram (mean 1ms, cv=0.57735)"));
        QVERIFY(!Distribution::parse(d.describe()).ok());
    }

    void kindName()
    {
        using K = Distribution::Kind;
        QCOMPARE(q(std::string(Distribution::kindName(K::Constant))), QStringLiteral("constant"));
        QCOMPARE(q(std::string(Distribution::kindName(K::Exponential))), QStringLiteral("exponential"));
        QCOMPARE(q(std::string(Distribution::kindName(K::Uniform))), QStringLiteral("uniform"));
        QCOMPARE(q(std::string(Distribution::kindName(K::Lognormal))), QStringLiteral("lognormal"));
        QCOMPARE(q(std::string(Distribution::kindName(K::Gamma))), QStringLiteral("gamma"));
        QCOMPARE(q(std::string(Distribution::kindName(K::Empirical))), QStringLiteral("empirical"));
    }

    void toleratesSpaceBeforeParenthesis()
    {
        const auto parsed = Distribution::parse("exponential (5ms)");
        QVERIFY2(parsed.ok(), parsed.error.c_str());
        QCOMPARE(parsed.value.kind(), Distribution::Kind::Exponential);
        QCOMPARE(parsed.value.mean(), 0.005);
    }

    void rejectsNonFiniteCv_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("gamma cv=inf") << "gamma(1ms, cv=inf)";
        QTest::newRow("lognormal cv=inf") << "lognormal(8ms, cv=inf)";
        QTest::newRow("lognormal cv=1e300") << "lognormal(8ms, cv=1e300)";
    }

    void rejectsNonFiniteCv()
    {
        // A cv of infinity (or one whose square overflows) makes the samples NaN,
        // so parse() must refuse it as it refuses cv=0.
        QFETCH(QString, text);
        const auto parsed = Distribution::parse(text.toStdString());
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error.starts_with("cv must be a finite number <= 100 (got "), parsed.error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestDistribution)
#include "tst_distribution.moc"
