#pragma once

#include "scenarios/faulttype.h"

namespace scalelab::scenarios::detail {

/// `network: [a, b]` (two components, or two zones): for `for`, every message
/// between the two, either way, gets `latency` +- `jitter` more, loses each of
/// its packets with probability `loss` (resent after TCP's retransmission
/// timeout), and queues through a `bandwidth` cap per direction.
class NetworkFault final : public FaultType
{
public:
    std::string_view key() const override { return "network"; }
    FaultTarget target() const override { return FaultTarget::Pair; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    void readSettings(FaultEntry& entry, Fault& fault) const override;
    bool apply(models::System& system, const Fault& fault) const override;
    std::string inertAtRunTime(const Fault& fault) const override;
};

} // namespace scalelab::scenarios::detail
