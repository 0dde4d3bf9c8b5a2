#include "kinds/entry.h"

#include "analytic/network.h"

namespace scalelab::models {

namespace kinds {

void Entry::analyticCall(analytic::detail::Network&, analytic::detail::Node& n, int) const
{
    n.at = n.target; // nothing to do there: its calls go on from the clients' zone
}

} // namespace kinds

SCALELAB_DEFINE_KIND(Entry)

} // namespace scalelab::models
