// Sizes, bandwidths and fractions as the study file writes them: parsing with
// exact errors and columns, and formatting that reads back exactly.
#include "scenarios/quantities.h"

#include <QtTest>

using namespace scalelab::scenarios;

class TestQuantities : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::newRow("bytes") << "bytes" << "512B" << 512.0;
        QTest::newRow("KB is decimal") << "bytes" << "2KB" << 2000.0;
        QTest::newRow("kB") << "bytes" << "2kB" << 2000.0;
        QTest::newRow("MiB is binary") << "bytes" << "1MiB" << 1048576.0;
        QTest::newRow("fraction of GB") << "bytes" << "1.5GB" << 1.5e9;
        QTest::newRow("space before unit") << "bytes" << " 5 KB " << 5000.0;
        QTest::newRow("Gbps in bytes/s") << "bandwidth" << "10Gbps" << 1.25e9;
        QTest::newRow("Mbps") << "bandwidth" << "100Mbps" << 12.5e6;
        QTest::newRow("GB/s") << "bandwidth" << "1.25GB/s" << 1.25e9;
        QTest::newRow("MiB/s") << "bandwidth" << "2MiB/s" << 2097152.0;
        QTest::newRow("number") << "fraction" << "0.999" << 0.999;
        QTest::newRow("percent") << "fraction" << "99.9%" << 0.999;
        QTest::newRow("percent with space") << "fraction" << "50 %" << 0.5;
        QTest::newRow("percent with exponent") << "fraction" << "1e1%" << 0.1;
        QTest::newRow("percent, fractional") << "fraction" << "0.5%" << 0.005;
        QTest::newRow("out of range is the caller's") << "fraction" << "150%" << 1.5;
    }

    void parse()
    {
        QFETCH(QString, kind);
        QFETCH(QString, text);
        QFETCH(double, value);
        const std::string t = text.toStdString();
        const auto p = kind == "bytes" ? parseBytes(t) : kind == "bandwidth" ? parseBandwidth(t) : parseFraction(t);
        QVERIFY2(p.value.has_value(), p.error.c_str());
        QVERIFY2(*p.value == value, qPrintable(QString::number(*p.value, 'g', 17))); // exact, not fuzzy
    }

    void errors_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("column");
        QTest::newRow("no unit") << "bytes" << "2" << "size '2' has no unit; write e.g. 2B or 2KB" << 1;
        QTest::newRow("unknown unit") << "bytes" << "2kb"
                                      << "unknown size unit 'kb'; known: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB" << 1;
        QTest::newRow("negative") << "bytes" << "-1KB" << "size must be >= 0 (got -1KB)" << 0;
        QTest::newRow("empty") << "bytes" << "  " << "expected a size with a unit, e.g. 2KB" << 2;
        QTest::newRow("not a number") << "bandwidth" << "fast" << "expected a number at the start of bandwidth 'fast'"
                                      << 0;
        QTest::newRow("bits without per second") << "bandwidth" << "10Gb"
                                                 << "unknown bandwidth unit 'Gb'; known: bps, Kbps, Mbps, Gbps, "
                                                    "Tbps, B/s, KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s"
                                                 << 2;
        QTest::newRow("bandwidth no unit") << "bandwidth" << "10" << "bandwidth '10' has no unit; write e.g. 10Gbps or 10MB/s"
                                           << 2;
        QTest::newRow("infinite") << "bandwidth" << "infGbps" << "bandwidth must be a finite number (got infGbps)" << 0;
        QTest::newRow("fraction words") << "fraction" << " most" << "expected a number or a percentage such as 99.9% (got 'most')"
                                        << 1;
        QTest::newRow("fraction nan") << "fraction" << "nan" << "expected a finite number (got nan)" << 0;
    }

    void errors()
    {
        QFETCH(QString, kind);
        QFETCH(QString, text);
        QFETCH(QString, error);
        QFETCH(int, column);
        const std::string t = text.toStdString();
        const auto p = kind == "bytes" ? parseBytes(t) : kind == "bandwidth" ? parseBandwidth(t) : parseFraction(t);
        QVERIFY(!p.value);
        QCOMPARE(QString::fromStdString(p.error), error);
        QCOMPARE(int(p.column), column);
    }

    void format_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("KB") << "bytes" << 2000.0 << "2KB";
        QTest::newRow("KB fraction") << "bytes" << 1500.0 << "1.5KB";
        QTest::newRow("MiB") << "bytes" << 1048576.0 << "1MiB";
        QTest::newRow("B") << "bytes" << 999.0 << "999B";
        QTest::newRow("zero bytes") << "bytes" << 0.0 << "0B";
        QTest::newRow("10Gbps") << "bits" << 1.25e9 << "10Gbps";
        QTest::newRow("5Gbps") << "bits" << 6.25e8 << "5Gbps";
        QTest::newRow("odd bits: the shortest exact text") << "bits" << 12345.678 << "98765.424bps";
        QTest::newRow("500MB/s") << "byterate" << 5e8 << "500MB/s";
        QTest::newRow("percent") << "percent" << 0.999 << "99.9%";
        QTest::newRow("percent of a tenth") << "percent" << 0.1 << "10%";
        QTest::newRow("percent, small") << "percent" << 0.00125 << "0.125%";
        QTest::newRow("percent, whole") << "percent" << 1.0 << "100%";
        QTest::newRow("percent, zero") << "percent" << 0.0 << "0%";
        QTest::newRow("percent, tiny: a number") << "percent" << 1e-7 << "1e-07";
        QTest::newRow("duration") << "duration" << 0.008 << "8ms";
        QTest::newRow("duration beyond 6 digits") << "duration" << 1.2345678 << "1.2345678s";
        QTest::newRow("minutes") << "duration" << 300.0 << "5min";
        QTest::newRow("100us is not exactly 1e-4") << "duration" << 1e-4 << "0.1ms";
        QTest::newRow("5.1ms is not exactly 0.0051") << "duration" << 0.0051 << "0.0051s";
        QTest::newRow("number") << "number" << 0.1 << "0.1";
        QTest::newRow("large number") << "number" << 8000.0 << "8000";
    }

    void format()
    {
        QFETCH(QString, kind);
        QFETCH(double, value);
        QFETCH(QString, text);
        std::string out;
        std::optional<double> back;
        if (kind == "bytes") {
            out = formatBytes(value);
            back = parseBytes(out).value;
        } else if (kind == "bits") {
            out = formatBitRate(value);
            back = parseBandwidth(out).value;
        } else if (kind == "byterate") {
            out = formatByteRate(value);
            back = parseBandwidth(out).value;
        } else if (kind == "percent") {
            out = formatPercent(value);
            back = parseFraction(out).value;
        } else if (kind == "duration") {
            out = formatDurationExact(value);
            back = scalelab::sim::parseDuration(out).value;
        } else {
            out = formatNumber(value);
            back = parseFraction(out).value;
        }
        QCOMPARE(QString::fromStdString(out), text);
        QVERIFY(back.has_value());
        QVERIFY(*back == value); // exact: the text reads back to the same double
    }
};

QTEST_GUILESS_MAIN(TestQuantities)
#include "tst_quantities.moc"
