// The JSON Schema for editors (scenarios/schema/study.schema.json): valid JSON,
// draft 2020-12, and in step with the reader: the same keys in every part of the
// document, every component kind and policy, the keys each kind accepts, and a
// description on every key. The faults subtree is the fault types' own
// (scenarios::faultSchema).
#include "scenarios/faulttype.h"
#include "scenarios/studyreader.h"

#include <QtTest>

using namespace scalelab::scenarios;

namespace {

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
        // Generated from the fault types; after adding one, paste the text
        // this prints into $defs.fault of the schema file.
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
