#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the main job on the bundled
# online shop (monolith, modular monolith and microservices under the same
# marketing spike). With a display: the desktop app on the study (Run and
# Compare are in its run panel). Without one: the comparison on the terminal,
# each variant's time series and the summary in out/shop/, and every chart
# rendered headless (PNG, PDF, SVG) with an index in out/shop/charts/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build="${SCALELAB_BUILD_DIR:-build}"
study=scenarios/examples/shop.yaml
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/app/scalelab" ]; then
  exec "$build/app/scalelab" "$study"
fi
"$build"/app/scalelab-cli compare "$study" --out out/shop
"$build"/app/scalelab-cli export-charts "$study" --out out/shop/charts
echo "time series and summary: out/shop/; charts: out/shop/charts/index.md"
