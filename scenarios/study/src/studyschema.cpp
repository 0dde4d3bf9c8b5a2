#include "scenarios/studyschema.h"

#include "scenarios/faulttype.h"
#include "scenarios/fieldtext.h"
#include "scenarios/quantities.h"
#include "scenarios/studyfields.h"
#include "scenarios/studywriter.h"

#include <nlohmann/json.hpp>

#include <charconv>

namespace scalelab::scenarios {

namespace {

using Json = nlohmann::ordered_json;
using models::FieldInfo;
using models::FieldType;
using models::field::Required;

Json ref(std::string_view def)
{
    return {{"$ref", "#/$defs/" + std::string(def)}};
}

std::string sentence(std::string_view text)
{
    std::string out(text);
    if (!out.empty())
        out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out + ".";
}

// A default as JSON: a number where the file writes a bare number.
Json defaultJson(const std::string& text)
{
    double v = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size())
        return v == static_cast<double>(static_cast<long long>(v)) ? Json(static_cast<long long>(v)) : Json(v);
    return text;
}

Json numberSchema(const char* type, const models::FieldRange& range)
{
    Json j{{"type", type}};
    if (range.min)
        j[range.minExclusive ? "exclusiveMinimum" : "minimum"] = defaultJson(formatNumber(*range.min));
    if (range.max)
        j["maximum"] = defaultJson(formatNumber(*range.max));
    return j;
}

Json valueSchema(const FieldInfo& f);

// What a list item or a named entry holds.
Json entrySchema(const FieldInfo& f)
{
    if (!f.part.empty()) {
        const PartFields* part = findPart(f.part);
        if (part && !part->info.shorthand.empty())
            for (const FieldInfo& key : part->fields)
                if (key.key == part->info.shorthand)
                    return {{"anyOf", Json::array({valueSchema(key), ref(f.part)})}};
        return ref(f.part);
    }
    FieldInfo each = f;
    each.type = *f.item;
    if (each.type == FieldType::List && f.key == "layout") // [x, y]
        return {{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 2}, {"maxItems", 2}};
    if (each.type == FieldType::List) // a name, or a list of names (a variant's roles)
        return {{"anyOf", Json::array({ref("name"), {{"type", "array"}, {"items", ref("name")}, {"minItems", 1}}})}};
    return valueSchema(each);
}

Json valueSchema(const FieldInfo& f)
{
    Json j;
    switch (f.type) {
    case FieldType::Integer:
        j = numberSchema("integer", f.range);
        break;
    case FieldType::Number:
        j = numberSchema("number", f.range);
        break;
    case FieldType::Duration:
        j = ref("unit_duration");
        break;
    case FieldType::Fraction:
        j = ref("unit_fraction");
        break;
    case FieldType::Bandwidth:
        j = ref("unit_bandwidth");
        break;
    case FieldType::Bytes:
        j = ref("unit_size");
        break;
    case FieldType::Distribution:
        j = ref("unit_distribution");
        break;
    case FieldType::Name:
        j = ref("name");
        break;
    case FieldType::Text:
        j = {{"type", "string"}};
        break;
    case FieldType::Enum:
        j = {{"enum", f.choices()}};
        break;
    case FieldType::List:
        j = {{"type", "array"}, {"items", entrySchema(f)}};
        break;
    case FieldType::Map:
        if (!f.item)
            return ref(f.part);
        j = {{"type", "object"}, {"additionalProperties", entrySchema(f)}};
        if (f.has(Required))
            j["minProperties"] = 1;
        break;
    }
    if (!f.none.empty())
        j = {{"anyOf", Json::array({j, {{"const", f.none}}})}};
    return j;
}

Json fieldSchema(const FieldInfo& f, std::string_view part)
{
    Json j = valueSchema(f);
    std::string text = sentence(f.help);
    if (!f.unset.empty() && !f.has(Required))
        text += " Unset: " + std::string(f.unset) + ".";
    j["description"] = text;
    if (!f.has(Required) && f.type != FieldType::Map && f.type != FieldType::List)
        if (const std::string d = defaultValueText(part, f.key); !d.empty())
            j["default"] = defaultJson(d);
    return j;
}

// Each kind of component takes only its keys.
Json keysPerKind(const PartFields& p)
{
    Json rules = Json::array();
    const std::vector<std::string> kinds = kindNames();
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        Json keys = Json::array();
        for (const FieldInfo& f : p.fields)
            if (f.kinds & (1u << k))
                keys.push_back(f.key);
        Json names = Json::array();
        names.push_back({{"enum", keys}});
        names.push_back({{"pattern", "^[^(]*\\)$"}});
        Json rule;
        rule["if"] = {{"properties", {{"kind", {{"const", kinds[k]}}}}}, {"required", {"kind"}}};
        rule["then"] = {{"propertyNames", {{"anyOf", names}}}};
        rules.push_back(rule);
    }
    return rules;
}

// The validator's workload rules that a schema can say: one traffic source;
// nothing shapes replayed timestamps.
void workloadRules(Json& j)
{
    const auto oneOf = [](std::initializer_list<const char*> keys) {
        Json any = Json::array();
        for (const char* k : keys)
            any.push_back({{"required", {k}}});
        return any;
    };
    j["oneOf"] = oneOf({"rate", "replay", "replay_timestamps"});
    Json shaped;
    shaped["not"]["anyOf"] = oneOf({"arrivals", "spikes", "diurnal"});
    j["dependentSchemas"]["replay_timestamps"] = shaped;
}

Json partSchema(const PartFields& p)
{
    Json required = Json::array();
    bool distributions = false;
    Json properties = Json::object();
    for (const FieldInfo& f : p.fields) {
        if (f.has(Required))
            required.push_back(f.key);
        distributions = distributions || f.type == FieldType::Distribution;
        properties[std::string(f.key)] = fieldSchema(f, p.info.name);
    }
    Json j;
    j["type"] = required.empty() ? Json::array({"object", "null"}) : Json("object");
    j["description"] = std::string(p.info.help);
    j["additionalProperties"] = false;
    if (!required.empty())
        j["required"] = required;
    j["properties"] = properties;
    if (distributions)
        j["patternProperties"] = {
            {"^[^(]*\\)$",
             {{"type", "null"},
              {"description", "The tail of a distribution that YAML cut at its comma inside { }: 'cpu: lognormal(8ms, "
                              "cv=0.5)' in a flow map. The reader rejoins it; quoting the distribution avoids it."}}}};
    if (p.info.name == "component")
        j["allOf"] = keysPerKind(p);
    if (p.info.name == "workload")
        workloadRules(j);
    return j;
}

// The value types every part refers to.
void valueDefs(Json& defs)
{
    defs["name"] = {{"type", "string"},
                    {"minLength", 1},
                    {"description", "A name: of an operation, a variant, a component or a zone."}};
    defs["unit_duration"] = {{"type", "string"},
                             {"pattern", "^\\s*[-+]?[0-9.]+([eE][-+]?[0-9]+)?\\s*(ns|us|µs|ms|s|sec|min|h)\\s*$"},
                             {"description", "A duration with its unit, never a bare number: 250us, 8ms, 1.5s, 2min, 1h."}};
    defs["unit_size"] = {{"type", "string"},
                         {"pattern", "^\\s*[0-9.]+([eE][-+]?[0-9]+)?\\s*(B|KB|kB|MB|GB|TB|KiB|MiB|GiB|TiB)\\s*$"},
                         {"description", "A size with its unit: 512B, 2KB (x1000), 1.5MB, 1MiB (x1024^2)."}};
    defs["unit_bandwidth"] = {
        {"type", "string"},
        {"pattern", "^\\s*[0-9.]+([eE][-+]?[0-9]+)?\\s*(bps|Kbps|kbps|Mbps|Gbps|Tbps|B/s|KB/s|kB/s|MB/s|GB/s|TB/s|KiB/s|"
                    "MiB/s|GiB/s)\\s*$"},
        {"description", "A bandwidth in bits per second (100Mbps, 10Gbps) or bytes per second (1.25GB/s, 500MiB/s)."}};
    defs["unit_fraction"] = {
        {"oneOf", Json::array({{{"type", "number"}, {"minimum", 0}, {"maximum", 1}},
                               {{"type", "string"}, {"pattern", "^\\s*[0-9.]+\\s*%\\s*$"}}})},
        {"description", "A fraction 0..1, as a number (0.999) or a percentage (99.9%)."}};
    defs["unit_distribution"] = {
        {"type", "string"},
        {"pattern", "^\\s*([0-9.]|(constant|exponential|uniform|lognormal|gamma|empirical)\\s*\\()"},
        {"description",
         "A random time: 8ms (constant), constant(8ms), exponential(5ms), uniform(1ms, 3ms), lognormal(8ms, cv=0.5), "
         "gamma(10ms, cv=2), empirical(1ms, 2ms, 4ms). Arguments are durations; cv is stddev/mean, > 0. Quote it "
         "inside { }: cpu: \"lognormal(8ms, cv=0.5)\"."}};
}

// A route: the list form of a call chain (docs/format.md, "routes").
void routeDefs(Json& defs)
{
    defs["route_step"] = {
        {"description", "A step: a component name, or a one-key map {name: {cpu: 8ms, ...}}."},
        {"oneOf", Json::array({ref("name"),
                               {{"type", "object"},
                                {"minProperties", 1},
                                {"maxProperties", 1},
                                {"additionalProperties", ref("step")}}})}};
    defs["route"] = {{"type", "array"},
                     {"minItems", 1},
                     {"items", ref("route_step")},
                     {"description", "[a, b, c]: the entry calls a, a calls b (after a's own calls), b calls c."}};
}

} // namespace

std::string studySchema()
{
    const PartFields& top = studyParts().front();
    Json schema;
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    schema["title"] = "ScaleLab study";
    schema["description"] =
        std::string(top.info.help) + " Reference: docs/format.md. Durations always carry a unit.";
    schema["type"] = "object";
    schema["additionalProperties"] = false;
    const Json part = partSchema(top);
    schema["required"] = part["required"];
    schema["properties"] = part["properties"];
    Json defs = Json::object();
    valueDefs(defs);
    for (const PartFields& p : studyParts())
        if (&p != &top)
            defs[std::string(p.info.name)] = partSchema(p);
    routeDefs(defs);
    defs["fault"] = Json::parse(faultSchema()); // the fault types' own (scenarios/faulttype.h)
    schema["$defs"] = defs;
    return schema.dump(2) + "\n";
}

} // namespace scalelab::scenarios
