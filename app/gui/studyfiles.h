#pragma once

#include <QString>

#include <memory>

class QFileInfo;
class QTemporaryDir;

namespace scalelab::gui {

/// Whether a file or folder may not be written: no write permission for this
/// user, or its owner's write bit is off (a file made read-only on purpose,
/// which the system administrator could otherwise still write).
bool isReadOnly(const QFileInfo& info);

/// Where the autosave of the study at `studyPath` goes: beside it
/// (".NAME.autosave") when its folder can be written, else in the
/// application's data folder, under a name made of the study's full path.
/// Empty `studyPath`: the untitled study's, in the data folder.
QString recoveryPathFor(const QString& studyPath);
/// The autosave beside the study (".NAME.autosave"), writable or not.
QString localRecoveryPath(const QString& studyPath);
/// The autosave of the study in the application's data folder.
QString dataRecoveryPath(const QString& studyPath);

/// Where the Sweep view keeps the sweep of the study at `studyPath` (its
/// points, so that a stopped sweep resumes): the application's data folder,
/// "sweeps/NAME.KEY" with KEY made of the study's full path; "sweeps/untitled"
/// for an untitled study.
QString sweepFolderFor(const QString& studyPath);

/// The temporary copies of the document that runs read: one folder per
/// window in the system's temporary folder ("scalelab-run-PID-XXXXXX"),
/// removed with the window; folders left by a process that is gone are
/// removed when the next one starts.
class RunCopies
{
public:
    RunCopies();
    ~RunCopies();

    /// A path in this window's folder for the next copy; empty (and *error
    /// set) when the temporary folder cannot be made.
    QString nextPath(QString* error);
    /// Removes the folders and the older ".scalelab-run-PID.yaml" files
    /// (written beside the study by earlier versions) whose process is gone,
    /// from the temporary folder and from `studyFolder` (may be empty).
    /// Returns how many it removed.
    static int removeStale(const QString& studyFolder = {});

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

} // namespace scalelab::gui
