#pragma once

#include "simcore/distribution.h"
#include "simcore/random.h"
#include "simcore/request.h"

#include <vector>

namespace scalelab::sim {
class Station;
} // namespace scalelab::sim

namespace scalelab::models {

/// A station with a service-time distribution and probabilistic routing: after
/// its visit a request goes to one of the next nodes, or leaves to the exit
/// handler with the remaining probability. The building block of open queueing
/// networks (Jackson networks, tandems, feedback loops). Errors and rejections
/// leave at once.
class QueueNode : public sim::Handler
{
public:
    QueueNode(sim::Station& station, sim::Distribution service, sim::RandomStream serviceStream,
              sim::RandomStream routeStream, sim::Handler& exit);

    /// After this node, go to `next` with probability p (sum over routes <= 1).
    void addRoute(QueueNode& next, double probability);

    /// Sends a request into this node (a Source may use the node as its entry).
    void accept(sim::Request& request);

    /// Called when this node's visit ends.
    void onDone(sim::Request& request, sim::Outcome outcome) override;

    sim::Station& station() const { return m_station; }
    const sim::Distribution& service() const { return m_service; }

private:
    struct Route
    {
        QueueNode* next;
        double cumulative;
    };
    sim::Station& m_station;
    sim::Distribution m_service;
    sim::RandomStream m_serviceStream;
    sim::RandomStream m_routeStream;
    sim::Handler& m_exit;
    std::vector<Route> m_routes;
};

/// Entry adapter: a Source hands requests to a Handler; this forwards them into a node.
class NodeEntry : public sim::Handler
{
public:
    explicit NodeEntry(QueueNode& node) : m_node(node) {}
    void onDone(sim::Request& request, sim::Outcome) override { m_node.accept(request); }

private:
    QueueNode& m_node;
};

} // namespace scalelab::models
