#include "cli/assumptions.h"

#include "models/fields.h"
#include "scenarios/studyedit.h"
#include "scenarios/studyfields.h"
#include "scenarios/studywriter.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string_view>
#include <type_traits>

namespace scalelab::cli {

namespace {

using models::FieldInfo;

/// Calls `found(key, info)` for every Assumption field of Part that `obj`
/// holds at its default (`defaults`), nested groups with their prefix.
template <typename Obj> struct DefaultsVisitor
{
    const Obj& obj;
    const Obj& defaults;
    std::string prefix;
    std::function<void(const std::string&, const FieldInfo&)> found;

    template <typename M, typename S> void operator()(const FieldInfo& info, M S::*member) const
    {
        if (!info.has(models::field::Assumption))
            return;
        if constexpr (std::is_arithmetic_v<M>)
            if (obj.*member == defaults.*member)
                found(prefix + std::string(info.key), info);
    }
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo&, M S::*, Sub) const {}
    template <typename Sub> void operator()(const FieldInfo& info, models::Group<Sub>) const
    {
        Sub::fields(DefaultsVisitor{obj, defaults, prefix + std::string(info.key) + ".", found});
    }
    void operator()(const FieldInfo&, models::Custom) const {}
};

template <typename Part, typename Obj>
void forEachDefault(const Obj& obj, const Obj& defaults,
                    const std::function<void(const std::string&, const FieldInfo&)>& found)
{
    Part::fields(DefaultsVisitor<Obj>{obj, defaults, {}, found});
}

void walkSteps(const scenarios::Call& c, const std::function<void(const scenarios::Call&)>& f)
{
    f(c);
    for (const auto* list : {&c.calls, &c.parallel, &c.miss, &c.then})
        for (const scenarios::Call& next : *list)
            walkSteps(next, f);
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace

std::vector<AssumptionRow> assumptions(const scenarios::Study& study,
                                       const std::vector<const scenarios::Variant*>& selected)
{
    std::vector<const scenarios::Variant*> variants = selected;
    if (variants.empty())
        for (const scenarios::Variant& v : study.variants)
            variants.push_back(&v);
    std::vector<AssumptionRow> rows;

    const scenarios::RunSettings runDefaults{};
    forEachDefault<scenarios::RunFields>(study.run, runDefaults, [&](const std::string& key, const FieldInfo& info) {
        rows.push_back({"run." + key, scenarios::defaultValueText("run", key), "the run", std::string(info.help)});
    });
    const scenarios::Network networkDefaults{};
    forEachDefault<scenarios::NetworkFields>(
        study.network, networkDefaults, [&](const std::string& key, const FieldInfo& info) {
            const std::size_t dot = key.find('.');
            rows.push_back({"network." + key, scenarios::defaultValueText(key.substr(0, dot), key.substr(dot + 1)),
                            "every hop " + std::string(info.help) + ", each way", std::string(info.help)});
        });

    // Components: per key and value (a default may differ by kind), the
    // components holding it, variant by variant when there are several.
    struct Holders
    {
        std::string key, value, help;
        std::vector<std::pair<std::string, std::vector<std::string>>> byVariant;
    };
    std::vector<Holders> components;
    for (const scenarios::Variant* v : variants)
        for (const scenarios::Component& c : v->components) {
            models::ComponentConfig defaults;
            defaults.kind = c.kind;
            forEachDefault<models::ComponentFields>(
                static_cast<const models::ComponentConfig&>(c), defaults,
                [&](const std::string& key, const FieldInfo& info) {
                    if (!(info.kinds & models::kindBit(c.kind)))
                        return;
                    const std::string value = scenarios::componentDefaultText(c.kind, key);
                    auto it = std::find_if(components.begin(), components.end(),
                                           [&](const Holders& h) { return h.key == key && h.value == value; });
                    if (it == components.end())
                        it = components.insert(components.end(), {key, value, std::string(info.help), {}});
                    if (it->byVariant.empty() || it->byVariant.back().first != v->name)
                        it->byVariant.push_back({v->name, {}});
                    it->byVariant.back().second.push_back(c.name);
                });
        }
    for (const Holders& h : components) {
        std::string applies;
        for (const auto& [variant, names] : h.byVariant)
            applies += (applies.empty() ? "" : "; ") + (variants.size() > 1 ? variant + ": " : "") + joined(names);
        rows.push_back({h.key, h.value, applies, h.help});
    }

    // Steps: how many of the routes' steps hold each default.
    std::map<std::string, int> atDefault;
    std::vector<std::pair<std::string, std::string>> order; // key, help
    int steps = 0;
    const models::CallConfig callDefaults{};
    for (const scenarios::Variant* v : variants)
        for (const scenarios::Route& r : v->routes)
            walkSteps(r.root, [&](const scenarios::Call& c) {
                ++steps;
                forEachDefault<models::CallFields>(
                    static_cast<const models::CallConfig&>(c), callDefaults,
                    [&](const std::string& key, const FieldInfo& info) {
                        if (atDefault[key]++ == 0)
                            order.emplace_back(key, std::string(info.help));
                    });
            });
    for (const auto& [key, help] : order) {
        const int n = atDefault[key];
        rows.push_back({key, scenarios::defaultValueText("step", key),
                        n == steps ? "every step" : std::to_string(n) + " of " + std::to_string(steps) + " steps", help});
    }
    return rows;
}

} // namespace scalelab::cli
