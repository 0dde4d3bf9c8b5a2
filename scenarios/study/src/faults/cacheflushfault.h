#pragma once

#include "scenarios/faulttype.h"

namespace scalelab::scenarios::detail {

/// `cache_flush: <cache>`: the cache loses every entry.
class CacheFlushFault final : public FaultType
{
public:
    std::string_view key() const override { return "cache_flush"; }
    FaultTarget target() const override { return FaultTarget::Component; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
    std::optional<ComponentKind> targetKind() const override { return ComponentKind::Cache; }
};

} // namespace scalelab::scenarios::detail
