#include "models/fields.h"

namespace scalelab::models {

unsigned kindsWith(bool (Kind::*trait)() const)
{
    unsigned mask = 0;
    for (const Kind* k : allKinds())
        if ((k->*trait)())
            mask |= kindBit(k->id());
    return mask;
}

std::vector<ComponentKind> kindsIn(unsigned mask)
{
    std::vector<ComponentKind> out;
    for (const Kind* k : allKinds())
        if (mask & kindBit(k->id()))
            out.push_back(k->id());
    return out;
}

std::string_view notApplicableHint(ComponentKind kind, std::string_view key, bool step)
{
    return kindOf(kind).notApplicableHint(key, step);
}

} // namespace scalelab::models
