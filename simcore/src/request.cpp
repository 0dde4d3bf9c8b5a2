#include "simcore/request.h"

namespace scalelab::sim {

Request* RequestPool::acquire()
{
    if (m_free.empty()) {
        m_chunks.push_back(std::make_unique<Request[]>(kChunk));
        Request* chunk = m_chunks.back().get();
        m_free.reserve(m_free.size() + kChunk);
        for (std::size_t i = kChunk; i-- > 0;)
            m_free.push_back(&chunk[i]);
    }
    Request* r = m_free.back();
    m_free.pop_back();
    *r = Request{};
    r->id = m_nextId++;
    ++m_live;
    return r;
}

void RequestPool::release(Request* request)
{
    request->id = 0; // a stale reference (a timer, a late answer) sees it is gone
    --m_live;
    m_free.push_back(request);
}

} // namespace scalelab::sim
