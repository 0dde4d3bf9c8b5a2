#include "scenarios/studyedit.h"

#include "scenarios/studywriter.h"

#include <yaml-cpp/yaml.h>

namespace scalelab::scenarios {

namespace {

LoadResult failure(const Study& study, const DocPath& path, const std::string& message)
{
    LoadResult result;
    Diagnostic d;
    d.file = study.path;
    d.path = joinPath(path);
    d.message = d.path + ": " + message;
    result.diagnostics.push_back(std::move(d));
    return result;
}

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

} // namespace

std::string joinPath(const DocPath& path)
{
    std::string out;
    for (const auto& key : path)
        out += (out.empty() ? "" : ".") + key;
    return out;
}

std::string valueText(const Study& study, const DocPath& path)
{
    try {
        YAML::Node node = YAML::Load(writeStudy(study));
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

std::string componentDefaultText(ComponentKind kind, const std::string& key)
{
    return key == "kind" ? std::string() : defaultValueText("component", key, kind);
}

LoadResult withValueText(const Study& study, const DocPath& path, const std::string& text)
{
    return withValueTexts(study, {{path, text}});
}

LoadResult withValueTexts(const Study& study, const std::vector<std::pair<DocPath, std::string>>& edits)
{
    try {
        YAML::Node root = YAML::Load(writeStudy(study));
        for (const auto& [path, text] : edits) {
            if (path.empty())
                return failure(study, path, "nothing to edit");
            YAML::Node value;
            if (!text.empty()) {
                try {
                    value = YAML::Load(text);
                } catch (const YAML::ParserException& e) {
                    return failure(study, path, "invalid YAML: " + e.msg);
                }
            }
            YAML::Node parent = root; // a fresh handle: rebinding it leaves root alone
            bool absent = false;
            for (std::size_t i = 0; i + 1 < path.size() && !absent; ++i) {
                if (!parent.IsMap() && !parent.IsNull())
                    return failure(study, path, "'" + path[i] + "' is not a map");
                YAML::Node next = parent[path[i]];
                if (!next.IsDefined() || next.IsNull()) {
                    if (text.empty()) {
                        absent = true; // removing what is not there
                        break;
                    }
                    parent[path[i]] = YAML::Node(YAML::NodeType::Map);
                    next.reset(parent[path[i]]);
                }
                parent.reset(next); // rebind; Node::operator= would overwrite the document
            }
            if (absent)
                continue;
            if (text.empty()) {
                if (parent.IsMap())
                    parent.remove(path.back());
            } else {
                parent[path.back()] = value;
            }
        }
        YAML::Emitter out;
        out << root;
        LoadResult result = parseStudy(out.c_str(), study.path);
        if (result.study) {
            result.study->path = study.path;
            result.study->headerComment = study.headerComment;
        }
        return result;
    } catch (const std::exception& e) {
        return failure(study, edits.empty() ? DocPath{} : edits.front().first, std::string("cannot edit: ") + e.what());
    }
}

} // namespace scalelab::scenarios
