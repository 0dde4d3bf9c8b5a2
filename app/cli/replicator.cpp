#include "replicator.h"

#include "errors.h"
#include "progressbar.h"
#include "cli/variantsummary.h"

#include "import/otlpwriter.h"
#include "simcore/framejson.h"
#include "simcore/subprocess.h"

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <sys/mman.h>
#include <thread>

namespace scalelab::cli {

namespace {

/// Simulated seconds done per job, in memory shared with the child processes
/// (mapped before they fork), so the parent can draw their progress.
class SharedProgress
{
public:
    explicit SharedProgress(std::size_t slots) : m_size(slots * sizeof(Slot))
    {
        static_assert(Slot::is_always_lock_free, "progress slots must be lock-free to be shared across processes");
        void* p = ::mmap(nullptr, m_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return; // no progress bar, the runs are unaffected
        m_slots = static_cast<Slot*>(p);
        for (std::size_t i = 0; i < slots; ++i)
            new (&m_slots[i]) Slot(0.0);
        m_count = slots;
    }
    ~SharedProgress()
    {
        if (m_slots)
            ::munmap(m_slots, m_size);
    }
    SharedProgress(const SharedProgress&) = delete;
    SharedProgress& operator=(const SharedProgress&) = delete;

    void set(std::size_t slot, double seconds)
    {
        if (slot < m_count)
            m_slots[slot].store(seconds, std::memory_order_relaxed);
    }
    std::vector<double> values() const
    {
        std::vector<double> out(m_count);
        for (std::size_t i = 0; i < m_count; ++i)
            out[i] = m_slots[i].load(std::memory_order_relaxed);
        return out;
    }
    double total() const
    {
        double sum = 0.0;
        for (double v : values())
            sum += v;
        return sum;
    }

private:
    using Slot = std::atomic<double>;
    Slot* m_slots = nullptr;
    std::size_t m_count = 0;
    std::size_t m_size = 0;
};

/// In the child: reports progress, and keeps the bins when asked to.
class ChildObserver : public scenarios::VariantObserver
{
public:
    ChildObserver(SharedProgress& progress, std::size_t slot, bool keepBins)
        : m_progress(progress), m_slot(slot), m_keepBins(keepBins)
    {
    }
    void onFrame(const sim::Frame& frame) override
    {
        m_progress.set(m_slot, frame.metrics.end);
        if (m_keepBins)
            m_bins += sim::frameLines(frame);
    }
    std::string takeBins() { return std::move(m_bins); }
    /// Traces go to `writer`, `sample` of the requests.
    void setTrace(models::TraceSink* writer, double sample)
    {
        m_trace = writer;
        m_sample = sample;
    }
    models::TraceSink* traceSink() override { return m_trace; }
    double traceSample() const override { return m_sample; }

private:
    models::TraceSink* m_trace = nullptr;
    double m_sample = 1.0;
    SharedProgress& m_progress;
    std::size_t m_slot;
    bool m_keepBins;
    std::string m_bins;
};

/// Draws the progress bar and tells the sink from a thread while the main
/// thread waits for the children.
class ProgressThread
{
public:
    ProgressThread(const SharedProgress& progress, double total, int runs, const ProgressSink& sink,
                   const ProgressSpan* span)
        : m_bar(span ? ProgressBar(span->total, span->runs, span->before, span->start) : ProgressBar(total, runs))
    {
        if (!m_bar.enabled() && !sink)
            return;
        m_thread = std::thread([this, &progress, &sink] {
            std::unique_lock lock(m_mutex);
            std::vector<double> told;
            auto tell = [&] {
                std::vector<double> now = progress.values();
                if (sink && now != told)
                    sink(now);
                told = std::move(now);
            };
            while (!m_done) {
                if (m_bar.enabled())
                    m_bar.update(progress.total());
                tell();
                m_wake.wait_for(lock, std::chrono::milliseconds(sink ? 250 : 100));
            }
            if (m_bar.enabled())
                m_bar.finish();
            tell();
        });
    }
    ~ProgressThread()
    {
        if (!m_thread.joinable())
            return;
        {
            const std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    /// Held by the thread whenever it is not asleep: the children are forked
    /// under it, so none starts while the thread is inside malloc or stdio.
    std::mutex& forkGuard() { return m_mutex; }
    ProgressThread(const ProgressThread&) = delete;
    ProgressThread& operator=(const ProgressThread&) = delete;

private:
    ProgressBar m_bar;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_done = false;
    std::thread m_thread;
};

} // namespace

std::vector<ReplicationResult> runJobs(const scenarios::Study& study, const std::vector<ReplicationJob>& jobs,
                                      const ProgressSink& sink, const ProgressSpan* span, unsigned workers)
{
    SharedProgress progress(jobs.size());
    std::vector<std::function<std::string()>> work;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        work.push_back([&study, &progress, job = jobs[i], i] {
            try {
                ChildObserver observer(progress, i, job.keepBins);
                const scenarios::Study& in = job.study ? *job.study : study;
                std::ofstream traceFile;
                std::optional<import::OtlpWriter> writer;
                if (job.trace) {
                    traceFile.open(job.trace->file, std::ios::binary | std::ios::trunc);
                    if (!traceFile)
                        throw std::runtime_error("cannot write the traces to '" + job.trace->file + "'");
                    writer.emplace(traceFile, in, *job.variant, in.run.seed, job.replication);
                    observer.setTrace(&*writer, job.trace->sample);
                }
                const scenarios::VariantRun run =
                    scenarios::runVariant(in, *job.variant, in.run.seed, job.replication, &observer);
                if (traceFile.is_open() && !traceFile.flush())
                    throw std::runtime_error("cannot write the traces to '" + job.trace->file + "'");
                return scenarios::variantRunToJson(run) + "\n" + observer.takeBins();
            } catch (const std::exception& e) {
                throw std::runtime_error("variant " + job.variant->name + ", replication " +
                                         std::to_string(job.replication) + ": " + e.what());
            }
        });
    }

    std::vector<std::string> outputs;
    {
        ProgressThread drawer(progress, study.run.duration * double(jobs.size()), int(jobs.size()), sink, span);
        outputs = sim::runParallel(work, workers, &drawer.forkGuard());
        // Every job ran to its end (runParallel throws otherwise): the last
        // progress the sink hears says so, whichever frame a child stored last.
        for (std::size_t i = 0; i < jobs.size(); ++i)
            progress.set(i, study.run.duration);
    }

    std::vector<ReplicationResult> results;
    results.reserve(outputs.size());
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        std::istringstream lines(outputs[i]);
        std::string line;
        ReplicationResult r;
        try {
            std::getline(lines, line);
            r.run = scenarios::variantRunFromJson(line);
            sim::FrameReader frames;
            while (std::getline(lines, line)) {
                if (!line.empty() && frames.add(line))
                    r.bins.push_back(frames.take());
            }
        } catch (const std::exception& e) {
            throw sim::ChildProcessError("variant " + jobs[i].variant->name + ", replication " +
                                         std::to_string(jobs[i].replication) + " returned malformed results: " +
                                         e.what());
        }
        results.push_back(std::move(r));
    }
    return results;
}

std::optional<std::vector<ReplicationResult>> runReplications(const scenarios::Study& study,
                                                              const std::vector<const scenarios::Variant*>& variants,
                                                              bool keepBins, bool allReplications,
                                                              const ProgressSink& sink, const TraceOutput* trace)
{
    const auto& until = study.run.until;
    std::vector<std::vector<ReplicationResult>> byVariant(variants.size());
    int done = 0;
    try {
        for (;;) {
            const int target = !until ? study.run.replications : done == 0 ? until->min : done + 1;
            std::vector<ReplicationJob> jobs;
            for (const scenarios::Variant* v : variants)
                for (int r = done; r < target; ++r)
                    jobs.push_back({v, std::uint32_t(r), keepBins && (r == 0 || allReplications), nullptr,
                                    trace && r == 0 && v == variants.front() ? trace : nullptr});
            auto ran = runJobs(study, jobs, sink);
            const std::size_t per = std::size_t(target - done);
            for (std::size_t i = 0; i < ran.size(); ++i)
                byVariant[i / per].push_back(std::move(ran[i]));
            done = target;
            if (!until || done >= until->max)
                break;
            std::vector<std::vector<scenarios::VariantRun>> runs(variants.size());
            for (std::size_t v = 0; v < variants.size(); ++v)
                for (const auto& r : byVariant[v])
                    runs[v].push_back(r.run);
            if (precise(study, variants, runs, *until))
                break;
        }
    } catch (const sim::ChildProcessError& e) {
        printError(std::string("the simulation failed: ") + e.what(), kFailedRunHint);
        return std::nullopt;
    }
    std::vector<ReplicationResult> out;
    for (auto& v : byVariant)
        for (auto& r : v)
            out.push_back(std::move(r));
    return out;
}

bool precise(const scenarios::Study& study, const std::vector<const scenarios::Variant*>& variants,
             const std::vector<std::vector<scenarios::VariantRun>>& runs, const scenarios::PrecisionTarget& until)
{
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const VariantSummary summary = summarizeVariant(study, *variants[i], runs[i]);
        const Figure* f = summary.find(until.metric);
        if (!f || f->values.size() < 2)
            return false;
        const double mean = std::abs(f->interval.mean);
        const double half = f->interval.halfWidth;
        if (!std::isfinite(half) || (mean == 0.0 ? half > 0.0 : half / mean > until.halfWidth))
            return false;
    }
    return true;
}

} // namespace scalelab::cli
