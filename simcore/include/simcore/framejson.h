#pragma once

#include "simcore/frame.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace scalelab::sim {

// The stream protocol's lines (docs/stream.md) as JSON, written and read here
// only. Writers give one line without its newline, numbers at full precision
// (they read back exactly). Readers never trust a line: malformed JSON, a
// missing key or a wrong type throws StreamFormatError naming the key; keys
// they do not know are ignored.

/// The version of the `frame` line's layout, carried as its `schema_version`;
/// raised when a key changes meaning or goes away (not when one is added).
inline constexpr int kFrameSchemaVersion = 1;

/// A stream line that cannot be read: the message names the line's type and
/// the key (`frame: stations[2].up must be a boolean (got number)`).
class StreamFormatError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

/// A component as the `start` line lists it.
struct StreamComponent
{
    std::string name;
    std::string kind; ///< "service", "cache", ... (docs/format.md)
};

/// The `start` line: what is being run.
struct StreamStart
{
    std::string study;   ///< the study's name
    std::string file;    ///< the path it was read from
    std::string variant;
    double duration = 0.0; ///< s
    double warmup = 0.0;   ///< s
    double bin = 0.0;      ///< s, the width of a frame
    std::uint64_t seed = 0;
    std::uint64_t replication = 0;
    std::vector<std::string> operations;     ///< in the study's order
    std::vector<StreamComponent> components; ///< in file order
};

/// The `summary` line: how the run ended, and the figures of
/// `scalelab-cli run --format json` (docs/cli.md) as a JSON object.
struct StreamSummary
{
    bool stopped = false; ///< the run ended early
    double end = 0.0;     ///< s of simulated time reached
    std::string report;   ///< a JSON object; its keys follow `stopped` and `end` on the line
};

/// The `error` line.
struct StreamError
{
    std::string message;
    bool fatal = false; ///< the run could not start or go on: this is the last line
};

/// A line of a type this build does not know (a reader skips it).
struct UnknownLine
{
    std::string type;
};

/// Any line of the stream, read.
using StreamLine = std::variant<StreamStart, RunEvent, Frame, StreamSummary, StreamError, UnknownLine>;

std::string toJson(const StreamStart& start);
/// An `event` line; `detail` is left out when empty.
std::string toJson(const RunEvent& event);
/// The `frame` line of `frame` (its events are lines of their own: frameLines()).
std::string toJson(const Frame& frame);
/// The `summary` line; throws StreamFormatError when `report` is not a JSON object.
std::string toJson(const StreamSummary& summary);
std::string toJson(const StreamError& error);

/// A bin as the stream sends it: one `event` line per event, then the
/// `frame` line, each ending in a newline.
std::string frameLines(const Frame& frame);

/// Reads one line of any type (without its newline).
StreamLine parseStreamLine(std::string_view line);
/// Reads a `frame` line (its events are not on it: Frame::events is empty).
Frame frameFromJson(std::string_view line);
/// Reads an `event` line.
RunEvent eventFromJson(std::string_view line);

/// Reads the lines of frameLines(), in order: events gather until the frame
/// that follows them.
class FrameReader
{
public:
    /// Feeds one line: true when it completed a frame (then take() it).
    /// Throws StreamFormatError on a line that is neither an event nor a frame.
    bool add(std::string_view line);
    /// The frame completed by the last add(), with its events.
    Frame take();
    /// Events read since the last frame.
    const std::vector<RunEvent>& pendingEvents() const { return m_pending; }

private:
    std::vector<RunEvent> m_pending;
    Frame m_frame;
};

} // namespace scalelab::sim
