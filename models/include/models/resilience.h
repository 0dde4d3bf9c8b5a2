#pragma once

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::models {

/// How a retry's backoff is randomised (docs/models.md, "Retries").
enum class Jitter { None, Full, Equal };

std::string_view jitterName(Jitter jitter);
std::vector<std::string> jitterNames();

/// Which instance a retry may go to: another than the one whose attempt
/// failed when there is one (nginx's proxy_next_upstream, Envoy's
/// previous_hosts predicate), or whichever the caller's policy picks.
enum class RetryTarget { Other, Any };
std::vector<std::string> retryTargetNames();

/// Retries of one call: up to `max` more attempts after a failed one, the
/// k-th (1-based) waiting backoff x multiplier^(k-1), jittered; with a budget,
/// a retry is made only while retries <= budget x first attempts of the call.
struct RetryPolicy
{
    int max = 3;                   ///< retries after the first attempt, >= 1
    double backoff = 0.0;          ///< s before the first retry
    double multiplier = 2.0;       ///< backoff growth per retry, >= 1
    Jitter jitter = Jitter::None;
    std::optional<double> budget;  ///< retries per first attempt (0.1 = 10%); none: unlimited
    RetryTarget instance = RetryTarget::Other;
};

/// A circuit breaker on the calls from one component to another.
struct BreakerPolicy
{
    std::optional<double> failureRate = 0.5; ///< open when failures / calls in the window reach it
    double window = 10.0;                    ///< s, sliding (10 slices)
    int minCalls = 20;                       ///< calls in the window before the rate counts
    std::optional<int> consecutive;          ///< open after this many failures in a row
    double openFor = 30.0;                   ///< s open before half-open
    int probes = 3;                          ///< half-open trial calls; all must succeed to close
};

/// A bulkhead: at most `max` calls outstanding from a component to one
/// dependency; `queue` more wait (FIFO), beyond that a call is rejected.
struct BulkheadPolicy
{
    int max = 10;
    std::size_t queue = 0;
};

/// Random failures of every instance of a component (exponential up and down times).
struct FailurePolicy
{
    double mtbf = 3600.0; ///< s, mean time between failures (mean up time)
    double mttr = 300.0;  ///< s, mean time to repair (mean down time)
};

/// The backoff before retry number `retry` (1-based), before jitter, in s: finite,
/// never NaN (0 without a backoff, the largest double once it overflows).
double retryDelay(const RetryPolicy& policy, int retry);
/// Applies the jitter to a delay given a uniform draw u in [0, 1).
double jittered(Jitter jitter, double delay, double u);

/// A retry budget as a token bucket: every first attempt deposits `ratio`
/// tokens (at most `cap` banked), every retry spends one. Starts empty, so
/// retries <= ratio x first attempts at every moment.
class RetryBudget
{
public:
    explicit RetryBudget(double ratio = 0.1, double cap = 10.0) : m_ratio(ratio), m_cap(cap) {}
    void onFirstAttempt() { m_tokens = std::min(m_cap, m_tokens + m_ratio); }
    /// True (and a token spent) when a retry may be made now.
    bool tryRetry()
    {
        if (m_tokens < 1.0 - 1e-9) // ten deposits of 0.1 add up to a little under 1
            return false;
        m_tokens = std::max(0.0, m_tokens - 1.0);
        return true;
    }
    double tokens() const { return m_tokens; }

private:
    double m_ratio;
    double m_cap;
    double m_tokens = 0.0;
};

/// Closed -> open -> half-open -> closed (or open again), driven by call
/// outcomes and the clock (s). Pure logic: the caller asks allow() before a
/// call and reports its outcome with record().
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    explicit CircuitBreaker(BreakerPolicy policy = {});

    /// May a call go out at `now`? Open: no (until openFor has passed, then
    /// half-open); half-open: only `probes` trial calls at once.
    bool allow(double now);
    /// The outcome of a call let through by allow().
    void record(double now, bool ok);
    /// The state at `now` (an open breaker whose time is up reads half-open).
    State state(double now);
    /// The state at `now` without moving it (for reports).
    State peek(double now) const;
    const BreakerPolicy& policy() const { return m_policy; }

    /// Every change of state so far: (time s, new state).
    const std::vector<std::pair<double, State>>& transitions() const { return m_transitions; }

private:
    void moveTo(double now, State s);
    void roll(double now);

    BreakerPolicy m_policy;
    State m_state = State::Closed;
    double m_openedAt = 0.0;
    int m_consecutive = 0;
    int m_probesOut = 0;
    int m_probesOk = 0;
    // Sliding window in 10 slices: calls and failures per slice.
    std::vector<std::uint32_t> m_calls, m_failures;
    std::int64_t m_slice = 0; // index of the current slice since 0
    std::vector<std::pair<double, State>> m_transitions;
};

std::string_view breakerStateName(CircuitBreaker::State state);

} // namespace scalelab::models
