#include "scenarios/fieldtext.h"

#include "scenarios/diagnostic.h"
#include "scenarios/quantities.h"

namespace scalelab::scenarios {

using models::FieldInfo;
using models::FieldType;

std::string fieldText(const FieldInfo& field, double value)
{
    switch (field.type) {
    case FieldType::Duration:
        return formatDurationExact(value);
    case FieldType::Fraction:
        return field.has(models::field::Percent) ? formatPercent(value) : formatNumber(value);
    case FieldType::Bandwidth:
        return field.has(models::field::BitRate) ? formatBitRate(value) : formatByteRate(value);
    case FieldType::Bytes:
        return formatBytes(value);
    default:
        return formatNumber(value);
    }
}

bool sameDistribution(const sim::Distribution& a, const sim::Distribution& b)
{
    return a.kind() == b.kind() && a.mean() == b.mean() && a.cv() == b.cv() && a.describe() == b.describe();
}

std::string distributionText(const sim::Distribution& d)
{
    using K = sim::Distribution::Kind;
    if (d.kind() == K::Constant)
        return formatDurationExact(d.mean()); // "8ms" reads back as constant(8ms)
    const std::string text = d.describe();
    const auto back = sim::Distribution::parse(text);
    if (back.ok() && sameDistribution(back.value, d))
        return text;
    // describe() keeps 6 significant digits; where the parameters are the mean
    // and cv, write them exactly. (Uniform bounds and empirical samples are not
    // exposed by Distribution: their text is describe()'s.)
    const std::string name(sim::Distribution::kindName(d.kind()));
    switch (d.kind()) {
    case K::Exponential:
        return name + "(" + formatDurationExact(d.mean()) + ")";
    case K::Lognormal:
    case K::Gamma:
        return name + "(" + formatDurationExact(d.mean()) + ", cv=" + formatNumber(d.cv()) + ")";
    default:
        return text;
    }
}

std::string rangeText(const FieldInfo& field)
{
    const models::FieldRange& r = field.range;
    if (field.type == FieldType::Fraction)
        return r.min && r.minExclusive ? "> 0 and <= 1" : "between 0 and 1";
    if (r.min && r.max)
        return "between " + formatNumber(*r.min) + " and " + formatNumber(*r.max);
    if (r.min)
        return std::string(r.minExclusive ? "> " : ">= ") + formatNumber(*r.min);
    if (r.max)
        return "<= " + formatNumber(*r.max);
    return {};
}

std::string rangeError(const FieldInfo& field, double value, const std::string& text)
{
    const models::FieldRange& r = field.range;
    if (field.type == FieldType::Fraction) {
        if (value < 0 || value > 1)
            return "must be between 0 and 1 (or 0% and 100%) (got " + text + ")";
        if (r.min && r.minExclusive && !(value > *r.min))
            return "must be > " + formatNumber(*r.min) + " (got " + text + ")";
        return {};
    }
    const bool low = r.min && (r.minExclusive ? !(value > *r.min) : !(value >= *r.min));
    const bool high = r.max && !(value <= *r.max);
    if (!low && !high)
        return {};
    return "must be " + rangeText(field) + " (got " + text + ")";
}

std::string expectedText(const FieldInfo& field)
{
    switch (field.type) {
    case FieldType::Integer:
        return "a whole number";
    case FieldType::Number:
        return "a number";
    case FieldType::Duration:
        return "a duration such as 250ms";
    case FieldType::Fraction:
        return "a number between 0 and 1 or a percentage";
    case FieldType::Bandwidth:
        return "a bandwidth such as 10Gbps";
    case FieldType::Bytes:
        return "a size such as 2KB";
    case FieldType::Distribution:
        return "a distribution such as lognormal(8ms, cv=0.5)";
    case FieldType::Text:
        return field.note.empty() ? "text" : std::string(field.note);
    default:
        return "a name";
    }
}

std::string typeText(const FieldInfo& field)
{
    switch (field.type) {
    case FieldType::Integer:
        return "whole number";
    case FieldType::Number:
        return "number";
    case FieldType::Duration:
        return "duration";
    case FieldType::Fraction:
        return "fraction";
    case FieldType::Bandwidth:
        return "bandwidth";
    case FieldType::Bytes:
        return "size";
    case FieldType::Distribution:
        return "distribution";
    case FieldType::Name:
        return "name";
    case FieldType::Text:
        return "text";
    case FieldType::Enum: {
        std::string out;
        for (const auto& c : field.choices())
            out += (out.empty() ? "`" : ", `") + c + "`";
        return out;
    }
    case FieldType::List: {
        if (!field.part.empty())
            return "list of `" + std::string(field.part) + "`";
        FieldInfo item = field;
        item.type = field.item.value_or(FieldType::Number);
        item.item.reset();
        return item.type == FieldType::List ? "list of lists" : "list of " + typeText(item) + "s";
    }
    case FieldType::Map:
        return field.part.empty() ? "map" : "`" + std::string(field.part) + "`";
    }
    return {};
}

} // namespace scalelab::scenarios
