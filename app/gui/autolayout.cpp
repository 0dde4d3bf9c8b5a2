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
    std::map<int, int> rows;
    std::map<std::string, std::pair<double, double>> out;
    for (const auto& c : variant.components) {
        const auto it = depth.find(c.name);
        const int column = it == depth.end() ? deepest + 1 : it->second;
        const int row = rows[column]++;
        out[c.name] = {100.0 + column * kColumnWidth, 80.0 + row * kRowHeight};
    }
    return out;
}

} // namespace scalelab::gui
