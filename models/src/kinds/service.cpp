#include "kinds/service.h"

namespace scalelab::models {

SCALELAB_DEFINE_KIND(Service)

} // namespace scalelab::models
