// Random streams: keyed reproducibility and independence, and the moments of
// uniform, exponential and normal draws; stableHash is FNV-1a 64.
#include "simcore/random.h"

#include <QtTest>

#include <cmath>
#include <cstdint>
#include <vector>

using scalelab::sim::RandomStream;
using scalelab::sim::stableHash;

namespace {

std::vector<std::uint64_t> draw(RandomStream rng, int n = 64)
{
    std::vector<std::uint64_t> out(static_cast<std::size_t>(n));
    for (auto& x : out)
        x = rng.nextU64();
    return out;
}

/// How many positions of two equally long sequences hold the same value.
int agreements(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b)
{
    int same = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        same += a[i] == b[i];
    return same;
}

} // namespace

class TestRandom : public QObject
{
    Q_OBJECT

private slots:
    void stableHash_data()
    {
        // Reference values of 64-bit FNV-1a.
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<quint64>("hash");
        QTest::newRow("empty") << QByteArray("") << Q_UINT64_C(0xcbf29ce484222325);
        QTest::newRow("a") << QByteArray("a") << Q_UINT64_C(0xaf63dc4c8601ec8c);
        QTest::newRow("abc") << QByteArray("abc") << Q_UINT64_C(0xe71fa2190541574b);
    }

    void stableHash()
    {
        QFETCH(QByteArray, text);
        QFETCH(quint64, hash);
        QCOMPARE(quint64(scalelab::sim::stableHash(std::string_view(text.constData(), std::size_t(text.size())))),
                 hash);
    }

    void sameKeySameSequence()
    {
        const auto a = draw(RandomStream(42, "api", 3, "service"));
        const auto b = draw(RandomStream(42, "api", 3, "service"));
        QVERIFY(a == b);
        // The default substream is the empty one.
        QVERIFY(draw(RandomStream(42, "api", 3)) == draw(RandomStream(42, "api", 3, "")));
        // Streams are values: a copy continues exactly where the original is.
        RandomStream original(42, "api", 3, "service");
        original.nextU64();
        RandomStream copy = original;
        QVERIFY(draw(original) == draw(copy));
    }

    void pinnedSequence()
    {
        // The numbers drawn for a key must not change between versions, or saved
        // studies stop reproducing. If this fails, seeding or the generator changed.
        RandomStream rng(1, "app", 0, "service");
        const auto first = rng.nextU64();
        RandomStream again(1, "app", 0, "service");
        QCOMPARE(again.nextU64(), first);
        QCOMPARE(quint64(first), Q_UINT64_C(0x5089e264c2aee770));
    }

    void differentKeysDifferentSequences_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<QByteArray>("component");
        QTest::addColumn<uint>("replication");
        QTest::addColumn<QByteArray>("substream");
        QTest::newRow("seed") << quint64(43) << QByteArray("api") << 3u << QByteArray("service");
        QTest::newRow("component id") << quint64(42) << QByteArray("db") << 3u << QByteArray("service");
        QTest::newRow("replication") << quint64(42) << QByteArray("api") << 4u << QByteArray("service");
        QTest::newRow("substream") << quint64(42) << QByteArray("api") << 3u << QByteArray("routing");
        QTest::newRow("no substream") << quint64(42) << QByteArray("api") << 3u << QByteArray("");
        // Fields are hashed separately, not concatenated.
        QTest::newRow("shifted boundary") << quint64(42) << QByteArray("apis") << 3u << QByteArray("ervice");
    }

    void differentKeysDifferentSequences()
    {
        QFETCH(quint64, seed);
        QFETCH(QByteArray, component);
        QFETCH(uint, replication);
        QFETCH(QByteArray, substream);
        const auto base = draw(RandomStream(42, "api", 3, "service"));
        const auto other = draw(RandomStream(seed, component.toStdString(), replication, substream.toStdString()));
        // Two independent 64-bit streams agree at a position with probability 2^-64.
        QCOMPARE(agreements(base, other), 0);
    }

    void rawKeys()
    {
        QVERIFY(draw(RandomStream(std::uint64_t(7))) == draw(RandomStream(std::uint64_t(7))));
        QCOMPARE(agreements(draw(RandomStream(std::uint64_t(7))), draw(RandomStream(std::uint64_t(8)))), 0);
    }

    void uniform()
    {
        // 1e6 draws: mean 0.5 (standard error 2.9e-4), variance 1/12 (standard error
        // 7.5e-5), each tenth of [0,1) holds 10% (standard error 3e-4).
        constexpr int n = 1'000'000;
        RandomStream rng(5, "uniform", 0);
        double sum = 0, sum2 = 0, lo = 1, hi = 0;
        std::vector<int> deciles(10, 0);
        for (int i = 0; i < n; ++i) {
            const double u = rng.uniform();
            sum += u;
            sum2 += u * u;
            lo = std::min(lo, u);
            hi = std::max(hi, u);
            ++deciles[static_cast<std::size_t>(u * 10)];
        }
        QVERIFY(lo >= 0.0);
        QVERIFY(hi < 1.0);
        const double mean = sum / n;
        QVERIFY2(std::fabs(mean - 0.5) <= 0.005, qPrintable(QString::number(mean)));
        const double var = sum2 / n - mean * mean;
        QVERIFY2(std::fabs(var - 1.0 / 12) <= 0.0005, qPrintable(QString::number(var)));
        for (int count : deciles)
            QVERIFY2(std::fabs(count / double(n) - 0.1) <= 0.002, qPrintable(QString::number(count)));
    }

    void uniformOpen()
    {
        RandomStream rng(6, "open", 0);
        for (int i = 0; i < 100000; ++i) {
            const double u = rng.uniformOpen();
            if (!(u > 0.0 && u < 1.0))
                QFAIL(qPrintable(QStringLiteral("draw %1 is %2").arg(i).arg(u)));
        }
    }

    void exponential()
    {
        // Mean 2 over 1e6 draws: standard error 0.1%, tolerance 0.5%; cv 1 within 1%;
        // P(X > mean) = e^-1.
        constexpr int n = 1'000'000;
        RandomStream rng(8, "exponential", 0);
        double sum = 0, sum2 = 0;
        int above = 0;
        for (int i = 0; i < n; ++i) {
            const double x = rng.exponential(2.0);
            QVERIFY(x > 0);
            sum += x;
            sum2 += x * x;
            above += x > 2.0;
        }
        const double mean = sum / n;
        const double cv = std::sqrt(sum2 / n - mean * mean) / mean;
        QVERIFY2(std::fabs(mean - 2.0) <= 0.01, qPrintable(QString::number(mean)));
        QVERIFY2(std::fabs(cv - 1.0) <= 0.01, qPrintable(QString::number(cv)));
        QVERIFY2(std::fabs(above / double(n) - std::exp(-1.0)) <= 0.002, qPrintable(QString::number(above)));
    }

    void normal()
    {
        // 1e6 draws: mean 0 (standard error 0.001, tolerance 0.005), variance 1
        // (standard error 0.0014, tolerance 0.01), P(|Z| < 1.96) = 0.95 (standard
        // error 2.2e-4, tolerance 0.002), symmetric.
        constexpr int n = 1'000'000;
        RandomStream rng(9, "normal", 0);
        double sum = 0, sum2 = 0;
        int inside = 0, positive = 0;
        for (int i = 0; i < n; ++i) {
            const double z = rng.normal();
            sum += z;
            sum2 += z * z;
            inside += std::fabs(z) < 1.959964;
            positive += z > 0;
        }
        const double mean = sum / n;
        const double var = sum2 / n - mean * mean;
        QVERIFY2(std::fabs(mean) <= 0.005, qPrintable(QString::number(mean)));
        QVERIFY2(std::fabs(var - 1.0) <= 0.01, qPrintable(QString::number(var)));
        QVERIFY2(std::fabs(inside / double(n) - 0.95) <= 0.002, qPrintable(QString::number(inside)));
        QVERIFY2(std::fabs(positive / double(n) - 0.5) <= 0.003, qPrintable(QString::number(positive)));
    }
};

QTEST_GUILESS_MAIN(TestRandom)
#include "tst_random.moc"
