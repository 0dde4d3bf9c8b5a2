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

} // namespace scalelab::scenarios
