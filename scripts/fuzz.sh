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
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DSCALELAB_FUZZ=ON -DSCALELAB_GUI=OFF \
  -DSCALELAB_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target fuzz_study_reader fuzz_study_run
ctest --test-dir "$build" -L fuzz --output-on-failure -j2
