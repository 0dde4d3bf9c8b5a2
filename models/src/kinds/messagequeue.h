#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A message queue: a call enqueues its work and the producer goes on; the
/// consumer service's instances take messages (`concurrency` each), retry a
/// failed one up to `max_attempts`, then dead-letter it.
class MessageQueue final : public Kind
{
public:
    MessageQueue() : Kind(ComponentKind::MessageQueue) {}
    std::string_view baseName() const override { return "queue"; }
    void referTo(ComponentConfig& c, const std::string& service) const override { c.consumer = service; }
    bool hasWorkerPool() const override { return false; }
    bool delivers() const override { return true; }
    std::optional<double> coreHourPrice() const override { return 0.144; }

    std::unique_ptr<detail::KindState> makeState(const ComponentConfig&) const override;
    void link(detail::Runtime& rt, detail::Component& c) const override;
    detail::Next admit(detail::Runtime& rt, detail::Component& c, sim::Request& r,
                       detail::Frame& fr) const override;
    void delivered(detail::Runtime& rt, detail::Component& c, const detail::Message& m,
                   sim::Outcome o) const override;
    double backlogFor(const detail::Component& c, const detail::Component& consumer) const override;
    void resumed(detail::Runtime& rt, detail::Component& c) const override;
    void gauges(const detail::Runtime& rt, const detail::Component& c, std::vector<Gauge>& out) const override;
    bool consumerOutage(detail::Runtime& rt, detail::Component& c, double duration) const override;

    void addPools(analytic::detail::Network&, int) const override {}
    void analyticCall(analytic::detail::Network&, analytic::detail::Node& n, int callerAt) const override;
};

} // namespace scalelab::models::kinds
