#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A service: instances with a worker pool each, doing the CPU work its
/// calls ask for. Every default of Kind is a service's.
class Service final : public Kind
{
public:
    Service() : Kind(ComponentKind::Service) {}
    bool hostsWork() const override { return true; }
    std::optional<double> coreHourPrice() const override { return 0.048; }
};

} // namespace scalelab::models::kinds
