#include "models/fields.h"

#include <array>

namespace scalelab::models {

namespace {

struct KindHint
{
    ComponentKind kind;
    std::string_view key;
    bool step;
    std::string_view hint;
};

constexpr std::array<KindHint, 4> kKindHints{{
    {ComponentKind::SqlDatabase, "threads", false, "a sql_database's worker pool is its pool"},
    {ComponentKind::SqlDatabase, "instances", false, "a sql_database has 1 + replicas instances"},
    {ComponentKind::NosqlStore, "instances", false, "a nosql_store has shards x replication_factor instances"},
    {ComponentKind::External, "cpu", true, "an external's delay is its latency"},
}};

} // namespace

std::vector<ComponentKind> kindsIn(unsigned mask)
{
    std::vector<ComponentKind> out;
    for (unsigned i = 0; i < 10; ++i)
        if (mask & (1u << i))
            out.push_back(static_cast<ComponentKind>(i));
    return out;
}

std::string_view notApplicableHint(ComponentKind kind, std::string_view key, bool step)
{
    for (const auto& h : kKindHints)
        if (h.kind == kind && h.key == key && h.step == step)
            return h.hint;
    return {};
}

} // namespace scalelab::models
