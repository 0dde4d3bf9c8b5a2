#include "simcore/engineversion.h"

#include <xbt/base.h>
// After xbt/base.h: version.h uses its declaration macros without including it.
#include <simgrid/version.h>

namespace scalelab::sim {

std::string engineVersion()
{
    // The library's version, not the headers': a package may upgrade it alone.
    int major = 0, minor = 0, patch = 0;
    sg_version_get(&major, &minor, &patch);
    return "SimGrid " + std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

} // namespace scalelab::sim
