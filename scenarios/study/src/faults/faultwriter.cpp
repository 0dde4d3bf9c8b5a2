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
    case T::CountOrShare:
        return std::to_string(static_cast<int>(value));
    case T::Multiplier:
    case T::Fraction:
        return formatNumber(value);
    case T::Bandwidth:
        return formatBitRate(value);
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
        if (namesPair(type.target()))
            out << Flow << BeginSeq << f.target << f.peer << EndSeq;
        else
            out << f.target;
        for (const FaultSetting& s : type.settings()) {
            const std::optional<double> v = s.required.empty() ? f.setting(s.key) : f.value(s.key);
            if (!v || (s.required.empty() && s.byDefault && *v == *s.byDefault))
                continue;
            out << Key << std::string(s.key) << Value
                << (f.shares.count(s.key) ? formatPercent(*v) : settingText(s.type, *v));
        }
        if (!f.only.empty()) {
            out << Key << "only" << Value << Flow << BeginSeq;
            for (const std::string& v : f.only)
                out << v;
            out << EndSeq;
        }
        out << EndMap;
    }
    out << EndSeq;
}

} // namespace scalelab::scenarios
