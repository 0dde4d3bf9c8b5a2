#include "exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace scalelab::gui {

namespace {

QString formatLabel(const QString& format)
{
    if (format == "png")
        return QObject::tr("PNG image");
    if (format == "pdf")
        return QObject::tr("PDF document");
    if (format == "svg")
        return QObject::tr("SVG image");
    if (format == "csv")
        return QObject::tr("CSV table");
    return format.toUpper();
}

} // namespace

ExportDialog::ExportDialog(const QString& title, const QString& suggestedPath, const QStringList& formats, bool sized,
                           QSize size, QWidget* parent, const QList<ExportFlag>& flags)
    : QDialog(parent)
{
    setWindowTitle(title);
    setObjectName("exportDialog");
    auto* form = new QFormLayout(this);
    m_path = new QLineEdit(suggestedPath);
    m_path->setObjectName("path");
    m_path->setMinimumWidth(360);
    auto* browse = new QPushButton(tr("Browse…"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_path, 1);
    row->addWidget(browse);
    form->addRow(tr("File"), row);
    m_format = new QComboBox;
    m_format->setObjectName("format");
    for (const QString& f : formats)
        m_format->addItem(QStringLiteral("%1 (*.%2)").arg(formatLabel(f), f), f);
    form->addRow(tr("Format"), m_format);
    if (sized) {
        for (auto** box : {&m_width, &m_height}) {
            *box = new QSpinBox;
            (*box)->setRange(100, 10000);
            (*box)->setSuffix(formats.contains("pdf") ? tr(" px (PDF: pt)") : tr(" px"));
        }
        m_width->setObjectName("width");
        m_height->setObjectName("height");
        m_width->setValue(size.width());
        m_height->setValue(size.height());
        form->addRow(tr("Width"), m_width);
        form->addRow(tr("Height"), m_height);
    }
    for (const ExportFlag& flag : flags) {
        auto* box = new QCheckBox(flag.text);
        box->setObjectName(flag.name);
        form->addRow(box);
        m_flags << box;
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_path, &QLineEdit::textEdited, this, &ExportDialog::followSuffix);
    // Choosing a format renames the file's suffix to match.
    connect(m_format, &QComboBox::activated, this, [this] {
        const QFileInfo fi(m_path->text());
        const QString base = fi.suffix().isEmpty() ? m_path->text() : m_path->text().chopped(fi.suffix().size() + 1);
        m_path->setText(base + "." + m_format->currentData().toString());
    });
    followSuffix();
}

void ExportDialog::followSuffix()
{
    const int i = m_format->findData(QFileInfo(m_path->text()).suffix().toLower());
    if (i >= 0)
        m_format->setCurrentIndex(i);
}

void ExportDialog::browse()
{
    QStringList filters;
    for (int i = 0; i < m_format->count(); ++i)
        filters << m_format->itemText(i);
    QString selected = m_format->currentText();
    const QString path = QFileDialog::getSaveFileName(this, windowTitle(), m_path->text(), filters.join(";;"), &selected);
    if (path.isEmpty())
        return;
    m_path->setText(path);
    const int i = m_format->findText(selected);
    if (i >= 0 && QFileInfo(path).suffix().isEmpty())
        m_format->setCurrentIndex(i);
    followSuffix();
}

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    o.format = m_format->currentData().toString();
    o.path = m_path->text().trimmed();
    if (!o.path.isEmpty() && QFileInfo(o.path).suffix().isEmpty())
        o.path += "." + o.format;
    if (m_width)
        o.size = QSize(m_width->value(), m_height->value());
    for (const QCheckBox* box : m_flags)
        if (box->isChecked())
            o.checked.insert(box->objectName());
    return o;
}

std::optional<ExportOptions> ExportDialog::ask(QWidget* parent, const QString& title, const QString& suggestedPath,
                                               const QStringList& formats, bool sized, QSize size,
                                               const QList<ExportFlag>& flags)
{
    ExportDialog dialog(title, suggestedPath, formats, sized, size, parent, flags);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    ExportOptions o = dialog.options();
    if (o.path.isEmpty())
        return std::nullopt;
    return o;
}

} // namespace scalelab::gui
