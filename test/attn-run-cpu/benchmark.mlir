// --benchmark[=N]: warm-up calls, then N timed calls (default 20); prints
// the median time, GFLOP/s (4 * Lq * Lk * Hq * D per sequence), GB/s (q, k,
// v and outputs) and the peak resident memory next to the input and output
// bytes. Only compiled backends are timed; --quiet still prints timings.
//
// RUN: attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --seed=2 --benchmark=3 | FileCheck %s --check-prefix=THREE
// RUN: attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --seed=2 --benchmark --check | FileCheck %s --check-prefix=DEFAULT
// RUN: not attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --benchmark=0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --seed=2 --benchmark=2 --check --quiet | FileCheck %s --check-prefix=QUIET

// THREE:      benchmark: 3 runs, median {{[0-9.e+-]+}} ms (min {{[0-9.e+-]+}} ms), {{[0-9.e+-]+}} GFLOP/s, {{[0-9.e+-]+}} GB/s
// THREE-NEXT: memory: peak resident {{[0-9.e+-]+}} MiB, inputs + outputs {{[0-9.e+-]+}} MiB
// DEFAULT:    check  #1  lse {{.*}}: ok
// DEFAULT:    benchmark: 20 runs, median
// ZERO:       attn-run: error: --benchmark=0: expected a positive count

// --quiet keeps only what was asked for: the timings (and check failures).
// QUIET-NOT:  attn-run: @varlen
// QUIET-NOT:  check
// QUIET:      benchmark: 2 runs
// QUIET-NEXT: memory: peak resident

func.func @varlen(%q: tensor<?x2x4xf32>, %k: tensor<?x1x4xf32>,
                  %v: tensor<?x1x4xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x2x4xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x4xf32>) k(%k : tensor<?x1x4xf32>)
      v(%v : tensor<?x1x4xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      -> tensor<?x2x4xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x4xf32>, tensor<2x?xf32>
}
