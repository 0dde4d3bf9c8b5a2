#include "sweeprun.h"

#include <nlohmann/json.hpp>

namespace scalelab::gui {

namespace {

using Json = nlohmann::json;

QString wrongKey(const std::string& type, const char* key, const char* what)
{
    return QString("'%1' line: %2 must be %3").arg(QString::fromStdString(type), key, what);
}

/// The number at `key`, when it is one.
std::optional<double> numberAt(const Json& j, const char* key)
{
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number())
        return std::nullopt;
    return it->get<double>();
}

} // namespace

SweepStream::Line SweepStream::refuse(const QString& why)
{
    m_problem = why;
    return Line::Invalid;
}

SweepStream::Line SweepStream::add(const QByteArray& line)
{
    const Json j = Json::parse(line.constData(), line.constData() + line.size(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return refuse("not a JSON object: " + QString::fromUtf8(line.left(80)));
    const auto type = j.find("type");
    if (type == j.end() || !type->is_string())
        return refuse("a line without a string 'type'");
    const std::string t = type->get<std::string>();
    if (t == "sweep") {
        for (const char* key : {"points", "done", "to_run", "replications", "duration"})
            if (!numberAt(j, key))
                return refuse(wrongKey(t, key, "a number"));
        const auto out = j.find("out");
        if (out == j.end() || !out->is_string())
            return refuse(wrongKey(t, "out", "a string"));
        const auto meta = j.find("sweep");
        if (meta == j.end() || !meta->is_object())
            return refuse(wrongKey(t, "sweep", "an object"));
        QString why;
        m_table = charts::SweepTable::fromMeta(meta->dump(), &why);
        if (!m_table)
            return refuse("'sweep' line: " + why);
        m_points = int(*numberAt(j, "points"));
        m_doneBefore = int(*numberAt(j, "done"));
        m_toRun = int(*numberAt(j, "to_run"));
        m_replications = int(*numberAt(j, "replications"));
        m_duration = *numberAt(j, "duration");
        m_out = QString::fromStdString(out->get<std::string>());
        m_received.clear();
        return Line::Plan;
    }
    if (t == "point") {
        if (!m_table)
            return refuse("a 'point' line before the 'sweep' line");
        const auto point = numberAt(j, "point");
        if (!point)
            return refuse(wrongKey(t, "point", "a number"));
        const auto rows = j.find("rows");
        if (rows == j.end() || !rows->is_array())
            return refuse(wrongKey(t, "rows", "an array"));
        charts::SweepTable grown = *m_table;
        for (const Json& row : *rows) {
            QString why;
            if (!grown.addRow(row.dump(), &why))
                return refuse("'point' line: " + why);
        }
        m_table = std::move(grown);
        m_received.insert(std::size_t(*point));
        return Line::Point;
    }
    if (t == "progress") {
        for (const char* key : {"done", "total", "elapsed"})
            if (!numberAt(j, key))
                return refuse(wrongKey(t, key, "a number"));
        const auto eta = j.find("eta");
        if (eta == j.end() || !(eta->is_number() || eta->is_null()))
            return refuse(wrongKey(t, "eta", "a number or null"));
        m_done = *numberAt(j, "done");
        m_total = *numberAt(j, "total");
        m_elapsed = *numberAt(j, "elapsed");
        m_eta = eta->is_null() ? std::nullopt : std::optional<double>(eta->get<double>());
        return Line::Progress;
    }
    if (t == "result") {
        m_result = true;
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

SweepRun::SweepRun(QObject* parent) : QObject(parent), m_child(new LineProcess(this))
{
    connect(m_child, &LineProcess::lineRead, this, &SweepRun::handleLine);
    connect(m_child, &LineProcess::ended, this, [this](const QString& ended) {
        const QString failure = m_child->failure(ended, m_failure, m_stream.error(), m_stream.hasResult(), "stopped",
                                                 "scalelab-cli ended without a result");
        emit finished(failure.isEmpty(), failure);
    });
}

SweepRun::~SweepRun() = default;

bool SweepRun::isRunning() const { return m_child->isRunning(); }

void SweepRun::start(const QString& cli, const QString& studyPath, const QString& outDir)
{
    if (m_child->isRunning())
        return;
    m_stream = SweepStream();
    m_failure.clear();
    m_child->start(cli, {"sweep", studyPath, "--stream", "--out", outDir});
}

void SweepRun::cancel() { m_child->kill(); }

void SweepRun::handleLine(const QByteArray& line)
{
    if (line.trimmed().isEmpty() || !m_failure.isEmpty())
        return;
    switch (m_stream.add(line)) {
    case SweepStream::Line::Plan:
        emit planned();
        break;
    case SweepStream::Line::Point:
        emit pointArrived();
        break;
    case SweepStream::Line::Progress:
        emit progressed();
        break;
    case SweepStream::Line::Invalid:
        m_failure = "a line of scalelab-cli's output could not be read: " + m_stream.problem();
        m_child->kill();
        break;
    case SweepStream::Line::Result:
    case SweepStream::Line::Error:
    case SweepStream::Line::Ignored:
        break;
    }
}

} // namespace scalelab::gui
