#pragma once

#include "models/kinds/kind.h"

namespace scalelab::models::kinds {

/// A third-party API: latency and errors, no machines of ours. Its calls
/// wait at the caller.
class External final : public Kind
{
public:
    External() : Kind(ComponentKind::External) {}
    std::string unkillable(const ComponentConfig&) const override { return "an external: no machine"; }
    bool hasMachines() const override { return false; }
    bool hasWorkerPool() const override { return false; }
    bool countedByInstances() const override { return false; }
    bool runsInCaller() const override { return true; }
    bool remote() const override { return true; }
    std::string_view notApplicableHint(std::string_view key, bool step) const override
    {
        return step && key == "cpu" ? "an external's delay is its latency" : "";
    }
    int instanceCount(const ComponentConfig&) const override { return 0; }

    detail::Next work(detail::Runtime&, detail::Component& c, sim::Request&, detail::Flow&,
                      detail::Frame& fr) const override;
};

} // namespace scalelab::models::kinds
