#include "command.h"

#include "models/queuenode.h"
#include "simcore/recorder.h"
#include "simcore/simulation.h"
#include "simcore/source.h"
#include "simcore/subprocess.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <sstream>

namespace scalelab::cli {

namespace {

struct SelfCheckOptions
{
    std::uint64_t requests = 1000000;
    double utilization = 0.9;
    std::uint64_t seed = 1;
};

/// Simulates an M/M/1 queue (mu = 1000/s) in a child process, prints the engine's
/// speed and the simulated means against theory; returns 0 when they agree
/// within 5%, 1 otherwise.
int runSelfCheck(const SelfCheckOptions& options)
{
    const double mu = 1000.0;
    const double lambda = options.utilization * mu;
    const double duration = double(options.requests) / lambda;
    std::string text;
    try {
        text = sim::runInChild([&] {
            const auto t0 = std::chrono::steady_clock::now();
            sim::Simulation s;
            sim::Machine& m = s.addMachine("server", 1);
            sim::Station& st = s.addStation("server", m, {1});
            s.seal();
            sim::Recorder rec(s, {duration, duration * 0.05, duration / 20});
            models::QueueNode node(st, sim::Distribution::exponential(1.0 / mu),
                                   sim::RandomStream(options.seed, "server", 0, "service"),
                                   sim::RandomStream(options.seed, "server", 0, "route"), rec);
            models::NodeEntry entry(node);
            sim::Source src(s, rec, sim::makePoissonArrivals(sim::RateProfile::constant(lambda),
                                                             sim::RandomStream(options.seed, "clients", 0)),
                            entry);
            src.start();
            const sim::MetricFrame f = rec.run();
            const double wall =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::ostringstream out;
            out.precision(10);
            out << src.generated() << ' ' << wall << ' ' << f.meanLatency << ' ' << f.stations[0].meanInSystem << ' '
                << f.stations[0].utilization << ' ' << f.p99;
            return out.str();
        });
    } catch (const sim::ChildProcessError& e) {
        std::fprintf(stderr, "scalelab-cli: error: the simulation failed: %s\n", e.what());
        return 1;
    }
    std::istringstream in(text);
    double generated = 0, wall = 0, meanR = 0, meanN = 0, util = 0, p99 = 0;
    in >> generated >> wall >> meanR >> meanN >> util >> p99;
    const double rho = options.utilization;
    const double exactR = 1.0 / (mu - lambda);
    const double exactN = rho / (1 - rho);
    const double exactP99 = -std::log(0.01) * exactR;
    auto row = [](const char* what, double sim, double exact) {
        std::printf("  %-22s %12.6g %12.6g %+8.2f%%\n", what, sim, exact, 100.0 * (sim - exact) / exact);
        return std::fabs(sim - exact) / exact;
    };
    std::printf("M/M/1, rho = %.2f, mu = %.0f/s, %.0f requests in %.2f s: %.0f requests/s\n", rho, mu, generated,
                wall, generated / wall);
    std::printf("  %-22s %12s %12s %9s\n", "metric", "simulated", "exact", "error");
    double worst = 0;
    worst = std::max(worst, row("utilization", util, rho));
    worst = std::max(worst, row("mean response (s)", meanR, exactR));
    worst = std::max(worst, row("mean in system", meanN, exactN));
    worst = std::max(worst, row("p99 response (s)", p99, exactP99));
    const bool ok = worst < 0.05;
    std::printf("%s: largest relative error %.2f%% (tolerance 5%%)\n", ok ? "ok" : "MISMATCH", 100 * worst);
    return ok ? 0 : 1;
}

class SelfCheckCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* sc = app.add_subcommand("selfcheck", "Run an M/M/1 queue through the engine and compare it with theory");
        sc->add_option("--requests", m_options.requests, "Requests to simulate")->check(CLI::Range(1000, 1000000000));
        sc->add_option("--utilization", m_options.utilization, "Server utilization rho = lambda/mu")
            ->check(CLI::Range(0.01, 0.99));
        sc->add_option("--seed", m_options.seed, "Random seed");
        return sc;
    }

    int run() override { return runSelfCheck(m_options); }

private:
    SelfCheckOptions m_options;
};

const CommandRegistration<SelfCheckCommand> registration(70);

} // namespace

} // namespace scalelab::cli
