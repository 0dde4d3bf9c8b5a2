#pragma once

#include "runoptions.h"

#include "scenarios/study.h"

#include <string>

namespace scalelab::cli {

// The subcommands. Each returns the process's exit code (see errors.h).

/// `validate STUDY`: the study's diagnostics on stderr; 0 when it has no error.
int runValidate(const std::string& path);

/// `schema`: the study file's JSON Schema on stdout; with `docs` (a markdown
/// file), that file's generated field tables brought up to date instead.
int runSchema(const std::string& docs);

/// `run STUDY`: one variant's replications in child processes, summarized.
int runRun(const RunOptions& options);

/// `run --stream`: one replication in this process, frames as NDJSON on
/// stdout, commands on stdin (docs/stream.md). Once the simulation has run it
/// ends the process itself (std::_Exit: SimGrid crashes in static destructors).
int runStream(const scenarios::Study& study, const scenarios::Variant& variant, const RunOptions& options);

/// Tells a `run --stream` reader on stdout why the run could not start
/// (an "error" line); returns `exitCode`.
int failStream(const std::string& message, int exitCode);

/// `compare STUDY`: several variants on the same traffic and faults, side by side.
int runCompare(const RunOptions& options);

} // namespace scalelab::cli

namespace scalelab::cli {

struct AnalysisOptions;

/// `analyze STUDY`: the analytic model of one variant at one rate (or a closed workload).
int runAnalyze(const AnalysisOptions& options);

/// `capacity STUDY`: the highest rate meeting the SLO, by the model then by simulation.
int runCapacity(const AnalysisOptions& options);

} // namespace scalelab::cli
