#include "studytextpane.h"

#include "studytexteditor.h"
#include "theme.h"

#include "scenarios/studyreader.h"

#include <QFileInfo>
#include <QLabel>
#include <QSaveFile>
#include <QVBoxLayout>

namespace scalelab::gui {

StudyTextPane::StudyTextPane(QWidget* parent) : QWidget(parent), m_editor(new StudyTextEditor), m_banner(new QLabel)
{
    setObjectName("studyTextPane");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_banner->setObjectName("studyTextBanner");
    m_banner->setWordWrap(true);
    m_banner->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_banner);
    layout->addWidget(m_editor, 1);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &StudyTextPane::reread);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_editor->document(), &QTextDocument::modificationChanged, this, &StudyTextPane::modificationChanged);
}

void StudyTextPane::open(const QString& path, const QString& text, bool modified)
{
    m_path = path;
    m_editor->setPlainText(text);
    m_editor->document()->setModified(modified);
    m_debounce.stop();
    reread();
    // The cursor on the first problem's line, so its mark is in view.
    for (const auto& d : m_diagnostics)
        if (d.line > 0) {
            m_editor->goTo(d.line, d.column);
            break;
        }
}

void StudyTextPane::setPath(const QString& path)
{
    m_path = path;
}

QString StudyTextPane::text() const
{
    return m_editor->toPlainText();
}

bool StudyTextPane::isModified() const
{
    return m_editor->document()->isModified();
}

bool StudyTextPane::save(QString* error)
{
    QSaveFile f(m_path);
    const QByteArray bytes = text().toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = tr("cannot write %1: %2").arg(QFileInfo(m_path).fileName(), f.errorString());
        return false;
    }
    m_editor->document()->setModified(false);
    return true;
}

void StudyTextPane::reread()
{
    m_debounce.stop();
    auto result = scenarios::readStudyText(text().toStdString(), m_path.toStdString());
    m_diagnostics = result.diagnostics;
    int errors = 0;
    for (const auto& d : m_diagnostics)
        errors += d.severity == scenarios::Diagnostic::Severity::Error;
    m_editor->setDiagnostics(m_diagnostics);
    const QString file = QFileInfo(m_path).fileName();
    m_banner->setText(tr("<b>%1 does not read</b>: %n problem(s), marked in the margin and listed under Problems. "
                         "Fix the text; the canvas appears once it reads.",
                         nullptr, errors)
                          .arg(file.toHtmlEscaped()));
    m_banner->setStyleSheet(QStringLiteral("background: %1; color: %2;")
                                .arg(theme::errorTint().name(), palette().color(QPalette::WindowText).name()));
    emit diagnosticsChanged(m_diagnostics);
    if (result.ok())
        emit readable(*result.study, m_diagnostics);
}

} // namespace scalelab::gui
