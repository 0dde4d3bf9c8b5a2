#pragma once

namespace scalelab::scenarios::detail {

/// The JSON Schema of one fault (its $defs entry), as JSON text.
const char* faultSchema();

} // namespace scalelab::scenarios::detail
