#!/usr/bin/env bash
# Installs every Debian 12 package ScaleLab needs to build, test and run, and
# to fuzz (clang and its libFuzzer runtime) and package it (dpkg-shlibdeps,
# file, help2man for the man page), to run sweeps on a one-node Slurm
# (slurm-wlm, munge: scripts/slurm-local.sh and the slurm test), and to check
# the review report (chromium headless, poppler-utils), and to run the loopback
# test bed against a real proxy (nginx: ctest label realbed).
# Safe to run twice: apt-get skips what is already there.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  qt6-base-dev libqt6svg6-dev qt6-base-dev-tools fonts-dejavu-core
  libsimgrid-dev libboost-dev
  libeigen3-dev
  libqcustomplot-dev
  libyaml-cpp-dev
  nlohmann-json3-dev
  libcli11-dev
  xvfb xauth
  python3 python3-simpy
  poppler-utils chromium
  clang libclang-rt-14-dev
  dpkg-dev file help2man
  slurm-wlm munge
  nginx
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
