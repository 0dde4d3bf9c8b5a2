#pragma once

#include "scenarios/diagnostic.h"

#include <QPlainTextEdit>

#include <vector>

namespace scalelab::gui {

/// A study's text, for a file that does not read: line numbers in a margin,
/// each diagnostic's line marked (a tinted background, a mark in the margin,
/// its messages as the line's tooltip).
class StudyTextEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit StudyTextEditor(QWidget* parent = nullptr);

    /// Marks the lines the diagnostics name (line 0: not tied to a line, not marked).
    void setDiagnostics(const std::vector<scenarios::Diagnostic>& diagnostics);
    /// The 1-based lines marked, in order.
    QList<int> markedLines() const;
    /// The messages shown for 1-based `line` (its tooltip), empty when unmarked.
    QString lineMessages(int line) const;
    /// Puts the cursor at 1-based `line` and `column` (0: the line's start) and shows it.
    void goTo(int line, int column);
    /// The margin's width in pixels.
    int marginWidth() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    friend class LineNumberArea;
    void paintMargin(QPaintEvent* event);
    void updateMargin(const QRect& rect, int dy);
    void applyMarks();

    QWidget* m_margin;
    std::vector<scenarios::Diagnostic> m_diagnostics;
};

} // namespace scalelab::gui
