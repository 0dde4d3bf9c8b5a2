#include "valueform.h"

#include "document.h"
#include "theme.h"
#include "sweepdialog.h"

#include "scenarios/fieldtext.h"
#include "scenarios/studyfields.h"

#include <QComboBox>
#include <QMenu>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace scalelab::gui {

ValueRow describedRow(const QString& label, const scenarios::DocPath& path, std::string_view part, std::string_view key,
                      scenarios::ComponentKind kind)
{
    ValueRow row{label, path, QString::fromStdString(scenarios::defaultText(part, key, kind)), {}, {}};
    const scenarios::PartFields* p = scenarios::findPart(part);
    const auto f = p ? std::find_if(p->fields.begin(), p->fields.end(), [&](const auto& x) { return x.key == key; })
                     : std::vector<models::FieldInfo>::const_iterator();
    if (!p || f == p->fields.end())
        return row;
    QString tip = QString::fromUtf8(f->help.data(), qsizetype(f->help.size()));
    const std::string type = scenarios::typeText(*f);
    const std::string range = scenarios::rangeText(*f);
    tip += QStringLiteral("\n%1%2%3").arg(QString::fromStdString(type),
                                          range.empty() ? QString() : QStringLiteral(", %1").arg(QString::fromStdString(range)),
                                          f->unit.empty() ? QString()
                                                          : QStringLiteral(" (%1)").arg(QString::fromUtf8(f->unit.data(), qsizetype(f->unit.size()))));
    row.tip = tip + QStringLiteral("\n%1.%2 in docs/format.md").arg(QString::fromUtf8(part.data(), qsizetype(part.size())),
                                                                    QString::fromUtf8(key.data(), qsizetype(key.size())));
    if (f->choices)
        for (const auto& c : f->choices())
            row.choices << QString::fromStdString(c);
    return row;
}

ValueForm::ValueForm(Document* document, QWidget* parent) : QWidget(parent), m_doc(document)
{
    m_layout = new QFormLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_layout->setRowWrapPolicy(QFormLayout::DontWrapRows);
    connect(m_doc, &Document::changed, this, &ValueForm::refresh);
}

void ValueForm::setRows(std::vector<ValueRow> rows)
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_rows.clear();
    for (auto& spec : rows) {
        Row r;
        auto* box = new QWidget;
        auto* v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(1);
        QWidget* input = nullptr;
        if (spec.choices.isEmpty()) {
            r.edit = new QLineEdit;
            input = r.edit;
        } else {
            auto* combo = new QComboBox;
            combo->setEditable(true);
            combo->addItems(spec.choices);
            combo->setInsertPolicy(QComboBox::NoInsert);
            combo->setCurrentIndex(-1);
            r.edit = combo->lineEdit();
            input = combo;
            const int index = int(m_rows.size());
            connect(combo, &QComboBox::textActivated, this, [this, index] { commit(index); });
        }
        // Right-click: the line edit's own menu, and "Sweep this..." (docs/sweeps.md).
        if (spec.sweepable)
            r.edit->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(r.edit, &QLineEdit::customContextMenuRequested, this, [this, index = int(m_rows.size())](QPoint at) {
            QLineEdit* edit = m_rows[std::size_t(index)].edit;
            std::unique_ptr<QMenu> menu(edit->createStandardContextMenu());
            menu->addSeparator();
            QAction* sweep = menu->addAction(tr("Sweep this..."));
            if (menu->exec(edit->mapToGlobal(at)) == sweep)
                sweepRow(index);
        });
        r.edit->setPlaceholderText(spec.placeholder);
        r.edit->setToolTip(spec.tip);
        r.edit->setObjectName(spec.label);
        r.error = new QLabel;
        r.error->setWordWrap(true);
        r.error->setStyleSheet(QStringLiteral("color: %1; font-size: 8pt;").arg(theme::errorInk().name()));
        r.error->hide();
        v->addWidget(input);
        v->addWidget(r.error);
        auto* label = new QLabel(spec.label);
        label->setToolTip(spec.tip);
        m_layout->addRow(label, box);
        r.spec = std::move(spec);
        const int index = int(m_rows.size());
        connect(r.edit, &QLineEdit::editingFinished, this, [this, index] { commit(index); });
        m_rows.push_back(r);
    }
    refresh();
}

QLineEdit* ValueForm::field(const QString& label) const
{
    for (const auto& r : m_rows)
        if (r.spec.label == label)
            return r.edit;
    return nullptr;
}

QString ValueForm::errorText(const QString& label) const
{
    for (const auto& r : m_rows)
        if (r.spec.label == label)
            return r.error->isHidden() ? QString() : r.error->text();
    return {};
}

void ValueForm::refresh()
{
    for (auto& r : m_rows) {
        if (r.rejected)
            continue; // keep what the user typed until it is fixed
        const QString text = m_doc->valueText(r.spec.path);
        if (r.edit->text() != text) {
            r.edit->setText(text);
            r.edit->setCursorPosition(0); // a long list reads from its start
        }
        // The reader's diagnostics at this path (e.g. a host that was deleted).
        const std::string path = scenarios::joinPath(r.spec.path);
        QStringList problems;
        for (const auto& d : m_doc->diagnostics())
            if (d.path == path || d.path.rfind(path + ".", 0) == 0 || d.path.rfind(path + "[", 0) == 0)
                problems << QString::fromStdString(d.message);
        r.error->setText(problems.join('\n'));
        r.error->setVisible(!problems.isEmpty());
        r.edit->setStyleSheet(problems.isEmpty() ? QString() : "border: 1px solid #c62828;");
    }
}

void ValueForm::sweepRow(int index)
{
    const Row& r = m_rows[std::size_t(index)];
    SweepDialog dialog(m_doc, r.spec.path, r.spec.label, r.edit->text().isEmpty() ? r.spec.placeholder : r.edit->text(),
                       this);
    dialog.exec();
}

void ValueForm::commit(int index)
{
    Row& r = m_rows[std::size_t(index)];
    const QString text = r.edit->text().trimmed();
    if (text == m_doc->valueText(r.spec.path)) {
        r.rejected = false;
        refresh();
        return;
    }
    QString why;
    if (m_doc->setValueText(r.spec.path, text, &why)) {
        r.rejected = false;
        refresh();
        return;
    }
    r.rejected = true;
    r.error->setText(why);
    r.error->show();
    r.edit->setStyleSheet("border: 1px solid #c62828;");
}

} // namespace scalelab::gui
