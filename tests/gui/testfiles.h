#pragma once

// Shared by the GUI tests that write study files of their own and read them back.
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

namespace scalelab::testing {

/// Writes `text` to `name` in `dir`; its path, or empty when it cannot.
inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        return {};
    return path;
}

/// A file's bytes; empty when it cannot be read.
inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace scalelab::testing
