#include "lineprocess.h"

#include <utility>

namespace scalelab::gui {

LineProcess::LineProcess(QObject* parent) : QObject(parent) {}

LineProcess::~LineProcess()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

bool LineProcess::start(const QString& program, const QStringList& arguments)
{
    if (m_process)
        return false;
    m_partial.clear();
    m_stderrTail.clear();
    m_killed = false;
    m_process = new QProcess(this);
    QProcess* p = m_process;
    connect(p, &QProcess::readyReadStandardOutput, this, &LineProcess::readOutput);
    connect(p, &QProcess::readyReadStandardError, this, [this, p] {
        m_stderrTail += p->readAllStandardError();
        if (m_stderrTail.size() > 4096)
            m_stderrTail = m_stderrTail.right(4096);
    });
    connect(p, &QProcess::finished, this, [this, p](int code, QProcess::ExitStatus status) {
        readOutput();
        if (!m_partial.isEmpty()) // a last line without its newline
            emit lineRead(std::exchange(m_partial, {}));
        m_stderrTail += p->readAllStandardError();
        if (status == QProcess::CrashExit)
            finish(QString("scalelab-cli stopped abnormally (%1)").arg(p->errorString()));
        else
            finish(code == 0 ? QString() : QString("scalelab-cli exited with code %1").arg(code));
    });
    connect(p, &QProcess::errorOccurred, this, [this, p, program](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finish("cannot start " + program + ": " + p->errorString());
    });
    p->start(program, arguments);
    return true;
}

void LineProcess::kill()
{
    if (!m_process || m_killed)
        return;
    m_killed = true;
    m_process->kill();
}

QString LineProcess::stderrTail() const { return QString::fromUtf8(m_stderrTail).trimmed(); }

QString LineProcess::failure(const QString& ended, const QString& unreadable, const QString& fatalError,
                             bool complete, const QString& cancelled, const QString& incomplete) const
{
    if (!unreadable.isEmpty())
        return unreadable;
    if (m_killed)
        return cancelled;
    if (!ended.isEmpty()) {
        if (!fatalError.isEmpty())
            return fatalError + " (" + ended + ")";
        return stderrTail().isEmpty() ? ended : ended + ": " + stderrTail();
    }
    return complete ? QString() : incomplete;
}

void LineProcess::readOutput()
{
    if (!m_process)
        return;
    m_partial += m_process->readAllStandardOutput();
    qsizetype from = 0;
    for (qsizetype nl = m_partial.indexOf('\n'); nl >= 0 && m_process; nl = m_partial.indexOf('\n', from)) {
        const QByteArray line = m_partial.mid(from, nl - from);
        from = nl + 1;
        emit lineRead(line);
    }
    m_partial.remove(0, from);
}

void LineProcess::finish(const QString& failure)
{
    if (!m_process)
        return;
    m_process->deleteLater();
    m_process = nullptr;
    emit ended(failure);
}

} // namespace scalelab::gui
