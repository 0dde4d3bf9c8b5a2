#include "diagramsvg.h"

#include "models/kinds/registry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace scalelab::cli {

namespace {

constexpr int kBoxWidth = 150, kBoxHeight = 46, kColumnGap = 60, kRowGap = 14, kBandPad = 14, kBandGap = 16;
constexpr int kLeft = 16, kTop = 16, kLabelHeight = 18;

/// Each component's call depth (0: called by the clients), and the calls made.
void walk(const scenarios::Call& call, int depth, std::map<std::string, int>& depths,
          std::set<std::pair<std::string, std::string>>& edges)
{
    auto [it, inserted] = depths.emplace(call.target, depth);
    if (!inserted)
        it->second = std::min(it->second, depth);
    for (const auto* list : {&call.calls, &call.parallel, &call.miss})
        for (const scenarios::Call& next : *list) {
            edges.emplace(call.target, next.target);
            walk(next, depth + 1, depths, edges);
        }
    // A pipeline: each stage is called from the stage before, one column further.
    const scenarios::Call* from = &call;
    int at = depth;
    for (const scenarios::Call& stage : call.then) {
        edges.emplace(from->target, stage.target);
        walk(stage, ++at, depths, edges);
        from = &stage;
    }
}

std::string zoneKey(const scenarios::Study& study, const scenarios::Component& c)
{
    if (c.zones.empty())
        return study.network.zones.empty() ? std::string("default zone") : "zone " + study.network.zones.front().name;
    std::string key = c.zones.size() == 1 ? "zone " : "zones ";
    for (std::size_t i = 0; i < c.zones.size(); ++i)
        key += (i ? " + " : "") + c.zones[i];
    return key;
}

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

} // namespace

std::string escapeXml(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string variantDiagramSvg(const scenarios::Study& study, const scenarios::Variant& variant)
{
    std::map<std::string, int> depths;
    std::set<std::pair<std::string, std::string>> edges;
    std::set<std::string> entries;
    for (const scenarios::Route& r : variant.routes) {
        walk(r.root, 0, depths, edges);
        entries.insert(r.root.target);
    }
    // Bands: one per set of zones, in the order components first use them.
    std::vector<std::string> bands;
    std::map<std::string, std::vector<const scenarios::Component*>> byBand;
    int columns = 1;
    for (const scenarios::Component& c : variant.components) {
        const std::string key = zoneKey(study, c);
        if (!byBand.count(key))
            bands.push_back(key);
        byBand[key].push_back(&c);
        const auto d = depths.find(c.name);
        columns = std::max(columns, (d == depths.end() ? 0 : d->second) + 1);
    }
    std::map<std::string, std::pair<int, int>> at; // component -> box's top-left
    std::string boxes, frames;
    int y = kTop;
    const int width = std::max(560, kLeft * 2 + kBandPad * 2 + columns * kBoxWidth + (columns - 1) * kColumnGap);
    for (const std::string& band : bands) {
        std::map<int, int> used; // column -> boxes placed
        int tallest = 0;
        for (const scenarios::Component* c : byBand[band]) {
            const auto d = depths.find(c->name);
            const int column = d == depths.end() ? columns - 1 : d->second;
            const int row = used[column]++;
            tallest = std::max(tallest, row + 1);
            at[c->name] = {kLeft + kBandPad + column * (kBoxWidth + kColumnGap),
                           y + kLabelHeight + kBandPad + row * (kBoxHeight + kRowGap)};
        }
        const int height = kLabelHeight + kBandPad * 2 + tallest * kBoxHeight + (tallest - 1) * kRowGap;
        frames += "<rect x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
                  std::to_string(width - 2 * kLeft) + "\" height=\"" + std::to_string(height) +
                  "\" rx=\"8\" fill=\"#f6f6f4\" stroke=\"#9a9a9a\" stroke-dasharray=\"6 4\"/>\n";
        frames += "<text x=\"" + std::to_string(kLeft + 10) + "\" y=\"" + std::to_string(y + 15) +
                  "\" class=\"zone\">" + escapeXml(band) + "</text>\n";
        y += height + kBandGap;
    }
    for (const scenarios::Component& c : variant.components) {
        const auto [bx, by] = at[c.name];
        std::string detail = std::string(models::kindName(c.kind));
        if (c.autoscale)
            detail += ", " + std::to_string(c.autoscale->min) + "-" + std::to_string(c.autoscale->max) + " inst.";
        else if (c.instances > 1)
            detail += ", " + std::to_string(c.instances) + " inst.";
        boxes += "<g class=\"component\"><rect x=\"" + std::to_string(bx) + "\" y=\"" + std::to_string(by) +
                 "\" width=\"" + std::to_string(kBoxWidth) + "\" height=\"" + std::to_string(kBoxHeight) +
                 "\" rx=\"5\" fill=\"#ffffff\" stroke=\"" + (entries.count(c.name) ? "#333333" : "#6b6b6b") +
                 "\" stroke-width=\"" + (entries.count(c.name) ? "2" : "1.2") + "\"/>\n";
        boxes += "<text x=\"" + std::to_string(bx + kBoxWidth / 2) + "\" y=\"" + std::to_string(by + 19) +
                 "\" class=\"name\">" + escapeXml(c.name) + "</text>\n";
        boxes += "<text x=\"" + std::to_string(bx + kBoxWidth / 2) + "\" y=\"" + std::to_string(by + 36) +
                 "\" class=\"kind\">" + escapeXml(detail) + "</text></g>\n";
    }
    std::string arrows;
    for (const auto& [from, to] : edges) {
        if (!at.count(from) || !at.count(to) || from == to)
            continue;
        const auto [fx, fy] = at[from];
        const auto [tx, ty] = at[to];
        double x1 = fx + kBoxWidth, y1 = fy + kBoxHeight / 2.0, x2 = tx, y2 = ty + kBoxHeight / 2.0;
        if (tx <= fx) { // same column or backwards: leave from the bottom, arrive at the top
            x1 = fx + kBoxWidth / 2.0;
            y1 = fy + kBoxHeight;
            x2 = tx + kBoxWidth / 2.0 + 12;
            y2 = ty < fy ? ty + kBoxHeight : ty;
        }
        // The head as a polygon, not an SVG marker: the PDF's SVG renderer (SVG Tiny) draws no markers.
        const double length = std::hypot(x2 - x1, y2 - y1);
        if (length < 1.0)
            continue;
        const double ux = (x2 - x1) / length, uy = (y2 - y1) / length;
        const double bx = x2 - 9.0 * ux, by = y2 - 9.0 * uy;
        arrows += "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(bx) + "\" y2=\"" +
                  number(by) + "\" stroke=\"#555555\" stroke-width=\"1.2\"/>";
        arrows += "<polygon class=\"head\" points=\"" + number(x2) + "," + number(y2) + " " + number(bx - 4.0 * uy) +
                  "," + number(by + 4.0 * ux) + " " + number(bx + 4.0 * uy) + "," + number(by - 4.0 * ux) +
                  "\" fill=\"#555555\"/>\n";
    }
    const int height = y + 40;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) + "\" width=\"" + std::to_string(width) +
                      "\" height=\"" + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                      escapeXml("diagram of " + variant.name) + "\">\n";
    svg += "<style>.zone{font:12px sans-serif;fill:#555}.name{font:bold 13px sans-serif;fill:#222;text-anchor:middle}"
           ".kind{font:11px sans-serif;fill:#555;text-anchor:middle}.legend{font:11px sans-serif;fill:#444}</style>\n";
    svg += frames + arrows + boxes;
    svg += "<text x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(height - 24) +
           "\" class=\"legend\">Legend: box = component (kind, instances or autoscaling range); bold box = a "
           "route's entry;</text>\n<text x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(height - 9) +
           "\" class=\"legend\">arrow = call; dashed frame = the zones its components run in.</text>\n";
    svg += "</svg>\n";
    return svg;
}

} // namespace scalelab::cli
