#include "charts/runseries.h"

#include <QtNumeric>

#include <algorithm>
#include <map>

namespace scalelab::charts {

namespace {

QString text(const std::string& s)
{
    return QString::fromStdString(s);
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
    sim::StreamLine read;
    try {
        read = sim::parseStreamLine(line);
    } catch (const sim::StreamFormatError& e) {
        m_problem = QString::fromStdString(e.what());
        return LineType::Malformed;
    }
    if (const auto* start = std::get_if<sim::StreamStart>(&read)) {
        addStart(*start);
        return LineType::Start;
    }
    if (const auto* event = std::get_if<sim::RunEvent>(&read)) {
        addEvent(*event);
        return LineType::Event;
    }
    if (const auto* frame = std::get_if<sim::Frame>(&read)) {
        addFrame(*frame);
        return LineType::Frame;
    }
    if (const auto* summary = std::get_if<sim::StreamSummary>(&read)) {
        m_summary = std::string(line);
        m_stopped = summary->stopped;
        return LineType::Summary;
    }
    if (const auto* error = std::get_if<sim::StreamError>(&read)) {
        m_error = text(error->message);
        m_fatal = error->fatal;
        return LineType::Error;
    }
    return LineType::Ignored;
}

void RunSeries::addStart(const sim::StreamStart& start)
{
    if (m_variant.isEmpty())
        m_variant = text(start.variant);
    m_duration = start.duration;
    m_warmup = start.warmup;
    m_bin = start.bin;
    for (const sim::StreamComponent& c : start.components)
        componentIndex(text(c.name));
}

void RunSeries::addEvent(const sim::RunEvent& event)
{
    m_events.push_back({event.time, text(event.kind), text(event.subject), text(event.detail)});
}

void RunSeries::addFrame(const sim::Frame& frame)
{
    for (const sim::RunEvent& e : frame.events)
        addEvent(e);
    const sim::MetricFrame& m = frame.metrics;
    const int before = int(m_times.size());
    const double width = m.end > m.start ? m.end - m.start : 0.0;
    auto rate = [&](std::uint64_t count) { return width > 0 ? double(count) / width : 0.0; };
    m_times.push_back(m.end);
    m_p50.push_back(m.p50);
    m_p95.push_back(m.p95);
    m_p99.push_back(m.p99);
    m_p999.push_back(m.p999);
    m_offered.push_back(rate(m.arrivals));
    m_throughput.push_back(rate(m.completions));
    m_errors.push_back(rate(m.errors));
    m_rejections.push_back(rate(m.rejections));
    if (frame.fleet) {
        while (m_cost.size() < before)
            m_cost.push_back(qQNaN());
        m_cost.push_back(frame.fleet->cost);
    } else if (!m_cost.isEmpty()) {
        m_cost.push_back(qQNaN());
    }

    struct Load
    {
        int stations = 0, up = 0;
        double utilization = 0.0, utilizationUp = 0.0, queue = 0.0;
    };
    std::map<int, Load> load; // by component index: file order
    for (const sim::StationMetrics& s : m.stations) {
        Load& l = load[componentIndex(componentOf(text(s.name)))];
        ++l.stations;
        l.utilization += s.utilization;
        l.queue += s.meanQueue;
        if (s.up) {
            ++l.up;
            l.utilizationUp += s.utilization;
        }
    }
    std::map<int, std::pair<int, int>> machines; // instances, down
    if (frame.fleet)
        for (const sim::InstanceCounts& c : frame.fleet->components)
            machines[componentIndex(text(c.component))] = {c.serving, c.down};

    m_state.clear();
    for (int i = 0; i < int(m_components.size()); ++i) {
        const auto l = load.find(i);
        const auto machine = machines.find(i);
        if (l == load.end() && machine == machines.end())
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
        if (machine != machines.end()) {
            state.instances = machine->second.first;
            state.down = machine->second.second;
        }
        state.failed = state.instances == 0 && state.down > 0;
        seriesFor(m_instances, name, before).values.push_back(state.instances);
        m_state.push_back(state);
    }
    // Modules run on their host's machines: their own figure is the CPU their
    // work took in the bin (the cumulative `cpu_seconds` gauge's increase).
    for (const sim::Gauge& g : frame.gauges) {
        if (g.name != "cpu_seconds")
            continue;
        const QString name = text(g.component);
        const auto seen = m_moduleCpu.find(name);
        const double previous = seen == m_moduleCpu.end() ? 0.0 : seen->second;
        m_moduleCpu[name] = g.value;
        ComponentState state;
        state.name = name;
        state.moduleCores = width > 0 ? std::max(0.0, g.value - previous) / width : 0.0;
        m_state.push_back(state);
    }
    m_connections.clear();
    for (const sim::ConnectionMetrics& c : m.connections)
        m_connections.push_back({text(c.caller), text(c.target), rate(c.calls), rate(c.retries),
                                 rate(c.errors) + rate(c.rejected), rate(c.shortCircuited)});
    const int frames = int(m_times.size());
    pad(m_utilization, frames);
    pad(m_queue, frames);
    pad(m_instances, frames);
}

} // namespace scalelab::charts
