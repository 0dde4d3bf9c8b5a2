#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scalelab::scenarios {

/// One problem found in a study file, reported compiler style:
/// `shop.yaml:14:7: error: variants.monolith.components.app.instances must be >= 1 (got 0)`.
struct Diagnostic
{
    enum class Severity { Error, Warning };
    std::string file;
    int line = 0;   ///< 1-based; 0 when the problem is not tied to a line
    int column = 0; ///< 1-based; 0 when unknown
    Severity severity = Severity::Error;
    std::string path;    ///< where in the document: "variants.monolith.components.app"
    std::string message; ///< what is wrong, with the value found
    std::string hint;    ///< how to fix it ("did you mean 'cache'?"), may be empty

    /// "file:line:column: error: message (hint)".
    std::string format() const;

    /// A diagnostic at `line`:`column` of `file` (line 0: not tied to a line, and no column).
    static Diagnostic at(std::string file, int line, int column, Severity severity, std::string path,
                         std::string message, std::string hint);
};

/// Sorts diagnostics in file order: those not tied to a line first, then by
/// line and column; equal positions keep their order.
void sortByPosition(std::vector<Diagnostic>& diagnostics);

/// The closest candidate to `word` by edit distance, or empty when none is close
/// enough to be a plausible typo (distance <= max(2, word.size() / 3)).
std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates);

/// Levenshtein distance between two strings.
std::size_t editDistance(std::string_view a, std::string_view b);

/// "a, b, c": the valid choices for a message.
std::string joinChoices(const std::vector<std::string>& choices);

} // namespace scalelab::scenarios
