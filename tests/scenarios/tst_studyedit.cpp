// Editing a study value by value as file text (the GUI inspector's path) and the
// variant-level `layout:` key: read, written, round-tripped, and checked.
#include "scenarios/studyedit.h"
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"
#include "scenarios/validator.h"

#include <QtTest>

using namespace scalelab::scenarios;

namespace {

const char* kStudy = R"(operations:
  browse: {share: 1}
workload:
  rate: [{at: 0s, rps: 100}]
variants:
  v1:
    components:
      lb: {kind: load_balancer}
      app: {kind: service, cores: 4, zones: [a, b]}
    routes:
      browse: [lb, {app: {cpu: 8ms}}]
    layout:
      lb: [100, 80]
      app: [310.5, -20]
network:
  zones: {a: {}, b: {}}
)";

Study study()
{
    auto r = parseStudy(kStudy, "edit.yaml");
    if (!r.ok())
        qFatal("%s", r.report().c_str());
    return *r.study;
}

} // namespace

class TestStudyEdit : public QObject
{
    Q_OBJECT

private slots:
    void layoutIsReadAndWrittenBack()
    {
        const Study s = study();
        const auto& layout = s.variants.front().layout;
        QCOMPARE(layout.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(layout[1].component), QString("app"));
        QCOMPARE(layout[1].x, 310.5);
        QCOMPARE(layout[1].y, -20.0);
        QCOMPARE(layout[1].mark.line, 14);
        const std::string text = writeStudy(s);
        QVERIFY(text.find("    layout:\n      lb: [100, 80]\n      app: [310.5, -20]\n") != std::string::npos);
        const auto again = parseStudy(text, "again.yaml");
        QVERIFY(again.ok());
        QCOMPARE(writeStudy(*again.study), text);
    }

    void badLayoutIsAnError_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown component") << "{lb: [0, 0], ap: [1, 1]}"
                                           << "edit.yaml:12:26: error: variants.v1.layout: unknown component 'ap'; "
                                              "known: lb, app (did you mean 'app'?)";
        QTest::newRow("three numbers") << "{lb: [0, 0, 0]}"
                                       << "edit.yaml:12:18: error: variants.v1.layout.lb must be [x, y] (got 3 numbers)";
        QTest::newRow("not a number") << "{lb: [0, left]}"
                                      << "edit.yaml:12:22: error: variants.v1.layout.lb[1] must be a number (got 'left')";
    }

    void badLayoutIsAnError()
    {
        QFETCH(QString, layout);
        QFETCH(QString, message);
        std::string text = kStudy;
        const auto at = text.find("    layout:\n");
        const auto end = text.find("network:");
        text.replace(at, end - at, "    layout: " + layout.toStdString() + "\n");
        const auto r = parseStudy(text, "edit.yaml");
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.diagnostics.front().format()), message);
    }

    void valueTextIsWhatTheWriterWrites()
    {
        const Study s = study();
        QCOMPARE(QString::fromStdString(valueText(s, {"variants", "v1", "components", "app", "cores"})), QString("4"));
        QCOMPARE(QString::fromStdString(valueText(s, {"variants", "v1", "components", "app", "zones"})), QString("[a, b]"));
        QCOMPARE(QString::fromStdString(valueText(s, {"variants", "v1", "routes", "browse"})),
                 QString("[lb, {app: {cpu: 8ms}}]"));
        // Defaults are not written: empty.
        QCOMPARE(QString::fromStdString(valueText(s, {"variants", "v1", "components", "app", "threads"})), QString());
        QCOMPARE(QString::fromStdString(valueText(s, {"variants", "nope", "components"})), QString());
    }

    void withValueTextValidatesTheWhole()
    {
        const Study s = study();
        auto r = withValueText(s, {"variants", "v1", "components", "app", "threads"}, "64");
        QVERIFY(r.ok());
        QCOMPARE(r.study->variants.front().find("app")->threads, 64);
        QCOMPARE(r.study->path, s.path);
        // Units as the file takes them.
        r = withValueText(s, {"variants", "v1", "components", "lb", "overhead"}, "2ms");
        QVERIFY(r.ok());
        QCOMPARE(r.study->variants.front().find("lb")->overhead, 0.002);
        // Empty text: back to the default.
        r = withValueText(s, {"variants", "v1", "components", "app", "cores"}, "");
        QVERIFY(r.ok());
        QCOMPARE(r.study->variants.front().find("app")->cores, 2);
        // A new section is created on the way.
        r = withValueText(s, {"run", "duration"}, "20min");
        QVERIFY(r.ok());
        QCOMPARE(r.study->run.duration, 1200.0);
        // The reader's verdict, at the edited path.
        r = withValueText(s, {"variants", "v1", "components", "app", "cores"}, "0");
        QVERIFY(!r.study);
        QCOMPARE(QString::fromStdString(r.diagnostics.front().path), QString("variants.v1.components.app.cores"));
        QVERIFY(QString::fromStdString(r.diagnostics.front().message).contains("must be >= 1 (got 0)"));
        r = withValueText(s, {"variants", "v1", "components", "lb", "threads"}, "4");
        QVERIFY(!r.study);
        QVERIFY(QString::fromStdString(r.diagnostics.front().message).contains("threads"));
        r = withValueText(s, {"variants", "v1", "components", "app", "zones"}, "[a, b");
        QVERIFY(!r.study);
        QVERIFY(QString::fromStdString(r.diagnostics.front().message).startsWith("variants.v1.components.app.zones: invalid YAML"));
    }

    void editsAreValidatedAsAStudy()
    {
        const Study s = study();
        // A value the reader cannot read: its message, with no line (the text is not the file).
        auto r = withValueText(s, {"variants", "v1", "components", "app", "cores"}, "four");
        QVERIFY(!r.study);
        QCOMPARE(QString::fromStdString(r.diagnostics.front().format()),
                 QString("edit.yaml: error: variants.v1.components.app.cores must be a whole number (got 'four')"));
        // A value the study refuses as a whole: the validator's, as run would refuse it.
        r = withValueText(s, {"run", "duration"}, "30s");
        QVERIFY(!r.study);
        QCOMPARE(QString::fromStdString(r.diagnostics.front().format()),
                 QString("edit.yaml: error: run.duration must be longer than run.warmup (default 1min) (got 30s) "
                         "(set a shorter run.warmup)"));
        // A kind that a key set on the component does not apply to.
        r = withValueText(s, {"variants", "v1", "components", "app", "kind"}, "external");
        QVERIFY(!r.study);
        QVERIFY2(QString::fromStdString(r.report())
                     .contains("edit.yaml: error: variants.v1.components.app.cores does not apply to kind external; it "
                               "applies to: load_balancer, api_gateway, service, cache, message_queue, sql_database, "
                               "nosql_store\n"),
                 r.report().c_str());
        // A route through a component the variant does not have.
        r = withValueText(s, {"variants", "v1", "routes", "browse"}, "[lb, ap]");
        QVERIFY(!r.study);
        QCOMPARE(QString::fromStdString(r.diagnostics.front().message),
                 QString("variants.v1.routes.browse[1]: unknown component 'ap'; known: lb, app"));
    }

    void builtStudiesAreValidatedWithoutMarks()
    {
        // A study built in code has no marks: diagnostics quote the values as the writer writes them.
        Study s = study();
        s.run.warmup = 120;
        s.run.duration = 120;
        s.variants.front().components[1].instances = 0;
        Component orphan;
        orphan.name = "orders";
        orphan.kind = ComponentKind::Module;
        s.variants.front().components.push_back(orphan);
        QStringList formatted;
        for (const auto& d : validateStudy(s, "built.yaml", false))
            formatted << QString::fromStdString(d.format());
        QCOMPARE(formatted,
                 (QStringList{"built.yaml: error: variants.v1.components.app.instances must be >= 1 (got 0)",
                              "built.yaml: error: run.warmup must be shorter than run.duration (2min) (got 2min)",
                              "built.yaml: error: variants.v1.components.orders.host is required (the service this "
                              "module runs in)"}));
        // The study as read is valid.
        QVERIFY(validateStudy(study(), "edit.yaml").empty());
    }

    void severalValuesAtOnce()
    {
        const Study s = study();
        // Alone, each of these is invalid (two traffic sources; no traffic source).
        const auto r = withValueTexts(s, {{{"workload", "rate"}, ""}, {{"workload", "replay"}, "trace.csv"}});
        QVERIFY2(r.ok(), r.report().c_str());
        QVERIFY(r.study->workload.rate.empty());
        QCOMPARE(QString::fromStdString(r.study->workload.replay), QString("trace.csv"));
    }
};

QTEST_GUILESS_MAIN(TestStudyEdit)
#include "tst_studyedit.moc"
