#include "faultwriter.h"

#include "scenarios/faulttype.h"
#include "scenarios/quantities.h"

#include <yaml-cpp/yaml.h>

namespace scalelab::scenarios {

namespace {

std::string settingText(FaultSetting::Type type, double value)
{
    using T = FaultSetting::Type;
    switch (type) {
    case T::Count:
        return std::to_string(static_cast<int>(value));
    case T::Multiplier:
    case T::Fraction:
        return formatNumber(value);
    case T::Duration:
    case T::PositiveDuration:
    case T::DurationOrNever:
        break;
    }
    return formatDurationExact(value);
}

} // namespace

void emitFaults(YAML::Emitter& out, const std::vector<Fault>& faults)
{
    using namespace YAML;
    out << Key << "faults" << Value << Block << BeginSeq;
    for (const auto& f : faults) {
        const FaultType& type = faultTypeOf(f);
        out << Flow << BeginMap << Key << "at" << Value << formatDurationExact(f.at);
        out << Key << std::string(type.key()) << Value;
        if (type.target() == FaultTarget::ZonePair)
            out << Flow << BeginSeq << f.target << f.peer << EndSeq;
        else
            out << f.target;
        for (const FaultSetting& s : type.settings()) {
            const std::optional<double> v = s.required.empty() ? f.setting(s.key) : f.value(s.key);
            if (!v || (s.required.empty() && s.byDefault && *v == *s.byDefault))
                continue;
            out << Key << std::string(s.key) << Value << settingText(s.type, *v);
        }
        out << EndMap;
    }
    out << EndSeq;
}

} // namespace scalelab::scenarios
