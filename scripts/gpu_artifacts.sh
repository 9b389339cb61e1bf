#!/usr/bin/env bash
# Builds, on the build machine, everything benchmarks/gpu/gpu_suite.py needs
# on the GPU machine (which has no LLVM/MLIR):
#
#   OUT/cases/<case>/   sweep cases the GPU backend supports: kernel.mlir,
#                       saved inputs and float64 reference (attn-run
#                       --save-case), and lib.so compiled by attnc for the
#                       first chip of ATTNC_GPU_CHIPS, lib-<chip>.so for the
#                       others (default "sm_90 sm_90a": mma.sync, and the
#                       wgmma prefill path)
#   OUT/bench/<k>.so    the benchmark kernels benchmarks/kernels/gpu_*.mlir
#                       for the last chip (the fastest on an H100), and
#                       OUT/bench/<chip>/<k>.so for the others
#   OUT/compile_failures.txt   cases and kernels attnc could not compile
#
#   scripts/gpu_artifacts.sh BUILD OUT [--size ci|full] [--target cuda|cpu]
#                            [--shard I/N]
#
# --target (or ATTNC_TARGET) cpu builds CPU libraries of the same cases, to
# try the suite here with --device cpu; ATTNC_FLAGS adds attnc options (e.g.
# "--mcpu=avx512 --openmp=false" for CPU libraries meant for another host).
# OUT must stay under 60 MiB (the GPU machine takes 64 MiB of artifacts):
# the cases share a 40 MiB budget (the largest are saved with shorter
# sequences), again with less if the libraries need it; the script fails
# if OUT is still larger. `full` does not fit in one OUT: build it in
# shards, --shard 0/4 ... 3/4 (every 4th case), one GPU run each; with both
# chips a quarter's libraries alone take ~57 MiB, so build the full shards
# for one chip (ATTNC_GPU_CHIPS=sm_90a) or in eighths.
set -euo pipefail

usage() {
  echo "usage: $0 BUILD OUT [--size ci|full] [--target cuda|cpu] [--shard I/N]" >&2
  exit 2
}
[[ $# -ge 2 ]] || usage
build=$(cd "$1" && pwd)
out=$2
shift 2
size=ci
target=${ATTNC_TARGET:-cuda}
shard=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --size) size=$2; shift 2 ;;
    --size=*) size=${1#--size=}; shift ;;
    --target) target=$2; shift 2 ;;
    --target=*) target=${1#--target=}; shift ;;
    --shard) shard=(--shard "$2"); shift 2 ;;
    --shard=*) shard=(--shard "${1#--shard=}"); shift ;;
    *) usage ;;
  esac
done
src=$(cd "$(dirname "$0")/.." && pwd)
attnc=$build/bin/attnc
read -r -a flags <<< "${ATTNC_FLAGS:-}"
chips=()
[[ $target == cuda ]] && read -r -a chips <<< "${ATTNC_GPU_CHIPS:-sm_90 sm_90a}"
limit_mib=${ATTNC_ARTIFACTS_MIB:-60}  # the env override is for testing this script

rm -rf "$out/cases" "$out/bench"
mkdir -p "$out/cases" "$out/bench"
failures=$out/compile_failures.txt
: > "$failures"

# The sweep writes the cases the target's backend supports (its one
# predicate, TARGET_SUPPORTS in attn_sweep.py); the cases share BUDGET MiB.
save_cases() {
  python3 "$src/test/sweep/attn_sweep.py" --attn-run "$build/bin/attn-run" \
    --size "$size" --save-cases "$out/cases" --target "$target" \
    --budget-mib "$1" "${shard[@]}"
}
# MiB of the saved inputs and references (what the budget governs).
saved_mib() {
  find "$out/cases" \( -name '*.npy' -o -name case.json \) -printf '%s\n' |
    awk '{ s += $1 } END { print int(s / 1048576) + 1 }'
}
save_cases 40

# compile NAME INPUT OUTPUT [ATTNC OPTIONS]: a failure is recorded, not
# fatal.
compile() {
  local log
  if ! log=$("$attnc" "$2" "--target=$target" "${flags[@]}" "${@:4}" \
      -o "$3" 2>&1); then
    rm -f "$3"
    { echo "== $1"; echo "$log" | tail -n 20; } >> "$failures"
    echo "attnc failed on $1"
  fi
}

for dir in "$out"/cases/*/; do
  name=cases/$(basename "$dir")
  if (( ${#chips[@]} == 0 )); then
    compile "$name" "$dir/kernel.mlir" "$dir/lib.so"
    continue
  fi
  compile "$name" "$dir/kernel.mlir" "$dir/lib.so" "--gpu-chip=${chips[0]}"
  for chip in "${chips[@]:1}"; do
    compile "$name ($chip)" "$dir/kernel.mlir" "$dir/lib-$chip.so" \
      "--gpu-chip=$chip"
  done
done
for kernel in "$src"/benchmarks/kernels/gpu_*.mlir; do
  name=$(basename "$kernel" .mlir)
  if (( ${#chips[@]} == 0 )); then
    compile "bench/$name" "$kernel" "$out/bench/$name.so"
    continue
  fi
  compile "bench/$name" "$kernel" "$out/bench/$name.so" "--gpu-chip=${chips[-1]}"
  for chip in "${chips[@]:0:${#chips[@]}-1}"; do
    mkdir -p "$out/bench/$chip"
    compile "bench/$chip/$name" "$kernel" "$out/bench/$chip/$name.so" \
      "--gpu-chip=$chip"
  done
done

# Libraries larger than expected: save the cases again, shorter, in what
# the libraries leave (the libraries stay: kernel.mlir does not change).
mib=$(du -sm "$out" | cut -f1)
if (( mib > limit_mib )); then
  budget=$(( limit_mib - 4 - (mib - $(saved_mib)) ))
  if (( budget < 4 )); then
    echo "error: the libraries alone take $(( mib - $(saved_mib) )) MiB" >&2
    exit 1
  fi
  echo "$out is $mib MiB: saving the cases again in $budget MiB"
  save_cases "$budget"
fi

cases=$(find "$out/cases" -mindepth 1 -maxdepth 1 -type d | wc -l)
libs=$(find "$out/cases" -name 'lib*.so' | wc -l)
failed=$(grep -c '^== ' "$failures" || true)
mib=$(du -sm "$out" | cut -f1)
echo "gpu artifacts ($target, $size): $cases cases, $libs compiled, $failed compile failures"
echo "size of $out: $(du -sh "$out" | cut -f1) (limit ${limit_mib} MiB)"
if (( mib > limit_mib )); then
  echo "error: $out is over ${limit_mib} MiB: build it in shards (--shard 0/N ...)" >&2
  exit 1
fi
