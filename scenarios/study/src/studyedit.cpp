#include "scenarios/studyedit.h"

#include "scenarios/studyfields.h"
#include "scenarios/studywriter.h"
#include "scenarios/validator.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>

namespace scalelab::scenarios {

namespace {

/// A value as the file writes it: a scalar as is, a list or map in flow style.
std::string nodeText(const YAML::Node& node)
{
    if (node.IsScalar())
        return node.Scalar();
    YAML::Node copy = YAML::Clone(node);
    copy.SetStyle(YAML::EmitterStyle::Flow);
    YAML::Emitter out;
    out << copy;
    return out.c_str();
}

template <typename C, typename F> void forEachArrow(C& c, const F& f)
{
    for (auto* list : {&c.calls, &c.parallel, &c.miss})
        for (auto& child : *list) {
            f(c, child);
            forEachArrow(child, f);
        }
    auto* from = &c;
    for (auto& stage : c.then) {
        f(*from, stage);
        forEachArrow(stage, f);
        from = &stage;
    }
}

template <typename V, typename C> std::vector<C*> callsOf(V& variant, std::string_view from, std::string_view to)
{
    std::vector<C*> out;
    for (auto& r : variant.routes)
        forEachArrow(r.root, [&](C& parent, C& child) {
            if (parent.target == from && child.target == to)
                out.push_back(&child);
        });
    return out;
}

} // namespace

std::vector<Call*> connectionCalls(Variant& variant, std::string_view from, std::string_view to)
{
    return callsOf<Variant, Call>(variant, from, to);
}

std::vector<const Call*> connectionCalls(const Variant& variant, std::string_view from, std::string_view to)
{
    return callsOf<const Variant, const Call>(variant, from, to);
}

std::optional<std::pair<std::string, std::string>> splitConnection(std::string_view key)
{
    const auto arrow = key.find("->");
    if (arrow == std::string_view::npos || arrow == 0 || arrow + 2 >= key.size())
        return std::nullopt;
    return std::pair{std::string(key.substr(0, arrow)), std::string(key.substr(arrow + 2))};
}

std::string joinPath(const DocPath& path)
{
    std::string out;
    for (const auto& key : path)
        out += (out.empty() ? "" : ".") + key;
    return out;
}

std::string valueText(const Study& study, const DocPath& path, WrittenKeys keys)
{
    try {
        // A connection's key: the first of its calls as the file writes that step.
        const Variant* v = path.size() >= 5 && path[0] == "variants" && path[2] == "connections"
                               ? study.findVariant(path[1])
                               : nullptr;
        const auto ends = v ? splitConnection(path[3]) : std::nullopt;
        if (path.size() >= 5 && path[0] == "variants" && path[2] == "connections") {
            const auto calls = ends ? connectionCalls(*v, ends->first, ends->second) : std::vector<const Call*>{};
            if (calls.empty())
                return {};
            YAML::Node step = YAML::Load(writeStep(*calls.front(), keys));
            if (!step.IsMap())
                return {};
            YAML::Node node(step.begin()->second);
            for (std::size_t i = 4; i < path.size(); ++i) {
                if (!node.IsMap())
                    return {};
                YAML::Node next = node[path[i]];
                if (!next.IsDefined())
                    return {};
                node.reset(next);
            }
            return nodeText(node);
        }
        YAML::Node node = YAML::Load(writeStudy(study, keys));
        for (const auto& key : path) {
            if (!node.IsMap())
                return {};
            YAML::Node next = node[key];
            if (!next.IsDefined())
                return {};
            node.reset(next); // rebind; Node::operator= would overwrite the document
        }
        return nodeText(node);
    } catch (const std::exception&) {
        return {};
    }
}

std::map<std::string, std::string> valuesWritten(const std::string& yamlText)
{
    std::map<std::string, std::string> out;
    const std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& node,
                                                                              const std::string& prefix) {
        for (const auto& entry : node) {
            if (!entry.first.IsScalar())
                continue;
            const std::string path = prefix.empty() ? entry.first.Scalar() : prefix + "." + entry.first.Scalar();
            out[path] = nodeText(entry.second);
            if (entry.second.IsMap())
                walk(entry.second, path);
        }
    };
    try {
        const YAML::Node root = YAML::Load(yamlText);
        if (root.IsMap())
            walk(root, "");
    } catch (const std::exception&) {
        out.clear();
    }
    return out;
}

std::string componentDefaultText(ComponentKind kind, const std::string& key)
{
    return key == "kind" ? std::string() : defaultValueText("component", key, kind);
}

std::string defaultText(std::string_view part, std::string_view key, ComponentKind kind)
{
    const PartFields* p = findPart(part);
    const auto f = p ? std::find_if(p->fields.begin(), p->fields.end(), [&](const auto& x) { return x.key == key; })
                     : std::vector<models::FieldInfo>::const_iterator();
    if (!p || f == p->fields.end())
        return {};
    if (!f->has(models::field::Required))
        if (const std::string value = defaultValueText(part, key, kind); !value.empty())
            return value;
    const std::string unset =
        f->unset.empty() ? (f->has(models::field::Required) ? "required" : "none") : std::string(f->unset);
    return f->example.empty() ? unset : unset + ", e.g. " + std::string(f->example);
}

LoadResult withValueText(const Study& study, const DocPath& path, const std::string& text)
{
    return withValueTexts(study, {{path, text}});
}

LoadResult withValueTexts(const Study& study, const std::vector<std::pair<DocPath, std::string>>& edits)
{
    Study edited = study;
    for (const auto& [path, text] : edits) {
        LoadResult value = readValueAt(edited, path, text);
        if (!value.study)
            return value;
        edited = std::move(*value.study);
    }
    LoadResult result;
    result.diagnostics = validateStudy(edited, edited.path, false);
    if (std::none_of(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; }))
        result.study = std::move(edited);
    return result;
}

} // namespace scalelab::scenarios
