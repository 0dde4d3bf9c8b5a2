#pragma once

// Shared by the GUI tests that stop a scalelab-cli child: which processes are still there.
#include <QDir>
#include <QFile>
#include <QString>

namespace scalelab::testing {

/// Processes whose command line names `needle` (a CLI's simulations are forks
/// of it: they carry its command line).
inline int processesNaming(const QString& needle)
{
    int n = 0;
    for (const QString& pid : QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool number = false;
        pid.toInt(&number);
        if (!number)
            continue;
        QFile f("/proc/" + pid + "/cmdline");
        if (f.open(QIODevice::ReadOnly) && f.readAll().replace('\0', ' ').contains(needle.toUtf8()))
            ++n;
    }
    return n;
}

} // namespace scalelab::testing
