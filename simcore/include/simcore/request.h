#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace scalelab::sim {

/// How an activity (a visit, a hop, a delay) ended for a request.
enum class Outcome : std::uint8_t {
    Ok,       ///< done
    Error,    ///< failed: host or link down, execution failed, injected error
    Rejected, ///< refused by a full backlog or a limiter; never started
};

struct Request;

/// Receives a request when the activity it was handed to ends. Components chain
/// handlers to form a request's path; the last one is usually the Recorder.
class Handler
{
public:
    virtual ~Handler() = default;
    virtual void onDone(Request& request, Outcome outcome) = 0;
};

/// One flow of control through the system: at most one activity at a time.
/// A fan-out gives each branch a child request (parent set). Plain struct from
/// a RequestPool; never an actor, never a mailbox message.
struct Request
{
    std::uint64_t id = 0;
    double created = 0.0;          ///< s, when it entered the system
    std::uint32_t operation = 0;   ///< index of the business operation
    std::uint32_t visits = 0;      ///< station visits so far
    Request* parent = nullptr;     ///< the request that forked this one, if any
    void* context = nullptr;       ///< owned by the component model that routes it
    std::int64_t tag = 0;          ///< free for the routing model

    // Engine-owned state of the activity in progress.
    Handler* then = nullptr;       ///< who hears about the activity's end
    double enqueued = 0.0;         ///< s, when it reached the current station
    double demand = 0.0;           ///< s of reference CPU for the current visit
    std::uint32_t slot = 0;        ///< index of the in-flight record, engine-internal
    std::uint32_t grantEpoch = 0;  ///< the station's epoch when its last worker was granted
    Handler* visitThen = nullptr;  ///< who hears about a whole visit (Station::submit)
    bool queued = false;           ///< it waited in a backlog for this visit
};

/// A pool of Request structs: stable addresses, no allocation in steady state.
class RequestPool
{
public:
    RequestPool() = default;
    RequestPool(const RequestPool&) = delete;
    RequestPool& operator=(const RequestPool&) = delete;

    /// A fresh request (all fields reset) with the next id (ids start at 1 and
    /// are never reused; a released request's id is 0).
    Request* acquire();
    void release(Request* request);
    /// Requests handed out and not yet released.
    std::size_t live() const { return m_live; }
    /// Requests ever allocated (the pool's high-water mark).
    std::size_t capacity() const { return m_chunks.size() * kChunk; }

private:
    static constexpr std::size_t kChunk = 1024;
    std::vector<std::unique_ptr<Request[]>> m_chunks;
    std::vector<Request*> m_free;
    std::uint64_t m_nextId = 1;
    std::size_t m_live = 0;
};

} // namespace scalelab::sim
