#include "scenarios/studyschema.h"

#include "scenarios/fieldtext.h"
#include "scenarios/studyfields.h"
#include "scenarios/studywriter.h"

namespace scalelab::scenarios {

namespace {

using models::FieldInfo;
using models::FieldType;

constexpr std::string_view kOpen = "<!-- fields: ";
constexpr std::string_view kEnd = "<!-- end fields -->";

std::string code(std::string_view text)
{
    return "`" + std::string(text) + "`";
}

std::string typeCell(const FieldInfo& f)
{
    if (f.type == FieldType::Map && !f.item)
        return code(f.part) + " map";
    if (f.type == FieldType::Map) {
        FieldInfo entry = f;
        entry.type = *f.item;
        entry.item.reset();
        // A map of lists: canvas positions, or the names that play a role.
        if (f.part.empty() && entry.type == FieldType::List)
            return f.key == "layout" ? "map of `[x, y]` by name" : "map of name lists by name";
        return "map of " + (f.part.empty() ? typeText(entry) : code(f.part)) + "s by name";
    }
    if (f.type == FieldType::List && !f.part.empty())
        return "list of " + code(f.part) + "s";
    return typeText(f);
}

std::string defaultCell(const FieldInfo& f, std::string_view part)
{
    if (f.has(models::field::Required))
        return "required";
    if (!f.unset.empty())
        return std::string(f.unset);
    if (f.type == FieldType::Map && !f.part.empty())
        return "see " + code(f.part); // a section of keys, each with its default
    if (const std::string d = defaultValueText(part, f.key); !d.empty())
        return code(d);
    return "none";
}

std::string kindsCell(unsigned mask)
{
    if (mask == models::kAllKinds)
        return "all";
    std::string out;
    for (ComponentKind k : models::kindsIn(mask))
        out += (out.empty() ? "" : ", ") + std::string(kindName(k));
    return out;
}

std::string ruleCell(const FieldInfo& f)
{
    std::string out(f.help);
    if (const std::string range = f.type == FieldType::List ? std::string() : rangeText(f); !range.empty())
        out += "; " + range;
    else if (f.type == FieldType::List && f.range.min)
        out += "; each " + rangeText(f);
    if (!f.unit.empty())
        out += " (" + std::string(f.unit) + ")";
    return out;
}

} // namespace

std::string fieldTable(std::string_view part)
{
    const PartFields* p = findPart(part);
    if (!p)
        return {};
    const bool kinds = part == "component" || part == "step";
    std::string out = kinds ? std::string("| key | type | default | applies to") + (part == "step" ? " steps at" : "") +
                                  " | rule |\n|---|---|---|---|---|\n"
                            : "| key | type | default | rule |\n|---|---|---|---|\n";
    for (const FieldInfo& f : p->fields) {
        out += "| " + code(f.key) + " | " + typeCell(f) + " | " + defaultCell(f, part) + " | ";
        if (kinds)
            out += kindsCell(f.kinds) + " | ";
        out += ruleCell(f) + " |\n";
    }
    return out;
}

// A marker is a line of its own: "<!-- fields: run -->" ... "<!-- end fields -->".
std::string withFieldTables(const std::string& markdown)
{
    std::string out;
    std::size_t at = 0;
    std::string part; // set: inside a generated table
    while (at < markdown.size()) {
        const auto eol = markdown.find('\n', at);
        const std::size_t next = eol == std::string::npos ? markdown.size() : eol + 1;
        const std::string_view line = std::string_view(markdown).substr(at, next - at);
        if (part.empty()) {
            out += line;
            if (line.starts_with(kOpen) && line.ends_with(" -->\n")) {
                part = line.substr(kOpen.size(), line.size() - kOpen.size() - 5);
                out += fieldTable(part);
            }
        } else if (line.starts_with(kEnd)) {
            out += line;
            part.clear();
        }
        at = next;
    }
    return part.empty() ? out : markdown; // a table without its end marker: leave the text alone
}

} // namespace scalelab::scenarios
