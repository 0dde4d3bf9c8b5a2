#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::scenarios::detail {

/// A problem with a study's text found before it is read as YAML, at a
/// 1-based line and byte column.
struct SourceProblem
{
    int line = 0;
    int column = 0;
    std::string message;
    std::string hint;
};

/// The lines of `text` holding bytes that are not UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF included): the first such byte of
/// each line, at most `limit` lines. A UTF-8 byte order mark is text.
std::vector<SourceProblem> invalidUtf8(std::string_view text, std::size_t limit);

/// The largest study text read, in bytes: a study ten times the size of a
/// 10,000-component one; beyond it the YAML tree alone would take gigabytes.
constexpr std::size_t kMaxStudyBytes = 8u << 20;

/// Why a study of `bytes` is not read (too large), or nothing.
std::optional<SourceProblem> sizeProblem(std::size_t bytes);

/// Values that YAML aliases may add to the document (each `*a` counts the
/// values under `&a`, aliases inside it included).
constexpr std::size_t kAliasBudget = 100000;

/// The first alias of the document's first YAML document that refers to a
/// value containing it (`a: &x [*x]`), or that takes the values added by
/// aliases beyond `budget`. Nothing when the text is not YAML: the parser
/// reports that itself.
std::optional<SourceProblem> aliasProblem(const std::string& text, std::size_t budget = kAliasBudget);

} // namespace scalelab::scenarios::detail
