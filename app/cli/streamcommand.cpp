#include "streamcommand.h"

#include "errors.h"
#include "outputfiles.h"
#include "progressbar.h"
#include "cli/report.h"
#include "streamcontrol.h"

#include "scenarios/runner.h"
#include "simcore/framejson.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace scalelab::cli {

namespace {

using Clock = std::chrono::steady_clock;

bool emit(const std::string& line) { return emitStreamLine(line); }

bool emitError(const std::string& message, bool fatal)
{
    return emit(sim::toJson(sim::StreamError{message, fatal}));
}

/// Streams frames and events, and obeys the commands read on stdin between slices.
class StreamObserver : public scenarios::VariantObserver
{
public:
    StreamObserver(double duration, bool keepBins)
        : m_commands(STDIN_FILENO), m_progress(duration, 1), m_keepBins(keepBins), m_anchorWall(Clock::now())
    {
    }

    void onFrame(const sim::Frame& frame) override
    {
        m_now = frame.metrics.end;
        for (const sim::RunEvent& event : frame.events)
            if (!emit(sim::toJson(event)))
                m_stopped = true;
        if (!emit(sim::toJson(frame)))
            m_stopped = true;
        if (m_keepBins)
            m_bins.push_back(frame);
        m_progress.update(m_now);
    }

    bool keepRunning() override
    {
        handle(m_commands.poll(0));
        while (!m_stopped) {
            if (m_paused) {
                if (m_commands.closed()) {
                    m_stopped = true; // nobody left to resume the run
                    break;
                }
                handle(m_commands.poll(-1));
                continue;
            }
            if (m_speed <= 0.0)
                break;
            // Real-time pacing: simulated time runs at most m_speed seconds per wall second.
            const auto due = m_anchorWall + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>((m_now - m_anchorSim) / m_speed));
            const auto wait = std::chrono::ceil<std::chrono::milliseconds>(due - Clock::now()).count();
            if (wait <= 0)
                break;
            handle(m_commands.poll(int(std::min<long long>(wait, 1000))));
        }
        return !m_stopped;
    }

    bool stopped() const { return m_stopped; }
    double now() const { return m_now; }
    const std::vector<sim::Frame>& bins() const { return m_bins; }
    void finishProgress() { m_progress.finish(); }

private:
    void handle(const std::vector<std::string>& lines)
    {
        for (const std::string& line : lines) {
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            std::string error;
            const auto command = parseStreamCommand(line, error);
            if (!command) {
                emitError(error, false);
                continue;
            }
            switch (command->kind) {
            case StreamCommand::Kind::Pause:
                m_paused = true;
                break;
            case StreamCommand::Kind::Resume:
                if (m_paused)
                    reanchor();
                m_paused = false;
                break;
            case StreamCommand::Kind::Speed:
                m_speed = command->speed;
                reanchor();
                break;
            case StreamCommand::Kind::Stop:
                m_stopped = true;
                break;
            }
        }
    }
    void reanchor()
    {
        m_anchorWall = Clock::now();
        m_anchorSim = m_now;
    }

    CommandReader m_commands;
    ProgressBar m_progress;
    bool m_keepBins;
    std::vector<sim::Frame> m_bins;
    double m_now = 0.0;
    bool m_paused = false;
    bool m_stopped = false;
    double m_speed = 0.0; ///< simulated s per wall s; 0: as fast as possible
    Clock::time_point m_anchorWall;
    double m_anchorSim = 0.0;
};

/// Leaves the process without running static destructors: SimGrid 3.32
/// crashes in them (xbt_mallocator_release from __cxa_finalize, SIGSEGV) once a
/// simulation has run in this process. Child processes avoid them the same
/// way (_exit).
[[noreturn]] void exitAfterSimulation(int code)
{
    std::fflush(nullptr);
    std::_Exit(code);
}

} // namespace

bool emitStreamLine(const std::string& line)
{
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    return std::fflush(stdout) == 0 && !std::ferror(stdout);
}

int failStream(const std::string& message, int exitCode)
{
    std::signal(SIGPIPE, SIG_IGN);
    emitError(message, true);
    return exitCode;
}

int runStream(const scenarios::Study& study, const scenarios::Variant& variant, const RunOptions& options)
{
    // A reader that goes away must not kill the run with SIGPIPE: writes fail and the run stops.
    std::signal(SIGPIPE, SIG_IGN);
    if (options.replications && *options.replications != 1) {
        printError("--stream runs a single replication (got --replications " +
                       std::to_string(*options.replications) + ")",
                   "drop --replications, or run without --stream");
        return failStream(lastError(), ExitBadInput);
    }
    if (!options.out.empty() && !prepareOutputDir(options.out))
        return failStream(lastError(), ExitBadInput);

    emit(sim::toJson(streamStart(study, variant)));

    StreamObserver observer(study.run.duration, !options.out.empty());
    scenarios::VariantRun run;
    try {
        run = scenarios::runVariant(study, variant, study.run.seed, 0, &observer);
    } catch (const std::exception& e) {
        observer.finishProgress();
        const std::string message = std::string("the simulation failed: ") + e.what();
        emitError(message, true);
        printError(message, kFailedRunHint);
        exitAfterSimulation(ExitRunFailed);
    }
    observer.finishProgress();

    const VariantSummary summary = summarizeVariant(study, variant, {run});
    emit(sim::toJson(sim::StreamSummary{observer.stopped(), observer.now(), runJson(study, summary).dump()}));

    if (!options.out.empty()) {
        if (!writeSummaryJson(options.out, runJson(study, summary)) ||
            !writeTimeSeriesCsv(options.out, "timeseries.csv", variant, observer.bins()))
            exitAfterSimulation(ExitRunFailed);
    }
    exitAfterSimulation(ExitOk);
}

} // namespace scalelab::cli
