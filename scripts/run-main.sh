#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the main job on the bundled
# online shop (monolith, modular monolith and microservices under the same
# marketing spike). With a display: the desktop app on the study (Run and
# Compare are in its run panel). Without one: the comparison on the terminal
# with its results in out/shop/ (summary, time series), every chart rendered
# headless from those results (PNG, PDF, SVG, with an index) in
# out/shop/charts/, and the review report (index.html and report.pdf) in
# out/shop/review/. The simulations run once.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build="${SCALELAB_BUILD_DIR:-build}"
study=scenarios/examples/shop.yaml
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/app/scalelab" ]; then
  exec "$build/app/scalelab" "$study"
fi
"$build"/app/scalelab-cli compare "$study" --out out/shop --series all
"$build"/app/scalelab-cli export-charts --from out/shop --out out/shop/charts
"$build"/app/scalelab-cli report --from out/shop --out out/shop/review >/dev/null
echo "results: out/shop/; charts: out/shop/charts/index.md; report: out/shop/review/index.html and out/shop/review/report.pdf"
