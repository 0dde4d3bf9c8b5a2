#pragma once

#include "scenarios/faulttype.h"

#include "models/fields.h"

namespace scalelab::scenarios::detail {

/// `consumer_outage: <message_queue>`: the queue's consumers stop for `for`; the
/// backlog grows, then drains.
class ConsumerOutageFault final : public FaultType
{
public:
    std::string_view key() const override { return "consumer_outage"; }
    FaultTarget target() const override { return FaultTarget::Component; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
    unsigned targetKinds() const override { return models::kindBit(ComponentKind::MessageQueue); }
};

} // namespace scalelab::scenarios::detail
