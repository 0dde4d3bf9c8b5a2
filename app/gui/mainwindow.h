#pragma once

#include "scenarios/study.h"
#include "scenarios/studyreader.h"

#include <QHash>
#include <QMainWindow>
#include <QPointF>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProcess;
class QProgressBar;
class QPushButton;
class QTabBar;
class QTimer;

namespace scalelab::gui {

class CanvasScene;
class CanvasView;
class DiagnosticsPanel;
class Document;
class Inspector;
class Palette;
class RunPanel;
class RunCopies;
class StudyTextPane;
class SweepPanel;

/// What to do with an autosave found when a study opens.
enum class RecoveryChoice {
    Restore, ///< load it into the editor (unsaved)
    Discard, ///< delete it
    Keep,    ///< leave it aside, renamed, and open the study as saved
};

/// The editor window: palette, canvas (variants as tabs), inspector, problems
/// and results; files with recent list, autosave and recovery; runs through the
/// run panel, whose live state colours the canvas.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Document* document() const { return m_doc; }
    CanvasScene* scene() const { return m_scene; }
    CanvasView* view() const { return m_view; }
    Inspector* inspector() const { return m_inspector; }
    Palette* palette() const { return m_palette; }
    DiagnosticsPanel* diagnosticsPanel() const { return m_problems; }
    QTabBar* variantTabs() const { return m_tabs; }
    RunPanel* runPanel() const { return m_runPanel; }
    /// The Sweep view (a dock beside Results).
    SweepPanel* sweepPanel() const { return m_sweepPanel; }
    /// An action by object name ("save", "undo", "connectMode"...), for tests and scripts.
    QAction* action(const QString& name) const;
    /// The text of a study file that does not read, shown in place of the
    /// canvas until it reads (isShowingText()).
    StudyTextPane* textPane() const { return m_textPane; }
    bool isShowingText() const;

    QString currentVariant() const;
    void setCurrentVariant(const QString& variant);

    /// Opens a study (with `overrides`, scalelab --set). A file that does not
    /// read (a YAML or a validation error) opens as text in place of the
    /// canvas, each problem marked and listed under Problems; once the text
    /// reads, the canvas shows it (false then: the document is not loaded
    /// yet). A file that cannot be shown as text (unreadable, too large, not
    /// UTF-8) is refused and the current document kept.
    bool openFile(const QString& path, const std::vector<scenarios::Override>& overrides = {});
    /// Variant > Rename: renames the variant everywhere the study names it;
    /// a refused name is said in the status bar. False when refused.
    bool renameVariant(const QString& from, const QString& to);
    /// Starts an untitled study from a bundled template (monolith, modular_monolith, microservices).
    bool newFromTemplate(const QString& name);
    /// File > New: an untitled empty design (emptyStudy()).
    void newEmpty();
    /// The empty design: one variant "design" with no components, one
    /// operation "request" at a steady 100 requests/s, the run's defaults,
    /// and one zone "zone1" (a design runs somewhere; a second zone is
    /// Add zone on the canvas). It does not validate until a route exists.
    static scenarios::Study emptyStudy();
    /// Adds a template's variant to the current study as another tab.
    bool addVariantFromTemplate(const QString& name);
    bool save();
    bool saveAs(const QString& path);

    /// Where the autosave of the current document goes: next to the study, or
    /// in the application data folder for an untitled one or one whose folder
    /// is read-only.
    QString recoveryPath() const;
    void setAutosaveInterval(int milliseconds);
    /// Writes the recovery file now if the document has unsaved changes.
    void autosave();
    /// Offers the autosave of `studyPath` (empty: of the untitled study) when
    /// one was left behind: restore, discard or keep it. Never deletes one
    /// without asking, even when the study file is newer (a touch, a checkout).
    void offerRecovery(const QString& studyPath);
    /// How the window asks a yes/no question (replaced by tests; default: a message box).
    void setAsker(std::function<bool(const QString& question)> ask) { m_ask = std::move(ask); }
    /// How the window asks what to do with an autosave (replaced by tests;
    /// default: a message box with Restore, Discard and Keep).
    void setRecoveryChooser(std::function<RecoveryChoice(const QString& question)> choose)
    {
        m_chooseRecovery = std::move(choose);
    }
    /// How the window asks for a file to save to (replaced by tests; default: a file dialog).
    void setSavePathAsker(std::function<QString(const QString& question)> ask) { m_askSavePath = std::move(ask); }
    /// How the window asks for a name (Rename variant; replaced by tests;
    /// default: an input dialog). nullopt: cancelled.
    void setNameAsker(std::function<std::optional<QString>(const QString& question, const QString& current)> ask)
    {
        m_askName = std::move(ask);
    }
    /// Writes the document for a run to this window's temporary folder (relative
    /// trace paths made absolute); empty and *error set on failure.
    QString writeRunCopy(QString* error);
    /// File > Export review without its folder dialog: runs `scalelab-cli report`
    /// on the document (a temporary copy when it has unsaved edits) into
    /// `folder` (index.html and report.pdf), busy in the status bar meanwhile;
    /// reviewExportFinished tells how it ended. False when it cannot start.
    bool exportReview(const QString& folder);
    bool isExportingReview() const { return m_review != nullptr; }
    /// Stops the running review export: kills scalelab-cli report and every
    /// process it started, and removes what it wrote in the folder (the
    /// folder itself when the export created it). reviewExportFinished(false, "cancelled").
    void cancelReview();
    /// The last message shown in the status bar.
    QString lastMessage() const { return m_lastMessage; }

    static QStringList templateNames();
    static std::optional<scenarios::Study> loadTemplate(const QString& name);

signals:
    /// ok false: `message` is why (scalelab-cli's error output, or that it could not start).
    void reviewExportFinished(bool ok, const QString& message);
    /// The stage the review export has reached ("simulating variant 1 of 2 (monolith)", "drawing the charts", ...).
    void reviewExportProgress(const QString& stage);

public slots:
    void copy();
    void cut();
    void paste();
    void deleteSelection();
    void showMessage(const QString& text);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    /// Asks for a new name (the name asker) until `rename` takes it or the
    /// question is cancelled, saying why a name was refused.
    void askToRename(const QString& what, const QString& from,
                     const std::function<bool(const QString&, const QString&, QString*)>& rename);
    void buildActions();
    /// Shows `text` as the study file at `path` in the text pane, in place of the canvas.
    void showText(const QString& path, const QString& text, bool modified);
    /// Back to the canvas (the text pane's study read, or another one opened).
    void leaveText();
    /// The file being edited: the text pane's or the document's.
    QString editedPath() const;
    /// Splits the window between the canvas and the docks so the canvas keeps most of it.
    void sizeDocks();
    void buildDocks();
    void syncTabs();
    /// Tells the run panel the variants, the current one and the replications.
    void syncRunPanel();
    void syncOperations();
    void updateTitle();
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    bool maybeSave();
    void removeRecovery();
    void selectSubject(const QString& variant, const QString& component);
    void wireRunPanel();
    void wireSweepPanel();
    /// Tells the Sweep view what the document's sweep: section expands to, and its folder.
    void syncSweepPanel();
    /// The document as it is, in this window's temporary folder; empty and *error on failure.
    QString writeStudyCopy(QString* error);
    void finishReview(bool ok, const QString& message, const QString& folder);

    Document* m_doc;
    CanvasScene* m_scene;
    CanvasView* m_view;
    QTabBar* m_tabs;
    QComboBox* m_operation;
    Palette* m_palette;
    Inspector* m_inspector;
    DiagnosticsPanel* m_problems;
    RunPanel* m_runPanel = nullptr;
    SweepPanel* m_sweepPanel = nullptr;
    QDockWidget* m_sweepDock = nullptr;
    QHash<QString, QAction*> m_actions;
    QActionGroup* m_modes;
    QMenu* m_recentMenu;
    QTimer* m_autosave;
    QString m_lastMessage;
    QString m_runCopy;      // the document as the running child reads it (removed after the run)
    QProcess* m_review = nullptr; // the running `scalelab-cli report` of File > Export review
    QString m_reviewCopy;         // the document as that report reads it, when it had unsaved edits
    QProgressBar* m_busy = nullptr;
    QPushButton* m_cancelReview = nullptr; // beside m_busy while a review is exported
    QString m_reviewFolder;        // where that report writes
    bool m_reviewFolderExisted = false;
    QStringList m_reviewEntriesBefore; // the folder's entries before the export (left alone on cancel)
    QString m_lastRecovery; // the recovery file written last (to remove when the path changes)
    std::function<bool(const QString&)> m_ask;
    std::function<RecoveryChoice(const QString&)> m_chooseRecovery;
    std::function<QString(const QString&)> m_askSavePath;
    std::function<std::optional<QString>(const QString&, const QString&)> m_askName;
    StudyTextPane* m_textPane = nullptr; // shown in place of the canvas while a study does not read
    bool m_showingText = false;
    bool m_docksSized = false;
    std::unique_ptr<RunCopies> m_runCopies;
    bool m_autosaveFailed = false; // said once until an autosave works again
    std::vector<scenarios::Component> m_clipboard;
    QHash<QString, QPointF> m_clipboardPositions;
    int m_pasteCount = 0;
    bool m_syncing = false;
};

} // namespace scalelab::gui
