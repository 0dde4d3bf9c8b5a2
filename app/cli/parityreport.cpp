#include "cli/parityreport.h"
#include "texttable.h"

#include "cli/numberformat.h"
#include "scenarios/parity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace scalelab::cli {

namespace {

using Json = nlohmann::ordered_json;

std::string points(double spread)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", spread * 100.0);
    return buf;
}

std::string joined(const std::vector<std::string>& names, const char* separator)
{
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : separator) + n;
    return out;
}

} // namespace

std::vector<std::vector<std::string>> parityRows(const scenarios::Study& study)
{
    std::vector<std::vector<std::string>> rows;
    if (study.faults.empty())
        return rows;
    std::vector<std::string> header{"fault", "at"};
    for (const scenarios::Variant& v : study.variants)
        header.push_back(v.name);
    if (study.variants.size() > 1)
        header.push_back("spread");
    rows.push_back(std::move(header));
    // One unit down the column: minutes when every fault is on a whole
    // minute, else seconds (150s and 4min side by side read badly).
    const bool minutes = std::all_of(study.faults.begin(), study.faults.end(), [](const scenarios::Fault& f) {
        return f.at >= 60.0 && std::fmod(f.at, 60.0) == 0.0;
    });
    for (const scenarios::FaultParity& p : scenarios::faultParity(study)) {
        const double at = study.faults[p.index].at;
        std::vector<std::string> row{std::to_string(p.index + 1) + " " + p.label,
                                     minutes ? formatSeconds(at) : exactNumber(at) + "s"};
        for (const scenarios::FaultReach& r : p.variants)
            row.push_back(scenarios::reachText(r));
        if (study.variants.size() > 1)
            row.push_back(p.spread ? points(*p.spread) + " points" + (p.uneven() ? " (uneven)" : "") : "-");
        rows.push_back(std::move(row));
    }
    return rows;
}

void printParityTable(std::FILE* out, const scenarios::Study& study)
{
    if (study.faults.empty())
        return;
    std::fprintf(out, "\n%s\n", kParityTitle);
    TextTable table("ll");
    for (std::vector<std::string>& row : parityRows(study))
        table.addRow(std::move(row));
    table.print(out);
}

Json parityJson(const scenarios::Study& study)
{
    Json list = Json::array();
    for (const scenarios::FaultParity& p : scenarios::faultParity(study)) {
        Json variants = Json::array();
        for (const scenarios::FaultReach& r : p.variants) {
            Json v{{"variant", r.variant}, {"applies", r.applies}, {"components", r.components},
                   {"hit", r.hit},         {"instances", r.instances}};
            v["share"] = r.share ? Json(*r.share) : Json();
            if (!r.nothing.empty())
                v["nothing"] = r.nothing;
            variants.push_back(std::move(v));
        }
        Json f{{"fault", p.index + 1}, {"label", p.label}, {"at", study.faults[p.index].at}};
        f["spread"] = p.spread ? Json(*p.spread) : Json();
        f["uneven"] = p.uneven();
        f["variants"] = std::move(variants);
        list.push_back(std::move(f));
    }
    return list;
}

std::string parityCsv(const scenarios::Study& study)
{
    std::ostringstream csv;
    csv << "fault,label,at,variant,applies,components,hit,instances,share,nothing\n";
    for (const scenarios::FaultParity& p : scenarios::faultParity(study))
        for (const scenarios::FaultReach& r : p.variants) {
            csv << p.index + 1 << ',' << csvField(p.label) << ',' << exactNumber(study.faults[p.index].at) << ','
                << csvField(r.variant) << ',' << (r.applies ? "true" : "false") << ','
                << csvField(joined(r.components, " ")) << ',' << r.hit << ',' << r.instances << ',';
            if (r.share)
                csv << exactNumber(*r.share);
            csv << ',' << csvField(r.nothing) << '\n';
        }
    return csv.str();
}

} // namespace scalelab::cli
