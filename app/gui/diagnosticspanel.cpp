#include "diagnosticspanel.h"

#include "theme.h"

#include <QEvent>
#include <QFileInfo>
#include <QRegularExpression>

namespace scalelab::gui {

namespace {

constexpr int kLineRole = Qt::UserRole + 2;
constexpr int kColumnRole = Qt::UserRole + 3;
constexpr int kSeverityRole = Qt::UserRole + 4; // 0 error, 1 warning, 2 no problems

} // namespace

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent) : QListWidget(parent)
{
    setWordWrap(true);
    setAlternatingRowColors(true);
    setUniformItemSizes(false);
    setResizeMode(QListView::Adjust);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto activate = [this](QListWidgetItem* item) {
        const QString variant = item->data(Qt::UserRole).toString();
        if (!variant.isEmpty())
            emit subjectActivated(variant, item->data(Qt::UserRole + 1).toString());
        if (const int line = item->data(kLineRole).toInt(); line > 0)
            emit locationActivated(line, item->data(kColumnRole).toInt());
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
        text = (error ? tr("error: ") : tr("warning: ")) + text;
        if (d.line > 0) {
            // The file by its name: where it lies is in the window's title and File menu.
            const QString file = QFileInfo(QString::fromStdString(d.file)).fileName();
            text = QStringLiteral("%1:%2:%3: %4").arg(file).arg(d.line).arg(d.column).arg(text);
            if (file.isEmpty())
                text = text.mid(1);
        }
        auto* item = new QListWidgetItem(QIcon::fromTheme(error ? "dialog-error" : "dialog-warning"), text, this);
        item->setToolTip(text);
        item->setData(kSeverityRole, error ? 0 : 1);
        const auto [variant, component] = subject(d);
        item->setData(Qt::UserRole, variant);
        item->setData(Qt::UserRole + 1, component);
        item->setData(kLineRole, d.line);
        item->setData(kColumnRole, d.column);
    }
    if (diagnostics.empty()) {
        auto* item = new QListWidgetItem(tr("No problems: the study is valid."), this);
        item->setData(kSeverityRole, 2);
    }
    colourRows();
    fitRows();
}

void DiagnosticsPanel::colourRows()
{
    for (int i = 0; i < count(); ++i) {
        const int severity = item(i)->data(kSeverityRole).toInt();
        item(i)->setForeground(severity == 0 ? theme::errorInk() : severity == 1 ? theme::warningInk() : theme::okInk());
    }
}

int DiagnosticsPanel::neededHeight(int row) const
{
    const QListWidgetItem* it = item(row);
    if (!it)
        return 0;
    // The text's width: the viewport less the icon, its gap and the item's margins.
    const int icon = it->icon().isNull() ? 0 : iconSize().width() + 6;
    const int width = std::max(40, viewport()->width() - icon - 2 * spacing() - 12);
    const QRect text = fontMetrics().boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, it->text());
    return std::max(text.height(), it->icon().isNull() ? 0 : iconSize().height()) + 8;
}

void DiagnosticsPanel::fitRows()
{
    // A wrapped row's height is the view's to give: QListView measures the
    // text unwrapped, and a long message would be cut to one line.
    for (int i = 0; i < count(); ++i)
        item(i)->setSizeHint(QSize(std::max(40, viewport()->width() - 2 * spacing()), neededHeight(i)));
}

bool DiagnosticsPanel::viewportEvent(QEvent* event)
{
    // The viewport narrows when the scroll bar appears, not only with the panel.
    if (event->type() == QEvent::Resize)
        fitRows();
    return QListWidget::viewportEvent(event);
}

void DiagnosticsPanel::changeEvent(QEvent* event)
{
    QListWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        colourRows();
    if (event->type() == QEvent::FontChange)
        fitRows();
}

} // namespace scalelab::gui
