#pragma once

#include <string>
#include <string_view>

namespace scalelab::cli {

/// scalelab-cli's exit codes.
enum ExitCode : int {
    ExitOk = 0,
    ExitRunFailed = 1, ///< a simulation process crashed or threw (a trace unreadable at run time...)
    ExitBadInput = 2,  ///< bad flags, an unreadable or invalid study
};

/// The footer of `--help`.
inline constexpr const char* kExitCodes = "Exit codes: 0 ok, 1 failed run, 2 bad input or bad flags.";

/// The hint after "the simulation failed: ...".
inline constexpr const char* kFailedRunHint =
    "the study is valid but its simulation stopped: check the file the message names (a replayed trace), "
    "or report a crash with the study attached";

/// The hint after "internal error: ...", for an exception no subcommand caught.
inline constexpr const char* kInternalErrorHint =
    "this is a bug in scalelab-cli: please report it with the study and the command line";

/// Prints "scalelab-cli: error: message" on stderr, then "scalelab-cli: hint: hint"
/// when there is one.
void printError(std::string_view message, std::string_view hint = {});

/// The message of the last printError() call (for `run --stream`, which also
/// reports it on stdout).
const std::string& lastError();

} // namespace scalelab::cli
