#include "models/resilience.h"

#include <array>
#include <cmath>
#include <limits>
#include <utility>

namespace scalelab::models {

namespace {

constexpr std::array<std::pair<Jitter, std::string_view>, 3> kJitters{{
    {Jitter::None, "none"},
    {Jitter::Full, "full"},
    {Jitter::Equal, "equal"},
}};

constexpr std::size_t kSlices = 10;

} // namespace

std::string_view jitterName(Jitter jitter)
{
    for (const auto& [j, name] : kJitters)
        if (j == jitter)
            return name;
    return {};
}

std::vector<std::string> retryTargetNames() { return {"other", "any"}; }

std::vector<std::string> jitterNames()
{
    std::vector<std::string> out;
    for (const auto& entry : kJitters)
        out.emplace_back(entry.second);
    return out;
}

double retryDelay(const RetryPolicy& policy, int retry)
{
    // A thousand retries of a doubling backoff overflow to infinity, and 0 x inf
    // is NaN: a NaN time on the event calendar breaks its order. No backoff stays
    // none; a growing one saturates at the largest finite delay.
    if (policy.backoff <= 0.0)
        return 0.0;
    return std::min(policy.backoff * std::pow(policy.multiplier, double(retry - 1)),
                    std::numeric_limits<double>::max());
}

double jittered(Jitter jitter, double delay, double u)
{
    switch (jitter) {
    case Jitter::None:
        return delay;
    case Jitter::Full:
        return delay * u;
    case Jitter::Equal:
        return delay / 2.0 + delay / 2.0 * u;
    }
    return delay;
}

std::string_view breakerStateName(CircuitBreaker::State state)
{
    switch (state) {
    case CircuitBreaker::State::Closed:
        return "closed";
    case CircuitBreaker::State::Open:
        return "open";
    case CircuitBreaker::State::HalfOpen:
        return "half_open";
    }
    return {};
}

CircuitBreaker::CircuitBreaker(BreakerPolicy policy)
    : m_policy(policy), m_calls(kSlices, 0), m_failures(kSlices, 0)
{
}

void CircuitBreaker::moveTo(double now, State s)
{
    m_state = s;
    m_transitions.emplace_back(now, s);
    m_consecutive = 0;
    m_probesOut = 0;
    m_probesOk = 0;
    if (s == State::Open)
        m_openedAt = now;
    if (s == State::Closed) {
        std::fill(m_calls.begin(), m_calls.end(), 0);
        std::fill(m_failures.begin(), m_failures.end(), 0);
    }
}

void CircuitBreaker::roll(double now)
{
    const double width = m_policy.window / double(kSlices);
    const auto slice = static_cast<std::int64_t>(std::floor(now / width));
    if (slice <= m_slice)
        return;
    const std::int64_t steps = std::min<std::int64_t>(slice - m_slice, std::int64_t(kSlices));
    for (std::int64_t k = 1; k <= steps; ++k) {
        const auto i = static_cast<std::size_t>((m_slice + k) % std::int64_t(kSlices));
        m_calls[i] = 0;
        m_failures[i] = 0;
    }
    m_slice = slice;
}

CircuitBreaker::State CircuitBreaker::state(double now)
{
    if (m_state == State::Open && now >= m_openedAt + m_policy.openFor)
        moveTo(m_openedAt + m_policy.openFor, State::HalfOpen);
    return m_state;
}

CircuitBreaker::State CircuitBreaker::peek(double now) const
{
    if (m_state == State::Open && now >= m_openedAt + m_policy.openFor)
        return State::HalfOpen;
    return m_state;
}

bool CircuitBreaker::allow(double now)
{
    switch (state(now)) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (m_probesOut + m_probesOk >= m_policy.probes)
            return false;
        ++m_probesOut;
        return true;
    }
    return true;
}

void CircuitBreaker::record(double now, bool ok)
{
    switch (state(now)) {
    case State::Open:
        return; // a late answer from before the breaker opened
    case State::HalfOpen:
        if (m_probesOut > 0)
            --m_probesOut;
        if (!ok) {
            moveTo(now, State::Open);
        } else if (++m_probesOk >= m_policy.probes) {
            moveTo(now, State::Closed);
        }
        return;
    case State::Closed:
        break;
    }
    roll(now);
    const auto i = static_cast<std::size_t>(m_slice % std::int64_t(kSlices));
    ++m_calls[i];
    m_consecutive = ok ? 0 : m_consecutive + 1;
    if (!ok)
        ++m_failures[i];
    if (m_policy.consecutive && m_consecutive >= *m_policy.consecutive) {
        moveTo(now, State::Open);
        return;
    }
    if (m_policy.failureRate) {
        std::uint64_t calls = 0, failures = 0;
        for (std::size_t k = 0; k < kSlices; ++k) {
            calls += m_calls[k];
            failures += m_failures[k];
        }
        if (calls >= std::uint64_t(m_policy.minCalls) && double(failures) >= *m_policy.failureRate * double(calls))
            moveTo(now, State::Open);
    }
}

} // namespace scalelab::models
