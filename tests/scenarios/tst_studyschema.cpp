// The JSON Schema for editors (scenarios/schema/study.schema.json): the text
// the field descriptions make (and the field tables of docs/format.md too),
// valid JSON, draft 2020-12, in step with the reader (the same keys in every
// part of the document, every component kind and policy, the keys each kind
// accepts, a description on every key), and the bundled studies valid by it.
// The faults subtree is the fault types' own (scenarios::faultSchema).
#include "scenarios/faulttype.h"
#include "scenarios/studyreader.h"
#include "scenarios/studyschema.h"

#include <QtTest>

#include <yaml-cpp/yaml.h>

using namespace scalelab::scenarios;

namespace {

const char* const kRegenerate = "regenerate it: build/app/scalelab-cli schema > scenarios/schema/study.schema.json && "
                                "build/app/scalelab-cli schema --docs docs/format.md";

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A YAML document as JSON, plain scalars resolved as YAML's core schema does.
QJsonValue toJson(const YAML::Node& node)
{
    static const QRegularExpression number("^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$");
    switch (node.Type()) {
    case YAML::NodeType::Scalar: {
        const QString text = QString::fromStdString(node.Scalar());
        if (node.Tag() != "!") {
            if (text.isEmpty() || text == "~" || text == "null")
                return QJsonValue::Null;
            if (text == "true" || text == "false")
                return text == "true";
            if (number.match(text).hasMatch())
                return text.toDouble();
        }
        return text;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray out;
        for (const auto& item : node)
            out.append(toJson(item));
        return out;
    }
    case YAML::NodeType::Map: {
        QJsonObject out;
        for (auto it = node.begin(); it != node.end(); ++it)
            out.insert(QString::fromStdString(it->first.Scalar()), toJson(it->second));
        return out;
    }
    default:
        return QJsonValue::Null;
    }
}

// The keywords of draft 2020-12 the study schema uses, enough to tell whether a
// document is valid by it.
class SchemaCheck
{
public:
    explicit SchemaCheck(QJsonObject root) : m_root(std::move(root)) {}

    QStringList errors(const QJsonValue& doc)
    {
        m_errors.clear();
        check(doc, m_root, "");
        return m_errors;
    }

private:
    QJsonObject m_root;
    QStringList m_errors;

    bool valid(const QJsonValue& v, const QJsonValue& schema, const QString& at)
    {
        const auto before = m_errors.size();
        check(v, schema, at);
        const bool ok = m_errors.size() == before;
        m_errors.resize(before);
        return ok;
    }
    void fail(const QString& at, const QString& what) { m_errors << (at.isEmpty() ? "/" : at) + ": " + what; }
    static bool typeIs(const QJsonValue& v, const QString& type)
    {
        if (type == "integer")
            return v.isDouble() && v.toDouble() == std::floor(v.toDouble());
        return (type == "object" && v.isObject()) || (type == "array" && v.isArray()) ||
               (type == "string" && v.isString()) || (type == "number" && v.isDouble()) ||
               (type == "null" && v.isNull()) || (type == "boolean" && v.isBool());
    }

    void check(const QJsonValue& v, const QJsonValue& schemaValue, const QString& at)
    {
        const QJsonObject s = schemaValue.toObject();
        if (s.contains("$ref"))
            check(v, m_root["$defs"].toObject()[s["$ref"].toString().section('/', -1)], at);
        if (s.contains("type")) {
            const QJsonArray types = s["type"].isArray() ? s["type"].toArray() : QJsonArray{s["type"]};
            if (std::none_of(types.begin(), types.end(), [&](const QJsonValue& t) { return typeIs(v, t.toString()); }))
                return fail(at, "not of type " + QJsonDocument(types).toJson(QJsonDocument::Compact));
        }
        if (s.contains("enum") && !s["enum"].toArray().contains(v))
            fail(at, "not one of the enum");
        if (s.contains("const") && s["const"] != v)
            fail(at, "not the const");
        if (v.isDouble()) {
            if (s.contains("minimum") && v.toDouble() < s["minimum"].toDouble())
                fail(at, "below the minimum");
            if (s.contains("exclusiveMinimum") && v.toDouble() <= s["exclusiveMinimum"].toDouble())
                fail(at, "not above the exclusive minimum");
            if (s.contains("maximum") && v.toDouble() > s["maximum"].toDouble())
                fail(at, "above the maximum");
        }
        if (v.isString()) {
            if (s.contains("minLength") && v.toString().size() < s["minLength"].toInt())
                fail(at, "too short");
            if (s.contains("pattern") && !QRegularExpression(s["pattern"].toString()).match(v.toString()).hasMatch())
                fail(at, "'" + v.toString() + "' does not match " + s["pattern"].toString());
        }
        if (v.isArray()) {
            const QJsonArray a = v.toArray();
            if (s.contains("minItems") && a.size() < s["minItems"].toInt())
                fail(at, "too few items");
            if (s.contains("maxItems") && a.size() > s["maxItems"].toInt())
                fail(at, "too many items");
            if (s.contains("items"))
                for (qsizetype i = 0; i < a.size(); ++i)
                    check(a[i], s["items"], at + "/" + QString::number(i));
        }
        if (v.isObject())
            checkObject(v.toObject(), s, at);
        for (const auto& sub : s["allOf"].toArray())
            check(v, sub, at);
        if (s.contains("anyOf")) {
            const QJsonArray any = s["anyOf"].toArray();
            if (std::none_of(any.begin(), any.end(), [&](const QJsonValue& sub) { return valid(v, sub, at); }))
                fail(at, "matches none of anyOf");
        }
        if (s.contains("oneOf")) {
            const QJsonArray one = s["oneOf"].toArray();
            if (std::count_if(one.begin(), one.end(), [&](const QJsonValue& sub) { return valid(v, sub, at); }) != 1)
                fail(at, "does not match exactly one of oneOf");
        }
        if (s.contains("not") && valid(v, s["not"], at))
            fail(at, "matches not");
        if (s.contains("if") && valid(v, s["if"], at) && s.contains("then"))
            check(v, s["then"], at);
    }

    void checkObject(const QJsonObject& o, const QJsonObject& s, const QString& at)
    {
        for (const auto& key : s["required"].toArray())
            if (!o.contains(key.toString()))
                fail(at, "needs " + key.toString());
        if (s.contains("minProperties") && o.size() < s["minProperties"].toInt())
            fail(at, "too few keys");
        if (s.contains("maxProperties") && o.size() > s["maxProperties"].toInt())
            fail(at, "too many keys");
        const QJsonObject properties = s["properties"].toObject();
        const QJsonObject patterns = s["patternProperties"].toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString where = at + "/" + it.key();
            if (s.contains("propertyNames"))
                check(it.key(), s["propertyNames"], where);
            if (s["dependentSchemas"].toObject().contains(it.key()))
                check(o, s["dependentSchemas"].toObject()[it.key()], at);
            bool matched = properties.contains(it.key());
            if (matched)
                check(it.value(), properties[it.key()], where);
            for (auto p = patterns.begin(); p != patterns.end(); ++p)
                if (QRegularExpression(p.key()).match(it.key()).hasMatch()) {
                    matched = true;
                    check(it.value(), p.value(), where);
                }
            if (!matched && s.contains("additionalProperties")) {
                if (s["additionalProperties"].isBool() && !s["additionalProperties"].toBool())
                    fail(where, "not a known key");
                else if (s["additionalProperties"].isObject())
                    check(it.value(), s["additionalProperties"], where);
            }
        }
    }
};

QStringList toList(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& s : v)
        out << QString::fromStdString(s);
    return out;
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

// Every "$ref" in the document, to check that each one resolves.
void collectRefs(const QJsonValue& v, QStringList& refs)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == "$ref")
                refs << it.value().toString();
            else
                collectRefs(it.value(), refs);
        }
    } else if (v.isArray()) {
        for (const auto& item : v.toArray())
            collectRefs(item, refs);
    }
}

} // namespace

class TestStudySchema : public QObject
{
    Q_OBJECT

    QJsonObject m_schema;
    QJsonObject m_defs;

private slots:
    void initTestCase()
    {
        QFile f(QStringLiteral(SCALELAB_STUDY_SCHEMA));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(doc.isObject());
        m_schema = doc.object();
        m_defs = m_schema["$defs"].toObject();
    }

    void schemaIsGenerated()
    {
        QVERIFY2(readFile(SCALELAB_STUDY_SCHEMA) == QByteArray::fromStdString(studySchema()),
                 qPrintable(QStringLiteral("scenarios/schema/study.schema.json is stale; ") + kRegenerate));
    }

    void formatTablesAreGenerated()
    {
        const std::string doc = readFile(SCALELAB_FORMAT_DOC).toStdString();
        QVERIFY(!doc.empty());
        QVERIFY2(withFieldTables(doc) == doc, qPrintable(QStringLiteral("docs/format.md's field tables are stale; ") +
                                                         kRegenerate));
        // Every part of the document has its table.
        for (const char* part : {"study", "operation", "workload", "rate", "spike", "diurnal", "slo", "run", "network",
                                 "zone", "latency", "bandwidth", "pricing", "business", "variant", "component",
                                 "rate_limit", "failures", "autoscale", "schedule", "vertical", "size", "resize", "step",
                                 "retries", "breaker", "bulkhead"})
            QVERIFY2(doc.find("<!-- fields: " + std::string(part) + " -->\n| key |") != std::string::npos, part);
        QCOMPARE(QString::fromStdString(withFieldTables("a\n<!-- fields: run -->\nold\n<!-- end fields -->\nb\n")),
                 QString::fromStdString("a\n<!-- fields: run -->\n" + fieldTable("run") + "<!-- end fields -->\nb\n"));
        // A marker quoted in a sentence is not one; a table without its end is left alone.
        const std::string quoted = "see `<!-- fields: run -->` and `<!-- end fields -->`\n";
        QCOMPARE(withFieldTables(quoted), quoted);
        const std::string open = "<!-- fields: run -->\nold\n";
        QCOMPARE(withFieldTables(open), open);
    }

    void bundledStudiesAreValid_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("valid");
        for (const auto& name : QDir(SCALELAB_EXAMPLES_DIR).entryList({"*.yaml"}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(name)) << QStringLiteral(SCALELAB_EXAMPLES_DIR "/") + name << true;
        QTest::newRow("good/shop.yaml") << QStringLiteral(SCALELAB_SCENARIOS_TEST_DIR "/good/shop.yaml") << true;
        QTest::newRow("good/cdn.yaml") << QStringLiteral(SCALELAB_SCENARIOS_TEST_DIR "/good/cdn.yaml") << true;
        // The check can fail: files the reader refuses for a reason the schema knows.
        for (const char* bad : {"instances_zero", "lb_policy", "unknown_kind", "durations_without_units", "spikes"})
            QTest::newRow(bad) << QStringLiteral(SCALELAB_SCENARIOS_TEST_DIR "/bad/%1.yaml").arg(bad) << false;
    }

    void bundledStudiesAreValid()
    {
        QFETCH(QString, file);
        QFETCH(bool, valid);
        const QJsonValue doc = toJson(YAML::LoadFile(file.toStdString()));
        const QStringList errors = SchemaCheck(m_schema).errors(doc);
        if (valid)
            QCOMPARE(errors, QStringList());
        else
            QVERIFY(!errors.isEmpty());
    }

    void draft202012()
    {
        QCOMPARE(m_schema["$schema"].toString(), QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
        QCOMPARE(m_schema["additionalProperties"].toBool(true), false);
        QCOMPARE(m_schema["required"].toArray().toVariantList(),
                 (QVariantList{"operations", "workload", "variants"}));
    }

    void everyTopLevelKey()
    {
        QCOMPARE(m_schema["properties"].toObject().keys(), sorted(toList(knownKeys("study"))));
    }

    void everyPartsKeys_data()
    {
        QTest::addColumn<QString>("part");
        for (const char* part : {"operation", "workload", "rate", "spike", "diurnal", "fault", "slo", "run", "network",
                                 "zone", "latency", "bandwidth", "variant", "component", "rate_limit", "step",
                                 "failures", "retries", "breaker", "bulkhead", "autoscale", "schedule", "pricing",
                                 "business", "vertical", "size", "resize"})
            QTest::newRow(part) << part;
    }

    void everyPartsKeys()
    {
        QFETCH(QString, part);
        const QJsonObject def = m_defs[part].toObject();
        QVERIFY2(!def.isEmpty(), qPrintable(part));
        QCOMPARE(def["properties"].toObject().keys(), sorted(toList(knownKeys(part.toStdString()))));
        QCOMPARE(def["additionalProperties"].toBool(true), false);
        QVERIFY(!def["description"].toString().isEmpty());
    }

    void everyKeyDescribed()
    {
        QStringList missing;
        auto check = [&](const QString& where, const QJsonObject& props) {
            for (auto it = props.begin(); it != props.end(); ++it) {
                const QJsonObject p = it.value().toObject();
                const bool described = !p["description"].toString().isEmpty() ||
                                       (p.contains("$ref") &&
                                        !m_defs[p["$ref"].toString().section('/', -1)]
                                             .toObject()["description"]
                                             .toString()
                                             .isEmpty());
                if (!described)
                    missing << where + "." + it.key();
            }
        };
        check("study", m_schema["properties"].toObject());
        for (auto it = m_defs.begin(); it != m_defs.end(); ++it)
            check(it.key(), it.value().toObject()["properties"].toObject());
        QCOMPARE(missing, QStringList());
    }

    void everyComponentKind()
    {
        const QJsonObject props = m_defs["component"].toObject()["properties"].toObject();
        QCOMPARE(props["kind"].toObject()["enum"].toArray().toVariantList(),
                 QVariant(toList(kindNames())).toList());
        QCOMPARE(props["policy"].toObject()["enum"].toArray().toVariantList(),
                 QVariant(toList(policyNames())).toList());
    }

    void keysPerKind()
    {
        // One if/then per kind, naming exactly the keys the reader accepts for it.
        const QJsonArray rules = m_defs["component"].toObject()["allOf"].toArray();
        QCOMPARE(rules.size(), qsizetype(kindNames().size()));
        for (const auto& rule : rules) {
            const QJsonObject r = rule.toObject();
            const QString kind = r["if"].toObject()["properties"].toObject()["kind"].toObject()["const"].toString();
            const QJsonArray anyOf = r["then"].toObject()["propertyNames"].toObject()["anyOf"].toArray();
            const QVariantList allowed = anyOf.at(0).toObject()["enum"].toArray().toVariantList();
            QStringList expected;
            for (const auto& key : knownKeys("component")) {
                const auto kinds = kindsForComponentKey(key);
                for (const auto k : kinds)
                    if (kindName(k) == kind.toStdString())
                        expected << QString::fromStdString(key);
            }
            QCOMPARE(QVariant(allowed).toStringList(), expected);
        }
    }

    void faultsFromTheirTypes()
    {
        // The fault types' own subtree, as studySchema() places it.
        const QByteArray generated = QByteArray::fromStdString(faultSchema());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(generated, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        if (doc.object() != m_defs["fault"].toObject())
            qWarning().noquote() << generated;
        QCOMPARE(doc.object(), m_defs["fault"].toObject());
        const QJsonArray oneOf = m_defs["fault"].toObject()["oneOf"].toArray();
        QCOMPARE(oneOf.size(), qsizetype(faultTypes().size()));
        // A key shared by several types means one thing: one type, one description.
        for (const FaultSettingUse& use : faultSettingUses())
            for (const FaultType* t : use.types) {
                QCOMPARE(int(t->setting(use.setting->key)->type), int(use.setting->type));
                QCOMPARE(std::string(t->setting(use.setting->key)->help), std::string(use.setting->help));
            }
    }

    void refsResolve()
    {
        QStringList refs;
        collectRefs(m_schema, refs);
        QVERIFY(!refs.isEmpty());
        for (const auto& ref : refs) {
            QVERIFY2(ref.startsWith("#/$defs/"), qPrintable(ref));
            QVERIFY2(m_defs.contains(ref.mid(8)), qPrintable(ref));
        }
    }
};

QTEST_GUILESS_MAIN(TestStudySchema)
#include "tst_studyschema.moc"
