#pragma once

#include "scenarios/diagnostic.h"

#include <QListWidget>

#include <vector>

namespace scalelab::gui {

/// The reader's diagnostics, one per row ("line:column: error: message (hint)");
/// activating one asks to show the variant and component at fault.
class DiagnosticsPanel : public QListWidget
{
    Q_OBJECT
public:
    explicit DiagnosticsPanel(QWidget* parent = nullptr);
    void setDiagnostics(const std::vector<scenarios::Diagnostic>& diagnostics);
    /// The variant and component a diagnostic's path names ("variants.v.components.app.cores"
    /// -> v, app; a route step names its component too); empty when none.
    static std::pair<QString, QString> subject(const scenarios::Diagnostic& diagnostic);

signals:
    void subjectActivated(const QString& variant, const QString& component);
};

} // namespace scalelab::gui
