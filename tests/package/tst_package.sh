#!/usr/bin/env bash
# tst_package.sh BUILD_DIR SOURCE_DIR
# The installed layout and the Debian package, end to end:
#  1. `cmake --install` into a staging prefix puts every file where
#     cmake/ScaleLabInstall.cmake says, and the installed scalelab-cli runs an
#     installed study with the same figures as the built one;
#  2. cpack builds scalelab_<version>_<arch>.deb whose dependencies apt
#     resolves (`apt-get install --simulate`), and the package unpacked into a
#     staging root (`dpkg-deb -x`) gives a working scalelab-cli and scalelab.
set -euo pipefail
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "-- $*"; }

# A short run's JSON summary without the study's path (the one line that
# differs between two copies of a study).
summary() { "$1" run "$2" --duration 20s --warmup 5s --format json | grep -v '^  "file": '; }
expected=$(summary "$build/app/scalelab-cli" "$source/scenarios/examples/shop.yaml")
echo "$expected" | grep -q '"throughput"' || fail "the built scalelab-cli gave no throughput"

# Runs an installed or unpacked tree's executables on its own study.
check_tree() {
  local root=$1
  "$root/bin/scalelab-cli" --version | grep -Eq '^scalelab-cli [0-9]+\.[0-9]+\.[0-9]+ \(SimGrid [0-9.]+\)$' \
    || fail "$root/bin/scalelab-cli --version: $("$root/bin/scalelab-cli" --version)"
  QT_QPA_PLATFORM=offscreen "$root/bin/scalelab" --version | grep -Eq '^scalelab [0-9.]+ \(Qt [0-9.]+, SimGrid [0-9.]+\)$' \
    || fail "$root/bin/scalelab --version: $(QT_QPA_PLATFORM=offscreen "$root/bin/scalelab" --version)"
  for study in "$root"/share/scalelab/examples/*.yaml "$root"/share/scalelab/templates/*.yaml; do
    "$root/bin/scalelab-cli" validate "$study" >/dev/null 2>&1 || fail "installed $study does not validate"
  done
  local got
  got=$(summary "$root/bin/scalelab-cli" "$root/share/scalelab/examples/shop.yaml")
  [ "$got" = "$expected" ] || fail "$root/bin/scalelab-cli gave other figures than the built one: $(diff <(echo "$expected") <(echo "$got") | head -20)"
}

step "cmake --install into a staging prefix"
stage="$work/stage"
cmake --install "$build" --prefix "$stage" >/dev/null
for f in bin/scalelab bin/scalelab-cli bin/scalelab-charts \
         share/applications/scalelab.desktop share/icons/hicolor/scalable/apps/scalelab.svg \
         share/scalelab/examples/shop.yaml share/scalelab/templates/microservices.yaml \
         share/scalelab/schema/study.schema.json share/doc/scalelab/README.md share/doc/scalelab/cli.md \
         share/man/man1/scalelab-cli.1; do
  [ -e "$stage/$f" ] || fail "cmake --install did not install $f"
done
grep -q '^Exec=scalelab ' "$stage/share/applications/scalelab.desktop" || fail "the desktop file does not run scalelab"
for sub in validate run compare analyze capacity export-charts selfcheck schema; do
  grep -q "^\.SS $sub\$" "$stage/share/man/man1/scalelab-cli.1" || fail "the man page has no section for $sub"
done
check_tree "$stage"
cmp -s "$stage/share/scalelab/schema/study.schema.json" <("$stage/bin/scalelab-cli" schema) \
  || fail "the installed schema is not what the installed scalelab-cli prints"

step "cpack -G DEB"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" >/dev/null
debs=("$work"/pkg/scalelab_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no scalelab_*.deb: $(ls "$work/pkg")"
deb=${debs[0]}
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ "$(basename "$deb")" = "scalelab_${version}_$(dpkg --print-architecture).deb" ] || fail "package name $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsimgrid libqt6widgets6 libqt6svg6 libyaml-cpp; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends has no $lib: $depends"
done

step "apt-get install --simulate"
if ! command -v apt-get >/dev/null; then
  echo "no apt-get on this machine: dependency resolution not checked"
else
  apt_out=$(apt-get install --simulate -y "$deb" 2>&1) || fail "apt cannot install the package: $apt_out"
  grep -Eq '^Inst scalelab |scalelab is already the newest version' <<<"$apt_out" \
    || fail "apt would not install scalelab: $apt_out"
fi

step "dpkg-deb -x into a staging root"
dpkg-deb -x "$deb" "$work/root"
check_tree "$work/root/usr"
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB), Depends: $depends"
