#pragma once

#include <cstdint>
#include <vector>

namespace scalelab::models {

/// Which side of a call a span stands for.
enum class SpanSide : std::uint8_t {
    Server, ///< the visit at the called component: from its arrival to its reply being sent
    Client, ///< the call as its caller sees it: from the call's start to its answer (network both ways)
};

/// One span of a traced request. Indices name components in
/// SystemConfig::components' order.
struct SpanRecord
{
    SpanSide side = SpanSide::Server;
    int parent = -1;         ///< index in TraceRecord::spans of the enclosing span; -1: the root
    int component = -1;      ///< the called component (server: where the visit ran)
    int caller = -1;         ///< the calling component; -1: the clients
    int instance = 0;        ///< the instance the visit ran at (server spans)
    double start = 0.0;      ///< s
    double end = 0.0;        ///< s; >= start
    bool error = false;      ///< the call or visit ended in an error or a refusal
    bool write = false;      ///< a database call made a write query
    bool ended = false;      ///< closed (a span still open when the trace is written is left out)
};

/// One request's spans, in the order they started, given when its root call ends.
struct TraceRecord
{
    std::uint64_t request = 0;    ///< the request's id (1, 2, ... in arrival order)
    std::uint32_t operation = 0;  ///< index of the operation
    std::vector<SpanRecord> spans;
};

/// Receives the traces of the requests a run samples (SystemConfig::traceSink).
class TraceSink
{
public:
    virtual ~TraceSink() = default;
    virtual void onTrace(const TraceRecord& trace) = 0;
};

/// Whether request `id` of a run keyed by `seed` and `replication` is traced
/// at sampling rate `rate` (0..1): a hash of the three, so the same requests
/// are traced whatever else the run records.
bool traceSampled(std::uint64_t seed, std::uint32_t replication, std::uint64_t id, double rate);

} // namespace scalelab::models
