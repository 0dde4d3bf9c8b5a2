#pragma once

#include <memory>
#include <vector>

namespace CLI {
class App;
}

namespace scalelab::cli {

/// One subcommand of scalelab-cli: its flags, bound to the command's own
/// members, and its body. Each lives in one file (NAMEcommand.cpp) and
/// registers itself there with a CommandRegistration.
class Command
{
public:
    virtual ~Command() = default;

    /// Adds the subcommand to `app` with its flags, help and footer; returns it.
    virtual CLI::App* add(CLI::App& app) = 0;
    /// Runs the subcommand once the command line has parsed; returns the
    /// process's exit code (errors.h).
    virtual int run() = 0;
};

/// The subcommands, in the order `--help` lists them.
class CommandRegistry
{
public:
    using Factory = std::unique_ptr<Command> (*)();

    /// Registers a command; `rank` is its place in `--help` (lowest first).
    static void add(int rank, Factory factory);
    /// A new instance of every registered command, by rank.
    static std::vector<std::unique_ptr<Command>> create();
};

/// Registers the command type `C` while the program starts: one static
/// object in the command's file.
template <typename C>
class CommandRegistration
{
public:
    explicit CommandRegistration(int rank)
    {
        CommandRegistry::add(rank, []() -> std::unique_ptr<Command> { return std::make_unique<C>(); });
    }
};

} // namespace scalelab::cli
