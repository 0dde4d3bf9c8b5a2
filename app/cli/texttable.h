#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace scalelab::cli {

/// Rows of cells printed in aligned columns two spaces apart. Widths count
/// UTF-8 characters.
class TextTable
{
public:
    /// One letter per column, 'l' (left) or 'r' (right); columns past the end
    /// are right-aligned (numbers).
    explicit TextTable(std::string alignment = "l") : m_alignment(std::move(alignment)) {}
    void addRow(std::vector<std::string> cells);
    void print(std::FILE* out) const;

private:
    std::string m_alignment;
    std::vector<std::vector<std::string>> m_rows;
};

/// Characters (UTF-8 code points) in a string.
std::size_t displayWidth(const std::string& text);

} // namespace scalelab::cli
