#include "simcore/distribution.h"

#include "simcore/units.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <numeric>

namespace scalelab::sim {

Distribution Distribution::constant(double value)
{
    assert(value >= 0);
    Distribution d;
    d.m_kind = Kind::Constant;
    d.m_mean = value;
    return d;
}

Distribution Distribution::exponential(double mean)
{
    assert(mean > 0);
    Distribution d;
    d.m_kind = Kind::Exponential;
    d.m_mean = mean;
    d.m_cv = 1.0;
    return d;
}

Distribution Distribution::uniform(double low, double high)
{
    assert(low >= 0 && high >= low);
    Distribution d;
    d.m_kind = Kind::Uniform;
    d.m_a = low;
    d.m_b = high;
    d.m_mean = (low + high) / 2;
    d.m_cv = d.m_mean > 0 ? (high - low) / std::sqrt(12.0) / d.m_mean : 0.0;
    return d;
}

Distribution Distribution::lognormal(double mean, double cv)
{
    assert(mean > 0 && cv > 0);
    Distribution d;
    d.m_kind = Kind::Lognormal;
    d.m_mean = mean;
    d.m_cv = cv;
    const double sigma2 = std::log1p(cv * cv);
    d.m_a = std::log(mean) - sigma2 / 2;
    d.m_b = std::sqrt(sigma2);
    return d;
}

Distribution Distribution::gamma(double mean, double cv)
{
    assert(mean > 0 && cv > 0);
    Distribution d;
    d.m_kind = Kind::Gamma;
    d.m_mean = mean;
    d.m_cv = cv;
    d.m_a = 1.0 / (cv * cv); // shape
    d.m_b = mean * cv * cv;  // scale
    return d;
}

Distribution Distribution::empiricalSamples(std::vector<double> samples)
{
    assert(!samples.empty());
    Distribution d;
    d.m_kind = Kind::Empirical;
    std::sort(samples.begin(), samples.end());
    d.m_points = std::move(samples);
    d.computeEmpiricalMoments();
    return d;
}

Distribution Distribution::empiricalHistogram(std::vector<double> edges, std::vector<double> weights)
{
    assert(edges.size() == weights.size() + 1 && !weights.empty());
    Distribution d;
    d.m_kind = Kind::Empirical;
    d.m_points = std::move(edges);
    d.m_cumulative.resize(weights.size());
    std::partial_sum(weights.begin(), weights.end(), d.m_cumulative.begin());
    const double total = d.m_cumulative.back();
    assert(total > 0);
    for (auto& c : d.m_cumulative)
        c /= total;
    d.computeEmpiricalMoments();
    return d;
}

void Distribution::computeEmpiricalMoments()
{
    double m1 = 0, m2 = 0;
    if (m_cumulative.empty()) {
        for (double x : m_points) {
            m1 += x;
            m2 += x * x;
        }
        m1 /= double(m_points.size());
        m2 /= double(m_points.size());
    } else {
        double prev = 0;
        for (std::size_t i = 0; i < m_cumulative.size(); ++i) {
            const double w = m_cumulative[i] - prev;
            prev = m_cumulative[i];
            const double a = m_points[i], b = m_points[i + 1];
            m1 += w * (a + b) / 2;
            m2 += w * (a * a + a * b + b * b) / 3;
        }
    }
    m_mean = m1;
    const double var = std::max(0.0, m2 - m1 * m1);
    m_cv = m1 > 0 ? std::sqrt(var) / m1 : 0.0;
}

namespace {

// Marsaglia and Tsang (2000); shape < 1 through Gamma(shape + 1) * U^(1/shape).
double sampleGamma(double shape, double scale, RandomStream& rng)
{
    double boost = 1.0;
    if (shape < 1.0) {
        boost = std::pow(rng.uniformOpen(), 1.0 / shape);
        shape += 1.0;
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = rng.normal();
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const double u = rng.uniformOpen();
        if (u < 1.0 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v)))
            return d * v * scale * boost;
    }
}

} // namespace

double Distribution::sample(RandomStream& rng) const
{
    switch (m_kind) {
    case Kind::Constant:
        return m_mean;
    case Kind::Exponential:
        return rng.exponential(m_mean);
    case Kind::Uniform:
        return m_a + (m_b - m_a) * rng.uniform();
    case Kind::Lognormal:
        return std::exp(m_a + m_b * rng.normal());
    case Kind::Gamma:
        return sampleGamma(m_a, m_b, rng);
    case Kind::Empirical: {
        if (m_cumulative.empty()) {
            const auto i = static_cast<std::size_t>(rng.uniform() * double(m_points.size()));
            return m_points[std::min(i, m_points.size() - 1)];
        }
        const double u = rng.uniform();
        const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u);
        const auto i = std::min<std::size_t>(static_cast<std::size_t>(it - m_cumulative.begin()),
                                             m_cumulative.size() - 1);
        return m_points[i] + (m_points[i + 1] - m_points[i]) * rng.uniform();
    }
    }
    return m_mean;
}

Distribution Distribution::scaled(double factor) const
{
    assert(factor > 0);
    switch (m_kind) {
    case Kind::Constant:
        return constant(m_mean * factor);
    case Kind::Exponential:
        return exponential(m_mean * factor);
    case Kind::Uniform:
        return uniform(m_a * factor, m_b * factor);
    case Kind::Lognormal:
        return lognormal(m_mean * factor, m_cv);
    case Kind::Gamma:
        return gamma(m_mean * factor, m_cv);
    case Kind::Empirical: {
        Distribution d = *this;
        for (auto& p : d.m_points)
            p *= factor;
        d.computeEmpiricalMoments();
        return d;
    }
    }
    return *this;
}

std::string_view Distribution::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Constant: return "constant";
    case Kind::Exponential: return "exponential";
    case Kind::Uniform: return "uniform";
    case Kind::Lognormal: return "lognormal";
    case Kind::Gamma: return "gamma";
    case Kind::Empirical: return "empirical";
    }
    return "constant";
}

std::string Distribution::describe() const
{
    auto cvText = [](double cv) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", cv);
        return std::string(buf);
    };
    switch (m_kind) {
    case Kind::Constant:
        return "constant(" + formatDuration(m_mean) + ")";
    case Kind::Exponential:
        return "exponential(" + formatDuration(m_mean) + ")";
    case Kind::Uniform:
        return "uniform(" + formatDuration(m_a) + ", " + formatDuration(m_b) + ")";
    case Kind::Lognormal:
        return "lognormal(" + formatDuration(m_mean) + ", cv=" + cvText(m_cv) + ")";
    case Kind::Gamma:
        return "gamma(" + formatDuration(m_mean) + ", cv=" + cvText(m_cv) + ")";
    case Kind::Empirical: {
        std::string s = "empirical(";
        if (!m_cumulative.empty()) {
            // A histogram has no text form; describe its moments.
            return "empirical histogram (mean " + formatDuration(m_mean) + ", cv=" + cvText(m_cv) + ")";
        }
        for (std::size_t i = 0; i < m_points.size(); ++i)
            s += (i ? ", " : "") + formatDuration(m_points[i]);
        return s + ")";
    }
    }
    return {};
}

namespace {

struct Arg
{
    std::string_view text;
    std::size_t offset; // in the whole input
};


} // namespace

Distribution::Parsed Distribution::parse(std::string_view text)
{
    Parsed out;
    auto fail = [&](std::string message, std::size_t column) {
        out.error = std::move(message);
        out.column = column;
        return out;
    };
    std::size_t start = 0;
    const std::string_view s = trimBlanks(text, start);
    const auto open = s.find('(');
    if (open == std::string_view::npos) {
        // A bare duration is a constant.
        const ParsedQuantity q = parseDuration(s);
        if (!q.value)
            return fail(q.error + "; or a distribution such as exponential(5ms)", start + q.column);
        out.value = constant(*q.value);
        return out;
    }
    if (s.back() != ')')
        return fail("missing ')' at the end of '" + std::string(s) + "'", start + s.size());
    std::size_t nameOffset = start;
    const std::string_view name = trimBlanks(s.substr(0, open), nameOffset);
    std::vector<Arg> args;
    std::size_t pos = open + 1;
    const std::string_view inner = s.substr(0, s.size() - 1);
    while (pos <= inner.size()) {
        auto comma = inner.find(',', pos);
        if (comma == std::string_view::npos)
            comma = inner.size();
        std::size_t off = start + pos;
        args.push_back({trimBlanks(inner.substr(pos, comma - pos), off), off});
        pos = comma + 1;
    }
    auto duration = [&](const Arg& a, double& v) -> bool {
        const ParsedQuantity q = parseDuration(a.text);
        if (!q.value) {
            fail(q.error, a.offset + q.column);
            return false;
        }
        v = *q.value;
        return true;
    };
    auto cvArg = [&](const Arg& a, double& cv) -> bool {
        std::string_view t = a.text;
        if (t.substr(0, 3) != "cv=")
            return fail("expected cv=<number> as the second argument of " + std::string(name), a.offset), false;
        t.remove_prefix(3);
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), cv);
        if (ec != std::errc() || end != t.data() + t.size())
            return fail("cv must be a number (got '" + std::string(t) + "')", a.offset + 3), false;
        if (!(cv > 0))
            return fail("cv must be > 0 (got " + std::string(t) + "); use constant(...) for no variation",
                        a.offset + 3),
                   false;
        if (!std::isfinite(cv) || cv > 100)
            return fail("cv must be a finite number <= 100 (got " + std::string(t) + ")", a.offset + 3), false;
        return true;
    };
    auto arity = [&](std::size_t n) -> bool {
        if (args.size() != n) {
            fail(std::string(name) + " takes " + std::to_string(n) + " argument" + (n > 1 ? "s" : "") + " (got " +
                     std::to_string(args.size()) + ")",
                 start + open);
            return false;
        }
        return true;
    };

    double a = 0, b = 0;
    if (name == "constant") {
        if (!arity(1) || !duration(args[0], a))
            return out;
        out.value = constant(a);
    } else if (name == "exponential") {
        if (!arity(1) || !duration(args[0], a))
            return out;
        if (a <= 0)
            return fail("exponential mean must be > 0", args[0].offset);
        out.value = exponential(a);
    } else if (name == "uniform") {
        if (!arity(2) || !duration(args[0], a) || !duration(args[1], b))
            return out;
        if (b < a)
            return fail("uniform needs low <= high", args[1].offset);
        out.value = uniform(a, b);
    } else if (name == "lognormal" || name == "gamma") {
        if (!arity(2) || !duration(args[0], a) || !cvArg(args[1], b))
            return out;
        if (a <= 0)
            return fail(std::string(name) + " mean must be > 0", args[0].offset);
        out.value = name == "gamma" ? gamma(a, b) : lognormal(a, b);
    } else if (name == "empirical") {
        std::vector<double> samples;
        for (const auto& arg : args) {
            if (!duration(arg, a))
                return out;
            samples.push_back(a);
        }
        out.value = empiricalSamples(std::move(samples));
    } else {
        return fail("unknown distribution '" + std::string(name) +
                        "'; known: constant, exponential, uniform, lognormal, gamma, empirical",
                    start);
    }
    return out;
}

} // namespace scalelab::sim
