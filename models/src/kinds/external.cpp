#include "kinds/external.h"

#include "runtime.h"

namespace scalelab::models {

namespace kinds {

detail::Next External::work(detail::Runtime&, detail::Component& c, sim::Request&, detail::Flow&,
                            detail::Frame& fr) const
{
    if (c.cfg.errorRate > 0 && c.rng.uniform() < c.cfg.errorRate)
        return detail::Next::Fail;
    fr.stage = detail::Stage::Children;
    return detail::Next::Go;
}

} // namespace kinds

SCALELAB_DEFINE_KIND(External)

} // namespace scalelab::models
