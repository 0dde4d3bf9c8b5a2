#pragma once

#include "scenarios/study.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace scalelab::gui {

/// Canvas spacing: columns (call depth) and rows, in scene units.
inline constexpr double kColumnWidth = 240.0;
inline constexpr double kRowHeight = 110.0;

/// The zones (indices into study.network.zones) a component is drawn in: its
/// `zones`, or the first zone when it has machines and names none; none for a
/// component without machines (an external, a CDN, a module).
std::vector<int> drawnZones(const scenarios::Study& study, const scenarios::Component& component);

/// A layered layout of a variant: each component's column is its call depth
/// (entries first, the components they call next; components on no route in
/// a column after the deepest). With zones, the rows form one band per zone,
/// top to bottom in the study's order: a component only in one zone in its
/// band, one spread over neighbouring zones in a row on the line between
/// their bands (side by side when several share a column), components in no
/// zone below every band; so zone areas drawn around them never overlap
/// (zoneAreas). Centres, by name.
std::map<std::string, std::pair<double, double>> autoLayout(const scenarios::Study& study,
                                                            const scenarios::Variant& variant);

} // namespace scalelab::gui
