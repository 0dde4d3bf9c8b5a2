#include "autolayout.h"

#include <algorithm>
#include <functional>

namespace scalelab::gui {

std::map<std::string, std::pair<double, double>> autoLayout(const scenarios::Variant& variant)
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
    std::map<int, int> rows;
    std::map<std::string, std::pair<double, double>> out;
    for (const auto& c : variant.components) {
        const auto it = depth.find(c.name);
        const auto host = hostColumn.find(c.name);
        const int column = it != depth.end() ? it->second : host != hostColumn.end() ? host->second : deepest + 1;
        const int row = rows[column]++;
        out[c.name] = {100.0 + column * kColumnWidth, 80.0 + row * kRowHeight};
    }
    return out;
}

} // namespace scalelab::gui
