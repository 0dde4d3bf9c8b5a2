#include "scenarios/faulttype.h"
#include "scenarios/quantities.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace scalelab::scenarios {

namespace {

using Json = nlohmann::ordered_json;

Json ref(const char* def) { return Json{{"$ref", std::string("#/$defs/") + def}}; }

/// "zone outage" for zone_outage.
std::string spoken(std::string_view key)
{
    std::string s(key);
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

/// "Kill only: ...", "Zone outage, slow, ...: ...": which actions take the setting, then its help.
std::string settingDescription(const FaultSetting& s, const std::vector<const FaultType*>& owners)
{
    std::string who;
    for (std::size_t i = 0; i < owners.size(); ++i)
        who += (i == 0 ? "" : ", ") + spoken(owners[i]->key());
    who[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(who[0])));
    return who + (owners.size() == 1 ? " only: " : ": ") + std::string(s.help);
}

Json number(double v)
{
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return Json(static_cast<long long>(v));
    return Json(v);
}

Json settingSchema(const FaultSetting& s, const std::vector<const FaultType*>& owners)
{
    using T = FaultSetting::Type;
    Json j;
    switch (s.type) {
    case T::Duration:
    case T::PositiveDuration:
        j = ref("unit_duration");
        break;
    case T::Count:
        j = Json{{"type", "integer"}, {"minimum", 1}};
        break;
    case T::CountOrShare:
        j = Json{{"anyOf", Json::array({Json{{"type", "integer"}, {"minimum", 1}},
                                        Json{{"type", "string"}, {"pattern", "^\\s*[0-9.]+\\s*%\\s*$"}}})}};
        break;
    case T::Multiplier:
        j = Json{{"type", "number"}, {"minimum", 1}};
        break;
    case T::Fraction:
        j = ref("unit_fraction");
        break;
    case T::DurationOrNever:
        j = Json{{"anyOf", Json::array({ref("unit_duration"), Json{{"const", "never"}}})}};
        break;
    case T::Bandwidth:
        j = ref("unit_bandwidth");
        break;
    }
    j["description"] = settingDescription(s, owners);
    const bool duration = s.type == T::Duration || s.type == T::PositiveDuration || s.type == T::DurationOrNever;
    if (s.byDefault)
        j["default"] = duration ? Json(formatDurationExact(*s.byDefault)) : number(*s.byDefault);
    else if (s.type == T::DurationOrNever)
        j["default"] = "never";
    return j;
}

} // namespace

std::string faultSchema()
{
    const auto& types = faultTypes();
    std::string actions;
    for (const FaultType* t : types)
        actions += (actions.empty() ? "" : ", ") + std::string(t->key());

    const std::vector<FaultSettingUse> settings = faultSettingUses();

    Json properties;
    properties["at"] = ref("unit_duration");
    properties["at"]["description"] = "When (duration).";
    properties["only"] = Json{{"type", "array"}, {"items", ref("name")}, {"minItems", 1}};
    properties["only"]["description"] =
        "The variants the fault is for; unset: every variant. A fault that names a component rather than a role "
        "or a zone needs it in a study of several variants.";
    for (const FaultType* t : types) {
        Json action;
        if (namesPair(t->target()))
            action = Json{{"type", "array"}, {"items", ref("name")}, {"minItems", 2}, {"maxItems", 2}};
        else
            action = ref("name");
        action["description"] = std::string(t->help());
        properties[std::string(t->key())] = action;
        for (const FaultSetting& s : t->settings()) {
            const std::string key(s.key);
            if (properties.contains(key))
                continue;
            const auto use = std::find_if(settings.begin(), settings.end(),
                                          [&](const FaultSettingUse& u) { return u.setting->key == s.key; });
            properties[key] = settingSchema(*use->setting, use->types);
        }
    }

    // Exactly one action, with its required settings and none of another's.
    Json oneOf = Json::array();
    for (const FaultType* t : types) {
        Json required = Json::array({std::string(t->key())});
        for (const FaultSetting& s : t->settings())
            if (!s.required.empty())
                required.push_back(std::string(s.key));
        Json others = Json::array();
        for (const FaultType* o : types)
            if (o != t)
                others.push_back(Json{{"required", Json::array({std::string(o->key())})}});
        for (const FaultSettingUse& u : settings)
            if (std::find(u.types.begin(), u.types.end(), t) == u.types.end())
                others.push_back(Json{{"required", Json::array({std::string(u.setting->key)})}});
        oneOf.push_back(Json{{"required", required}, {"not", Json{{"anyOf", others}}}});
    }

    Json schema;
    schema["type"] = "object";
    schema["description"] =
        "A timed fault: one action (" + actions + ") at a time. Behaviour: docs/models.md, Faults.";
    schema["additionalProperties"] = false;
    schema["properties"] = properties;
    schema["required"] = Json::array({"at"});
    schema["oneOf"] = oneOf;
    return schema.dump(2);
}

} // namespace scalelab::scenarios
