#pragma once

#include "runoptions.h"

#include "scenarios/study.h"

#include <string>

namespace scalelab::cli {

/// `run --stream`: one replication in this process, frames as NDJSON on
/// stdout, commands on stdin (docs/stream.md). Once the simulation has run it
/// ends the process itself (std::_Exit: SimGrid crashes in static destructors).
int runStream(const scenarios::Study& study, const scenarios::Variant& variant, const RunOptions& options);

/// Writes one NDJSON line on stdout and flushes it; false once the reader
/// has closed the pipe.
bool emitStreamLine(const std::string& line);

/// Tells a `run --stream` or `compare --stream` reader on stdout why the run could not start
/// (an "error" line); returns `exitCode`.
int failStream(const std::string& message, int exitCode);

} // namespace scalelab::cli
