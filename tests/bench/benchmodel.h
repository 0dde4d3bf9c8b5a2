#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace scalelab::bench {

/// The queueing model every implementation of the speed benchmark computes: a
/// tandem of `stations` identical M/M/c stations (c = `servers`, FIFO,
/// unbounded backlog) fed by Poisson arrivals; exactly `requests` requests
/// arrive and every one of them is run to completion.
struct QueueModel
{
    std::string name;           ///< "M/M/1", "M/M/4", "5 x M/M/1"
    int stations = 1;
    int servers = 1;            ///< per station
    double lambda = 900.0;      ///< arrivals/s
    double mu = 1000.0;         ///< services/s of one server
    std::uint64_t requests = 1000000;

    /// lambda / (servers x mu), per station.
    double utilization() const { return lambda / (servers * mu); }
    /// Exact mean response time (s) of a request through the whole tandem;
    /// +inf when a station is overloaded.
    double exactMeanResponse() const;
    /// Name of station k ("s0", "s1"...): the random streams are keyed on it.
    static std::string stationName(int k);
};

/// Erlang C: the probability that an arrival waits at an M/M/c station with
/// offered load a = lambda / mu (a < c).
double erlangC(int c, double a);

/// The benchmark's seed: every implementation draws from streams keyed on it.
constexpr std::uint64_t kSeed = 2026;

/// What one run of one implementation measured.
struct RunResult
{
    std::uint64_t requests = 0;    ///< requests that arrived
    std::uint64_t completions = 0; ///< requests that finished
    std::uint64_t visits = 0;      ///< station visits (where counted)
    double wall = 0.0;             ///< s of wall-clock time: building the model and running it
    double simulated = 0.0;        ///< s of simulated time at the end
    double meanResponse = 0.0;     ///< s, over the completed requests
    std::uint64_t backlog = 0;     ///< requests still queued at the end (overload case)
    long peakRssKiB = 0;           ///< ru_maxrss of the process that ran it
    double errors = 0.0;           ///< errors + rejections (study runs)
    std::uint64_t stations = 0;    ///< stations in the model (study runs)
    long startRssKiB = 0;          ///< resident memory when the measured part began (0: not measured)

    /// Arrived requests per wall-clock second.
    double rate() const { return wall > 0 ? double(requests) / wall : 0.0; }

    std::string serialize() const;
    static RunResult parse(const std::string& text);
};

/// Peak resident set of this process (KiB, getrusage ru_maxrss).
long peakRssKiB();
/// Resident set of this process now (KiB, /proc/self/statm).
long currentRssKiB();

/// How many times each measurement is repeated (the best run is kept):
/// SCALELAB_BENCH_REPEAT, default `fallback`.
int repetitions(int fallback = 3);

/// Runs `run` in a forked child process (one SimGrid engine per process, and a
/// fresh heap for the memory figures) and returns what it measured.
RunResult inChild(const std::function<RunResult()>& run);

/// Runs `run` `times` times and returns the run with the smallest wall time:
/// the least disturbed by other processes on the machine. `all` receives
/// every run.
RunResult bestOf(int times, const std::function<RunResult()>& run, std::vector<RunResult>* all = nullptr);

/// "load average 0.12 0.40 0.35 (1, 5, 15 min) on 2 cores": timings taken
/// while other processes run are noisy; the benchmarks print this first.
std::string machineLoad();

/// "1.23M", "456k", "789".
std::string humanCount(double x);

} // namespace scalelab::bench
