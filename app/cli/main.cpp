// scalelab-cli: batch runs from the command line. Each subcommand lives in its
// own file and registers itself (command.h); this file only walks the registry.
#include "command.h"
#include "errors.h"

#include "scenarios/diagnostic.h"
#include "simcore/engineversion.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace scalelab;

namespace {

int runCli(int argc, char** argv)
{
    CLI::App app{"ScaleLab: simulate backend architectures under traffic and failures"};
    app.require_subcommand(1);
    app.footer(cli::kExitCodes);
    app.set_version_flag("--version", "scalelab-cli " SCALELAB_VERSION " (" + sim::engineVersion() + ")",
                         "Print the version and the SimGrid version, then exit");

    const std::vector<std::unique_ptr<cli::Command>> commands = cli::CommandRegistry::create();
    std::vector<std::pair<CLI::App*, cli::Command*>> subcommands;
    std::vector<std::string> known;
    for (const auto& command : commands) {
        subcommands.emplace_back(command->add(app), command.get());
        known.push_back(subcommands.back().first->get_name());
    }

    if (argc > 1 && argv[1][0] != '-' && std::find(known.begin(), known.end(), argv[1]) == known.end()) {
        const std::string close = scenarios::closestMatch(argv[1], known);
        cli::printError(std::string("unknown subcommand '") + argv[1] + "'; known: " + scenarios::joinChoices(known),
                        close.empty() ? "see 'scalelab-cli --help'" : "did you mean '" + close + "'?");
        return cli::ExitBadInput;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0)
            return app.exit(e); // --help, --version
        const auto parsed = app.get_subcommands();
        const std::string help = parsed.empty() ? "scalelab-cli --help"
                                                : "scalelab-cli " + parsed.back()->get_name() + " --help";
        cli::printError(e.what(), "see '" + help + "' for the usage");
        return cli::ExitBadInput;
    }

    for (const auto& [subcommand, command] : subcommands)
        if (subcommand->parsed())
            return command->run();
    return cli::ExitBadInput;
}

} // namespace

int main(int argc, char** argv)
{
    // The last line of defence: a subcommand reports its own errors, and
    // anything that still escapes one is a bug, said so, never an abort.
    try {
        return runCli(argc, argv);
    } catch (const std::exception& e) {
        cli::printError(std::string("internal error: ") + e.what(), cli::kInternalErrorHint);
    } catch (...) {
        cli::printError("internal error: an unknown exception", cli::kInternalErrorHint);
    }
    return cli::ExitRunFailed;
}
