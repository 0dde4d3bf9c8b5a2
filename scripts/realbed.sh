#!/usr/bin/env bash
# Runs the loopback test bed (ctest label realbed): nginx in front of small
# HTTP backends on 127.0.0.1, an open-loop load generator, and the studies that
# describe each case; prints the measured-against-predicted table of
# docs/validation.md and fails when a figure is off by more than its
# tolerance. Needs the Debian package nginx; takes about 4 minutes. Run it on
# a quiet machine (no build at the same time).
#   SCALELAB_BUILD_DIR   build directory (default build)
# Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${SCALELAB_BUILD_DIR:-build}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  generator=()
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  cmake -S . -B "$build" "${generator[@]}" -DSCALELAB_REALBED=ON
else
  cmake -S . -B "$build" -DSCALELAB_REALBED=ON
fi
cmake --build "$build" --parallel "$(nproc)" --target realbed-backend realbed-loadgen scalelab-cli
ctest --test-dir "$build" -L realbed -V "$@"
