#include "models/pricing.h"

#include "models/kinds/kind.h"

namespace scalelab::models {

std::map<ComponentKind, double> Pricing::defaultCoreHour()
{
    std::map<ComponentKind, double> prices;
    for (const Kind* kind : allKinds())
        if (const std::optional<double> price = kind->coreHourPrice())
            prices[kind->id()] = *price;
    return prices;
}

double Pricing::hourly(const ComponentConfig& component) const
{
    return hourly(component, component.cores);
}

double Pricing::hourly(const ComponentConfig& component, int cores) const
{
    if (component.hourlyPrice)
        return *component.hourlyPrice * double(cores) / double(component.cores);
    const auto it = coreHour.find(component.kind);
    return it == coreHour.end() ? 0.0 : it->second * double(cores);
}

} // namespace scalelab::models
