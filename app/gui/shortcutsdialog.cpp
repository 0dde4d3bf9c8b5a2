#include "shortcutsdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace scalelab::gui {

namespace {

/// A menu or action text as read: no '&' accelerator, no trailing dots.
QString plain(QString text)
{
    text.remove(QRegularExpression("&(?!&)"));
    while (text.endsWith(QChar(0x2026)) || text.endsWith('.'))
        text.chop(1);
    return text;
}

} // namespace

QVector<ShortcutsDialog::Row> ShortcutsDialog::rows(const QMenuBar* menus)
{
    QVector<Row> out;
    std::function<void(const QMenu*, const QString&)> walk = [&](const QMenu* menu, const QString& where) {
        for (const QAction* a : menu->actions()) {
            if (a->isSeparator())
                continue;
            if (a->menu()) {
                walk(a->menu(), where + " > " + plain(a->menu()->title()));
                continue;
            }
            QStringList keys;
            for (const QKeySequence& k : a->shortcuts())
                keys << k.toString(QKeySequence::NativeText);
            if (!keys.isEmpty())
                out.push_back({where, plain(a->text()), keys.join(", ")});
        }
    };
    for (const QAction* top : menus->actions())
        if (top->menu())
            walk(top->menu(), plain(top->menu()->title()));
    return out;
}

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menus, QWidget* parent) : QDialog(parent)
{
    setObjectName("shortcutsDialog");
    setWindowTitle(tr("Keyboard shortcuts"));
    auto* layout = new QVBoxLayout(this);
    const QVector<Row> list = rows(menus);
    auto* table = new QTableWidget(int(list.size()), 3, this);
    table->setObjectName("shortcuts");
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action"), tr("Menu")});
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    for (int i = 0; i < list.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(list[i].keys));
        table->setItem(i, 1, new QTableWidgetItem(list[i].action));
        table->setItem(i, 2, new QTableWidgetItem(list[i].menu));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, std::min(760, 110 + int(list.size()) * (fontMetrics().height() + 6)));
}

} // namespace scalelab::gui
