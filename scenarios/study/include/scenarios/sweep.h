#pragma once

#include "scenarios/study.h"
#include "scenarios/studyreader.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace scalelab::scenarios {

/// What is wrong with how a parameter gives its values (a list and a range
/// at once, a range without its end, a log range through 0, ...), or empty.
std::string sweepParameterProblem(const SweepParameter& parameter);

/// A valid parameter's values as YAML text, in order: the list, or the range's
/// points as shortest decimals (12 significant digits) with the unit appended.
std::vector<std::string> sweepValues(const SweepParameter& parameter);

/// The most points a sweep may expand to.
constexpr std::size_t kMaxSweepPoints = 100000;

/// One point of a sweep: a value per parameter and the overrides they make.
struct SweepPoint
{
    std::size_t index = 0;                                  ///< in expansion order
    std::vector<std::pair<std::string, std::string>> values; ///< column -> value, in parameter order
    std::vector<Override> overrides;                         ///< every path of every parameter
};

/// The points of a valid sweep: a grid (the last parameter varying fastest)
/// or zipped. Empty when there would be more than kMaxSweepPoints.
std::vector<SweepPoint> expandSweep(const Sweep& sweep);

/// A point's key: 16 hex digits of a 64-bit FNV-1a hash of its resolved study
/// (resolvedText) and its seed. The same study and seed give the same key on
/// any machine.
std::string pointKey(const Study& resolved);

/// The study as `writeStudy` writes it without what changes no figure (its
/// sweep section, name, descriptions, comments and canvas layout): what a
/// point's results depend on.
std::string resolvedText(const Study& resolved);

} // namespace scalelab::scenarios
