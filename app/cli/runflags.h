#pragma once

#include "runoptions.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace scalelab::cli {

/// A duration flag's check ("60s", "15min"): a unit is required; `positive`
/// also refuses 0.
CLI::Validator durationValidator(bool positive);

/// STUDY, or --from DIR (the results of `compare --out` / `run --out`) in
/// its place: one of them, never both (the command checks that one is given).
void addStudyOrResults(CLI::App& command, std::string& study, std::vector<std::string>& sets, std::string& from,
                       const std::string& fromHelp);

/// The flags `run` and `compare` share, bound to a RunOptions; the optional
/// ones are kept as typed until apply().
class RunFlags
{
public:
    /// Adds STUDY, --seed, --replications, --duration, --warmup, --max-events,
    /// --force and --format to `cmd`.
    void add(CLI::App* cmd, RunOptions& options);
    /// Only --seed, --replications, --duration and --warmup (a sweep's run settings).
    void addSettings(CLI::App* cmd);
    /// After parsing: sets the optional flags that were given on `options`.
    void apply(RunOptions& options) const;
    /// --format, which `run --stream` excludes.
    CLI::Option* format() const { return m_format; }

private:
    CLI::Option* m_seed = nullptr;
    CLI::Option* m_replications = nullptr;
    CLI::Option* m_duration = nullptr;
    CLI::Option* m_warmup = nullptr;
    CLI::Option* m_format = nullptr;
    std::uint64_t m_seedValue = 0;
    int m_replicationsValue = 0;
    std::string m_durationText, m_warmupText;
};

} // namespace scalelab::cli
