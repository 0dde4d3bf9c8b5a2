#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan and UBSan, no GUI) in build-fuzz/
# and runs each for SCALELAB_FUZZ_SECONDS (default 60) with ctest -L fuzz.
# A crash, a timeout or a sanitizer report fails the run; the input that did
# it is saved under build-fuzz/tests/fuzz/artifacts/<target>/.
# Long runs: docs/building.md ("Fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."
build="${SCALELAB_FUZZ_BUILD_DIR:-build-fuzz}"
seconds="${SCALELAB_FUZZ_SECONDS:-60}"
scripts/configure.sh "$build" -DCMAKE_CXX_COMPILER=clang++ -DSCALELAB_FUZZ=ON -DSCALELAB_GUI=OFF \
  -DSCALELAB_FUZZ_SECONDS="$seconds"
cmake --build "$build" --parallel "$(nproc)" --target fuzz_study_reader fuzz_study_run
ctest --test-dir "$build" -L fuzz --output-on-failure -j2
