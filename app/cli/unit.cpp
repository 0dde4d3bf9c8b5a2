#include "cli/unit.h"

namespace scalelab::cli {

std::string_view unitName(Unit unit)
{
    switch (unit) {
    case Unit::PerSecond:
        return "1/s";
    case Unit::Seconds:
    case Unit::Span:
        return "s";
    case Unit::Ratio:
    case Unit::Load:
        return "fraction";
    case Unit::Usd:
        return "USD";
    case Unit::Bytes:
        return "bytes";
    case Unit::Count:
        break;
    }
    return "count";
}

} // namespace scalelab::cli
