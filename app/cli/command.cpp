#include "command.h"

#include <algorithm>
#include <utility>

namespace scalelab::cli {

namespace {

// A function's static, not a namespace-scope one: the registrations run
// during static initialisation, in no fixed order across files.
std::vector<std::pair<int, CommandRegistry::Factory>>& registered()
{
    static std::vector<std::pair<int, CommandRegistry::Factory>> factories;
    return factories;
}

} // namespace

void CommandRegistry::add(int rank, Factory factory) { registered().emplace_back(rank, factory); }

std::vector<std::unique_ptr<Command>> CommandRegistry::create()
{
    auto factories = registered();
    std::stable_sort(factories.begin(), factories.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::unique_ptr<Command>> commands;
    for (const auto& entry : factories)
        commands.push_back(entry.second());
    return commands;
}

} // namespace scalelab::cli
