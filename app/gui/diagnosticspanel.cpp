#include "diagnosticspanel.h"

#include <QRegularExpression>

namespace scalelab::gui {

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent) : QListWidget(parent)
{
    setWordWrap(true);
    setAlternatingRowColors(true);
    auto activate = [this](QListWidgetItem* item) {
        const QString variant = item->data(Qt::UserRole).toString();
        if (!variant.isEmpty())
            emit subjectActivated(variant, item->data(Qt::UserRole + 1).toString());
    };
    connect(this, &QListWidget::itemClicked, this, activate);
    connect(this, &QListWidget::itemActivated, this, activate);
}

std::pair<QString, QString> DiagnosticsPanel::subject(const scenarios::Diagnostic& d)
{
    static const QRegularExpression component(R"(^variants\.([^.\[]+)\.(?:components|layout)\.([^.\[]+))");
    static const QRegularExpression step(R"(^variants\.([^.\[]+)\.routes\.[^.\[]+(?:\[\d+\])*\.([^.\[]+))");
    static const QRegularExpression variant(R"(^variants\.([^.\[]+))");
    const QString path = QString::fromStdString(d.path);
    if (const auto m = component.match(path); m.hasMatch())
        return {m.captured(1), m.captured(2)};
    if (const auto m = step.match(path); m.hasMatch())
        return {m.captured(1), m.captured(2)};
    if (const auto m = variant.match(path); m.hasMatch())
        return {m.captured(1), {}};
    return {};
}

void DiagnosticsPanel::setDiagnostics(const std::vector<scenarios::Diagnostic>& diagnostics)
{
    clear();
    for (const auto& d : diagnostics) {
        const bool error = d.severity == scenarios::Diagnostic::Severity::Error;
        QString text = QString::fromStdString(d.message);
        if (!d.hint.empty())
            text += " (" + QString::fromStdString(d.hint) + ")";
        if (d.line > 0)
            text = QStringLiteral("%1:%2: %3").arg(d.line).arg(d.column).arg(text);
        auto* item = new QListWidgetItem(QIcon::fromTheme(error ? "dialog-error" : "dialog-warning"),
                                         (error ? tr("error: ") : tr("warning: ")) + text, this);
        item->setForeground(error ? QColor(0xc6, 0x28, 0x28) : QColor(0xef, 0x6c, 0x00));
        const auto [variant, component] = subject(d);
        item->setData(Qt::UserRole, variant);
        item->setData(Qt::UserRole + 1, component);
    }
    if (diagnostics.empty()) {
        auto* item = new QListWidgetItem(tr("No problems: the study is valid."), this);
        item->setForeground(QColor(0x2e, 0x7d, 0x32));
    }
}

} // namespace scalelab::gui
