#include "models/pricing.h"

namespace scalelab::models {

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
