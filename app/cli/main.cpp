// scalelab-cli: batch runs from the command line.
#include "selfcheck.h"

#include <CLI/CLI.hpp>

#include <cstdio>

int main(int argc, char** argv)
{
    CLI::App app{"ScaleLab: simulate backend architectures under traffic and failures"};
    app.require_subcommand(1);

    scalelab::cli::SelfCheckOptions selfcheck;
    auto* sc = app.add_subcommand("selfcheck", "Run an M/M/1 queue through the engine and compare it with theory");
    sc->add_option("--requests", selfcheck.requests, "Requests to simulate")->check(CLI::Range(1000, 1000000000));
    sc->add_option("--utilization", selfcheck.utilization, "Server utilization rho = lambda/mu")
        ->check(CLI::Range(0.01, 0.99));
    sc->add_option("--seed", selfcheck.seed, "Random seed");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2; // exit code 2: bad flags
    }
    if (sc->parsed())
        return scalelab::cli::runSelfCheck(selfcheck);
    return 2;
}
