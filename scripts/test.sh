#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the default test suite
# (unit, validation, golden, gui; benchmarks are registered but disabled).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh "$@"
ctest --test-dir "${SCALELAB_BUILD_DIR:-build}" --output-on-failure -j2 --timeout 900
