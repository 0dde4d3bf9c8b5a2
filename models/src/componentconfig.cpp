#include "models/componentconfig.h"

#include <algorithm>
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

std::vector<std::string> autoscaleControllerNames() { return {"cooldowns", "hpa"}; }

std::vector<std::string> hpaSelectNames() { return {"max", "min", "disabled"}; }

HpaRules hpaResolved(const HpaRules& rules, bool up)
{
    HpaRules r = rules;
    if (!r.stabilization)
        r.stabilization = up ? 0.0 : 300.0;
    if (r.policies.empty()) {
        if (up)
            r.policies = {{.pods = 4}, {.percent = 100.0}};
        else
            r.policies = {{.percent = 100.0}};
    }
    return r;
}

std::vector<std::string> policyNames() { return names(kPolicies); }

int ComponentConfig::instanceTotal() const
{
    if (groups.empty())
        return instances;
    int n = 0;
    for (const InstanceGroup& g : groups)
        n += g.instances;
    return n;
}

int ComponentConfig::scaledGroup() const
{
    if (groups.empty() || !autoscale)
        return -1;
    if (autoscale->group.empty())
        return int(groups.size()) - 1;
    for (std::size_t i = 0; i < groups.size(); ++i)
        if (groups[i].name == autoscale->group)
            return int(i);
    return -1;
}

double ComponentConfig::firstCapacity(int count) const
{
    if (groups.empty())
        return double(count) * cores * speed;
    double total = 0.0;
    for (const InstanceGroup& g : groups) {
        const int n = std::min(count, g.instances);
        total += double(n) * g.cores.value_or(cores) * g.speed.value_or(speed);
        count -= n;
    }
    return total;
}

ComponentConfig ComponentConfig::groupConfig(std::size_t g) const
{
    ComponentConfig out = *this;
    const InstanceGroup& group = groups.at(g);
    out.groups.clear();
    out.instances = group.instances;
    out.cores = group.cores.value_or(cores);
    out.speed = group.speed.value_or(speed);
    if (group.hourlyPrice)
        out.hourlyPrice = group.hourlyPrice;
    else if (hourlyPrice) // the component's price is for its cores: the group pays for its own
        out.hourlyPrice = *hourlyPrice * double(out.cores) / double(cores);
    return out;
}

} // namespace scalelab::models
