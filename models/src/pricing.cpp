#include "models/pricing.h"

namespace scalelab::models {

double Pricing::hourly(const ComponentConfig& component) const
{
    if (component.hourlyPrice)
        return *component.hourlyPrice;
    const auto it = coreHour.find(component.kind);
    return it == coreHour.end() ? 0.0 : it->second * double(component.cores);
}

} // namespace scalelab::models
