#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QString>
#include <QVector>

class QMenuBar;

namespace scalelab::gui {

/// Help > Keyboard shortcuts: every action of the window that has a shortcut,
/// read from its menus (so a new action with a shortcut is listed without an
/// edit here), as menu, action and keys.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Row
    {
        QString menu;   ///< "File", "Run", ... (the menu path, without accelerators)
        QString action; ///< the action's text, without accelerators and dots
        QString keys;   ///< every shortcut, in the platform's words ("Ctrl+S")
    };

    ShortcutsDialog(const QMenuBar* menus, QWidget* parent = nullptr);

    /// The rows: each action with a shortcut, menu by menu in menu-bar order.
    static QVector<Row> rows(const QMenuBar* menus);
};

} // namespace scalelab::gui
