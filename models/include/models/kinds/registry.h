#pragma once

#include <string>
#include <string_view>
#include <vector>

/// Every component kind, one line each: its enumerator (also the class name of
/// its module) and its name in study files. The order is the order the
/// palette, the format reference and every `known:` list show them in. A
/// kind's behaviour is its module, one header/source pair under
/// models/src/kinds/ that ends with SCALELAB_DEFINE_KIND; adding a kind is
/// that pair and one line here.
#define SCALELAB_COMPONENT_KINDS(X)  \
    X(Entry, entry)                  \
    X(LoadBalancer, load_balancer)   \
    X(ApiGateway, api_gateway)       \
    X(Service, service)              \
    X(Module, module)                \
    X(Cache, cache)                  \
    X(MessageQueue, message_queue)   \
    X(SqlDatabase, sql_database)     \
    X(NosqlStore, nosql_store)       \
    X(External, external)            \
    X(Cdn, cdn)

namespace scalelab::models {

/// The kinds of box an architect draws (models/src/kinds/ has one module each).
enum class ComponentKind {
#define SCALELAB_KIND_ENUMERATOR(id, name) id,
    SCALELAB_COMPONENT_KINDS(SCALELAB_KIND_ENUMERATOR)
#undef SCALELAB_KIND_ENUMERATOR
};

class Kind;

/// The module of a kind: its behaviour, analytic model, prices and looks.
const Kind& kindOf(ComponentKind kind);
/// Every kind's module, in list order.
const std::vector<const Kind*>& allKinds();
/// The kind's name in study files ("load_balancer").
std::string_view kindName(ComponentKind kind);
/// Every kind's name, in list order.
std::vector<std::string> kindNames();

/// Defined once per kind by SCALELAB_DEFINE_KIND in the kind's source.
template <ComponentKind K> const Kind& kindModule();

} // namespace scalelab::models

/// Registers the module class `Class` (in scalelab::models::kinds) as the kind
/// ComponentKind::Class. Use once, at namespace scalelab::models scope, in
/// the kind's source.
#define SCALELAB_DEFINE_KIND(Class)                                                                     \
    template <> const Kind& kindModule<ComponentKind::Class>()                                          \
    {                                                                                                    \
        static const kinds::Class module;                                                               \
        return module;                                                                                   \
    }
