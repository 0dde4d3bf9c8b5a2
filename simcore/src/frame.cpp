#include "simcore/frame.h"

namespace scalelab::sim {

int FleetStatus::provisioned() const
{
    int n = 0;
    for (const InstanceCounts& c : components)
        n += c.serving + c.booting + c.draining + c.down;
    return n;
}

} // namespace scalelab::sim
