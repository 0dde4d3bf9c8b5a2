// scalelab-cli: batch runs from the command line. Each subcommand lives in its
// own file and registers itself (command.h); this file only walks the registry.
#include "command.h"
#include "errors.h"

#include "scenarios/diagnostic.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace scalelab;

int main(int argc, char** argv)
{
    CLI::App app{"ScaleLab: simulate backend architectures under traffic and failures"};
    app.require_subcommand(1);
    app.footer(cli::kExitCodes);

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
            return app.exit(e); // --help
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
