// Compiler-style diagnostics for study files: the formatted line, typo
// suggestions by edit distance, and the list of valid choices.
#include "scenarios/diagnostic.h"

#include <QtTest>

using namespace scalelab::scenarios;

class TestDiagnostic : public QObject
{
    Q_OBJECT

private slots:
    void format_data()
    {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("warning");
        QTest::addColumn<QString>("hint");
        QTest::addColumn<QString>("formatted");
        const QString msg = "variants.monolith.components.app.instances must be >= 1 (got 0)";
        QTest::newRow("line and column") << 14 << 7 << false << "" << "shop.yaml:14:7: error: " + msg;
        QTest::newRow("with a hint") << 14 << 7 << false << "did you mean 'cache'?"
                                     << "shop.yaml:14:7: error: " + msg + " (did you mean 'cache'?)";
        QTest::newRow("line only") << 14 << 0 << false << "" << "shop.yaml:14: error: " + msg;
        QTest::newRow("no line") << 0 << 0 << false << "" << "shop.yaml: error: " + msg;
        QTest::newRow("no line: column ignored") << 0 << 7 << false << "" << "shop.yaml: error: " + msg;
        QTest::newRow("no line, with a hint") << 0 << 0 << false << "set it to 1 or more"
                                              << "shop.yaml: error: " + msg + " (set it to 1 or more)";
        QTest::newRow("warning") << 3 << 1 << true << "" << "shop.yaml:3:1: warning: " + msg;
    }

    void format()
    {
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(bool, warning);
        QFETCH(QString, hint);
        QFETCH(QString, formatted);
        Diagnostic d;
        d.file = "shop.yaml";
        d.line = line;
        d.column = column;
        d.severity = warning ? Diagnostic::Severity::Warning : Diagnostic::Severity::Error;
        d.path = "variants.monolith.components.app";
        d.message = "variants.monolith.components.app.instances must be >= 1 (got 0)";
        d.hint = hint.toStdString();
        QCOMPARE(QString::fromStdString(d.format()), formatted);
    }

    void defaultSeverityIsError()
    {
        Diagnostic d;
        d.file = "a.yaml";
        d.message = "m";
        QCOMPARE(QString::fromStdString(d.format()), QStringLiteral("a.yaml: error: m"));
    }

    void editDistance_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("distance");
        QTest::newRow("both empty") << "" << "" << 0;
        QTest::newRow("one empty") << "abc" << "" << 3;
        QTest::newRow("other empty") << "" << "queue" << 5;
        QTest::newRow("equal") << "cache" << "cache" << 0;
        QTest::newRow("substitution") << "cache" << "cachy" << 1;
        QTest::newRow("insertion") << "cache" << "caches" << 1;
        QTest::newRow("deletion") << "service" << "servce" << 1;
        QTest::newRow("transposition is two edits") << "cahce" << "cache" << 2;
        QTest::newRow("kitten/sitting") << "kitten" << "sitting" << 3;
        QTest::newRow("flaw/lawn") << "flaw" << "lawn" << 2;
        QTest::newRow("case-sensitive") << "Cache" << "cache" << 1;
        QTest::newRow("disjoint") << "abc" << "xyz" << 3;
    }

    void editDistance()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, distance);
        const std::string sa = a.toStdString(), sb = b.toStdString();
        QCOMPARE(scalelab::scenarios::editDistance(sa, sb), std::size_t(distance));
        QCOMPARE(scalelab::scenarios::editDistance(sb, sa), std::size_t(distance)); // symmetric
    }

    void closestMatch_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QStringList>("candidates");
        QTest::addColumn<QString>("match");
        const QStringList kinds{"cache", "service", "queue"};
        QTest::newRow("cahce") << "cahce" << kinds << "cache";
        QTest::newRow("servise") << "servise" << kinds << "service";
        QTest::newRow("exact") << "queue" << kinds << "queue";
        QTest::newRow("far word") << "database" << kinds << "";
        QTest::newRow("three edits in a short word") << "cxxxe" << kinds << "";
        // Longer words allow word.size() / 3 edits: "lodblancr" (9 letters) is 3 edits away.
        QTest::newRow("long word, 3 edits") << "lodblancr" << QStringList{"loadbalancer", "gateway"}
                                            << "loadbalancer";
        QTest::newRow("8 letters, 4 edits") << "ldblancr" << QStringList{"loadbalancer", "gateway"} << "";
        QTest::newRow("closest wins") << "queu" << QStringList{"queues", "queue"} << "queue";
        QTest::newRow("tie: first candidate") << "cat" << QStringList{"car", "cab"} << "car";
        QTest::newRow("no candidates") << "cache" << QStringList{} << "";
    }

    void closestMatch()
    {
        QFETCH(QString, word);
        QFETCH(QStringList, candidates);
        QFETCH(QString, match);
        std::vector<std::string> c;
        for (const QString& s : candidates)
            c.push_back(s.toStdString());
        QCOMPARE(QString::fromStdString(scalelab::scenarios::closestMatch(word.toStdString(), c)), match);
    }

    void joinChoices_data()
    {
        QTest::addColumn<QStringList>("choices");
        QTest::addColumn<QString>("joined");
        QTest::newRow("none") << QStringList{} << "";
        QTest::newRow("one") << QStringList{"cache"} << "cache";
        QTest::newRow("three") << QStringList{"cache", "service", "queue"} << "cache, service, queue";
    }

    void joinChoices()
    {
        QFETCH(QStringList, choices);
        QFETCH(QString, joined);
        std::vector<std::string> c;
        for (const QString& s : choices)
            c.push_back(s.toStdString());
        QCOMPARE(QString::fromStdString(scalelab::scenarios::joinChoices(c)), joined);
    }
};

QTEST_GUILESS_MAIN(TestDiagnostic)
#include "tst_diagnostic.moc"
