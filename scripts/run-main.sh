#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the main job. Today that is the
# engine self-check (an M/M/1 queue of one million requests against theory);
# it becomes the GUI on a bundled study, or a batch comparison without a
# display, as those land (docs/roadmap in README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
"${SCALELAB_BUILD_DIR:-build}"/app/scalelab-cli selfcheck --requests 1000000 --utilization 0.9
