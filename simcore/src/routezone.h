#pragma once

#include <simgrid/kernel/routing/NetZoneImpl.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace scalelab::sim {

class Link;

namespace detail {

/// The links a hop between two machines crosses, and what decides its
/// duration when nothing can slow it down (docs/engine.md, "Which path an
/// activity takes").
struct Route
{
    std::vector<Link*> links;
    std::vector<simgrid::kernel::resource::StandardLinkImpl*> simgridLinks; // the same, as SimGrid routes them
    double latency = 0.0; // s, the links' latencies summed (SimGrid's route latency)
    double bandwidth = std::numeric_limits<double>::infinity(); // bytes/s, the narrowest link's
    bool fatPipes = true; // every link a fat pipe: no hop shares its bandwidth with another
    bool set = false;     // declared by setRoute; a hop between zones without a route fails
};

/// ScaleLab's SimGrid netzone: every machine belongs to a network zone, and
/// the route between two machines is the one declared for their zones' pair.
/// Memory: one entry per machine and one route per ordered pair of network
/// zones, where SimGrid's full zone keeps a table entry per ordered pair of
/// machines. The same table serves SimGrid (get_local_route) and the
/// engine's calendar hops (route()).
class RouteZone final : public simgrid::kernel::routing::NetZoneImpl
{
public:
    explicit RouteZone(const std::string& name);

    /// A new network zone, numbered from 0 in order of creation.
    std::uint32_t addZone();
    std::uint32_t zoneCount() const { return m_zones; }
    /// Puts the netpoint created for a host (its id in this netzone) in `zone`.
    void place(unsigned long netpoint, std::uint32_t zone);
    /// Declares the route between zones a and b, both directions (b to a
    /// crosses the links in reverse order). Once per pair.
    void setRoute(std::uint32_t a, std::uint32_t b, const std::vector<Link*>& links,
                  const std::vector<simgrid::kernel::resource::StandardLinkImpl*>& simgridLinks);
    const Route& route(std::uint32_t from, std::uint32_t to) const { return m_routes[from * m_zones + to]; }

    void get_local_route(const simgrid::kernel::routing::NetPoint* src, const simgrid::kernel::routing::NetPoint* dst,
                         simgrid::kernel::routing::Route* into, double* latency) override;

private:
    std::uint32_t m_zones = 0;
    std::vector<Route> m_routes;          // m_zones x m_zones, row: from
    std::vector<std::uint32_t> m_zoneOf; // by netpoint id
};

} // namespace detail
} // namespace scalelab::sim
