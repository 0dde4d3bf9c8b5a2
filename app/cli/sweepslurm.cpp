#include "sweepslurm.h"

#include "errors.h"

#include "cli/numberformat.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

namespace scalelab::cli {

namespace fs = std::filesystem;

namespace {

/// A word for bash, single-quoted.
std::string quote(const std::string& word)
{
    std::string out = "'";
    for (char c : word)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string absolute(const std::string& path)
{
    std::error_code ec;
    const fs::path p = fs::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
}

/// This program, for the scripts to run on the nodes (a shared file system
/// holds it, or the nodes have it on their PATH under the same name).
std::string selfPath()
{
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("scalelab-cli") : p.string();
}

/// `scalelab-cli sweep STUDY --set ... --out DIR` with the run settings given.
std::string sweepCommand(const RunOptions& run)
{
    std::string cmd = quote(selfPath()) + " sweep " + quote(absolute(run.study));
    for (const std::string& s : run.sets)
        cmd += " --set " + quote(s);
    if (!run.variants.empty()) {
        std::string list;
        for (const auto& v : run.variants)
            list += (list.empty() ? "" : ",") + v;
        cmd += " --variants " + quote(list);
    }
    if (run.seed)
        cmd += " --seed " + std::to_string(*run.seed);
    if (run.replications)
        cmd += " --replications " + std::to_string(*run.replications);
    if (run.duration)
        cmd += " --duration " + exactNumber(*run.duration) + "s";
    if (run.warmup)
        cmd += " --warmup " + exactNumber(*run.warmup) + "s";
    return cmd + " --out " + quote(absolute(run.out));
}

std::string header(const SlurmOptions& options, const std::string& name, const std::string& log)
{
    std::string s = "#!/bin/bash\n#SBATCH --job-name=" + name + "\n#SBATCH --output=" + log + "\n";
    if (!options.partition.empty())
        s += "#SBATCH --partition=" + options.partition + "\n";
    if (!options.time.empty())
        s += "#SBATCH --time=" + options.time + "\n";
    return s;
}

/// Runs a command, its stdout returned; nullopt when it fails (its stderr is the user's).
std::optional<std::string> capture(const std::string& command)
{
    std::FILE* p = ::popen(command.c_str(), "r");
    if (!p)
        return std::nullopt;
    std::string out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p))
        out += buf;
    const int status = ::pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return std::nullopt;
    return out;
}

/// "1234" or "1234;cluster" (sbatch --parsable) as the job id.
std::string jobId(const std::string& parsable)
{
    std::string id = parsable.substr(0, parsable.find_first_of(";\n"));
    return id;
}

} // namespace

void addSlurmFlags(CLI::App* cmd, SlurmOptions& options)
{
    auto* slurm = cmd->add_flag("--slurm", options.enabled,
                                "Submit the missing points to Slurm: a job array (one task per shard) and a merge job "
                                "after it (docs/sweeps.md)");
    cmd->add_option("--shards", options.shards,
                    "With --slurm: array tasks, each a --shard i/N (default: one per point, at most 1000); with "
                    "--status: show the shards with missing points")
        ->check(CLI::Range(1, 100000))
        ->type_name("N");
    cmd->add_option("--partition", options.partition, "With --slurm: the partition (sbatch --partition)")
        ->type_name("P")
        ->needs(slurm);
    cmd->add_option("--max-parallel", options.maxParallel, "With --slurm: array tasks running at once (the %M throttle)")
        ->check(CLI::Range(1, 100000))
        ->type_name("M")
        ->needs(slurm);
    cmd->add_option("--time", options.time, "With --slurm: each task's time limit (sbatch --time, e.g. 30:00)")
        ->type_name("T")
        ->needs(slurm);
    cmd->add_option("--cpus-per-task", options.cpusPerTask,
                    "With --slurm: cores per array task, the simulations it runs at once (default: 1)")
        ->check(CLI::Range(1, 4096))
        ->type_name("C")
        ->needs(slurm);
    cmd->add_flag("--dry-run", options.dryRun, "With --slurm: print the scripts and the sbatch commands, submit nothing")
        ->needs(slurm);
}

int shardCount(const SlurmOptions& options, std::size_t points)
{
    if (options.shards > 0)
        return options.shards;
    return int(std::min<std::size_t>(points, 1000));
}

std::vector<int> missingShards(const std::vector<ResolvedPoint>& points, const SweepStore& store, int count)
{
    std::vector<bool> missing(std::size_t(count), false);
    for (const ResolvedPoint& p : points)
        if (!store.has(p.key))
            missing[p.point.index % std::size_t(count)] = true;
    std::vector<int> out;
    for (int s = 0; s < count; ++s)
        if (missing[std::size_t(s)])
            out.push_back(s + 1);
    return out;
}

std::string slurmArrayScript(const SlurmOptions& options, const RunOptions& run, const std::vector<int>& shards,
                             int count)
{
    const std::string dir = absolute(run.out) + "/slurm";
    std::string list;
    for (int s : shards)
        list += (list.empty() ? "" : ",") + std::to_string(s);
    if (options.maxParallel > 0)
        list += "%" + std::to_string(options.maxParallel);
    std::string s = header(options, "scalelab-sweep", dir + "/shard-%a.log");
    s += "#SBATCH --array=" + list + "\n#SBATCH --cpus-per-task=" + std::to_string(options.cpusPerTask) + "\n";
    s += "# One shard of the sweep's points per array task (scalelab-cli sweep --shard i/N).\n";
    s += "set -euo pipefail\ncd " + quote(fs::current_path().string()) + "\n";
    s += "exec " + sweepCommand(run) + " --shard \"$SLURM_ARRAY_TASK_ID/" + std::to_string(count) +
         "\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --no-plots\n";
    return s;
}

std::string slurmMergeScript(const SlurmOptions& options, const RunOptions& run)
{
    const std::string dir = absolute(run.out) + "/slurm";
    std::string s = header(options, "scalelab-sweep-merge", dir + "/merge.log");
    s += "# The tables (and charts) once every shard is done: byte for byte those of a local sweep.\n";
    s += "set -euo pipefail\ncd " + quote(fs::current_path().string()) + "\n";
    s += "exec " + sweepCommand(run) + " --merge" + (options.plots ? "" : " --no-plots") + "\n";
    return s;
}

int submitSlurm(const SlurmOptions& options, const RunOptions& run, const std::vector<ResolvedPoint>& points,
                const SweepStore& store)
{
    const int count = shardCount(options, points.size());
    const std::vector<int> shards = missingShards(points, store, count);
    const std::string dir = absolute(run.out) + "/slurm";
    const std::string array = slurmArrayScript(options, run, shards, count);
    const std::string merge = slurmMergeScript(options, run);
    const std::string arrayPath = dir + "/sweep-array.sh", mergePath = dir + "/sweep-merge.sh";
    if (options.dryRun) {
        std::printf("# %s\n%s\n# %s\n%s\n", arrayPath.c_str(), array.c_str(), mergePath.c_str(), merge.c_str());
        std::printf("sbatch --parsable %s\nsbatch --parsable --dependency=afterok:<array job> %s\n", arrayPath.c_str(),
                    mergePath.c_str());
        return ExitOk;
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    for (const auto& [path, text] : {std::pair{arrayPath, array}, std::pair{mergePath, merge}}) {
        std::ofstream out(path, std::ios::trunc);
        out << text;
        if (!out) {
            printError("cannot write '" + path + "'", "pass --out a folder you can write to (on the shared file system)");
            return ExitBadInput;
        }
    }
    const auto arrayJob = capture("sbatch --parsable " + quote(arrayPath));
    if (!arrayJob) {
        printError("sbatch refused the job array (" + arrayPath + ")",
                   "check that Slurm's sbatch is on the PATH and the partition exists (sinfo)");
        return ExitRunFailed;
    }
    const std::string id = jobId(*arrayJob);
    const auto mergeJob = capture("sbatch --parsable --dependency=afterok:" + id + " " + quote(mergePath));
    if (!mergeJob) {
        printError("sbatch refused the merge job (" + mergePath + ")", "the array job " + id + " runs; merge with "
                                                                        "'scalelab-cli sweep STUDY --merge' once it is done");
        return ExitRunFailed;
    }
    std::printf("submitted array job %s (%zu of %d shards) and merge job %s (after it)\n", id.c_str(), shards.size(),
                count, jobId(*mergeJob).c_str());
    std::fflush(stdout);
    return ExitOk;
}

} // namespace scalelab::cli
