// --set PATH=VALUE: values put into the document before it is read. A good
// override changes the study as the same text in the file would; a bad value
// gets the file's message at its --set; a bad path names the valid keys there.
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"

#include <QtTest>

using namespace scalelab::scenarios;

namespace {

const char* kStudy = R"(operations:
  browse: {share: 1}
workload:
  rate: [{at: 0s, rps: 100}, {at: 10s, rps: 200}]
run: {duration: 60s, warmup: 5s}
variants:
  mono:
    components:
      app: {kind: service, instances: 2}
    routes:
      browse: [{app: {cpu: 8ms}}]
  split:
    components:
      web: {kind: service}
      catalog: {kind: service, instances: 3}
    routes:
      browse: [web, {catalog: {cpu: 4ms}}]
)";

LoadResult withSets(const std::vector<std::string>& sets, const std::string& text = kStudy)
{
    std::vector<Override> overrides;
    for (const auto& s : sets)
        overrides.push_back(*parseOverride(s));
    return parseStudy(text, "o.yaml", overrides);
}

std::string textWith(const std::string& from, const std::string& to)
{
    std::string t = kStudy;
    t.replace(t.find(from), from.size(), to);
    return t;
}

} // namespace

class TestOverrides : public QObject
{
    Q_OBJECT

private slots:
    void parsesPathAndValue()
    {
        const auto o = parseOverride("run.duration=2min");
        QVERIFY(o);
        QCOMPARE(QString::fromStdString(o->path), QString("run.duration"));
        QCOMPARE(QString::fromStdString(o->value), QString("2min"));
        QCOMPARE(QString::fromStdString(parseOverride("a.b=x=y")->value), QString("x=y"));
        std::string error;
        QVERIFY(!parseOverride("run.duration", &error));
        QCOMPARE(QString::fromStdString(error), QString("--set takes PATH=VALUE (got 'run.duration')"));
        QVERIFY(!parseOverride("=3", &error));
    }

    // An override gives the study the file would give with the value written in it.
    void sameStudyAsTheEditedFile_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("component field") << "variants.split.components.catalog.instances=6"
                                         << "catalog: {kind: service, instances: 3}"
                                         << "catalog: {kind: service, instances: 6}";
        QTest::newRow("new key of a component") << "variants.mono.components.app.cores=8"
                                                << "app: {kind: service, instances: 2}"
                                                << "app: {kind: service, instances: 2, cores: 8}";
        QTest::newRow("list item by index") << "workload.rate.1.rps=800" << "{at: 10s, rps: 200}"
                                            << "{at: 10s, rps: 800}";
        QTest::newRow("list item in brackets") << "workload.rate[1].rps=800" << "{at: 10s, rps: 200}"
                                               << "{at: 10s, rps: 800}";
        QTest::newRow("section not in the file") << "slo.p99=250ms" << "run: {duration: 60s, warmup: 5s}"
                                                 << "run: {duration: 60s, warmup: 5s}\nslo: {p99: 250ms}";
        QTest::newRow("a whole list") << "workload.rate=[{at: 0s, rps: 50}]"
                                      << "rate: [{at: 0s, rps: 100}, {at: 10s, rps: 200}]"
                                      << "rate: [{at: 0s, rps: 50}]";
    }

    void sameStudyAsTheEditedFile()
    {
        QFETCH(QString, set);
        QFETCH(QString, from);
        QFETCH(QString, to);
        const LoadResult overridden = withSets({set.toStdString()});
        QVERIFY2(overridden.ok(), overridden.report().c_str());
        const LoadResult edited = parseStudy(textWith(from.toStdString(), to.toStdString()), "o.yaml");
        QVERIFY2(edited.ok(), edited.report().c_str());
        QCOMPARE(QString::fromStdString(writeStudy(*overridden.study)),
                 QString::fromStdString(writeStudy(*edited.study)));
        QVERIFY(writeStudy(*overridden.study) != writeStudy(*parseStudy(kStudy, "o.yaml").study));
    }

    void laterOverrideWins()
    {
        const LoadResult r = withSets({"run.seed=3", "run.seed=9"});
        QVERIFY(r.ok());
        QCOMPARE(r.study->run.seed, std::uint64_t(9));
    }

    // The message the file gives for the value, located at the --set.
    void badValueGetsTheFilesMessage_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("out of range") << "variants.split.components.catalog.instances=0"
                                      << "catalog: {kind: service, instances: 3}"
                                      << "catalog: {kind: service, instances: 0}";
        QTest::newRow("not a number") << "variants.split.components.catalog.instances=many"
                                      << "catalog: {kind: service, instances: 3}"
                                      << "catalog: {kind: service, instances: many}";
        QTest::newRow("duration without unit") << "run.duration=60" << "run: {duration: 60s, warmup: 5s}"
                                               << "run: {duration: 60, warmup: 5s}";
        QTest::newRow("unknown kind") << "variants.mono.components.app.kind=servce"
                                      << "app: {kind: service, instances: 2}"
                                      << "app: {kind: servce, instances: 2}";
    }

    void badValueGetsTheFilesMessage()
    {
        QFETCH(QString, set);
        QFETCH(QString, from);
        QFETCH(QString, to);
        const LoadResult overridden = withSets({set.toStdString()});
        const LoadResult edited = parseStudy(textWith(from.toStdString(), to.toStdString()), "o.yaml");
        QVERIFY(!overridden.ok());
        QVERIFY(!edited.ok());
        QCOMPARE(overridden.diagnostics.size(), edited.diagnostics.size());
        const Diagnostic& got = overridden.diagnostics.front();
        const Diagnostic& want = edited.diagnostics.front();
        QCOMPARE(QString::fromStdString(got.message), QString::fromStdString(want.message));
        QCOMPARE(QString::fromStdString(got.hint), QString::fromStdString(want.hint));
        QCOMPARE(QString::fromStdString(got.file), "o.yaml: --set " + set);
        QCOMPARE(got.line, 0);
        QVERIFY(want.line > 0);
    }

    void badPathNamesTheChoices_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("diagnostic");
        QTest::newRow("variant typo")
            << "variants.splt.components.catalog.instances=6"
            << "o.yaml: error: --set variants.splt.components.catalog.instances=6: no 'splt' under 'variants'; "
               "known: mono, split (did you mean 'variants.split'?)";
        QTest::newRow("component typo")
            << "variants.split.components.catalgo.instances=6"
            << "o.yaml: error: --set variants.split.components.catalgo.instances=6: no 'catalgo' under "
               "'variants.split.components'; known: web, catalog (did you mean 'variants.split.components.catalog'?)";
        QTest::newRow("section typo")
            << "wrkload.rate.0.rps=5"
            << "o.yaml: error: --set wrkload.rate.0.rps=5: unknown key 'wrkload' at the top level; known: name, "
               "description, operations, workload, roles, faults, parity_tolerance, slo, run, network, variants, "
               "pricing, business, sweep (did you mean 'workload'?)";
        QTest::newRow("key typo in a part")
            << "run.sed=4"
            << "o.yaml: error: --set run.sed=4: unknown key 'sed' under 'run'; known: duration, warmup, seed, "
               "replications, until, bin (did you mean 'run.seed'?)";
        QTest::newRow("index beyond the list")
            << "workload.rate.2.rps=5"
            << "o.yaml: error: --set workload.rate.2.rps=5: '2' is not an item of the list 'workload.rate' "
               "(items 0..1) (a list item is its index from 0, e.g. workload.rate.0)";
        QTest::newRow("into a value")
            << "run.duration.unit=s"
            << "o.yaml: error: --set run.duration.unit=s: 'run.duration' is a value, it has no key 'unit' "
               "(set 'run.duration' itself)";
    }

    void badPathNamesTheChoices()
    {
        QFETCH(QString, set);
        QFETCH(QString, diagnostic);
        const LoadResult r = withSets({set.toStdString()});
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.report()), diagnostic + "\n");
    }
};

QTEST_GUILESS_MAIN(TestOverrides)
#include "tst_overrides.moc"
