#include "studyfiles.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cerrno>
#include <csignal>

namespace scalelab::gui {

namespace {

/// A process that no longer exists (a pid we may not signal still exists).
bool gone(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

bool isReadOnly(const QFileInfo& info)
{
    return !info.isWritable() || !(info.permissions() & QFileDevice::WriteOwner);
}

QString localRecoveryPath(const QString& studyPath)
{
    const QFileInfo fi(studyPath);
    return fi.dir().filePath("." + fi.fileName() + ".autosave");
}

namespace {

/// NAME.KEY for a study: its file name and a hash of its full path, so that
/// two studies of one name in two folders keep their own files.
QString studyKey(const QString& studyPath)
{
    const QFileInfo fi(studyPath);
    const QByteArray key =
        QCryptographicHash::hash(fi.absoluteFilePath().toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    return fi.fileName() + "." + QString::fromLatin1(key);
}

} // namespace

QString dataRecoveryPath(const QString& studyPath)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (studyPath.isEmpty())
        return QDir(dir).filePath("untitled.autosave.yaml");
    return QDir(dir).filePath("recovery/" + studyKey(studyPath) + ".autosave");
}

QString sweepFolderFor(const QString& studyPath)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath("sweeps/" + (studyPath.isEmpty() ? QString("untitled") : studyKey(studyPath)));
}

QString recoveryPathFor(const QString& studyPath)
{
    if (studyPath.isEmpty())
        return dataRecoveryPath(studyPath);
    const QFileInfo folder(QFileInfo(studyPath).absolutePath());
    return isReadOnly(folder) ? dataRecoveryPath(studyPath) : localRecoveryPath(studyPath);
}

RunCopies::RunCopies() = default;
RunCopies::~RunCopies() = default;

QString RunCopies::nextPath(QString* error)
{
    if (!m_dir) {
        m_dir = std::make_unique<QTemporaryDir>(
            QDir(QDir::tempPath()).filePath(QStringLiteral("scalelab-run-%1-XXXXXX").arg(QCoreApplication::applicationPid())));
        if (!m_dir->isValid()) {
            if (error)
                *error = QCoreApplication::translate("RunCopies", "cannot make a temporary folder in %1: %2")
                             .arg(QDir::tempPath(), m_dir->errorString());
            m_dir.reset();
            return {};
        }
    }
    return m_dir->filePath(QStringLiteral("study.yaml"));
}

int RunCopies::removeStale(const QString& studyFolder)
{
    int removed = 0;
    static const QRegularExpression folderName(QStringLiteral("^scalelab-run-(\\d+)-.{6}$"));
    QDir temp(QDir::tempPath());
    for (const QString& name : temp.entryList({"scalelab-run-*"}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const auto m = folderName.match(name);
        if (m.hasMatch() && gone(m.captured(1).toLongLong()) && QDir(temp.filePath(name)).removeRecursively())
            ++removed;
    }
    static const QRegularExpression fileName(QStringLiteral("^\\.scalelab-run-(\\d+)\\.yaml$"));
    for (const QString& folder : {QDir::tempPath(), studyFolder}) {
        if (folder.isEmpty())
            continue;
        QDir dir(folder);
        for (const QString& name : dir.entryList({".scalelab-run-*.yaml"}, QDir::Files | QDir::Hidden)) {
            const auto m = fileName.match(name);
            if (m.hasMatch() && gone(m.captured(1).toLongLong()) && dir.remove(name))
                ++removed;
        }
    }
    return removed;
}

} // namespace scalelab::gui
