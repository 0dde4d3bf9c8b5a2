#include "comparerun.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace scalelab::gui {

namespace {

using Json = nlohmann::ordered_json;

/// "'TYPE' line: KEY must be WHAT", why a line was refused.
QString wrongKey(const std::string& type, const char* key, const char* what)
{
    return QString("'%1' line: %2 must be %3").arg(QString::fromStdString(type), key, what);
}

bool isStringArray(const Json& j)
{
    if (!j.is_array())
        return false;
    for (const Json& e : j)
        if (!e.is_string())
            return false;
    return true;
}

QStringList strings(const Json& j)
{
    QStringList out;
    for (const Json& e : j)
        out << QString::fromStdString(e.get<std::string>());
    return out;
}

} // namespace

int CompareStream::jobsDone() const
{
    int done = 0;
    for (const Job& j : m_jobs)
        done += m_duration > 0 && j.seconds >= m_duration ? 1 : 0;
    return done;
}

CompareStream::Line CompareStream::refuse(const QString& why)
{
    m_problem = why;
    return Line::Invalid;
}

CompareStream::Line CompareStream::add(const QByteArray& line)
{
    const Json j = Json::parse(line.constData(), line.constData() + line.size(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return refuse("not a JSON object: " + QString::fromUtf8(line.left(80)));
    }
    const auto type = j.find("type");
    if (type == j.end() || !type->is_string()) {
        return refuse("a line without a \"type\": " + QString::fromUtf8(line.left(80)));
    }
    const std::string t = type->get<std::string>();
    if (t == "jobs") {
        const auto duration = j.find("duration");
        const auto jobs = j.find("jobs");
        if (duration == j.end() || !duration->is_number())
            return refuse(wrongKey(t, "duration", "a number"));
        if (jobs == j.end() || !jobs->is_array())
            return refuse(wrongKey(t, "jobs", "an array"));
        std::vector<Job> parsed;
        for (const Json& job : *jobs) {
            if (!job.is_object() || !job.contains("variant") || !job["variant"].is_string() ||
                !job.contains("replication") || !job["replication"].is_number_integer())
                return refuse(wrongKey(t, "jobs[]", "{variant: string, replication: integer}"));
            parsed.push_back({QString::fromStdString(job["variant"].get<std::string>()), job["replication"].get<int>()});
        }
        m_duration = duration->get<double>();
        m_jobs = std::move(parsed);
        return Line::Jobs;
    }
    if (t == "progress") {
        const auto seconds = j.find("seconds");
        if (seconds == j.end() || !seconds->is_array() || seconds->size() != m_jobs.size())
            return refuse(wrongKey(t, "seconds", "an array with a number per job"));
        for (const Json& s : *seconds)
            if (!s.is_number())
                return refuse(wrongKey(t, "seconds[]", "a number"));
        for (std::size_t i = 0; i < m_jobs.size(); ++i)
            m_jobs[i].seconds = (*seconds)[i].get<double>();
        return Line::Progress;
    }
    if (t == "result") {
        const auto heading = j.find("heading");
        const auto table = j.find("table");
        const auto compare = j.find("compare");
        if (heading == j.end() || !isStringArray(*heading))
            return refuse(wrongKey(t, "heading", "an array of strings"));
        if (table == j.end() || !table->is_array() || table->empty())
            return refuse(wrongKey(t, "table", "a non-empty array of rows"));
        std::vector<QStringList> rows;
        for (const Json& row : *table) {
            if (!isStringArray(row) || row.empty())
                return refuse(wrongKey(t, "table[]", "a non-empty array of strings"));
            rows.push_back(strings(row));
        }
        if (compare == j.end() || !compare->is_object())
            return refuse(wrongKey(t, "compare", "an object"));
        Table parity;
        if (const auto p = j.find("parity_table"); p != j.end()) {
            if (!p->is_array() || p->empty())
                return refuse(wrongKey(t, "parity_table", "a non-empty array of rows"));
            for (const Json& row : *p) {
                if (!isStringArray(row) || row.empty())
                    return refuse(wrongKey(t, "parity_table[]", "a non-empty array of strings"));
                if (parity.columns.isEmpty())
                    parity.columns = strings(row);
                else
                    parity.rows.push_back(strings(row));
            }
        }
        m_heading = strings(*heading);
        m_table = std::move(rows);
        m_parity = std::move(parity);
        return Line::Result;
    }
    if (t == "error") {
        const auto message = j.find("message");
        if (message == j.end() || !message->is_string())
            return refuse(wrongKey(t, "message", "a string"));
        m_error = QString::fromStdString(message->get<std::string>());
        return Line::Error;
    }
    return Line::Ignored; // a later version's line
}

CompareRun::CompareRun(QObject* parent) : QObject(parent), m_child(new LineProcess(this))
{
    connect(m_child, &LineProcess::lineRead, this, &CompareRun::handleLine);
    connect(m_child, &LineProcess::ended, this, [this](const QString& ended) {
        const QString failure = m_child->failure(ended, m_failure, m_stream.error(), m_stream.hasResult(), "cancelled",
                                                 "scalelab-cli ended without a result");
        emit finished(failure.isEmpty(), failure);
    });
}

CompareRun::~CompareRun() = default;

bool CompareRun::isRunning() const { return m_child->isRunning(); }

void CompareRun::start(const QString& cli, const QString& studyPath, const QStringList& variants)
{
    if (m_child->isRunning())
        return;
    m_stream = CompareStream();
    m_failure.clear();
    QStringList args{"compare", studyPath, "--stream"};
    if (!variants.isEmpty())
        args << "--variants" << variants.join(',');
    m_child->start(cli, args);
}

void CompareRun::cancel() { m_child->kill(); }

void CompareRun::handleLine(const QByteArray& line)
{
    if (line.trimmed().isEmpty() || !m_failure.isEmpty())
        return;
    switch (m_stream.add(line)) {
    case CompareStream::Line::Jobs:
        emit jobsKnown();
        break;
    case CompareStream::Line::Progress:
        emit progressed();
        break;
    case CompareStream::Line::Invalid:
        // A version mismatch, or a bug: never a silent gap in the figures.
        m_failure = "a line of scalelab-cli's output could not be read: " + m_stream.problem();
        m_child->kill();
        break;
    case CompareStream::Line::Result:
    case CompareStream::Line::Error:
    case CompareStream::Line::Ignored:
        break;
    }
}

} // namespace scalelab::gui
