#pragma once

#include "scenarios/study.h"

#include <map>
#include <string>
#include <utility>

namespace scalelab::gui {

/// Canvas spacing: columns (call depth) and rows, in scene units.
inline constexpr double kColumnWidth = 240.0;
inline constexpr double kRowHeight = 110.0;

/// A layered layout of a variant: each component's column is its call depth
/// (entries first, the components they call next), rows in component order;
/// components on no route go in a column after the deepest. Centres, by name.
std::map<std::string, std::pair<double, double>> autoLayout(const scenarios::Variant& variant);

} // namespace scalelab::gui
