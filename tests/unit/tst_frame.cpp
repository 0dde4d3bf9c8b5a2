// The result frame's JSON (simcore/framejson.h): an exact round trip with
// every part filled, the schema version, readers that refuse wrong types and
// missing keys with a message naming the key, and docs/stream.md's field
// tables as the library describes them.
#include "simcore/framefields.h"
#include "simcore/framejson.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

using namespace scalelab::sim;
using Json = nlohmann::ordered_json;

namespace {

/// A frame with every part there, numbers that print long (1/3, 0.1 + 0.2,
/// tiny and huge) and counters beyond 2^53.
Frame fullFrame()
{
    Frame f;
    MetricFrame& m = f.metrics;
    m.start = 10.0;
    m.end = 10.0 + 1.0 / 3.0;
    m.arrivals = 9007199254740993ULL; // 2^53 + 1: not a double
    m.completions = 7;
    m.errors = 2;
    m.rejections = 1;
    m.inFlight = 4;
    m.attempts = 12;
    m.retries = 3;
    m.meanLatency = 0.1 + 0.2;
    m.p50 = 1e-300;
    m.p95 = 0.018124000000000695;
    m.p99 = 1.7976931348623157e308;
    m.p999 = 2.0;
    m.operations.push_back({"browse", 5, 4, 1, 0, 0.005849569863111826, 0.0054, 0.0101, 0.0117});
    m.operations.push_back({"checkout", 2, 3, 1, 1, 1.0 / 7.0, 0.1, 0.2, 0.3});
    m.connections.push_back({"clients", "lb", 12, 3, 2, 1, 0});
    m.connections.push_back({"app", "payments", 412, 137, 96, 5, 8});
    StationMetrics s;
    s.name = "web/0";
    s.workers = 64;
    s.arrivals = 385;
    s.completed = 380;
    s.rejected = 3;
    s.failed = 2;
    s.waited = 11;
    s.started = 383;
    s.waitSum = 0.14276870622034876;
    s.utilization = 2.0 / 3.0;
    s.meanBusyWorkers = 0.5636976707080886;
    s.meanQueue = 1e-9;
    s.meanInSystem = 3.25;
    s.up = false;
    s.provisioned = 0.5;
    m.stations.push_back(s);
    s.name = "web/1";
    s.up = true;
    s.provisioned = 1.0;
    m.stations.push_back(s);
    f.events.push_back({10.25, "host_down", "web/0", ""});
    f.events.push_back({10.3, "fault_start", "payments", "slow dependency +200ms"});
    f.breakers.push_back({"app", "payments", "half_open"});
    f.gauges.push_back({"lb", "healthy_backends", 2.0});
    f.gauges.push_back({"cache", "hit_ratio", 0.7893890675241158});
    f.fleet = FleetStatus{0.0131, 9.4426, {{"web", 1, 1, 0, 1}, {"db", 2, 0, 1, 0}}};
    return f;
}

/// The frame line of fullFrame() with `change` applied.
std::string changed(const std::function<void(Json&)>& change)
{
    Json j = Json::parse(toJson(fullFrame()));
    change(j);
    return j.dump();
}

QString messageOf(const std::function<void()>& read)
{
    try {
        read();
    } catch (const StreamFormatError& e) {
        return QString::fromStdString(e.what());
    }
    return "(accepted)";
}

/// Every key path a JSON object holds, arrays as `key[]`, with the JSON type.
void collectKeys(const Json& j, const std::string& prefix, std::set<std::pair<std::string, std::string>>& out)
{
    for (const auto& [key, value] : j.items()) {
        const std::string path = prefix + key;
        if (value.is_array()) {
            out.insert({path + "[]", "array"});
            for (const Json& item : value)
                if (item.is_object())
                    collectKeys(item, path + "[].", out);
        } else {
            const char* type = value.is_string()            ? "string"
                               : value.is_boolean()         ? "boolean"
                               : value.is_number_integer() ? "integer"
                                                            : "number";
            out.insert({path, type});
        }
    }
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The tables of docs/stream.md, each between `<!-- fields:NAME -->` and `<!-- /fields:NAME -->`.
const std::pair<const char*, std::vector<FieldInfo> (*)()> kTables[] = {{"start", startFields},
                                                                         {"frame", frameFields},
                                                                         {"event", eventFields},
                                                                         {"summary", summaryFields},
                                                                         {"error", errorFields}};

} // namespace

class TestFrame : public QObject
{
    Q_OBJECT

private slots:
    void roundTripWithEveryPart()
    {
        const Frame f = fullFrame();
        const std::string lines = frameLines(f);
        FrameReader reader;
        std::istringstream in(lines);
        std::string line;
        int frames = 0;
        Frame back;
        while (std::getline(in, line))
            if (reader.add(line)) {
                back = reader.take();
                ++frames;
            }
        QCOMPARE(frames, 1);
        QCOMPARE(back.events.size(), std::size_t(2));
        QVERIFY(reader.pendingEvents().empty());
        // Write -> read -> write is byte-identical, events included.
        QCOMPARE(frameLines(back), lines);
        // Numbers are exact, not merely printed alike.
        QCOMPARE(back.metrics.arrivals, f.metrics.arrivals);
        QCOMPARE(back.metrics.end, f.metrics.end);
        QCOMPARE(back.metrics.meanLatency, f.metrics.meanLatency);
        QCOMPARE(back.metrics.p50, 1e-300);
        QCOMPARE(back.metrics.p99, std::numeric_limits<double>::max());
        QCOMPARE(back.metrics.stations.at(0).utilization, 2.0 / 3.0);
        QCOMPARE(back.metrics.stations.at(0).up, false);
        QCOMPARE(back.metrics.operations.at(1).meanLatency, 1.0 / 7.0);
        QCOMPARE(back.metrics.connections.at(1).shortCircuited, std::uint64_t(8));
        QCOMPARE(back.events.at(1).detail, std::string("slow dependency +200ms"));
        QCOMPARE(back.breakers.at(0).state, std::string("half_open"));
        QCOMPARE(back.gauges.at(1).value, 0.7893890675241158);
        QVERIFY(back.fleet.has_value());
        QCOMPARE(back.fleet->costRate, 9.4426);
        QCOMPARE(back.fleet->components.at(1).draining, 1);
        QCOMPARE(back.fleet->provisioned(), 6);

        // The optional parts stay out when empty, and read back empty.
        Frame bare;
        bare.metrics = f.metrics;
        const std::string text = toJson(bare);
        QVERIFY(text.find("\"breakers\"") == std::string::npos);
        QVERIFY(text.find("\"cost\"") == std::string::npos);
        const Frame bareBack = frameFromJson(text);
        QVERIFY(!bareBack.fleet);
        QVERIFY(bareBack.breakers.empty());
        QCOMPARE(toJson(bareBack), text);
    }

    void everyLineTypeRoundTrips()
    {
        StreamStart start;
        start.study = "golden \"shop\"";
        start.file = "shop.yaml";
        start.variant = "services";
        start.duration = 30.0;
        start.warmup = 5.0;
        start.bin = 0.1;
        start.seed = 18446744073709551615ULL;
        start.operations = {"browse", "checkout"};
        start.components = {{"lb", "load_balancer"}, {"web", "service"}};
        const std::string startLine = toJson(start);
        QCOMPARE(startLine, std::string("{\"type\":\"start\",\"study\":\"golden \\\"shop\\\"\",\"file\":\"shop.yaml\","
                                        R"("variant":"services","duration":30.0,"warmup":5.0,"bin":0.1,)"
                                        R"("seed":18446744073709551615,"replication":0,)"
                                        R"("operations":["browse","checkout"],)"
                                        R"("components":[{"name":"lb","kind":"load_balancer"},)"
                                        R"({"name":"web","kind":"service"}]})"));
        QCOMPARE(toJson(std::get<StreamStart>(parseStreamLine(startLine))), startLine);

        const std::string summaryLine =
            R"({"type":"summary","stopped":true,"end":12.5,"study":"s","figures":{"p99":{"mean":0.25}}})";
        const auto summary = std::get<StreamSummary>(parseStreamLine(summaryLine));
        QCOMPARE(summary.stopped, true);
        QCOMPARE(summary.end, 12.5);
        QCOMPARE(summary.report, std::string(R"({"study":"s","figures":{"p99":{"mean":0.25}}})"));
        QCOMPARE(toJson(summary), summaryLine);

        const std::string errorLine = R"({"type":"error","message":"unknown command 'jump'","fatal":false})";
        QCOMPARE(toJson(std::get<StreamError>(parseStreamLine(errorLine))), errorLine);

        const std::string eventLine = R"({"type":"event","time":20.0,"kind":"host_down","subject":"db/0"})";
        QCOMPARE(toJson(eventFromJson(eventLine)), eventLine);

        QCOMPARE(std::get<UnknownLine>(parseStreamLine(R"({"type":"progress","x":1})")).type, std::string("progress"));
    }

    void schemaVersion()
    {
        const std::string line = toJson(fullFrame());
        QVERIFY2(line.rfind(R"({"type":"frame","schema_version":1,"start":)", 0) == 0, line.c_str());
        QCOMPARE(kFrameSchemaVersion, 1);
        QCOMPARE(messageOf([] { frameFromJson(changed([](Json& j) { j["schema_version"] = 2; })); }),
                 QString("frame: schema_version 2 is not supported (this build reads 1)"));
        QCOMPARE(messageOf([] { frameFromJson(changed([](Json& j) { j.erase("schema_version"); })); }),
                 QString("frame: missing schema_version"));
        QCOMPARE(messageOf([] { frameFromJson(changed([](Json& j) { j["schema_version"] = "1"; })); }),
                 QString("frame: schema_version must be an integer (got string)"));
    }

    void wrongTypesRejected_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("value"); // JSON text; empty: remove the key
        QTest::addColumn<QString>("message");
        QTest::newRow("number as string") << "/stations/0/utilization" << R"("x")"
                                          << "frame: stations[0].utilization must be a number (got string)";
        QTest::newRow("negative count") << "/arrivals" << "-1"
                                        << "frame: arrivals must be an integer >= 0 (got number -1)";
        QTest::newRow("fractional count") << "/operations/1/errors" << "1.5"
                                          << "frame: operations[1].errors must be an integer >= 0 (got number 1.5)";
        QTest::newRow("boolean as number") << "/stations/1/up" << "1"
                                           << "frame: stations[1].up must be a boolean (got number 1)";
        QTest::newRow("string as boolean") << "/connections/0/caller" << "true"
                                           << "frame: connections[0].caller must be a string (got boolean)";
        QTest::newRow("array as object") << "/operations" << "{}"
                                         << "frame: operations must be an array (got object)";
        QTest::newRow("item not an object") << "/connections/1" << "3"
                                            << "frame: connections[1] must be an object (got number 3)";
        QTest::newRow("instances as string") << "/components/0/instances" << R"("3")"
                                             << "frame: components[0].instances must be an integer (got string)";
        QTest::newRow("instances too large") << "/components/1/down" << "4294967296"
                                             << "frame: components[1].down must be an integer (got number 4294967296)";
        QTest::newRow("null gauge") << "/gauges/0/value" << "null"
                                    << "frame: gauges[0].value must be a number (got null)";
        QTest::newRow("breaker state") << "/breakers/0/state" << "false"
                                       << "frame: breakers[0].state must be a string (got boolean)";
        QTest::newRow("cost") << "/cost" << R"("1")" << "frame: cost must be a number (got string)";
        QTest::newRow("availability") << "/availability" << "[]" << "frame: availability must be a number (got array)";
        QTest::newRow("missing nested key") << "/stations/0/up" << "" << "frame: missing stations[0].up";
        QTest::newRow("missing array") << "/gauges" << "" << "frame: missing gauges";
        QTest::newRow("fleet half there") << "/cost_rate" << "" << "frame: missing cost_rate";
        QTest::newRow("another type") << "/type" << R"("event")" << R"(frame: type must be "frame" (got "event"))";
    }

    void wrongTypesRejected()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, message);
        const std::string line = changed([&](Json& j) {
            const Json::json_pointer at(pointer.toStdString());
            if (value.isEmpty())
                j[at.parent_pointer()].erase(at.back());
            else
                j[at] = Json::parse(value.toStdString());
        });
        QCOMPARE(messageOf([&] { frameFromJson(line); }), message);
        // The same through the reader of any line (which takes the line's own
        // type at its word), and as std::invalid_argument.
        if (pointer != "/type")
            QCOMPARE(messageOf([&] { parseStreamLine(line); }), message);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, frameFromJson(line));
    }

    void malformedLinesRejected_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << "{not json" << "stream line: not JSON (syntax error at byte 3)";
        QTest::newRow("cut short") << R"({"type":"frame","start":)"
                                   << "stream line: not JSON (syntax error at byte 25)";
        QTest::newRow("empty") << "" << "stream line: not JSON (syntax error at byte 1)";
        QTest::newRow("number out of range") << R"({"type":"frame","start":1e400})"
                                             << "stream line: not JSON (a number out of range)";
        QTest::newRow("not an object") << "[1,2]" << "stream line: not a JSON object (got array)";
        QTest::newRow("no type") << R"({"time":1})" << "stream line: missing type";
        QTest::newRow("type not a string") << R"({"type":3})" << "stream line: type must be a string (got number)";
        QTest::newRow("event time") << R"({"type":"event","time":"x","kind":"host_down","subject":"db/0"})"
                                    << "event: time must be a number (got string)";
        QTest::newRow("event subject") << R"({"type":"event","time":1.0,"kind":"host_down"})"
                                       << "event: missing subject";
        QTest::newRow("start operations") << R"({"type":"start","study":"s","file":"f","variant":"v","duration":1,)"
                                             R"("warmup":0,"bin":1,"seed":1,"replication":0,"operations":["a",5],)"
                                             R"("components":[]})"
                                          << "start: operations[1] must be a string (got number 5)";
        QTest::newRow("error fatal") << R"({"type":"error","message":"m","fatal":"yes"})"
                                     << "error: fatal must be a boolean (got string)";
        QTest::newRow("summary end") << R"({"type":"summary","stopped":false})" << "summary: missing end";
    }

    void malformedLinesRejected()
    {
        QFETCH(QString, line);
        QFETCH(QString, message);
        QCOMPARE(messageOf([&] { parseStreamLine(line.toStdString()); }), message);
    }

    void frameReaderTakesEventsAndFramesOnly()
    {
        FrameReader reader;
        QVERIFY(!reader.add(R"({"type":"event","time":1.0,"kind":"host_down","subject":"db/0"})"));
        QCOMPARE(reader.pendingEvents().size(), std::size_t(1));
        QCOMPARE(messageOf([&] { reader.add(R"({"type":"error","message":"m","fatal":true})"); }),
                 QString("stream line: expected an event or a frame"));
    }

    void fieldsDescribeWhatIsWritten()
    {
        // Every key a full frame carries is described, with its type, and nothing else.
        std::set<std::pair<std::string, std::string>> written;
        collectKeys(Json::parse(toJson(fullFrame())), "", written);
        std::set<std::pair<std::string, std::string>> described;
        for (const FieldInfo& f : frameFields()) {
            QVERIFY2(!f.help.empty(), f.key.c_str());
            described.insert({f.key, f.type});
        }
        QCOMPARE(described.size(), frameFields().size()); // no key twice
        for (const auto& key : written)
            QVERIFY2(described.count(key), (key.first + " (" + key.second + ") is written but not described").c_str());
        for (const auto& key : described)
            QVERIFY2(written.count(key), (key.first + " is described but not written").c_str());
    }

    void docsTablesInStep()
    {
        // SCALELAB_UPDATE_DOCS=1 rewrites the tables instead (the `stream-docs` target).
        const std::string path = SCALELAB_SOURCE_DIR "/docs/stream.md";
        std::string doc = readFile(path);
        QVERIFY2(!doc.empty(), path.c_str());
        const bool update = std::getenv("SCALELAB_UPDATE_DOCS") != nullptr;
        for (const auto& [name, fields] : kTables) {
            const std::string begin = std::string("<!-- fields:") + name + " -->\n";
            const std::string end = std::string("<!-- /fields:") + name + " -->";
            const std::size_t from = doc.find(begin);
            const std::size_t to = doc.find(end);
            QVERIFY2(from != std::string::npos && to != std::string::npos && from < to,
                     ("docs/stream.md has no " + begin).c_str());
            const std::string expected = fieldTable(fields());
            const std::size_t at = from + begin.size();
            if (update) {
                doc.replace(at, to - at, expected);
                continue;
            }
            QCOMPARE(doc.substr(at, to - at), expected);
        }
        if (update)
            std::ofstream(path) << doc;
    }
};

QTEST_GUILESS_MAIN(TestFrame)
#include "tst_frame.moc"
