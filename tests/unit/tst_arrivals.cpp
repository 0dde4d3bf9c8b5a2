// Arrivals: the rate profile's arithmetic, Poisson arrivals by thinning against
// the profile's integral, deterministic and trace arrivals, and CSV trace files
// with their compiler-style errors.
#include "simcore/arrivals.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace scalelab::sim;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// 10 rps at t=0, ramping to 30 rps at t=10, holding 30 until t=30 (the point at
/// t=20 repeats the rate), then 5 rps from t=30 on.
RateProfile holdAndRamp()
{
    return RateProfile({{0, 10, false}, {10, 30, true}, {20, 30, false}, {30, 5, false}});
}

/// 200 -> 2000 rps over [0,20), 2000 on [20,40), 2000 -> 500 over [40,60), then 500.
RateProfile rampProfile()
{
    return RateProfile({{0, 200, false}, {20, 2000, true}, {40, 2000, false}, {60, 500, true}});
}

/// Every arrival time from `process` up to `until` (may be +inf when the
/// process ends by itself).
std::vector<double> arrivalsUntil(ArrivalProcess& process, double until)
{
    std::vector<double> times;
    double now = 0;
    for (;;) {
        const double t = process.next(now);
        if (!std::isfinite(t) || t > until)
            break;
        times.push_back(t);
        now = t;
    }
    return times;
}

std::size_t countIn(const std::vector<double>& times, double from, double to)
{
    return static_cast<std::size_t>(std::count_if(times.begin(), times.end(), [&](double t) {
        return t >= from && t < to;
    }));
}

/// Writes a file into dir and returns its path.
QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
    return path;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

} // namespace

class TestArrivals : public QObject
{
    Q_OBJECT

private slots:
    void rateAt_data()
    {
        QTest::addColumn<double>("t");
        QTest::addColumn<double>("rate");
        QTest::newRow("before the first point") << -1.0 << 0.0;
        QTest::newRow("at the first point") << 0.0 << 10.0;
        QTest::newRow("quarter of the ramp") << 2.5 << 15.0;
        QTest::newRow("middle of the ramp") << 5.0 << 20.0;
        QTest::newRow("end of the ramp") << 10.0 << 30.0;
        QTest::newRow("hold") << 25.0 << 30.0;
        QTest::newRow("just before the drop") << 29.999 << 30.0;
        QTest::newRow("at the drop") << 30.0 << 5.0;
        QTest::newRow("after the last point") << 1000.0 << 5.0;
    }

    void rateAt()
    {
        QFETCH(double, t);
        QFETCH(double, rate);
        QVERIFY2(std::fabs(holdAndRamp().rateAt(t) - rate) <= 1e-12,
                 qPrintable(QString::number(holdAndRamp().rateAt(t), 'g', 17)));
    }

    void maxRate_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<double>("rate");
        QTest::newRow("first half of the ramp") << 0.0 << 5.0 << 20.0;
        QTest::newRow("whole ramp") << 0.0 << 10.0 << 30.0;
        QTest::newRow("hold then drop") << 20.0 << 40.0 << 30.0;
        QTest::newRow("inside the hold") << 12.0 << 18.0 << 30.0;
        QTest::newRow("after the drop") << 31.0 << 40.0 << 5.0;
        QTest::newRow("open end") << 31.0 << kInf << 5.0;
        QTest::newRow("everything") << -5.0 << kInf << 30.0;
    }

    void maxRate()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(double, rate);
        QVERIFY2(std::fabs(holdAndRamp().maxRate(from, to) - rate) <= 1e-12,
                 qPrintable(QString::number(holdAndRamp().maxRate(from, to), 'g', 17)));
    }

    void nextBreak_data()
    {
        QTest::addColumn<double>("t");
        QTest::addColumn<double>("next");
        QTest::newRow("before the first point") << -1.0 << 0.0;
        QTest::newRow("at the first point") << 0.0 << 10.0;
        QTest::newRow("inside the ramp") << 9.99 << 10.0;
        QTest::newRow("at a point") << 10.0 << 20.0;
        QTest::newRow("hold") << 25.0 << 30.0;
        QTest::newRow("at the last point") << 30.0 << kInf;
        QTest::newRow("after the last point") << 50.0 << kInf;
    }

    void nextBreak()
    {
        QFETCH(double, t);
        QFETCH(double, next);
        QCOMPARE(holdAndRamp().nextBreak(t), next);
    }

    void expectedArrivals_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<double>("count");
        QTest::newRow("ramp 10 -> 30 over 10 s") << 0.0 << 10.0 << 200.0;
        QTest::newRow("part of the ramp: (20 + 30) / 2 * 5") << 5.0 << 10.0 << 125.0;
        QTest::newRow("across the ramp's end") << 5.0 << 15.0 << 275.0;
        QTest::newRow("hold") << 10.0 << 30.0 << 600.0;
        QTest::newRow("after the drop") << 30.0 << 40.0 << 50.0;
        QTest::newRow("everything") << 0.0 << 40.0 << 850.0;
        QTest::newRow("from before the first point") << -10.0 << 10.0 << 200.0;
        QTest::newRow("empty interval") << 7.0 << 7.0 << 0.0;
    }

    void expectedArrivals()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(double, count);
        const double got = holdAndRamp().expectedArrivals(from, to);
        QVERIFY2(std::fabs(got - count) <= 1e-9 * std::max(1.0, count), qPrintable(QString::number(got, 'g', 17)));
    }

    void constantProfile()
    {
        const RateProfile p = RateProfile::constant(250);
        QCOMPARE(p.rateAt(0), 250.0);
        QCOMPARE(p.rateAt(1e6), 250.0);
        QCOMPARE(p.rateAt(-1), 0.0);
        QCOMPARE(p.nextBreak(0), kInf);
        QVERIFY(std::fabs(p.expectedArrivals(2, 6) - 1000.0) <= 1e-9);
    }

    void poissonCountsFollowTheProfile_data()
    {
        // Hand-computed integrals of rampProfile().
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<double>("expected");
        QTest::newRow("[0,10): 200 -> 1100") << 0.0 << 10.0 << 6500.0;
        QTest::newRow("[10,20): 1100 -> 2000") << 10.0 << 20.0 << 15500.0;
        QTest::newRow("[20,40): 2000") << 20.0 << 40.0 << 40000.0;
        QTest::newRow("[40,50): 2000 -> 1250") << 40.0 << 50.0 << 16250.0;
        QTest::newRow("[50,60): 1250 -> 500") << 50.0 << 60.0 << 8750.0;
        QTest::newRow("[60,80): 500") << 60.0 << 80.0 << 10000.0;
        QTest::newRow("[0,80)") << 0.0 << 80.0 << 97000.0;
    }

    void poissonCountsFollowTheProfile()
    {
        // The count of a Poisson process on an interval is Poisson with mean the
        // integral of the rate: within 3 standard deviations (sqrt of the mean).
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(double, expected);
        const RateProfile profile = rampProfile();
        QVERIFY(std::fabs(profile.expectedArrivals(from, to) - expected) <= 1e-9 * expected);
        auto process = makePoissonArrivals(profile, RandomStream(1, "source", 0, "arrivals"));
        const auto times = arrivalsUntil(*process, 80.0);
        QVERIFY(std::is_sorted(times.begin(), times.end()));
        const double count = double(countIn(times, from, to));
        const double sigma = std::sqrt(expected);
        QVERIFY2(std::fabs(count - expected) <= 3 * sigma,
                 qPrintable(QStringLiteral("%1 arrivals, expected %2 +- %3").arg(count).arg(expected).arg(3 * sigma)));
    }

    void poissonDispersion()
    {
        // Counts in 80 one-second windows: sum of (observed - expected)^2 / expected
        // is chi-square with 80 degrees of freedom (mean 80, sd 12.6) for a Poisson
        // process. Too high: overdispersed; too low: too regular (e.g. deterministic).
        const RateProfile profile = rampProfile();
        auto process = makePoissonArrivals(profile, RandomStream(2, "source", 0, "arrivals"));
        const auto times = arrivalsUntil(*process, 80.0);
        double chi2 = 0;
        for (int w = 0; w < 80; ++w) {
            const double e = profile.expectedArrivals(w, w + 1);
            const double o = double(countIn(times, w, w + 1));
            chi2 += (o - e) * (o - e) / e;
        }
        QVERIFY2(chi2 > 80 - 4 * 12.65 && chi2 < 80 + 4 * 12.65, qPrintable(QString::number(chi2)));
    }

    void poissonInterArrivalsAreExponential()
    {
        // Constant 100 rps, 200k arrivals: mean gap 10 ms (standard error 0.22%,
        // tolerance 1%), cv 1 (standard error ~0.3%, tolerance 1.5%).
        auto process = makePoissonArrivals(RateProfile::constant(100), RandomStream(3, "source", 0, "arrivals"));
        double now = 0, sum = 0, sum2 = 0;
        constexpr int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double t = process->next(now);
            const double gap = t - now;
            QVERIFY(gap >= 0);
            sum += gap;
            sum2 += gap * gap;
            now = t;
        }
        const double mean = sum / n;
        const double cv = std::sqrt(sum2 / n - mean * mean) / mean;
        QVERIFY2(std::fabs(mean - 0.01) <= 0.01 * 0.01, qPrintable(QString::number(mean)));
        QVERIFY2(std::fabs(cv - 1.0) <= 0.015, qPrintable(QString::number(cv)));
    }

    void poissonRespectsZeroRate()
    {
        // Nothing before the first point, nothing while the rate is 0, and no more
        // arrivals at all once it stays 0.
        const RateProfile profile({{5, 100, false}, {10, 0, false}, {20, 100, false}, {25, 0, false}});
        auto process = makePoissonArrivals(profile, RandomStream(4, "source", 0, "arrivals"));
        const auto times = arrivalsUntil(*process, kInf);
        QVERIFY(!times.empty());
        QVERIFY(times.front() >= 5);
        QCOMPARE(countIn(times, 10, 20), std::size_t(0));
        QVERIFY(times.back() < 25);
        // 500 expected in each busy stretch: within 3 sigma (67).
        QVERIFY(std::fabs(double(countIn(times, 5, 10)) - 500) <= 67);
        QVERIFY(std::fabs(double(countIn(times, 20, 25)) - 500) <= 67);
    }

    void poissonIsReproducible()
    {
        auto a = makePoissonArrivals(rampProfile(), RandomStream(5, "source", 0, "arrivals"));
        auto b = makePoissonArrivals(rampProfile(), RandomStream(5, "source", 0, "arrivals"));
        QVERIFY(arrivalsUntil(*a, 10) == arrivalsUntil(*b, 10));
        auto c = makePoissonArrivals(rampProfile(), RandomStream(5, "source", 1, "arrivals"));
        QVERIFY(arrivalsUntil(*c, 10) != arrivalsUntil(*b, 10));
    }

    void deterministicConstantRate()
    {
        // One arrival every 1/rate: the k-th at k / rate.
        auto process = makeDeterministicArrivals(RateProfile::constant(8));
        double now = 0;
        for (int k = 1; k <= 10000; ++k) {
            const double t = process->next(now);
            if (std::fabs(t - k / 8.0) > 1e-9)
                QFAIL(qPrintable(QStringLiteral("arrival %1 at %2, expected %3").arg(k).arg(t, 0, 'g', 17).arg(k / 8.0)));
            now = t;
        }
    }

    void deterministicStartsAtTheFirstPoint()
    {
        // Rate 0 until t = 5, then 4 rps: the first arrival at 5.25.
        auto process = makeDeterministicArrivals(RateProfile({{5, 4, false}}));
        QVERIFY(std::fabs(process->next(0) - 5.25) <= 1e-12);
        QVERIFY(std::fabs(process->next(5.25) - 5.5) <= 1e-12);
    }

    void deterministicRampCount_data()
    {
        // Profile: 0 -> 30 rps over [0,10), then 30 rps. Integral: 1.5 t^2 up to
        // t = 10 (150), then 150 + 30 (t - 10).
        QTest::addColumn<double>("until");
        QTest::addColumn<int>("count");
        QTest::newRow("t=1: 1.5") << 1.0 << 1;
        QTest::newRow("t=7: 73.5") << 7.0 << 73;
        QTest::newRow("t=9.5: 135.375") << 9.5 << 135;
        QTest::newRow("t=15.05: 301.5") << 15.05 << 301;
        QTest::newRow("t=20.01: 450.3") << 20.01 << 450;
    }

    void deterministicRampCount()
    {
        QFETCH(double, until);
        QFETCH(int, count);
        const RateProfile profile({{0, 0, false}, {10, 30, true}});
        auto process = makeDeterministicArrivals(profile);
        const auto times = arrivalsUntil(*process, until);
        QCOMPARE(int(times.size()), int(std::floor(profile.expectedArrivals(0, until))));
        QCOMPARE(int(times.size()), count);
        // The k-th arrival is where the integral reaches k.
        for (std::size_t i = 0; i < times.size(); ++i) {
            const double k = double(i + 1);
            const double expected = k <= 150 ? std::sqrt(k / 1.5) : 10 + (k - 150) / 30;
            if (std::fabs(times[i] - expected) > 1e-9)
                QFAIL(qPrintable(QStringLiteral("arrival %1 at %2, expected %3").arg(k).arg(times[i], 0, 'g', 17).arg(expected, 0, 'g', 17)));
        }
    }

    void deterministicRampDown()
    {
        // 100 -> 0 rps over [0,10): the integral is 100 t - 5 t^2.
        auto process = makeDeterministicArrivals(RateProfile({{0, 100, false}, {10, 0, true}}));
        const auto times = arrivalsUntil(*process, 9.9); // integral 499.95
        QCOMPARE(times.size(), std::size_t(499));
        for (std::size_t i = 0; i < times.size(); ++i) {
            const double t = times[i];
            if (std::fabs(100 * t - 5 * t * t - double(i + 1)) > 1e-6)
                QFAIL(qPrintable(QStringLiteral("arrival %1 at %2").arg(i + 1).arg(t, 0, 'g', 17)));
        }
    }

    void deterministicRampSpacing_data()
    {
        QTest::addColumn<double>("from"); // rps at t = 0
        QTest::addColumn<double>("to");   // rps at t = duration, reached linearly
        QTest::addColumn<double>("duration");
        QTest::newRow("1000 -> 2000 rps over 10 s") << 1000.0 << 2000.0 << 10.0;
        QTest::newRow("2000 -> 1000 rps over 10 s") << 2000.0 << 1000.0 << 10.0;
        QTest::newRow("100k -> 200k rps over 10 min") << 1e5 << 2e5 << 600.0;
        // Gentle ramps: see the comment in deterministicRampSpacing().
        QTest::newRow("50k -> 50000.5 rps over 10 min") << 5e4 << 5e4 + 0.5 << 600.0;
        QTest::newRow("100k -> 100001 rps over 1 h") << 1e5 << 1e5 + 1 << 3600.0;
        QTest::newRow("1M -> 1000010 rps over 1 h") << 1e6 << 1e6 + 10 << 3600.0;
        QTest::newRow("1000 -> 1000.00000001 rps over 1000 s") << 1000.0 << 1000.00000001 << 1000.0;
    }

    void deterministicRampSpacing()
    {
        // Between two deterministic arrivals the rate integrates to exactly 1.
        // Regression: the quadratic for the gap used to cancel catastrophically
        // on gentle ramps (0.03% .. 0.6% off, and every arrival at t = 0 on the
        // last row, flooding the simulation).
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(double, duration);
        const RateProfile profile({{0, from, false}, {duration, to, true}});
        auto process = makeDeterministicArrivals(profile);
        double now = 0, worst = 0, worstAt = 0;
        for (int i = 0; i < 1000; ++i) {
            const double t = process->next(now);
            const double mass = (profile.rateAt(now) + profile.rateAt(t)) / 2 * (t - now);
            if (std::fabs(mass - 1) > worst) {
                worst = std::fabs(mass - 1);
                worstAt = t;
            }
            now = t;
        }
        QVERIFY2(worst <= 1e-6, qPrintable(QStringLiteral("integral between arrivals off by %1 (arrival at %2 s)")
                                               .arg(worst)
                                               .arg(worstAt, 0, 'g', 17)));
    }

    void traceArrivals()
    {
        auto process = makeTraceArrivals({0.5, 1.0, 1.0, 2.5});
        QCOMPARE(process->next(0), 0.5);
        QCOMPARE(process->next(0.5), 1.0);
        QCOMPARE(process->next(1.0), 1.0); // duplicates are replayed
        QCOMPARE(process->next(1.0), 2.5);
        QCOMPARE(process->next(2.5), kInf);
        // Timestamps before `now` are skipped.
        auto late = makeTraceArrivals({0.5, 1.0, 2.5});
        QCOMPARE(late->next(1.7), 2.5);
        QCOMPARE(late->next(2.5), kInf);
        QCOMPARE(makeTraceArrivals({})->next(0), kInf);
    }

    void loadRateTrace()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = writeFile(dir, "rate.csv",
                                       "time_s,rps\r\n"
                                       "0,100\r\n"
                                       "# the spike\r\n"
                                       "\r\n"
                                       "10, 250\r\n"
                                       "30,0\r\n");
        const auto result = scalelab::sim::loadRateTrace(path.toStdString());
        QVERIFY2(result.ok(), result.errors.empty() ? "" : result.errors.front().format().c_str());
        const auto& points = result.value.points();
        QCOMPARE(points.size(), std::size_t(3));
        QCOMPARE(points[1].time, 10.0);
        QCOMPARE(points[1].rate, 250.0);
        QVERIFY(!points[1].ramp);
        // Piecewise constant.
        QCOMPARE(result.value.rateAt(5), 100.0);
        QCOMPARE(result.value.rateAt(29.9), 250.0);
        QCOMPARE(result.value.rateAt(31), 0.0);
        QVERIFY(std::fabs(result.value.expectedArrivals(0, 40) - 6000.0) <= 1e-9);
    }

    void loadRateTraceWithoutHeader()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "rate.csv", "0,100\n5,200\n");
        const auto result = scalelab::sim::loadRateTrace(path.toStdString());
        QVERIFY(result.ok());
        QCOMPARE(result.value.points().size(), std::size_t(2));
        QCOMPARE(result.value.rateAt(0), 100.0);
        QCOMPARE(result.value.rateAt(6), 200.0);
    }

    void loadRateTraceErrors()
    {
        // Every bad row is reported (not only the first), compiler style, with the
        // 1-based line and column of the bad field.
        QTemporaryDir dir;
        const QString path = writeFile(dir, "rate.csv",
                                       "time_s,rps\n" // 1
                                       "0,100\n"      // 2
                                       "10,200\n"     // 3
                                       "5,abc\n"      // 4
                                       "7,50\n"       // 5
                                       "x,1\n"        // 6
                                       "20\n"         // 7
                                       "30, -4\n");   // 8
        const auto result = scalelab::sim::loadRateTrace(path.toStdString());
        QVERIFY(!result.ok());
        QStringList got;
        for (const auto& e : result.errors)
            got << q(e.format());
        const QString p = path;
        const QStringList expected{
            p + ":4:3: error: rate must be a number of requests/s >= 0 (got 'abc')",
            p + ":5:1: error: times must increase (previous row is at 10s)",
            p + ":6:1: error: time must be a number of seconds >= 0 (got 'x')",
            p + ":7:1: error: expected two columns: time_s,rps",
            p + ":8:4: error: rate must be a number of requests/s >= 0 (got ' -4')",
        };
        QCOMPARE(got, expected);
        QCOMPARE(result.errors[0].line, 4);
        QCOMPARE(result.errors[0].column, 3);
        QCOMPARE(q(result.errors[0].file), path);
    }

    void loadTimestampTrace()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "requests.csv",
                                       "timestamp_s,operation\n"
                                       "0.5,GET /cart\n"
                                       "1.0,GET /cart\n"
                                       "1.0,POST /checkout\n"
                                       "# pause\n"
                                       "2.5,GET /\n");
        const auto result = scalelab::sim::loadTimestampTrace(path.toStdString());
        QVERIFY2(result.ok(), result.errors.empty() ? "" : result.errors.front().format().c_str());
        QCOMPARE(result.value, (std::vector<double>{0.5, 1.0, 1.0, 2.5}));
        // And they replay as arrivals.
        auto process = makeTraceArrivals(result.value);
        QCOMPARE(arrivalsUntil(*process, kInf), (std::vector<double>{0.5, 1.0, 1.0, 2.5}));
    }

    void loadTimestampTraceErrors()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "requests.csv",
                                       "1.0\n"  // 1: a number, so not a header
                                       "abc\n"  // 2
                                       "0.5\n"  // 3
                                       "-2\n"   // 4
                                       "3\n");  // 5
        const auto result = scalelab::sim::loadTimestampTrace(path.toStdString());
        QStringList got;
        for (const auto& e : result.errors)
            got << q(e.format());
        const QStringList expected{
            path + ":2:1: error: timestamp must be a number of seconds >= 0 (got 'abc')",
            path + ":3:1: error: timestamps must not decrease; sort the trace first",
            path + ":4:1: error: timestamp must be a number of seconds >= 0 (got '-2')",
        };
        QCOMPARE(got, expected);
    }

    void emptyTrace()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "empty.csv", "time_s,rps\n# nothing yet\n");
        const auto rate = scalelab::sim::loadRateTrace(path.toStdString());
        QCOMPARE(rate.errors.size(), std::size_t(1));
        QCOMPARE(q(rate.errors[0].message), QStringLiteral("trace has no data rows"));
        QCOMPARE(rate.errors[0].line, 2);
        const auto stamps = scalelab::sim::loadTimestampTrace(path.toStdString());
        QCOMPARE(stamps.errors.size(), std::size_t(1));
        QCOMPARE(q(stamps.errors[0].message), QStringLiteral("trace has no data rows"));
    }

    void missingFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("missing.csv").toStdString();
        for (const auto& errors : {scalelab::sim::loadRateTrace(path).errors,
                                   scalelab::sim::loadTimestampTrace(path).errors}) {
            QCOMPARE(errors.size(), std::size_t(1));
            const TraceError& e = errors.front();
            QCOMPARE(q(e.file), q(path));
            QCOMPARE(e.line, 0);
            QCOMPARE(e.column, 0);
            QCOMPARE(q(e.message),
                     QStringLiteral("cannot open trace file (check the path, relative to the study file)"));
            // No line to point at: the location is the file alone.
            QCOMPARE(q(e.format()), q(path) + ": error: " + q(e.message));
        }
    }

    void firstRowWithATypoIsNotTakenForAHeader()
    {
        // A header has no numeric field; "1O,100" has one, so it is data with a bad time.
        QTemporaryDir dir;
        const QString path = writeFile(dir, "rate.csv", "1O,100\n5,200\n");
        const auto rate = scalelab::sim::loadRateTrace(path.toStdString());
        QCOMPARE(rate.errors.size(), std::size_t(1));
        QCOMPARE(q(rate.errors[0].format()),
                 path + ":1:1: error: time must be a number of seconds >= 0 (got '1O')");
    }
};

QTEST_GUILESS_MAIN(TestArrivals)
#include "tst_arrivals.moc"
