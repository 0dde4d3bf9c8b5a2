#include "scenarios/studyfields.h"

namespace scalelab::scenarios {

const std::vector<PartFields>& studyParts()
{
    static const std::vector<PartFields> parts = [] {
        std::vector<PartFields> out;
        forEachPart([&](auto part) {
            using Part = decltype(part);
            out.push_back({Part::part, models::fieldsOf<Part>()});
        });
        return out;
    }();
    return parts;
}

const PartFields* findPart(std::string_view name)
{
    for (const auto& p : studyParts())
        if (p.info.name == name)
            return &p;
    return nullptr;
}

} // namespace scalelab::scenarios
