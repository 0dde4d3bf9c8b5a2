#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// An API gateway: authenticates each call (CPU), limits each client class's
/// rate with a token bucket, and skips an instance its calls found down
/// (passive health checking) until it is up again.
class ApiGateway final : public Kind
{
public:
    ApiGateway() : Kind(ComponentKind::ApiGateway) {}
    std::string_view baseName() const override { return "gateway"; }
    std::optional<double> coreHourPrice() const override { return 0.048; }

    std::unique_ptr<detail::KindState> makeState(const ComponentConfig& c) const override;
    detail::Instance* choose(detail::Runtime& rt, detail::Component& self, detail::Component& owner,
                             const detail::Instance* avoid) const override;
    detail::Next admit(detail::Runtime& rt, detail::Component& c, sim::Request& r,
                       detail::Frame& fr) const override;
    double demand(detail::Runtime&, detail::Component& c, detail::Flow&, detail::Frame&,
                  double cpu) const override;
    void backendFailed(detail::Runtime& rt, detail::Component& self, detail::Instance& backend) const override;

    void analyticCall(analytic::detail::Network& net, analytic::detail::Node& n, int callerAt) const override;
};

} // namespace scalelab::models::kinds
