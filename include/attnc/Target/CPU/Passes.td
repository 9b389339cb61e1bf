//===- Passes.td - CPU target passes -----------------------*- tablegen -*-===//

#ifndef ATTNC_TARGET_CPU_PASSES_TD
#define ATTNC_TARGET_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def AttnExpandFp8 : Pass<"attn-expand-fp8"> {
  let summary = "Expand fp8 to wider float conversions into integer ops";
  let description = [{
    LLVM has no fp8 types (MLIR's LLVM lowering stores `f8E4M3FN` and
    `f8E5M2` as `i8`) and upstream `arith-expand` has no patterns for them,
    so `arith.extf` from an fp8 KV cache (SPEC §4) would not lower. This
    pass rewrites each such `arith.extf` (scalar or vector) into exact
    integer and bit-cast arithmetic:

    - `f8E5M2` is the upper byte of an `f16`: shift it into place and
      bit-cast, then extend.
    - `f8E4M3FN` (no infinities; `S.1111.111` is NaN): normal numbers move
      their exponent from bias 7 to bias 127, subnormals are `m * 2^-9`
      (exact in f32), NaN stays NaN; the f32 is then truncated or extended
      to the result type, exactly.

    Runs first in `attn-cpu-to-llvm`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def AttnDynamicSchedule : Pass<"attn-omp-dynamic-schedule"> {
  let summary = "Schedule OpenMP work-sharing loops dynamically";
  let description = [{
    Work items of attention differ in cost (a causal q-block late in a long
    sequence does many times the work of one in a short sequence), so the
    static schedule that `convert-scf-to-openmp` leaves splits a varlen
    batch unevenly between threads. This pass sets `schedule(dynamic, 1)`
    on every `omp.wsloop`: threads take the next work item when they are
    free. Runs right after `convert-scf-to-openmp` in `attn-cpu-to-llvm`.
  }];
  let dependentDialects = ["::mlir::omp::OpenMPDialect"];
}

#endif // ATTNC_TARGET_CPU_PASSES_TD
