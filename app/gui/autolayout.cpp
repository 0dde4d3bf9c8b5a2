#include "autolayout.h"

#include "models/fields.h"

#include <algorithm>
#include <functional>

namespace scalelab::gui {

std::vector<int> drawnZones(const scenarios::Study& study, const scenarios::Component& component)
{
    const auto& zones = study.network.zones;
    const unsigned zoned = models::kindsWith(&models::Kind::hasMachines) | models::kEntry;
    if (zones.empty() || !(models::kindBit(component.kind) & zoned))
        return {};
    std::vector<int> out;
    for (const std::string& name : component.zones)
        for (std::size_t i = 0; i < zones.size(); ++i)
            if (zones[i].name == name && std::find(out.begin(), out.end(), int(i)) == out.end())
                out.push_back(int(i));
    if (out.empty())
        out.push_back(0);
    std::sort(out.begin(), out.end());
    return out;
}

std::map<std::string, std::pair<double, double>> autoLayout(const scenarios::Study& study,
                                                            const scenarios::Variant& variant)
{
    std::map<std::string, int> depth;
    std::function<void(const scenarios::Call&, int)> visit = [&](const scenarios::Call& c, int d) {
        auto it = depth.find(c.target);
        if (it != depth.end() && it->second < d)
            return;
        depth[c.target] = d;
        for (const auto* list : {&c.calls, &c.parallel, &c.miss})
            for (const auto& child : *list)
                visit(child, d + 1);
        int at = d; // a pipeline's stages one column after another
        for (const auto& stage : c.then)
            visit(stage, ++at);
    };
    for (const auto& r : variant.routes)
        visit(r.root, 0);
    int deepest = -1;
    for (const auto& [name, d] : depth)
        deepest = std::max(deepest, d);
    // A host that no route calls (a modular monolith's app) stands with the
    // modules it runs: in the column of the shallowest of them.
    std::map<std::string, int> hostColumn;
    for (const auto& c : variant.components)
        if (const auto it = depth.find(c.name); !c.host.empty() && it != depth.end()) {
            const auto h = hostColumn.find(c.host);
            hostColumn[c.host] = h == hostColumn.end() ? it->second : std::min(h->second, it->second);
        }
    // Row groups, top to bottom: zone i's band is group 2i, the strip where
    // bands i and i+1 overlap group 2i+1 (a component over zones lo..hi sits
    // at group lo+hi: in a strip, or in the middle band of three); no zone:
    // after all. Within a group, a column's components stand one below another.
    const int zones = int(study.network.zones.size());
    struct Placed
    {
        const scenarios::Component* component;
        int column;
        int group;
    };
    std::vector<Placed> placed;
    int columns = 0;
    for (const auto& c : variant.components) {
        const auto it = depth.find(c.name);
        const auto host = hostColumn.find(c.name);
        const int column = it != depth.end() ? it->second : host != hostColumn.end() ? host->second : deepest + 1;
        const std::vector<int> in = drawnZones(study, c);
        const int group = zones == 0 ? 0 : in.empty() ? 2 * zones : in.front() + in.back();
        placed.push_back({&c, column, group});
        columns = std::max(columns, column + 1);
    }
    const int groups = zones == 0 ? 1 : 2 * zones + 1;
    std::vector<std::vector<int>> count(std::size_t(groups), std::vector<int>(std::size_t(columns), 0));
    for (const Placed& p : placed)
        ++count[std::size_t(p.group)][std::size_t(p.column)];
    std::vector<double> top(std::size_t(groups), 80.0);
    double y = 80.0;
    for (int g = 0; g < groups; ++g) {
        top[std::size_t(g)] = y;
        int rows = 0;
        for (int col = 0; col < columns; ++col)
            rows = std::max(rows, count[std::size_t(g)][std::size_t(col)]);
        y += rows * kRowHeight;
    }
    std::vector<std::vector<int>> next(std::size_t(groups), std::vector<int>(std::size_t(columns), 0));
    std::map<std::string, std::pair<double, double>> out;
    for (const Placed& p : placed) {
        const auto g = std::size_t(p.group), col = std::size_t(p.column);
        const int i = next[g][col]++;
        out[p.component->name] = {100.0 + p.column * kColumnWidth, top[g] + i * kRowHeight};
    }
    return out;
}

} // namespace scalelab::gui
