#include "models/queuenode.h"

#include "simcore/station.h"

#include <cassert>

namespace scalelab::models {

QueueNode::QueueNode(sim::Station& station, sim::Distribution service,
                     sim::RandomStream serviceStream, sim::RandomStream routeStream, sim::Handler& exit)
    : m_station(station), m_service(std::move(service)), m_serviceStream(serviceStream),
      m_routeStream(routeStream), m_exit(exit)
{
}

void QueueNode::addRoute(QueueNode& next, double probability)
{
    const double before = m_routes.empty() ? 0.0 : m_routes.back().cumulative;
    assert(probability >= 0 && before + probability <= 1.0 + 1e-12);
    m_routes.push_back({&next, before + probability});
}

void QueueNode::accept(sim::Request& request)
{
    m_station.submit(request, m_service.sample(m_serviceStream), *this);
}

void QueueNode::onDone(sim::Request& request, sim::Outcome outcome)
{
    if (outcome != sim::Outcome::Ok || m_routes.empty()) {
        m_exit.onDone(request, outcome);
        return;
    }
    const double u = m_routeStream.uniform();
    for (const Route& r : m_routes) {
        if (u < r.cumulative) {
            r.next->accept(request);
            return;
        }
    }
    m_exit.onDone(request, outcome);
}

} // namespace scalelab::models
