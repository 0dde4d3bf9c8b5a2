#pragma once

#include "scenarios/runner.h"
#include "scenarios/study.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace scalelab::cli {

/// Where a replication writes its sampled requests as OTLP spans (`run --trace-out`).
struct TraceOutput
{
    std::string file;    ///< OTLP JSON lines, overwritten
    double sample = 1.0; ///< share of requests traced, 0..1
};

/// One replication of one variant, to run in a child process.
struct ReplicationJob
{
    const scenarios::Variant* variant = nullptr;
    std::uint32_t replication = 0;
    bool keepBins = false; ///< also pass back every time bin (for timeseries.csv and the charts)
    /// The study to run it in (a sweep's point, which `variant` belongs to); null: runJobs' study.
    const scenarios::Study* study = nullptr;
    /// Also write its traces there; null: none.
    const TraceOutput* trace = nullptr;
};

struct ReplicationResult
{
    scenarios::VariantRun run;
    std::vector<sim::Frame> bins; ///< with their events; empty unless the job kept them
};

/// Told, a few times a second while jobs run and once when all are done,
/// the simulated seconds each job has done (in the order of the jobs).
using ProgressSink = std::function<void(const std::vector<double>& secondsPerJob)>;

/// Where a batch of jobs sits in longer work (a sweep's batches): the bar
/// shows the whole, its wall-time estimate counted from the whole's start.
struct ProgressSpan
{
    double before = 0.0; ///< simulated seconds done before this batch
    double total = 0.0;  ///< simulated seconds of the whole
    int runs = 0;        ///< replications in the whole
    std::chrono::steady_clock::time_point start;
};

/// Runs the jobs with scenarios::runVariant, each in its own child process
/// (SimGrid allows one simulation per process), at most one per core, with the
/// study's seed: replication r of every variant sees the same arrivals.
/// Draws a progress bar on stderr when it is a terminal, and tells `sink`
/// (from another thread) when given. Results come back in
/// the order of the jobs. Throws sim::ChildProcessError when a child crashes
/// or its run throws (an unreadable trace), naming the variant and replication.
/// At most `workers` children at once (0: one per core).
std::vector<ReplicationResult> runJobs(const scenarios::Study& study, const std::vector<ReplicationJob>& jobs,
                                      const ProgressSink& sink = {}, const ProgressSpan* span = nullptr,
                                      unsigned workers = 0);

/// Whether every variant's figure `until.metric` is known within
/// `until.halfWidth` of its mean (95% interval), from its replications so far
/// (`runs[i]`: variant i's, in replication order).
bool precise(const scenarios::Study& study, const std::vector<const scenarios::Variant*>& variants,
             const std::vector<std::vector<scenarios::VariantRun>>& runs, const scenarios::PrecisionTarget& until);

/// Every replication of each variant (variant by variant, in replication
/// order) through runJobs. With `run.until`, replications grow one per
/// variant per round from `until.min` until precise() or `until.max`, and
/// every variant gets as many (paired differences stay paired); the count is
/// results.size() / variants.size(). replication 0 (every replication with
/// `allReplications`) keeps its bins and events when `keepBins`; progress
/// goes to `sink` as for runJobs (a round at a time with run.until). Prints "the simulation failed: ..." and returns nullopt when a
/// child fails (exit code 1). With `trace`, the first variant's replication 0 writes its traces.
std::optional<std::vector<ReplicationResult>> runReplications(const scenarios::Study& study,
                                                              const std::vector<const scenarios::Variant*>& variants,
                                                              bool keepBins, bool allReplications = false,
                                                              const ProgressSink& sink = {},
                                                              const TraceOutput* trace = nullptr);

} // namespace scalelab::cli
