#pragma once

#include "scenarios/study.h"

#include <string>

namespace scalelab::cli {

/// A variant's components as an SVG box diagram, drawn from the study alone:
/// columns by call depth (entry on the left), one dashed box per set of
/// zones the components run in, arrows for the calls of its routes, a
/// legend; neutral colours. Self-contained (no external references).
std::string variantDiagramSvg(const scenarios::Study& study, const scenarios::Variant& variant);

/// `text` with &, <, >, " escaped for HTML and SVG.
std::string escapeXml(const std::string& text);

} // namespace scalelab::cli
