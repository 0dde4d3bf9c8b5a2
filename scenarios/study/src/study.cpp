#include "scenarios/study.h"

#include "scenarios/faulttype.h"

#include <algorithm>

namespace scalelab::scenarios {

const Component* Variant::find(const std::string& componentName) const
{
    for (const auto& c : components)
        if (c.name == componentName)
            return &c;
    return nullptr;
}

const RoleMapping* Variant::findRole(std::string_view role) const
{
    for (const auto& r : roles)
        if (r.role == role)
            return &r;
    return nullptr;
}

const Role* Study::findRole(std::string_view roleName) const
{
    for (const auto& r : roles)
        if (r.name == roleName)
            return &r;
    return nullptr;
}

bool Fault::appliesTo(std::string_view variant) const
{
    return only.empty() || std::find(only.begin(), only.end(), variant) != only.end();
}

const Variant* Study::findVariant(const std::string& variantName) const
{
    for (const auto& v : variants)
        if (v.name == variantName)
            return &v;
    return nullptr;
}

std::vector<std::string> sweepCombineNames()
{
    return {"grid", "zip"};
}

std::vector<std::string> sweepSpacingNames()
{
    return {"linear", "log"};
}

std::vector<std::string> arrivalNames()
{
    return {"poisson", "deterministic"};
}

std::optional<double> Fault::setting(std::string_view key) const
{
    if (const auto it = settings.find(key); it != settings.end())
        return it->second;
    if (const FaultType* t = findFaultType(type))
        if (const FaultSetting* s = t->setting(key))
            return s->byDefault;
    return std::nullopt;
}

} // namespace scalelab::scenarios
