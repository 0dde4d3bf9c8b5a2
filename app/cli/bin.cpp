#include "bin.h"

#include "scenarios/slotracker.h"
#include "simcore/replications.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace scalelab::cli {

std::string binToJson(const sim::MetricFrame& frame, const std::vector<models::Gauge>& gauges,
                      const models::FleetStatus* fleet, const std::vector<models::BreakerState>* breakers)
{
    auto j = nlohmann::ordered_json::parse(sim::frameToJson(frame));
    j["availability"] = scenarios::frameAvailability(frame);
    if (breakers) {
        auto& list = j["breakers"] = nlohmann::ordered_json::array();
        for (const models::BreakerState& b : *breakers)
            list.push_back({{"caller", b.caller}, {"target", b.target}, {"state", b.state}});
    }
    auto& list = j["gauges"] = nlohmann::ordered_json::array();
    for (const models::Gauge& g : gauges)
        list.push_back({{"component", g.component}, {"name", g.name}, {"value", g.value}});
    if (fleet) {
        j["cost"] = fleet->cost;
        j["cost_rate"] = fleet->costRate;
        auto& components = j["components"] = nlohmann::ordered_json::array();
        for (const models::InstanceCounts& c : fleet->components)
            components.push_back({{"name", c.component},
                                  {"instances", c.serving},
                                  {"booting", c.booting},
                                  {"draining", c.draining},
                                  {"down", c.down}});
    }
    return j.dump();
}

Bin binFromJson(const std::string& json)
{
    Bin bin;
    try {
        const auto j = nlohmann::json::parse(json);
        bin.frame = sim::frameFromJson(json);
        for (const auto& g : j.at("gauges"))
            bin.gauges.push_back(
                {g.at("component").get<std::string>(), g.at("name").get<std::string>(), g.at("value").get<double>()});
        if (j.contains("cost")) {
            models::FleetStatus fleet;
            fleet.cost = j.at("cost").get<double>();
            fleet.costRate = j.at("cost_rate").get<double>();
            for (const auto& c : j.at("components"))
                fleet.components.push_back({c.at("name").get<std::string>(), c.at("instances").get<int>(),
                                            c.at("booting").get<int>(), c.at("draining").get<int>(),
                                            c.at("down").get<int>()});
            bin.fleet = std::move(fleet);
        }
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("malformed bin: ") + e.what());
    }
    return bin;
}

std::string eventToJson(const sim::RunEvent& event)
{
    nlohmann::ordered_json line{
        {"type", "event"}, {"time", event.time}, {"kind", event.kind}, {"subject", event.subject}};
    if (!event.detail.empty())
        line["detail"] = event.detail;
    return line.dump();
}

bool isEventJson(const std::string& json)
{
    return json.rfind("{\"type\":\"event\"", 0) == 0;
}

sim::RunEvent eventFromJson(const std::string& json)
{
    try {
        const auto j = nlohmann::json::parse(json);
        return {j.at("time").get<double>(), j.at("kind").get<std::string>(), j.at("subject").get<std::string>(),
                j.value("detail", std::string())};
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("malformed event: ") + e.what());
    }
}

} // namespace scalelab::cli
