#pragma once

#include "models/componentconfig.h"

#include <map>

namespace scalelab::models {

/// What machines and traffic cost. The defaults are on-demand-like public
/// cloud list prices (rounded; docs/models.md "Cost" names the instance types
/// they follow), meant to be edited in the study's `pricing:` section.
struct Pricing
{
    /// USD per core-hour by kind (each kind's default: Kind::coreHourPrice);
    /// an instance costs this x its cores, unless the component sets its own
    /// hourly price.
    std::map<ComponentKind, double> coreHour = defaultCoreHour();
    double crossZoneGb = 0.02;   ///< USD per GB between zones of a region (both directions billed)
    double crossRegionGb = 0.02; ///< USD per GB between regions

    /// USD per instance-hour of a component.
    double hourly(const ComponentConfig& component) const;
    /// USD per hour of one of the component's instances resized to `cores`
    /// (vertical scaling): the price per core-hour x cores, or the component's
    /// own hourly price scaled by cores / its cores.
    double hourly(const ComponentConfig& component, int cores) const;

    /// Every kind's default USD per core-hour (the kinds billed by core).
    static std::map<ComponentKind, double> defaultCoreHour();
};

} // namespace scalelab::models
