#include "models/kinds/registry.h"

#include "models/kinds/kind.h"

#include <array>

namespace scalelab::models {

#define SCALELAB_KIND_DECLARATION(id, name) template <> const Kind& kindModule<ComponentKind::id>();
SCALELAB_COMPONENT_KINDS(SCALELAB_KIND_DECLARATION)
#undef SCALELAB_KIND_DECLARATION

namespace {

struct Registered
{
    std::string_view name;
    const Kind& (*module)();
};

constexpr Registered kKinds[] = {
#define SCALELAB_KIND_ENTRY(id, name) {#name, &kindModule<ComponentKind::id>},
    SCALELAB_COMPONENT_KINDS(SCALELAB_KIND_ENTRY)
#undef SCALELAB_KIND_ENTRY
};

} // namespace

const std::vector<const Kind*>& allKinds()
{
    static const std::vector<const Kind*> modules = [] {
        std::vector<const Kind*> out;
        for (const Registered& k : kKinds)
            out.push_back(&k.module());
        return out;
    }();
    return modules;
}

const Kind& kindOf(ComponentKind kind) { return *allKinds()[std::size_t(kind)]; }

std::string_view kindName(ComponentKind kind) { return kKinds[std::size_t(kind)].name; }

std::vector<std::string> kindNames()
{
    std::vector<std::string> out;
    for (const Registered& k : kKinds)
        out.emplace_back(k.name);
    return out;
}

} // namespace scalelab::models
