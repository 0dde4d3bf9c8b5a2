#!/usr/bin/env bash
# Builds ScaleLab in Release with the benchmarks registered and runs them
# (ctest label bench, one at a time): the tables of docs/performance.md and
# their targets; a missed target fails its benchmark. Takes about 10 minutes on
# 2 cores. Run it on a quiet machine: other processes make the timings noisy.
#   SCALELAB_BUILD_DIR   build directory (default build-bench)
#   SCALELAB_JOBS        parallel build jobs (default: all cores)
#   SCALELAB_BENCH_REPEAT  runs per measurement, best kept (default 3)
# Extra arguments go to ctest, e.g. scripts/bench.sh -R tst_overload
set -euo pipefail
cd "$(dirname "$0")/.."
build="${SCALELAB_BUILD_DIR:-build-bench}"
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DSCALELAB_BENCH=ON
else
  cmake -S . -B "$build" -DSCALELAB_BENCH=ON
fi
cmake --build "$build" --parallel "${SCALELAB_JOBS:-$(nproc)}" --target benchmarks
ctest --test-dir "$build" -L bench -V "$@"
