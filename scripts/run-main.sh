#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the main job: the bundled online
# shop's three designs (monolith, modular monolith, microservices) compared on
# the same marketing spike, with each variant's time series and the summary
# written to out/shop/. (The desktop app on this study comes with the GUI.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
"${SCALELAB_BUILD_DIR:-build}"/app/scalelab-cli compare scenarios/examples/shop.yaml --out out/shop
echo "time series and summary: out/shop/"
