#pragma once

#include "scenarios/diagnostic.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace scalelab::import {

/// OpenTelemetry's span kinds (Jaeger's span.kind tag has the same names).
enum class SpanKind { Unspecified, Internal, Server, Client, Producer, Consumer };

/// One span as read from a trace file, whatever its format.
struct Span
{
    std::string traceId;
    std::string spanId;
    std::string parentId;  ///< empty: a root
    std::string name;
    std::string service;   ///< the resource's service.name (Jaeger: the process's serviceName)
    SpanKind kind = SpanKind::Unspecified;
    std::int64_t start = 0; ///< ns since the Unix epoch
    std::int64_t end = 0;   ///< ns; >= start
    std::map<std::string, std::string> attributes; ///< values as text
    bool error = false;    ///< status ERROR (Jaeger: the error tag)
    std::string file;      ///< where it was read
    int line = 0;
};

/// What the readers found in trace files: the spans, the problems with a
/// place (file:line), and the input left out, counted by reason.
struct TraceInput
{
    std::vector<Span> spans;
    std::vector<scenarios::Diagnostic> diagnostics;
    std::map<std::string, int> skipped; ///< reason -> count ("malformed line", "span without a trace id", ...)
    /// Whether something was read that was neither format (an error: nothing to import).
    bool hasErrors() const;
};

/// A component name the study accepts, from a service or host name: letters,
/// digits, '_' and '-' kept, anything else '_' ("c_" before a leading non-letter).
std::string componentName(std::string name);

/// Who a client span calls when no server span answers it: peer.service,
/// db.name, server.address, net.peer.name, the host of http.url or url.full,
/// db.system, else the span's name (as a component name).
std::string leafTarget(const Span& span);

/// Reads one trace file into `input`: OTLP JSON (one ExportTraceServiceRequest
/// per line, as the collector's file exporter writes, or one object for the
/// whole file) or a Jaeger JSON export ({"data": [{"traceID", "spans",
/// "processes"}]}), told apart by their keys. A line that does not parse is
/// skipped with a warning at its line; a file of neither format, or that
/// cannot be read, is an error.
void readTraceFile(const std::string& path, TraceInput& input);

/// Reads trace text (as readTraceFile, `name` standing for the file).
void readTraceText(const std::string& text, const std::string& name, TraceInput& input);

} // namespace scalelab::import
