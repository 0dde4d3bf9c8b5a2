#pragma once

#include "scenarios/faulttype.h"

#include "models/fields.h"

namespace scalelab::scenarios::detail {

/// `cache_flush: <cache>`: the cache (any kind that caches) loses every entry.
class CacheFlushFault final : public FaultType
{
public:
    std::string_view key() const override { return "cache_flush"; }
    FaultTarget target() const override { return FaultTarget::Component; }
    std::string_view help() const override;
    std::span<const FaultSetting> settings() const override;
    bool apply(models::System& system, const Fault& fault) const override;
    /// Every kind that caches (Kind::caches).
    unsigned targetKinds() const override { return models::kindsWith(&models::Kind::caches); }
};

} // namespace scalelab::scenarios::detail
