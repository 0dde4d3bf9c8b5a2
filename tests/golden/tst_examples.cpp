// The bundled studies through the CLI at fixed precision: `compare` on each
// (shortened, one replication) against a checked-in golden file, and `validate`
// without a diagnostic. A model change that moves a figure shows here first; rewrite with
// SCALELAB_UPDATE_GOLDEN=1 after checking the differences make sense.
#include "clitest.h"

#include <QtTest>

using namespace scalelab::testing;

class TestExamples : public QObject
{
    Q_OBJECT

private slots:
    void compareMatchesGolden_data()
    {
        QTest::addColumn<QString>("study");
        QTest::addColumn<QString>("duration");
        QTest::addColumn<int>("warnings");
        // Long enough to reach each study's spike or burst.
        QTest::newRow("shop") << "shop" << "240s" << 0;
        QTest::newRow("read_heavy_api") << "read_heavy_api" << "120s" << 0;
        QTest::newRow("order_pipeline") << "order_pipeline" << "400s" << 0;
        QTest::newRow("black_friday") << "black_friday" << "480s" << 0;
        QTest::newRow("checkout_resilience") << "checkout_resilience" << "360s" << 0;
        QTest::newRow("write_heavy_db") << "write_heavy_db" << "360s" << 0;
    }

    void compareMatchesGolden()
    {
        QFETCH(QString, study);
        QFETCH(QString, duration);
        QFETCH(int, warnings);
        const QString dir = QStringLiteral(SCALELAB_EXAMPLES_DIR);
        const Result valid = cli({"validate", study + ".yaml"}, {}, 20000, dir);
        QCOMPARE(valid.exitCode, 0);
        QCOMPARE(valid.err.count("warning: "), warnings);
        QCOMPARE(valid.err.count('\n'), warnings);
        const Result r = cli({"compare", study + ".yaml", "--duration", duration, "--replications", "1"}, {}, 300000, dir);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, valid.err);
        // Every fault acts in every variant: the parity table names something
        // hit everywhere, and no recovery row reads n/a.
        QVERIFY2(!r.out.contains("nothing (") && !r.out.contains("n/a ("), "a fault does nothing in some variant");
        QCOMPARE(r.out.contains("fault parity"), valid.out.contains("fault parity"));
        compareWithGolden(r.out, "example-" + study + ".txt");
    }
};

QTEST_GUILESS_MAIN(TestExamples)
#include "tst_examples.moc"
