#include "routezone.h"

#include "simcore/simulation.h"

#include <simgrid/kernel/routing/NetPoint.hpp>

#include <algorithm>
#include <cassert>

namespace scalelab::sim::detail {

RouteZone::RouteZone(const std::string& name) : NetZoneImpl(name) {}

std::uint32_t RouteZone::addZone()
{
    // Rows grow by one zone: copy into the wider table (done while the
    // platform is built, a handful of times).
    const std::uint32_t n = m_zones + 1;
    std::vector<Route> wider(std::size_t(n) * n);
    for (std::uint32_t a = 0; a < m_zones; ++a)
        for (std::uint32_t b = 0; b < m_zones; ++b)
            wider[a * n + b] = std::move(m_routes[a * m_zones + b]);
    m_routes = std::move(wider);
    m_zones = n;
    return n - 1;
}

void RouteZone::place(unsigned long netpoint, std::uint32_t zone)
{
    assert(zone < m_zones);
    if (m_zoneOf.size() <= netpoint)
        m_zoneOf.resize(netpoint + 1, 0);
    m_zoneOf[netpoint] = zone;
}

void RouteZone::setRoute(std::uint32_t a, std::uint32_t b, const std::vector<Link*>& links,
                         const std::vector<simgrid::kernel::resource::StandardLinkImpl*>& simgridLinks)
{
    assert(a < m_zones && b < m_zones && links.size() == simgridLinks.size());
    Route r;
    r.links = links;
    r.simgridLinks = simgridLinks;
    for (const Link* l : links) {
        r.latency += l->latency();
        r.bandwidth = std::min(r.bandwidth, l->bandwidth());
        r.fatPipes = r.fatPipes && l->isFatPipe();
    }
    r.set = true;
    Route& forth = m_routes[a * m_zones + b];
    assert(!forth.set && "a route is declared once per pair of zones");
    forth = r;
    if (a != b) {
        std::reverse(r.links.begin(), r.links.end());
        std::reverse(r.simgridLinks.begin(), r.simgridLinks.end());
        Route& back = m_routes[b * m_zones + a];
        assert(!back.set);
        back = std::move(r);
    }
}

void RouteZone::get_local_route(const simgrid::kernel::routing::NetPoint* src,
                                const simgrid::kernel::routing::NetPoint* dst, simgrid::kernel::routing::Route* into,
                                double* latency)
{
    // No route between the two zones: nothing is added, and SimGrid reports
    // no path, as it does for a pair its full zone has no route for. The
    // engine fails such hops before they reach SimGrid.
    const Route& r = route(m_zoneOf.at(src->id()), m_zoneOf.at(dst->id()));
    into->link_list_.insert(into->link_list_.end(), r.simgridLinks.begin(), r.simgridLinks.end());
    if (latency)
        *latency += r.latency;
}

} // namespace scalelab::sim::detail
