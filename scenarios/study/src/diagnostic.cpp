#include "scenarios/diagnostic.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace scalelab::scenarios {

std::string Diagnostic::format() const
{
    std::string out = file;
    if (line > 0) {
        out += ":" + std::to_string(line);
        if (column > 0)
            out += ":" + std::to_string(column);
    }
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += message;
    if (!hint.empty())
        out += " (" + hint + ")";
    return out;
}

Diagnostic Diagnostic::at(std::string file, int line, int column, Severity severity, std::string path,
                          std::string message, std::string hint)
{
    return {std::move(file), line, line > 0 ? column : 0, severity, std::move(path), std::move(message),
            std::move(hint)};
}

void sortByPosition(std::vector<Diagnostic>& diagnostics)
{
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        const auto key = [](const Diagnostic& d) { return std::tuple(d.line > 0, d.line, d.column); };
        return key(a) < key(b);
    });
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates)
{
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::string best;
    std::size_t bestDistance = limit + 1;
    for (const auto& c : candidates) {
        const std::size_t d = editDistance(word, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

std::string joinChoices(const std::vector<std::string>& choices)
{
    std::string out;
    for (const auto& c : choices)
        out += (out.empty() ? "" : ", ") + c;
    return out;
}

} // namespace scalelab::scenarios
