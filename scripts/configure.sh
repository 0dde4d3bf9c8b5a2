#!/usr/bin/env bash
# configure.sh DIR [CMAKE_ARGS...]: configures a RelWithDebInfo build in DIR
# with Ninja and ccache when they are there (the sanitizer and fuzz builds).
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
shift
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
