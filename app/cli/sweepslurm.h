#pragma once

#include "runoptions.h"
#include "sweepstore.h"

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace scalelab::cli {

/// `sweep --slurm`: the points as a Slurm job array, one array task per shard.
struct SlurmOptions
{
    bool enabled = false;
    int shards = 0;          ///< array tasks; 0: one per point (at most 1000)
    std::string partition;   ///< empty: the cluster's default
    int maxParallel = 0;     ///< the array's %M throttle; 0: none
    std::string time;        ///< each task's time limit (sbatch --time); empty: the partition's
    int cpusPerTask = 1;     ///< cores per task, its --jobs
    bool dryRun = false;     ///< print the scripts and the sbatch commands, submit nothing
    bool plots = true;       ///< the merge job draws the charts
};

/// Adds --slurm, --shards, --partition, --max-parallel, --time, --cpus-per-task and --dry-run.
void addSlurmFlags(CLI::App* cmd, SlurmOptions& options);

/// The shard count `options` gives for `points` points.
int shardCount(const SlurmOptions& options, std::size_t points);

/// The shards (1-based, of `count`) that own a point without results.
std::vector<int> missingShards(const std::vector<ResolvedPoint>& points, const SweepStore& store, int count);

/// The job array's script: each task runs `scalelab-cli sweep` on the shared
/// study and folder with --shard $SLURM_ARRAY_TASK_ID/N, for `shards` only.
std::string slurmArrayScript(const SlurmOptions& options, const RunOptions& run, const std::vector<int>& shards,
                             int count);
/// The merge job's script: `scalelab-cli sweep --merge` once the array is done.
std::string slurmMergeScript(const SlurmOptions& options, const RunOptions& run);

/// Writes both scripts under OUT/slurm and submits the array for the shards
/// with missing points, then the merge job with --dependency=afterok on it
/// (with --dry-run: prints them). Returns the exit code.
int submitSlurm(const SlurmOptions& options, const RunOptions& run, const std::vector<ResolvedPoint>& points,
                const SweepStore& store);

} // namespace scalelab::cli
