#pragma once

#include "scenarios/diagnostic.h"
#include "scenarios/study.h"

#include <QTimer>
#include <QWidget>

#include <vector>

class QLabel;

namespace scalelab::gui {

class StudyTextEditor;

/// A study file that does not read, as its text: a banner saying so and the
/// editor with each problem marked. The text is read again (as the file at
/// its path would be) a moment after each edit; readable() says when it reads.
class StudyTextPane : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 400;

    explicit StudyTextPane(QWidget* parent = nullptr);

    /// Shows `text` as the file at `path` (absolute); `modified`: it differs
    /// from the file (a recovered autosave). Reads it at once.
    void open(const QString& path, const QString& text, bool modified);
    QString path() const { return m_path; }
    void setPath(const QString& path);
    QString text() const;
    /// Whether the text differs from the file.
    bool isModified() const;
    StudyTextEditor* editor() const { return m_editor; }
    /// The reader's diagnostics of the text as last read.
    const std::vector<scenarios::Diagnostic>& diagnostics() const { return m_diagnostics; }
    /// Writes the text to path() atomically (a temporary file renamed over it);
    /// false, with the reason in *error, when it cannot.
    bool save(QString* error);

public slots:
    /// Reads the text now; emits diagnosticsChanged, and readable when it reads.
    void reread();

signals:
    void diagnosticsChanged(const std::vector<scenarios::Diagnostic>& diagnostics);
    void modificationChanged(bool modified);
    /// The text reads: the study, and the reader's warnings.
    void readable(const scenarios::Study& study, const std::vector<scenarios::Diagnostic>& warnings);

private:
    StudyTextEditor* m_editor;
    QLabel* m_banner;
    QTimer m_debounce;
    QString m_path;
    std::vector<scenarios::Diagnostic> m_diagnostics;
};

} // namespace scalelab::gui
