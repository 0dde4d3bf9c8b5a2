#pragma once

#include "scenarios/diagnostic.h"
#include "scenarios/study.h"

#include <set>
#include <string>
#include <vector>

namespace scalelab::scenarios {

/// Checks what a study's values mean, alone and together: every field within
/// the range its description gives (models/fields.h, studyfields.h), and the
/// rules across fields and parts: a warm-up shorter than the run, a traffic
/// source, an autoscaler's bounds, routes through the variant's components,
/// hosts and consumers that are services, known zones... Everything
/// `scalelab-cli run` would refuse is an error here.
///
/// The reader runs it on every study it reads. The GUI runs it on the study it
/// edits, with `useMarks` false: after an edit, where the values were written
/// no longer holds, and "(got ...)" quotes the value as the writer writes it.
/// Diagnostics are sorted as the reader sorts them; `file` names their file.
std::vector<Diagnostic> validateStudy(const Study& study, const std::string& file, bool useMarks = true);

namespace detail {
/// The validator after the reader, which reported errors at `reported` (their
/// document paths, and the paths of the required keys it found missing):
/// nothing is reported again at those paths, and the rules that depend on a
/// value the reader could not read are left out.
std::vector<Diagnostic> validateRead(const Study& study, const std::string& file,
                                     const std::set<std::string>& reported);
} // namespace detail

} // namespace scalelab::scenarios
