#include "simcore/arrivals.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace scalelab::sim {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

RateProfile RateProfile::constant(double rate) { return RateProfile({{0.0, rate, false}}); }

RateProfile::RateProfile(std::vector<Point> points) : m_points(std::move(points))
{
    assert(std::is_sorted(m_points.begin(), m_points.end(),
                          [](const Point& a, const Point& b) { return a.time < b.time; }));
}

std::size_t RateProfile::segmentAt(double t) const
{
    const auto it = std::upper_bound(m_points.begin(), m_points.end(), t,
                                     [](double x, const Point& p) { return x < p.time; });
    return static_cast<std::size_t>(it - m_points.begin()); // 0: before the first point
}

double RateProfile::rateAt(double t) const
{
    const std::size_t n = segmentAt(t);
    if (n == 0)
        return 0.0;
    const Point& p = m_points[n - 1];
    if (n == m_points.size())
        return p.rate;
    const Point& q = m_points[n];
    if (!q.ramp)
        return p.rate;
    return p.rate + (q.rate - p.rate) * (t - p.time) / (q.time - p.time);
}

double RateProfile::nextBreak(double t) const
{
    const std::size_t n = segmentAt(t);
    return n < m_points.size() ? m_points[n].time : kInf;
}

double RateProfile::maxRate(double from, double to) const
{
    double m = rateAt(from);
    if (std::isfinite(to))
        m = std::max(m, rateAt(to));
    for (const Point& p : m_points) {
        if (p.time > from && p.time < to)
            m = std::max({m, p.rate, rateAt(p.time)});
    }
    return m;
}

double RateProfile::expectedArrivals(double from, double to) const
{
    double total = 0.0;
    double t = from;
    while (t < to) {
        const double end = std::min(to, nextBreak(t));
        if (!std::isfinite(end))
            break;
        total += (rateAt(t) + rateAt(std::nextafter(end, t))) / 2.0 * (end - t);
        t = end;
    }
    return total;
}

namespace {

class PoissonArrivals final : public ArrivalProcess
{
public:
    PoissonArrivals(RateProfile profile, RandomStream rng) : m_profile(std::move(profile)), m_rng(rng) {}

    double next(double now) override
    {
        double t = now;
        for (;;) {
            const double end = m_profile.nextBreak(t);
            const double peak = m_profile.maxRate(t, end);
            if (peak <= 0.0) {
                if (!std::isfinite(end))
                    return kInf;
                t = end;
                continue;
            }
            const double candidate = t + m_rng.exponential(1.0 / peak);
            if (candidate > end) {
                t = end; // memoryless: restart at the segment boundary
                continue;
            }
            const double rate = m_profile.rateAt(candidate);
            if (rate >= peak || m_rng.uniform() * peak < rate)
                return candidate;
            t = candidate;
        }
    }

private:
    RateProfile m_profile;
    RandomStream m_rng;
};

// Arrivals where the integrated rate crosses each integer: the deterministic
// counterpart of the Poisson process over the same profile.
class DeterministicArrivals final : public ArrivalProcess
{
public:
    explicit DeterministicArrivals(RateProfile profile) : m_profile(std::move(profile)) {}

    double next(double now) override
    {
        double need = 1.0;
        double t = std::max(now, m_last);
        for (;;) {
            const double end = m_profile.nextBreak(t);
            const double r0 = m_profile.rateAt(t);
            if (!std::isfinite(end)) {
                if (r0 <= 0)
                    return kInf;
                return m_last = t + need / r0;
            }
            const double r1 = m_profile.rateAt(std::nextafter(end, t));
            const double mass = (r0 + r1) / 2.0 * (end - t);
            if (mass < need) {
                need -= mass;
                t = end;
                continue;
            }
            // r0 dt + k dt^2 / 2 = need, in the form that does not cancel when the
            // slope k is small next to r0^2 (and covers k = 0 and r0 = 0).
            const double k = (r1 - r0) / (end - t);
            const double dt = 2.0 * need / (r0 + std::sqrt(std::max(0.0, r0 * r0 + 2.0 * k * need)));
            return m_last = std::min(end, t + dt);
        }
    }

private:
    RateProfile m_profile;
    double m_last = 0.0;
};

class TraceArrivals final : public ArrivalProcess
{
public:
    explicit TraceArrivals(std::vector<double> times) : m_times(std::move(times)) {}
    double next(double now) override
    {
        while (m_next < m_times.size() && m_times[m_next] < now)
            ++m_next;
        return m_next < m_times.size() ? m_times[m_next++] : kInf;
    }

private:
    std::vector<double> m_times;
    std::size_t m_next = 0;
};

struct CsvRow
{
    int line;
    std::vector<std::pair<std::string, int>> fields; // text, 1-based column
};

std::string formatSeconds(double t)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%gs", t);
    return buf;
}

bool parseNumber(const std::string& text, double& value)
{
    const char* b = text.data();
    const char* e = b + text.size();
    while (b < e && *b == ' ')
        ++b;
    while (e > b && (e[-1] == ' ' || e[-1] == '\r'))
        --e;
    const auto [end, ec] = std::from_chars(b, e, value);
    return ec == std::errc() && end == e && b != e && std::isfinite(value);
}

// Reads the rows of a CSV file. Comments (#) and blank lines are skipped; the
// first row is a header when its first field is not a number.
bool readCsv(const std::string& path, std::vector<CsvRow>& rows, std::vector<TraceError>& errors)
{
    std::ifstream in(path);
    if (!in) {
        errors.push_back({path, 0, 0, "cannot open trace file (check the path, relative to the study file)"});
        return false;
    }
    std::string line;
    int number = 0;
    bool first = true;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        CsvRow row{number, {}};
        std::size_t start = 0;
        for (;;) {
            const auto comma = line.find(',', start);
            row.fields.emplace_back(line.substr(start, comma - start), static_cast<int>(start) + 1);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
        if (first && std::none_of(row.fields.begin(), row.fields.end(), [](const auto& f) {
                double probe = 0;
                return parseNumber(f.first, probe);
            })) {
            first = false;
            continue; // a header: no field is a number
        }
        first = false;
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        errors.push_back({path, number, 0, "trace has no data rows"});
    return errors.empty();
}

} // namespace

std::string TraceError::format() const
{
    std::string out = file;
    if (line > 0) {
        out += ":" + std::to_string(line);
        if (column > 0)
            out += ":" + std::to_string(column);
    }
    return out + ": error: " + message;
}

std::unique_ptr<ArrivalProcess> makePoissonArrivals(RateProfile profile, RandomStream rng)
{
    return std::make_unique<PoissonArrivals>(std::move(profile), rng);
}

std::unique_ptr<ArrivalProcess> makeDeterministicArrivals(RateProfile profile)
{
    return std::make_unique<DeterministicArrivals>(std::move(profile));
}

std::unique_ptr<ArrivalProcess> makeTraceArrivals(std::vector<double> timestamps)
{
    return std::make_unique<TraceArrivals>(std::move(timestamps));
}

TraceResult<RateProfile> loadRateTrace(const std::string& path)
{
    TraceResult<RateProfile> out;
    std::vector<CsvRow> rows;
    if (!readCsv(path, rows, out.errors))
        return out;
    std::vector<RateProfile::Point> points;
    for (const CsvRow& row : rows) {
        if (row.fields.size() < 2) {
            out.errors.push_back({path, row.line, 1, "expected two columns: time_s,rps"});
            continue;
        }
        double t = 0, rps = 0;
        if (!parseNumber(row.fields[0].first, t) || t < 0) {
            out.errors.push_back({path, row.line, row.fields[0].second,
                                  "time must be a number of seconds >= 0 (got '" + row.fields[0].first + "')"});
            continue;
        }
        if (!parseNumber(row.fields[1].first, rps) || rps < 0) {
            out.errors.push_back({path, row.line, row.fields[1].second,
                                  "rate must be a number of requests/s >= 0 (got '" + row.fields[1].first + "')"});
            continue;
        }
        if (!points.empty() && t <= points.back().time) {
            out.errors.push_back({path, row.line, row.fields[0].second,
                                  "times must increase (previous row is at " + formatSeconds(points.back().time) +
                                      ")"});
            continue;
        }
        points.push_back({t, rps, false});
    }
    if (out.errors.empty())
        out.value = RateProfile(std::move(points));
    return out;
}

TraceResult<std::vector<double>> loadTimestampTrace(const std::string& path)
{
    TraceResult<std::vector<double>> out;
    std::vector<CsvRow> rows;
    if (!readCsv(path, rows, out.errors))
        return out;
    for (const CsvRow& row : rows) {
        double t = 0;
        if (!parseNumber(row.fields[0].first, t) || t < 0) {
            out.errors.push_back({path, row.line, row.fields[0].second,
                                  "timestamp must be a number of seconds >= 0 (got '" + row.fields[0].first + "')"});
            continue;
        }
        if (!out.value.empty() && t < out.value.back()) {
            out.errors.push_back({path, row.line, row.fields[0].second,
                                  "timestamps must not decrease; sort the trace first"});
            continue;
        }
        out.value.push_back(t);
    }
    return out;
}

} // namespace scalelab::sim
