#include "command.h"
#include "errors.h"
#include "outputfiles.h"
#include "replicator.h"
#include "runflags.h"
#include "streamcommand.h"
#include "studyloader.h"
#include "sweepcharts.h"
#include "sweepslurm.h"
#include "sweepstore.h"

#include "scenarios/sweep.h"
#include "simcore/subprocess.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>

namespace scalelab::cli {

namespace {

/// The flags of `sweep`.
struct SweepOptions
{
    RunOptions run;            ///< STUDY, --set, --seed, --replications, --duration, --warmup, --out, --variants
    unsigned jobs = 0;         ///< children at once; 0: one per core
    std::string shard;         ///< "i/N"; empty: every point
    bool status = false;
    bool merge = false;
    bool plots = true;
    bool plotsAsked = false;
    bool stream = false;       ///< `sweep --stream`: the plan, progress and each point's aggregate on stdout
    SlurmOptions slurm;
};

using Json = nlohmann::ordered_json;

/// `sweep --stream` (docs/stream.md): a `point` line with a point's aggregate rows.
void emitPoint(const ResolvedPoint& p, const std::vector<std::string>& variants, const std::vector<std::string>& metrics,
               const std::vector<std::vector<scenarios::VariantRun>>& runs)
{
    emitStreamLine(Json{{"type", "point"},
                        {"point", p.point.index},
                        {"key", p.key},
                        {"rows", aggregateRows(p, variants, metrics, runs)}}
                       .dump());
}

/// `sweep --stream`: how far the sweep is, in simulated seconds, with the wall
/// time so far and an estimate of the time left (null until something is done).
void emitProgress(const ProgressSpan& span, double done)
{
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - span.start).count();
    const double fraction = span.total > 0.0 ? std::clamp(done / span.total, 0.0, 1.0) : 0.0;
    emitStreamLine(Json{{"type", "progress"},
                        {"done", done},
                        {"total", span.total},
                        {"runs", span.runs},
                        {"elapsed", elapsed},
                        {"eta", fraction > 0.0 ? Json(elapsed * (1.0 - fraction) / fraction) : Json(nullptr)}}
                       .dump());
}

/// "catalog.instances=4, rate=200": a point's values for messages.
std::string describe(const scenarios::SweepPoint& p)
{
    std::string out;
    for (const auto& [column, value] : p.values)
        out += (out.empty() ? "" : ", ") + column + "=" + value;
    return out;
}

/// The figures a sweep may collect, for a did-you-mean: the compare table's
/// core figures and costs, and OPERATION.* and COMPONENT.* keys of the study.
std::vector<std::string> knownMetrics(const scenarios::Study& study)
{
    std::vector<std::string> out{"offered",        "throughput",    "mean",        "p50",           "p95",
                                 "p99",            "p999",          "error_rate",  "rejection_rate", "availability",
                                 "cost_total",     "cost_per_million", "peak_instances", "downtime", "downtime_cost",
                                 "conversion_loss", "money_lost",   "time_in_slo"};
    for (const auto& op : study.operations)
        for (const char* s : {".throughput", ".p50", ".p99", ".availability"})
            out.push_back(op.name + s);
    for (const auto& v : study.variants)
        for (const auto& c : v.components)
            for (const char* s : {".utilization", ".occupancy", ".queue", ".provisioned"})
                if (std::find(out.begin(), out.end(), c.name + s) == out.end())
                    out.push_back(c.name + s);
    return out;
}

bool checkMetrics(const scenarios::Study& study)
{
    const std::vector<std::string> known = knownMetrics(study);
    for (const std::string& m : study.sweep->metrics) {
        // Connections (a->b.calls) and gauges are not listed: taken as written.
        if (m.find("->") != std::string::npos || std::find(known.begin(), known.end(), m) != known.end())
            continue;
        if (m.find('.') != std::string::npos && m.find('.') > 0) {
            const std::string owner = m.substr(0, m.find('.'));
            bool named = false;
            for (const auto& v : study.variants)
                named = named || v.find(owner);
            if (named)
                continue; // a gauge of a component
        }
        const std::string close = scenarios::closestMatch(m, known);
        printError("sweep.metrics: unknown figure '" + m + "'; known: " + scenarios::joinChoices(known),
                   close.empty() ? "a key of the compare table (docs/sweeps.md)" : "did you mean '" + close + "'?");
        return false;
    }
    return true;
}

/// Each point's study: the file with --set and the point's values, read and
/// checked as `run` would. Prints what is wrong with a point and returns nullopt.
std::optional<std::vector<ResolvedPoint>> resolvePoints(const SweepOptions& options, const scenarios::Study& base)
{
    const std::vector<scenarios::SweepPoint> points = scenarios::expandSweep(*base.sweep);
    if (points.empty()) {
        printError("the sweep expands to more than " + std::to_string(scenarios::kMaxSweepPoints) + " points",
                   "fewer values per parameter, or combine: zip");
        return std::nullopt;
    }
    std::vector<ResolvedPoint> out;
    const std::vector<scenarios::Override> sets = overridesOf(options.run.sets);
    for (const scenarios::SweepPoint& p : points) {
        std::vector<scenarios::Override> all = sets;
        all.insert(all.end(), p.overrides.begin(), p.overrides.end());
        scenarios::LoadResult r = scenarios::readStudy(options.run.study, all);
        if (!r.ok()) {
            std::fputs(r.report().c_str(), stderr);
            printError("sweep point " + std::to_string(p.index) + " (" + describe(p) + ") is not a valid study",
                       "fix the parameter's values in sweep.parameters (the lines above name the value)");
            return std::nullopt;
        }
        if (!applyOverrides(*r.study, options.run))
            return std::nullopt;
        ResolvedPoint rp{p, std::move(*r.study), {}};
        rp.key = scenarios::pointKey(rp.study);
        out.push_back(std::move(rp));
    }
    return out;
}

/// Runs the points (all variants, their replications), a batch at a time so
/// that each finished batch is saved: a sweep stopped half way resumes there.
bool runPoints(const SweepOptions& options, const scenarios::Study& base, const std::vector<ResolvedPoint*>& todo,
               const std::vector<std::string>& variants, const SweepStore& store)
{
    const auto& until = base.run.until;
    const int first = until ? until->min : base.run.replications;
    const unsigned cores = options.jobs ? options.jobs : sim::availableCores();
    // Batches of at least four jobs per core keep the cores busy between saves.
    const std::size_t perPoint = variants.size() * std::size_t(first);
    const std::size_t batchPoints = std::max<std::size_t>(1, (4 * cores + perPoint - 1) / perPoint);

    ProgressSpan span;
    span.start = std::chrono::steady_clock::now();
    span.runs = int(todo.size() * perPoint);
    span.total = base.run.duration * double(span.runs);

    for (std::size_t from = 0; from < todo.size(); from += batchPoints) {
        const std::vector<ResolvedPoint*> batch(todo.begin() + std::ptrdiff_t(from),
                                                todo.begin() + std::ptrdiff_t(std::min(todo.size(), from + batchPoints)));
        // runs[point][variant]: the replications so far.
        std::vector<std::vector<std::vector<scenarios::VariantRun>>> runs(
            batch.size(), std::vector<std::vector<scenarios::VariantRun>>(variants.size()));
        std::vector<int> target(batch.size(), first);
        std::vector<bool> finished(batch.size(), false);
        for (;;) {
            std::vector<ReplicationJob> jobs;
            std::vector<std::pair<std::size_t, std::size_t>> owner; // (batch point, variant)
            for (std::size_t p = 0; p < batch.size(); ++p) {
                if (finished[p])
                    continue;
                for (std::size_t v = 0; v < variants.size(); ++v)
                    for (int r = int(runs[p][v].size()); r < target[p]; ++r) {
                        ReplicationJob job;
                        job.study = &batch[p]->study;
                        job.variant = batch[p]->study.findVariant(variants[v]);
                        job.replication = std::uint32_t(r);
                        jobs.push_back(job);
                        owner.emplace_back(p, v);
                    }
            }
            if (jobs.empty())
                break;
            ProgressSink sink;
            if (options.stream)
                sink = [&span](const std::vector<double>& seconds) {
                    double done = span.before;
                    for (double s : seconds)
                        done += s;
                    emitProgress(span, done);
                };
            std::vector<ReplicationResult> results;
            try {
                results = runJobs(base, jobs, sink, &span, options.jobs);
            } catch (const sim::ChildProcessError& e) {
                printError(std::string("the simulation failed: ") + e.what(), kFailedRunHint);
                return false;
            }
            span.before += base.run.duration * double(jobs.size());
            for (std::size_t i = 0; i < results.size(); ++i)
                runs[owner[i].first][owner[i].second].push_back(std::move(results[i].run));
            for (std::size_t p = 0; p < batch.size(); ++p) {
                if (finished[p])
                    continue;
                bool done = !until || target[p] >= until->max;
                if (!done) {
                    std::vector<const scenarios::Variant*> vs;
                    for (const std::string& name : variants)
                        vs.push_back(batch[p]->study.findVariant(name));
                    done = precise(batch[p]->study, vs, runs[p], *until);
                }
                if (done) {
                    finished[p] = true;
                    if (!store.save(batch[p]->key, variants, runs[p]))
                        return false;
                    if (options.stream)
                        emitPoint(*batch[p], variants, base.sweep->metrics, runs[p]);
                } else {
                    ++target[p];
                    span.total += base.run.duration * double(variants.size());
                    span.runs += int(variants.size());
                }
            }
        }
    }
    return true;
}

int printStatus(const std::vector<ResolvedPoint>& points, const SweepStore& store, const std::optional<Shard>& shard)
{
    std::size_t done = 0;
    std::string missingList;
    std::printf("point  key               status   values\n");
    for (const ResolvedPoint& p : points) {
        const bool has = store.has(p.key);
        done += has ? 1 : 0;
        std::printf("%-6zu %s  %-7s  %s\n", p.point.index, p.key.c_str(), has ? "done" : "missing",
                    describe(p.point).c_str());
    }
    std::printf("%zu of %zu points done, %zu missing\n", done, points.size(), points.size() - done);
    if (shard) {
        const std::vector<int> missing = missingShards(points, store, shard->count);
        std::string list;
        for (int s : missing)
            list += (list.empty() ? "" : ",") + std::to_string(s);
        std::printf("shards of %d with missing points: %s\n", shard->count, list.empty() ? "none" : list.c_str());
    }
    return ExitOk;
}

int runSweep(SweepOptions& options)
{
    std::optional<scenarios::Study> base = loadStudy(options.run.study, options.run.sets);
    if (!base)
        return ExitBadInput;
    if (!base->sweep) {
        printError(options.run.study + " has no sweep: section; nothing to sweep",
                   "add one, e.g. sweep: {parameters: [{set: [run.seed], values: [1, 2, 3]}]} (docs/sweeps.md)");
        return ExitBadInput;
    }
    if (!applyOverrides(*base, options.run))
        return ExitBadInput;
    const auto selected = selectVariants(*base, options.run.variants);
    if (selected.empty())
        return ExitBadInput;
    std::vector<std::string> variants;
    for (const auto* v : selected)
        variants.push_back(v->name);
    if (!checkMetrics(*base))
        return ExitBadInput;
    std::optional<Shard> shard;
    if (!options.shard.empty()) {
        std::string error;
        shard = parseShard(options.shard, &error);
        if (!shard) {
            printError(error, "e.g. --shard 2/8 runs the second of eight shares of the points");
            return ExitBadInput;
        }
    }
    if (options.run.out.empty())
        options.run.out = std::filesystem::path(options.run.study).stem().string() + "-sweep";
    auto points = resolvePoints(options, *base);
    if (!points)
        return ExitBadInput;
    const SweepStore store(options.run.out);

    if (options.status) {
        if (!shard && options.slurm.shards > 0)
            shard = Shard{1, options.slurm.shards};
        return printStatus(*points, store, shard);
    }
    if (options.slurm.enabled) {
        options.slurm.plots = options.plots;
        if (!missingShards(*points, store, shardCount(options.slurm, points->size())).empty())
            return submitSlurm(options.slurm, options.run, *points, store);
        std::fprintf(stderr, "sweep: every point is done; nothing to submit\n");
        options.merge = true;
    }

    std::vector<ResolvedPoint*> todo;
    std::size_t done = 0;
    for (ResolvedPoint& p : *points) {
        if (store.has(p.key))
            ++done;
        else if (!options.merge && (!shard || shard->owns(p.point.index)))
            todo.push_back(&p);
    }
    if (!options.merge) {
        if (!prepareOutputDir(options.run.out))
            return ExitBadInput;
        std::fprintf(stderr, "sweep: %zu points x %zu variants; %zu done, %zu to run%s\n", points->size(),
                     variants.size(), done, todo.size(),
                     shard ? (" (shard " + options.shard + ")").c_str() : "");
        if (options.stream) {
            // The plan, then the points a previous run left done, then each point as it lands.
            const int first = base->run.until ? base->run.until->min : base->run.replications;
            emitStreamLine(Json{{"type", "sweep"},
                                {"out", options.run.out},
                                {"points", points->size()},
                                {"done", done},
                                {"to_run", todo.size()},
                                {"replications", first},
                                {"duration", base->run.duration},
                                {"sweep", sweepMeta(*base, variants, base->sweep->metrics)}}
                               .dump());
            for (const ResolvedPoint& p : *points)
                if (const auto runs = store.has(p.key) ? store.load(p.key, variants) : std::nullopt)
                    emitPoint(p, variants, base->sweep->metrics, *runs);
        }
        if (!todo.empty() && !runPoints(options, *base, todo, variants, store))
            return ExitRunFailed;
    }
    std::size_t missing = 0;
    for (const ResolvedPoint& p : *points)
        missing += store.has(p.key) ? 0 : 1;
    if (missing > 0) {
        // A shard leaves the others' points to them; the merge waits for all.
        if (shard && !options.merge) {
            std::fprintf(stderr, "sweep: shard %s done; %zu points of the sweep still missing\n",
                         options.shard.c_str(), missing);
            return ExitOk;
        }
        printError(std::to_string(missing) + " of " + std::to_string(points->size()) + " points have no results",
                   "run the missing ones: 'scalelab-cli sweep " + options.run.study + " --out " + options.run.out +
                       "' (see --status)");
        return ExitRunFailed;
    }
    if (shard && !options.merge)
        std::fprintf(stderr, "sweep: shard %s done; every point of the sweep is done\n", options.shard.c_str());
    if (!writeSweepTables(store, *base, *points, variants, base->sweep->metrics))
        return ExitRunFailed;
    std::fprintf(stderr, "sweep: results in %s (results.csv, results.jsonl, aggregate.csv, aggregate.jsonl)\n",
                 options.run.out.c_str());
    if (options.stream)
        emitStreamLine(Json{{"type", "result"}, {"out", options.run.out}, {"points", points->size()}}.dump());
    if (options.plots)
        return drawSweepCharts(options.run.out, options.plotsAsked) ? ExitOk : ExitRunFailed;
    return ExitOk;
}

class SweepCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* sweep = app.add_subcommand(
            "sweep", "Run the study's sweep: section, every point x variant x replication, resumable and shardable");
        addStudyArguments(sweep, m_options.run.study, m_options.run.sets);
        m_flags.addSettings(sweep);
        sweep->add_option("--variants", m_options.run.variants, "The variants to run (default: all)")
            ->delimiter(',')
            ->type_name("A,B,...");
        sweep->add_option("--out", m_options.run.out,
                          "The results folder: points/KEY.jsonl per point, then results.csv/.jsonl, aggregate.csv/.jsonl "
                          "and the charts (default: STUDY-sweep)")
            ->type_name("DIR");
        sweep->add_option("--jobs", m_options.jobs, "Simulations at once (default: one per core)")
            ->check(CLI::Range(1u, 4096u))
            ->type_name("N");
        sweep->add_option("--shard", m_options.shard,
                          "Run only share i of N of the points (point index modulo N = i - 1); merge when all are done")
            ->type_name("i/N");
        sweep->add_flag("--status", m_options.status, "Show the points done and missing (and, with --shard or "
                                                      "--shards, the shards with missing points); run nothing");
        sweep->add_flag("--merge", m_options.merge,
                        "Run nothing: write the tables from the points' results (exit 1 when some are missing)");
        auto* plots = sweep->add_flag("--plots,!--no-plots", m_options.plots,
                                      "Draw the charts with scalelab-charts (default: when it is installed)");
        m_plots = plots;
        auto* stream = sweep->add_flag("--stream", m_options.stream,
                                       "Tell a front end on stdout, as JSON lines, the plan, the progress and each "
                                       "point's aggregate as it lands; no charts (docs/stream.md)");
        stream->excludes(plots);
        stream->excludes(sweep->get_option("--status"));
        stream->excludes(sweep->get_option("--merge"));
        addSlurmFlags(sweep, m_options.slurm);
        stream->excludes(sweep->get_option("--slurm"));
        sweep->footer(std::string(kExitCodes) + " A shard that leaves other points missing exits 0.");
        return sweep;
    }

    int run() override
    {
        m_flags.apply(m_options.run);
        m_options.plotsAsked = m_plots->count() > 0 && m_options.plots;
        if (!m_options.stream)
            return runSweep(m_options);
        // A reader that goes away ends the sweep by a failed write, not a signal;
        // its front end draws the charts.
        std::signal(SIGPIPE, SIG_IGN);
        m_options.plots = false;
        const int code = runSweep(m_options);
        return code == ExitOk ? code : failStream(lastError(), code);
    }

private:
    SweepOptions m_options;
    RunFlags m_flags;
    CLI::Option* m_plots = nullptr;
};

const CommandRegistration<SweepCommand> registration(35);

} // namespace

} // namespace scalelab::cli
