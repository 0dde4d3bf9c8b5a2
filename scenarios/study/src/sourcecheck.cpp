#include "sourcecheck.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <cstdio>
#include <sstream>

namespace scalelab::scenarios::detail {

namespace {

/// Length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not one.
std::size_t sequenceLength(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(i);
    if (b < 0x80)
        return 1;
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xBF; // the second byte's range
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0)
            low = 0xA0; // overlong
        else if (b == 0xED)
            high = 0x9F; // surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0)
            low = 0x90; // overlong
        else if (b == 0xF4)
            high = 0x8F; // above U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size() || byte(i + 1) < low || byte(i + 1) > high)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return n;
}

/// Stops the parse at the first problem.
struct Stop
{
};

/// Counts, while the parser walks the document, the values each anchor stands
/// for and the values the aliases add; an alias to a value still open is a cycle.
class AliasCounter : public YAML::EventHandler
{
public:
    explicit AliasCounter(std::size_t budget) : m_budget(budget) {}

    std::optional<SourceProblem> problem;

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override { throw Stop{}; } // the reader reads the first document only
    void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor); }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string&) override
    {
        leaf(anchor);
    }
    void OnAnchor(const YAML::Mark&, const std::string& name) override { m_pendingName = name; }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(anchor);
    }
    void OnMapEnd() override { close(); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        if (anchor >= m_anchors.size())
            return; // an unknown anchor: the parser reports it
        const Anchor& a = m_anchors[anchor];
        if (!a.closed) {
            fail(mark, "the alias '*" + a.name + "' is inside the value of its own anchor '&" + a.name +
                           "': that value would contain itself",
                 "copy the value out instead of the alias");
        }
        m_added += a.values;
        if (m_added > m_budget) {
            fail(mark, "YAML aliases expand the study by more than " + std::to_string(m_budget) +
                           " values (at the alias '*" + a.name + "')",
                 "write the repeated values out, or nest fewer aliases");
        }
        add(a.values);
    }

private:
    struct Anchor
    {
        std::string name;
        std::uint64_t values = 0;
        bool closed = false;
    };
    struct Open
    {
        YAML::anchor_t anchor;
        std::uint64_t values;
    };

    void define(YAML::anchor_t anchor)
    {
        if (anchor == YAML::NullAnchor)
            return;
        if (m_anchors.size() <= anchor)
            m_anchors.resize(anchor + 1);
        m_anchors[anchor].name = m_pendingName;
        m_anchors[anchor].closed = false;
    }
    void add(std::uint64_t values)
    {
        if (!m_open.empty())
            m_open.back().values += values;
    }
    void leaf(YAML::anchor_t anchor)
    {
        define(anchor);
        if (anchor != YAML::NullAnchor) {
            m_anchors[anchor].values = 1;
            m_anchors[anchor].closed = true;
        }
        add(1);
    }
    void open(YAML::anchor_t anchor)
    {
        define(anchor);
        m_open.push_back({anchor, 1});
    }
    void close()
    {
        const Open done = m_open.back();
        m_open.pop_back();
        if (done.anchor != YAML::NullAnchor) {
            m_anchors[done.anchor].values = done.values;
            m_anchors[done.anchor].closed = true;
        }
        add(done.values);
    }
    [[noreturn]] void fail(const YAML::Mark& mark, std::string message, std::string hint)
    {
        problem = SourceProblem{mark.line + 1, mark.column + 1, std::move(message), std::move(hint)};
        throw Stop{};
    }

    std::size_t m_budget;
    std::uint64_t m_added = 0;
    std::vector<Anchor> m_anchors; // by the parser's anchor id
    std::vector<Open> m_open;
    std::string m_pendingName;
};

} // namespace

std::vector<SourceProblem> invalidUtf8(std::string_view text, std::size_t limit)
{
    std::vector<SourceProblem> out;
    int line = 1;
    std::size_t lineStart = 0;
    bool reported = false; // on this line
    for (std::size_t i = 0; i < text.size() && out.size() < limit;) {
        if (text[i] == '\n') {
            ++line;
            lineStart = ++i;
            reported = false;
            continue;
        }
        if (const std::size_t n = sequenceLength(text, i); n > 0) {
            i += n;
            continue;
        }
        if (!reported) {
            char byte[8];
            std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text[i])));
            out.push_back({line, static_cast<int>(i - lineStart + 1),
                           std::string("the text is not valid UTF-8 (byte ") + byte + ")",
                           "save the file as UTF-8"});
            reported = true;
        }
        ++i;
    }
    return out;
}

std::optional<SourceProblem> aliasProblem(const std::string& text, std::size_t budget)
{
    if (text.find('*') == std::string::npos)
        return std::nullopt; // no alias: nothing to expand
    std::istringstream in(text);
    AliasCounter counter(budget);
    try {
        YAML::Parser parser(in);
        parser.HandleNextDocument(counter);
    } catch (const Stop&) {
    } catch (const YAML::Exception&) {
        // Not YAML: YAML::Load reports it with its own message.
    }
    return counter.problem;
}

std::optional<SourceProblem> sizeProblem(std::size_t bytes)
{
    if (bytes <= kMaxStudyBytes)
        return std::nullopt;
    char size[32];
    std::snprintf(size, sizeof size, "%.1f MB", double(bytes) / double(1u << 20));
    return SourceProblem{0, 0,
                         std::string("the study is ") + size + ", larger than the " +
                             std::to_string(kMaxStudyBytes >> 20) + " MB a study may be",
                         "a study this large is generated: generate fewer components, or one study per variant"};
}

} // namespace scalelab::scenarios::detail
