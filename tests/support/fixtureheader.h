#pragma once

// The expectation a study file under test carries in its header comment, read by
// tst_studyreader and tst_cli. Syntax: tests/README.md ("Bad study files").
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

namespace scalelab::testing {

/// What a study file says loading it must produce: its diagnostics, word for word and
/// in order, and the exit code of `scalelab-cli validate` run in the file's folder.
struct FixtureHeader
{
    QStringList diagnostics;     ///< one `# expect: <line>` per diagnostic
    std::optional<int> exitCode; ///< `# exit: <code>`
    QString error;               ///< why the header cannot be trusted; empty when it can

    /// True when the file states an expectation (a bad study file must).
    bool hasExpectation() const { return exitCode.has_value(); }
};

/// Reads the directives of the comment lines before the file's first YAML line.
/// Sets `error` for a directive below them, a misspelt one (`#expect:`, `# Exit:`,
/// `# expect-hint:`), a second `# exit:`, or `# expect:` lines without `# exit:`:
/// an expectation the test would silently skip must fail it instead.
inline FixtureHeader readFixtureHeader(const QString& path)
{
    FixtureHeader header;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        header.error = path + ": cannot read: " + file.errorString();
        return header;
    }
    // Anything that starts like a directive is held to the exact syntax.
    static const QRegularExpression looksLikeDirective(R"(^\s*#\s*(expect|exit)[\w-]*\s*:)",
                                                       QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression expect(R"(^# expect: (.+)$)");
    static const QRegularExpression exit(R"(^# exit: (\d+)$)");
    const auto fail = [&](int line, const QString& why) {
        if (header.error.isEmpty())
            header.error = QStringLiteral("%1:%2: %3").arg(path).arg(line).arg(why);
    };
    bool inHeader = true;
    int number = 0;
    for (QString line : QString::fromUtf8(file.readAll()).split('\n')) {
        ++number;
        if (line.endsWith('\r'))
            line.chop(1);
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (!trimmed.startsWith('#')) {
            inHeader = false;
            continue;
        }
        if (!looksLikeDirective.match(line).hasMatch())
            continue;
        if (!inHeader) {
            fail(number, "'" + line + "' is below the first YAML line; directives go in the header comment");
            continue;
        }
        if (const auto m = expect.match(line); m.hasMatch()) {
            header.diagnostics << m.captured(1);
        } else if (const auto e = exit.match(line); e.hasMatch()) {
            if (header.exitCode)
                fail(number, "a second '# exit:'");
            header.exitCode = e.captured(1).toInt();
        } else {
            fail(number, "'" + line + "' is not a directive; write '# expect: <diagnostic>' or '# exit: <code>'");
        }
    }
    if (!header.diagnostics.isEmpty() && !header.exitCode)
        fail(1, "'# expect:' lines without '# exit: <code>' (the exit code of scalelab-cli validate)");
    return header;
}

} // namespace scalelab::testing
