#include "scenarios/faulttype.h"

#include "cacheflushfault.h"
#include "consumeroutagefault.h"
#include "errorsfault.h"
#include "failoverfault.h"
#include "killfault.h"
#include "partitionfault.h"
#include "slowfault.h"
#include "zoneoutagefault.h"

#include <tuple>

namespace scalelab::scenarios {

namespace {

template <typename... Types> std::vector<const FaultType*> instances()
{
    static const std::tuple<Types...> types;
    return {&std::get<Types>(types)...};
}

} // namespace

// The order of the study file's documentation: it orders the action list in
// diagnostics, the writer's keys and the JSON Schema.
const std::vector<const FaultType*>& faultTypes()
{
    static const std::vector<const FaultType*> types = instances<
        detail::KillFault,
        detail::ZoneOutageFault,
        detail::SlowFault,
        detail::ErrorsFault,
        detail::PartitionFault,
        detail::FailoverFault,
        detail::CacheFlushFault,
        detail::ConsumerOutageFault>();
    return types;
}

} // namespace scalelab::scenarios
