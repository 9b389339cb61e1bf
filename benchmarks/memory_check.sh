#!/usr/bin/env bash
# Builds a causal prefill kernel (H=8, D=128, f32) with attnc and runs it on a
# long sequence, printing its peak memory against its inputs and output.
#   benchmarks/memory_check.sh [build-dir] [L]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
L=${2:-32768}
tmp=$(mktemp -d)
"$build/bin/attnc" "$here/kernels/prefill_h8_f32.mlir" --target=cpu -o "$tmp/libprefill_h8.so"
"$build/bin/attnc" "$here/kernels/prefill_h8_f32.mlir" --target=cpu --emit=header -o "$tmp/prefill_h8.h"
cc -O2 -I"$tmp" "$here/memory_check.c" "$tmp/libprefill_h8.so" -Wl,-rpath,"$tmp" -o "$tmp/memory_check"
"$tmp/memory_check" "$L"
