#include "studytexteditor.h"

#include "theme.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

#include <algorithm>
#include <map>

namespace scalelab::gui {

/// The margin beside the text: line numbers, and a mark on each line with a problem.
class LineNumberArea : public QWidget
{
public:
    explicit LineNumberArea(StudyTextEditor* editor) : QWidget(editor), m_editor(editor) {}
    QSize sizeHint() const override { return {m_editor->marginWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { m_editor->paintMargin(event); }
    bool event(QEvent* e) override
    {
        if (e->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(e);
            const QTextBlock block = m_editor->cursorForPosition(QPoint(0, help->pos().y())).block();
            const QString text = m_editor->lineMessages(block.blockNumber() + 1);
            if (text.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), text, this);
            return true;
        }
        return QWidget::event(e);
    }

private:
    StudyTextEditor* m_editor;
};

StudyTextEditor::StudyTextEditor(QWidget* parent) : QPlainTextEdit(parent), m_margin(new LineNumberArea(this))
{
    setObjectName("studyText");
    setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    setTabChangesFocus(false);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(marginWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &StudyTextEditor::updateMargin);
    setViewportMargins(marginWidth(), 0, 0, 0);
}

int StudyTextEditor::marginWidth() const
{
    int digits = 1;
    for (int n = std::max(1, blockCount()); n >= 10; n /= 10)
        ++digits;
    // The numbers, and room for the problem mark on their left.
    return 18 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(digits, 3);
}

void StudyTextEditor::updateMargin(const QRect& rect, int dy)
{
    if (dy)
        m_margin->scroll(0, dy);
    else
        m_margin->update(0, rect.y(), m_margin->width(), rect.height());
}

void StudyTextEditor::resizeEvent(QResizeEvent* event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_margin->setGeometry(QRect(r.left(), r.top(), marginWidth(), r.height()));
}

bool StudyTextEditor::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        // Over the text: the problems of the line under the pointer.
        auto* help = static_cast<QHelpEvent*>(e);
        const QPoint at = viewport()->mapFrom(this, help->pos());
        const QString text = lineMessages(cursorForPosition(at).blockNumber() + 1);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    if (e->type() == QEvent::PaletteChange)
        applyMarks(); // the tint follows the scheme
    return QPlainTextEdit::event(e);
}

void StudyTextEditor::paintMargin(QPaintEvent* event)
{
    QPainter p(m_margin);
    p.fillRect(event->rect(), palette().color(QPalette::Window));
    const QList<int> marked = markedLines();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int lineHeight = fontMetrics().height();
    while (block.isValid() && top <= event->rect().bottom()) {
        const int bottom = top + qRound(blockBoundingRect(block).height());
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int line = block.blockNumber() + 1;
            const bool bad = marked.contains(line);
            if (bad) {
                // A round mark, as compilers' editors put it.
                p.setRenderHint(QPainter::Antialiasing);
                p.setPen(Qt::NoPen);
                p.setBrush(theme::errorInk());
                const int d = std::min(10, lineHeight - 4);
                p.drawEllipse(QRect(4, top + (lineHeight - d) / 2, d, d));
            }
            p.setPen(bad ? theme::errorInk() : palette().color(QPalette::PlaceholderText));
            p.drawText(0, top, m_margin->width() - 4, lineHeight, Qt::AlignRight | Qt::AlignVCenter,
                       QString::number(line));
        }
        block = block.next();
        top = bottom;
    }
}

void StudyTextEditor::setDiagnostics(const std::vector<scenarios::Diagnostic>& diagnostics)
{
    m_diagnostics = diagnostics;
    applyMarks();
    m_margin->update();
}

QList<int> StudyTextEditor::markedLines() const
{
    QList<int> lines;
    for (const auto& d : m_diagnostics)
        if (d.line > 0 && !lines.contains(d.line))
            lines << d.line;
    std::sort(lines.begin(), lines.end());
    return lines;
}

QString StudyTextEditor::lineMessages(int line) const
{
    QStringList out;
    for (const auto& d : m_diagnostics)
        if (d.line == line) {
            const bool error = d.severity == scenarios::Diagnostic::Severity::Error;
            QString text = (error ? tr("error: ") : tr("warning: ")) + QString::fromStdString(d.message);
            if (!d.hint.empty())
                text += " (" + QString::fromStdString(d.hint) + ")";
            out << text;
        }
    return out.join('\n');
}

void StudyTextEditor::applyMarks()
{
    QList<QTextEdit::ExtraSelection> marks;
    for (int line : markedLines()) {
        const QTextBlock block = document()->findBlockByNumber(line - 1);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection mark;
        mark.format.setBackground(theme::errorTint());
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        mark.format.setToolTip(lineMessages(line));
        mark.cursor = QTextCursor(block);
        marks << mark;
    }
    setExtraSelections(marks);
}

void StudyTextEditor::goTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor c(block);
    c.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::clamp(column - 1, 0, block.length() - 1));
    setTextCursor(c);
    centerCursor();
    setFocus();
}

} // namespace scalelab::gui
