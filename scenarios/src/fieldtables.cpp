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
        if (f.part.empty() && entry.type == FieldType::List)
            return "map of `[x, y]` by name";
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
    if (const std::string d = defaultValueText(part, f.key); !d.empty())
        return code(d);
    return f.unset.empty() ? "none" : std::string(f.unset);
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

std::string withFieldTables(const std::string& markdown)
{
    std::string out;
    std::size_t at = 0;
    while (true) {
        const auto open = markdown.find(kOpen, at);
        const auto close = open == std::string::npos ? open : markdown.find(" -->\n", open);
        const auto end = close == std::string::npos ? close : markdown.find(kEnd, close);
        if (end == std::string::npos)
            break;
        const std::string part = markdown.substr(open + kOpen.size(), close - open - kOpen.size());
        out += markdown.substr(at, close + 5 - at) + fieldTable(part);
        at = end;
    }
    return out + markdown.substr(at);
}

} // namespace scalelab::scenarios
