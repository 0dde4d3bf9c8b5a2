#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::cli {

/// A command a front end writes on the stdin of `run --stream`, one per line.
struct StreamCommand
{
    enum class Kind { Pause, Resume, Speed, Stop };
    Kind kind = Kind::Stop;
    double speed = 0.0; ///< Speed: simulated seconds per wall second; 0: as fast as possible
};

/// Parses "pause", "resume", "stop", "speed X" (X > 0, optionally "Xx";
/// "max" or 0: as fast as possible). Surrounding blanks are ignored. Returns
/// nullopt and sets `error` when the line is not a command.
std::optional<StreamCommand> parseStreamCommand(std::string_view line, std::string& error);

/// Reads lines from a file descriptor (stdin) between simulation slices
/// without blocking the simulation: poll(2), then read(2) what is there.
class CommandReader
{
public:
    explicit CommandReader(int fd) : m_fd(fd) {}

    /// Waits up to `timeoutMs` for input (0: not at all; -1: until a line or
    /// the end of input) and returns the complete lines read meanwhile. Once
    /// the input has ended it only sleeps for the timeout (never for -1).
    std::vector<std::string> poll(int timeoutMs);
    /// The input has ended (the writer closed it).
    bool closed() const { return m_closed; }

private:
    int m_fd;
    bool m_closed = false;
    std::string m_partial;
};

} // namespace scalelab::cli
