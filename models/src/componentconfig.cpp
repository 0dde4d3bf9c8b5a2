#include "models/componentconfig.h"

#include <array>
#include <utility>

namespace scalelab::models {

namespace {

constexpr std::array<std::pair<LbPolicy, std::string_view>, 5> kPolicies{{
    {LbPolicy::RoundRobin, "round_robin"},
    {LbPolicy::Random, "random"},
    {LbPolicy::LeastConnections, "least_connections"},
    {LbPolicy::PowerOfTwo, "power_of_two"},
    {LbPolicy::Weighted, "weighted"},
}};

template <typename Table, typename Key> std::string_view lookup(const Table& table, Key key)
{
    for (const auto& [k, name] : table)
        if (k == key)
            return name;
    return {};
}

template <typename Table> std::vector<std::string> names(const Table& table)
{
    std::vector<std::string> out;
    for (const auto& entry : table)
        out.emplace_back(entry.second);
    return out;
}

} // namespace

std::string_view policyName(LbPolicy policy) { return lookup(kPolicies, policy); }
std::vector<std::string> healthCheckNames() { return {"active", "none"}; }

std::vector<std::string> policyNames() { return names(kPolicies); }

} // namespace scalelab::models
