// How the CLI and the GUI's results table show figures: each unit's text,
// data in SI multiples that one figure's mean and interval share.
#include "cli/numberformat.h"
#include "cli/unit.h"

#include <QtTest>

using namespace scalelab;
using cli::Unit;

class TestNumberFormat : public QObject
{
    Q_OBJECT

private slots:
    void value_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("unit");
        QTest::addColumn<QString>("text");
        QTest::newRow("bytes below a KB") << 512.0 << int(Unit::Bytes) << "512 B";
        QTest::newRow("no bytes") << 0.0 << int(Unit::Bytes) << "0 B";
        QTest::newRow("a KB exactly") << 1000.0 << int(Unit::Bytes) << "1.000 KB";
        QTest::newRow("80 KB") << 80e3 << int(Unit::Bytes) << "80.00 KB";
        QTest::newRow("an edge's egress") << 9517920000.0 << int(Unit::Bytes) << "9.518 GB";
        QTest::newRow("terabytes") << 1.25e13 << int(Unit::Bytes) << "12.50 TB";
        QTest::newRow("a count stays plain") << 35852.0 << int(Unit::Count) << "35852";
        QTest::newRow("a rate") << 812.34 << int(Unit::PerSecond) << "812.3/s";
        QTest::newRow("a latency") << 0.01235 << int(Unit::Seconds) << "12.35 ms";
    }
    void value()
    {
        QFETCH(double, value);
        QFETCH(int, unit);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(cli::formatValue(value, Unit(unit))), text);
    }

    void intervalSharesTheMeansMultiple()
    {
        // 2.5 MB ± 0.1 MB, not "2.500 MB ± 100.0 KB".
        QCOMPARE(QString::fromStdString(cli::formatInterval({2.5e6, 1e5, 5}, Unit::Bytes)), QString("2.500 ± 0.100 MB"));
    }

    void differenceTakesTheLargerSide()
    {
        // +0.5 GB against a reference of 9 GB: both in GB.
        QCOMPARE(QString::fromStdString(cli::formatDifference({5e8, 0.0, 1}, false, Unit::Bytes, 9e9)),
                 QString("+0.500 GB"));
    }

    void unitNames()
    {
        QCOMPARE(cli::unitName(Unit::Bytes), std::string_view("bytes"));
        QCOMPARE(cli::unitName(Unit::Count), std::string_view("count"));
    }
};

QTEST_APPLESS_MAIN(TestNumberFormat)
#include "tst_numberformat.moc"
