#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the default test suite
# (unit, validation, golden, gui, package; benchmarks are registered but
# disabled); then the unit and golden tests under ASan and UBSan
# (scripts/sanitize.sh, build-asan/) and each fuzz target for 60 s
# (scripts/fuzz.sh, build-fuzz/). SCALELAB_SKIP="sanitize fuzz" leaves those
# two out.
set -euo pipefail
cd "$(dirname "$0")/.."
skip=" ${SCALELAB_SKIP:-} "
scripts/install-deps.sh
scripts/build.sh "$@"
ctest --test-dir "${SCALELAB_BUILD_DIR:-build}" --output-on-failure -j2 --timeout 900
[[ "$skip" == *" sanitize "* ]] || scripts/sanitize.sh
[[ "$skip" == *" fuzz "* ]] || scripts/fuzz.sh
