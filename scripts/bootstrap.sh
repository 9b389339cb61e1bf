#!/usr/bin/env bash
# Installs the Debian packages attnc needs (if missing), then configures and
# builds it in ./build. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# libomp-22-dev: CPU kernels run their parallel loops on LLVM's OpenMP runtime.
packages=(libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools clang-22
          lld-22 libomp-22-dev cmake ninja-build libgtest-dev python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

build=${ATTNC_BUILD_DIR:-build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S . -B "$build" \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_ENABLE_LLD=ON -DATTNC_SWEEP_SIZE="${ATTNC_SWEEP_SIZE:-ci}" >/dev/null
fi
cmake --build "$build"
