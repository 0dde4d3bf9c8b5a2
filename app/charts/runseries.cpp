#include "charts/runseries.h"

#include <nlohmann/json.hpp>

#include <QtNumeric>

#include <algorithm>
#include <map>

namespace scalelab::charts {

namespace {

using Json = nlohmann::json;

double number(const Json& j, const char* key, double fallback = 0.0)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

QString text(const Json& j, const char* key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

/// "web/0" -> "web": a station belongs to the component before its last '/'.
QString componentOf(const QString& station)
{
    const qsizetype slash = station.lastIndexOf(u'/');
    return slash < 0 ? station : station.left(slash);
}

/// The series called `name`, created (NaN up to now: no value before it
/// appeared) when missing.
ComponentSeries& seriesFor(std::vector<ComponentSeries>& list, const QString& name, int framesBefore)
{
    for (ComponentSeries& s : list)
        if (s.name == name)
            return s;
    list.push_back({name, QVector<double>(framesBefore, qQNaN())});
    return list.back();
}

/// Pads series that got no value in the latest frame, keeping them aligned.
void pad(std::vector<ComponentSeries>& list, int frames)
{
    for (ComponentSeries& s : list)
        while (s.values.size() < frames)
            s.values.push_back(qQNaN());
}

} // namespace

RunSeries::RunSeries(QString variant) : m_variant(std::move(variant)) {}

int RunSeries::componentIndex(const QString& name)
{
    qsizetype i = m_components.indexOf(name);
    if (i < 0) {
        m_components.push_back(name);
        i = m_components.size() - 1;
    }
    return int(i);
}

RunSeries::LineType RunSeries::addLine(std::string_view line)
{
    const Json j = Json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return LineType::Malformed;
    const std::string type = j.value("type", std::string());

    if (type == "start") {
        if (m_variant.isEmpty())
            m_variant = text(j, "variant");
        m_duration = number(j, "duration");
        m_warmup = number(j, "warmup");
        m_bin = number(j, "bin");
        if (const auto it = j.find("components"); it != j.end() && it->is_array())
            for (const Json& c : *it)
                if (c.is_object())
                    componentIndex(text(c, "name"));
        return LineType::Start;
    }
    if (type == "event") {
        m_events.push_back({number(j, "time"), text(j, "kind"), text(j, "subject"), text(j, "detail")});
        return LineType::Event;
    }
    if (type == "summary") {
        m_summary = std::string(line);
        m_stopped = j.value("stopped", false);
        return LineType::Summary;
    }
    if (type == "error") {
        m_error = text(j, "message");
        m_fatal = j.value("fatal", false);
        return LineType::Error;
    }
    if (type != "frame")
        return LineType::Ignored;

    const int before = int(m_times.size());
    const double start = number(j, "start"), end = number(j, "end");
    const double width = end > start ? end - start : 0.0;
    auto rate = [&](const Json& o, const char* key) { return width > 0 ? number(o, key) / width : 0.0; };
    m_times.push_back(end);
    m_p50.push_back(number(j, "p50"));
    m_p95.push_back(number(j, "p95"));
    m_p99.push_back(number(j, "p99"));
    m_p999.push_back(number(j, "p999"));
    m_offered.push_back(rate(j, "arrivals"));
    m_throughput.push_back(rate(j, "completions"));
    m_errors.push_back(rate(j, "errors"));
    m_rejections.push_back(rate(j, "rejections"));
    if (const auto it = j.find("cost"); it != j.end() && it->is_number()) {
        while (m_cost.size() < before)
            m_cost.push_back(qQNaN());
        m_cost.push_back(it->get<double>());
    } else if (!m_cost.isEmpty()) {
        m_cost.push_back(qQNaN());
    }

    struct Load
    {
        int stations = 0, up = 0;
        double utilization = 0.0, utilizationUp = 0.0, queue = 0.0;
    };
    std::map<int, Load> load; // by component index: file order
    if (const auto it = j.find("stations"); it != j.end() && it->is_array())
        for (const Json& s : *it) {
            if (!s.is_object())
                continue;
            Load& l = load[componentIndex(componentOf(text(s, "name")))];
            const double u = number(s, "utilization");
            const bool up = s.value("up", true);
            ++l.stations;
            l.utilization += u;
            l.queue += number(s, "queue");
            if (up) {
                ++l.up;
                l.utilizationUp += u;
            }
        }
    // Issue 4's per-component machine counts, when the frame carries them.
    std::map<int, std::pair<int, int>> machines; // instances, down
    if (const auto it = j.find("components"); it != j.end() && it->is_array())
        for (const Json& c : *it)
            if (c.is_object() && c.contains("instances"))
                machines[componentIndex(text(c, "name"))] = {int(number(c, "instances")), int(number(c, "down"))};

    m_state.clear();
    for (int i = 0; i < int(m_components.size()); ++i) {
        const auto l = load.find(i);
        const auto m = machines.find(i);
        if (l == load.end() && m == machines.end())
            continue;
        const QString& name = m_components[i];
        ComponentState state;
        state.name = name;
        if (l != load.end()) {
            const Load& v = l->second;
            seriesFor(m_utilization, name, before).values.push_back(v.utilization / v.stations);
            seriesFor(m_queue, name, before).values.push_back(v.queue);
            state.utilization = v.up ? v.utilizationUp / v.up : 0.0;
            state.queue = v.queue;
            state.instances = v.up;
            state.down = v.stations - v.up;
        }
        if (m != machines.end()) {
            state.instances = m->second.first;
            state.down = m->second.second;
        }
        state.failed = state.instances == 0 && state.down > 0;
        seriesFor(m_instances, name, before).values.push_back(state.instances);
        m_state.push_back(state);
    }
    // Modules run on their host's machines: their own figure is the CPU their
    // work took in the bin (the cumulative `cpu_seconds` gauge's increase).
    if (const auto it = j.find("gauges"); it != j.end() && it->is_array())
        for (const Json& g : *it) {
            if (!g.is_object() || text(g, "name") != QLatin1String("cpu_seconds"))
                continue;
            const QString name = text(g, "component");
            const double total = number(g, "value");
            const auto seen = m_moduleCpu.find(name);
            const double previous = seen == m_moduleCpu.end() ? 0.0 : seen->second;
            m_moduleCpu[name] = total;
            ComponentState state;
            state.name = name;
            state.moduleCores = width > 0 ? std::max(0.0, total - previous) / width : 0.0;
            m_state.push_back(state);
        }
    m_connections.clear();
    if (const auto it = j.find("connections"); it != j.end() && it->is_array())
        for (const Json& c : *it)
            if (c.is_object())
                m_connections.push_back({text(c, "caller"), text(c, "target"), rate(c, "calls"), rate(c, "retries"),
                                         rate(c, "errors") + rate(c, "rejected"), rate(c, "short_circuited")});
    const int frames = int(m_times.size());
    pad(m_utilization, frames);
    pad(m_queue, frames);
    pad(m_instances, frames);
    return LineType::Frame;
}

} // namespace scalelab::charts
