#pragma once

#include "models/tracesink.h"
#include "scenarios/study.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace scalelab::import {

/// Simulated time 0 as a wall clock: 2026-01-01T00:00:00Z, in seconds since
/// the Unix epoch. Exported spans carry it plus their simulated time.
inline constexpr std::int64_t kTraceEpoch = 1767225600;

/// Writes a run's traces as the OpenTelemetry collector's file exporter
/// does: one ExportTraceServiceRequest as JSON per line, one line per
/// request. A visit at a load balancer, gateway, service or module is a
/// SERVER span of that service (named after the operation); every call a
/// component makes is a CLIENT span of the caller (named after the callee,
/// with peer.service; db.system and db.operation for databases). Databases,
/// stores, caches, queues and externals write no spans of their own. Trace
/// and span ids are hashes of the seed, the replication and the request, so
/// the same run writes the same bytes.
class OtlpWriter : public models::TraceSink
{
public:
    OtlpWriter(std::ostream& out, const scenarios::Study& study, const scenarios::Variant& variant,
               std::uint64_t seed, std::uint32_t replication);
    void onTrace(const models::TraceRecord& trace) override;
    /// Requests written so far.
    std::uint64_t written() const { return m_written; }

private:
    std::ostream& m_out;
    std::vector<std::string> m_operations;
    std::vector<std::string> m_components;
    std::vector<scenarios::ComponentKind> m_kinds;
    std::uint64_t m_seed;
    std::uint32_t m_replication;
    std::uint64_t m_written = 0;
};

/// Whether a component of this kind writes SERVER spans (a traced service).
bool writesServerSpans(scenarios::ComponentKind kind);

} // namespace scalelab::import
