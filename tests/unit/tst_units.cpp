// Durations as text: parseDuration for every unit, its exact error messages and
// columns, and formatDuration's choice of unit.
#include "simcore/units.h"

#include <QtTest>

#include <cmath>

using scalelab::sim::formatDuration;
using scalelab::sim::parseDuration;

class TestUnits : public QObject
{
    Q_OBJECT

private slots:
    void parseDuration_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("seconds");
        QTest::newRow("ns") << "100ns" << 100e-9;
        QTest::newRow("us") << "250us" << 250e-6;
        QTest::newRow("µs") << "250\u00b5s" << 250e-6;
        QTest::newRow("ms") << "8ms" << 0.008;
        QTest::newRow("s") << "1.5s" << 1.5;
        QTest::newRow("min") << "2min" << 120.0;
        QTest::newRow("h") << "1h" << 3600.0;
        QTest::newRow("fractional h") << "0.25h" << 900.0;
        QTest::newRow("zero") << "0s" << 0.0;
        QTest::newRow("exponent") << "1e3ms" << 1.0;
        QTest::newRow("spaces around and before the unit") << "  8 ms\t" << 0.008;
        QTest::newRow("leading dot") << ".5s" << 0.5;
    }

    void parseDuration()
    {
        QFETCH(QString, text);
        QFETCH(double, seconds);
        const auto parsed = scalelab::sim::parseDuration(text.toStdString());
        QVERIFY2(parsed.value.has_value(), parsed.error.c_str());
        QVERIFY(parsed.error.empty());
        QVERIFY2(std::fabs(*parsed.value - seconds) <= 1e-12 * seconds,
                 qPrintable(QString::number(*parsed.value, 'g', 17)));
    }

    void parseDurationErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("column"); // 0-based
        QTest::newRow("bare number") << "8" << "duration '8' has no unit; write e.g. 8ms or 8s" << 1;
        QTest::newRow("bare number, indented") << "  12.5"
                                               << "duration '12.5' has no unit; write e.g. 12.5ms or 12.5s" << 6;
        QTest::newRow("bare zero") << "0" << "duration '0' has no unit; write e.g. 0ms or 0s" << 1;
        QTest::newRow("unknown unit") << "5parsecs" << "unknown duration unit 'parsecs'; known: ns, us, ms, s, min, h"
                                      << 1;
        QTest::newRow("unknown unit after a space") << " 5 m" << "unknown duration unit 'm'; known: ns, us, ms, s, min, h"
                                                    << 3;
        QTest::newRow("units are case-sensitive") << "5MS"
                                                  << "unknown duration unit 'MS'; known: ns, us, ms, s, min, h" << 1;
        QTest::newRow("negative") << "-1ms" << "duration must be >= 0 (got -1ms)" << 0;
        QTest::newRow("negative, indented") << "  -0.5s" << "duration must be >= 0 (got -0.5s)" << 2;
        QTest::newRow("empty") << "" << "expected a duration with a unit, e.g. 250ms" << 0;
        QTest::newRow("blank") << "   " << "expected a duration with a unit, e.g. 250ms" << 3;
        QTest::newRow("unit only") << "ms" << "expected a number at the start of duration 'ms'" << 0;
        QTest::newRow("plus sign") << " +5ms" << "expected a number at the start of duration '+5ms'" << 1;
    }

    void parseDurationErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QFETCH(int, column);
        const auto parsed = scalelab::sim::parseDuration(text.toStdString());
        QVERIFY(!parsed.value.has_value());
        QCOMPARE(QString::fromStdString(parsed.error), error);
        QCOMPARE(parsed.column, std::size_t(column));
    }

    void parseDurationRejectsNonFinite_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("inf") << "infs";
        QTest::newRow("nan") << "nanms";
    }

    void parseDurationRejectsNonFinite()
    {
        QFETCH(QString, text);
        const auto parsed = scalelab::sim::parseDuration(text.toStdString());
        QVERIFY(!parsed.value.has_value());
        QCOMPARE(QString::fromStdString(parsed.error), "duration must be a finite number (got " + text + ")");
        QCOMPARE(parsed.column, std::size_t(0));
    }

    void formatDuration_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << 0.0 << "0s";
        QTest::newRow("8ms") << 0.008 << "8ms";
        QTest::newRow("12.5ms") << 0.0125 << "12.5ms";
        QTest::newRow("999ms") << 0.999 << "999ms";
        QTest::newRow("1s") << 1.0 << "1s";
        QTest::newRow("1.5s") << 1.5 << "1.5s";
        QTest::newRow("59.5s") << 59.5 << "59.5s";
        QTest::newRow("90s: minutes only when whole") << 90.0 << "90s";
        QTest::newRow("2min") << 120.0 << "2min";
        QTest::newRow("90min: hours only when whole") << 5400.0 << "90min";
        QTest::newRow("1h") << 3600.0 << "1h";
        QTest::newRow("2h") << 7200.0 << "2h";
        QTest::newRow("250us") << 250e-6 << "250us";
        QTest::newRow("below a microsecond") << 1e-7 << "0.1us";
        QTest::newRow("six significant digits") << 1.0 / 3 << "333.333ms";
        QTest::newRow("negative") << -0.008 << "-8ms";
    }

    void formatDuration()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(scalelab::sim::formatDuration(seconds)), text);
    }

    void formatThenParse()
    {
        // formatDuration's output is always parseable and within its 6 significant digits.
        for (double x : {1e-9, 3.3e-7, 0.0001234567, 0.008, 0.5, 1.0, 42.42, 61.0, 3599.0, 86400.0, 1e6}) {
            const std::string text = scalelab::sim::formatDuration(x);
            const auto parsed = scalelab::sim::parseDuration(text);
            QVERIFY2(parsed.value.has_value(), (text + ": " + parsed.error).c_str());
            QVERIFY2(std::fabs(*parsed.value - x) <= 5e-6 * x, text.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
