#include "cacheflushfault.h"

#include "models/system.h"

namespace scalelab::scenarios::detail {

std::string_view CacheFlushFault::help() const { return "Cache that loses every entry."; }

std::span<const FaultSetting> CacheFlushFault::settings() const { return {}; }

bool CacheFlushFault::apply(models::System& system, const Fault& fault) const
{
    return system.flushCache(fault.target);
}

} // namespace scalelab::scenarios::detail
