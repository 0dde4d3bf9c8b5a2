#include "scenarios/study.h"

namespace scalelab::scenarios {

const Component* Variant::find(const std::string& componentName) const
{
    for (const auto& c : components)
        if (c.name == componentName)
            return &c;
    return nullptr;
}

const Variant* Study::findVariant(const std::string& variantName) const
{
    for (const auto& v : variants)
        if (v.name == variantName)
            return &v;
    return nullptr;
}

std::vector<std::string> arrivalNames()
{
    return {"poisson", "deterministic"};
}

} // namespace scalelab::scenarios

namespace scalelab::scenarios {

std::string_view faultKey(Fault::Kind kind)
{
    switch (kind) {
    case Fault::Kind::Kill:
        return "kill";
    case Fault::Kind::ZoneOutage:
        return "zone_outage";
    case Fault::Kind::Slow:
        return "slow";
    case Fault::Kind::Errors:
        return "errors";
    case Fault::Kind::Partition:
        return "partition";
    case Fault::Kind::Failover:
        return "failover";
    case Fault::Kind::CacheFlush:
        return "cache_flush";
    case Fault::Kind::ConsumerOutage:
        return "consumer_outage";
    }
    return {};
}

} // namespace scalelab::scenarios
