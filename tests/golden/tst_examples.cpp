// The bundled studies through the CLI at fixed precision: `compare` on each
// (shortened, one replication) against a checked-in golden file, and `validate`
// silent. A model change that moves a figure shows here first; rewrite with
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
        // Long enough to reach each study's spike or burst.
        QTest::newRow("shop") << "shop" << "240s";
        QTest::newRow("read_heavy_api") << "read_heavy_api" << "120s";
        QTest::newRow("order_pipeline") << "order_pipeline" << "400s";
        QTest::newRow("checkout_resilience") << "checkout_resilience" << "360s";
    }

    void compareMatchesGolden()
    {
        QFETCH(QString, study);
        QFETCH(QString, duration);
        const QString dir = QStringLiteral(SCALELAB_EXAMPLES_DIR);
        const Result valid = cli({"validate", study + ".yaml"}, {}, 20000, dir);
        QCOMPARE(valid.exitCode, 0);
        QCOMPARE(valid.err, QByteArray());
        const Result r = cli({"compare", study + ".yaml", "--duration", duration, "--replications", "1"}, {}, 300000, dir);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QByteArray());
        compareWithGolden(r.out, "example-" + study + ".txt");
    }
};

QTEST_GUILESS_MAIN(TestExamples)
#include "tst_examples.moc"
