#!/usr/bin/env bash
# Builds the engine, scalelab-cli and the unit and golden tests (the study
# reader's tests are labelled unit) with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/ (no GUI), and runs those tests.
# Any sanitizer report fails the test that triggered it.
# SCALELAB_ASAN_BUILD_DIR: the build folder; SCALELAB_ASAN_LABELS: the ctest
# label regex (default ^(unit|golden)$; add validation for the long set).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${SCALELAB_ASAN_BUILD_DIR:-build-asan}"
labels="${SCALELAB_ASAN_LABELS:-^(unit|golden)\$}"
scripts/configure.sh "$build" -DSCALELAB_SANITIZE=ON -DSCALELAB_GUI=OFF
# Only what the chosen tests run: their executables (named as the tests) and the CLI.
mapfile -t tests < <(ctest --test-dir "$build" -N -L "$labels" | sed -n 's/^ *Test *#[0-9]*: *\(tst_[A-Za-z0-9_]*\)$/\1/p')
cmake --build "$build" --parallel "$(nproc)" --target scalelab-cli "${tests[@]}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir "$build" -L "$labels" --output-on-failure -j2 --timeout 1800
