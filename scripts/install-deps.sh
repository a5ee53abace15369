#!/usr/bin/env bash
# Installs the Debian packages actlab needs; does nothing when all of them are present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libhwy-dev libeigen3-dev libcairo2-dev zlib1g-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libmpfr-dev libgmp-dev
  clang libclang-rt-14-dev
  dataset-fashion-mnist python3-numpy fonts-dejavu-core
  fonts-wqy-microhei  # CJK glyphs for titles in those scripts (the plot tests draw one)
  libfontconfig-dev
  python3-dev pybind11-dev python3-pytest python3-torch python3-venv
)
# Scale-out over MPI (the libactlab_mpi module and the mpirun tests); ACTLAB_WITH_MPI=0 skips it.
if [ "${ACTLAB_WITH_MPI:-1}" = 1 ]; then packages+=(libopenmpi-dev openmpi-bin); fi
if [ "${ACTLAB_WITH_BROWSER:-1}" = 1 ]; then packages+=(chromium); fi
if [ "${ACTLAB_WITH_ONEDNN:-1}" = 1 ]; then packages+=(libdnnl-dev); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
