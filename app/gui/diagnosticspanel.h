#pragma once

#include "scenarios/diagnostic.h"

#include <QListWidget>

#include <vector>

namespace scalelab::gui {

/// The reader's diagnostics, one per row ("file:line:column: error: message
/// (hint)", wrapped to the panel's width, never clipped); activating one asks
/// to show the variant and component at fault, and its place in the text.
class DiagnosticsPanel : public QListWidget
{
    Q_OBJECT
public:
    explicit DiagnosticsPanel(QWidget* parent = nullptr);
    void setDiagnostics(const std::vector<scenarios::Diagnostic>& diagnostics);
    /// The variant and component a diagnostic's path names ("variants.v.components.app.cores"
    /// -> v, app; a route step names its component too); empty when none.
    static std::pair<QString, QString> subject(const scenarios::Diagnostic& diagnostic);
    /// The height row `row` needs to show its whole text at the panel's width.
    int neededHeight(int row) const;

signals:
    void subjectActivated(const QString& variant, const QString& component);
    /// A diagnostic tied to a line was activated: 1-based line and column (0: unknown).
    void locationActivated(int line, int column);

protected:
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void fitRows();
    void colourRows();
};

} // namespace scalelab::gui
