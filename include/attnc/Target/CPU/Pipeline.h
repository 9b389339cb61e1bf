//===- Pipeline.h - lowering CPU kernels to the LLVM dialect ----*- C++ -*-===//
//
// attn-cpu-to-llvm: the pass pipeline that takes kernel functions in loop
// form (scf, memref, arith, math, index, vector, cf, func; scf.parallel for
// parallel loops) to the LLVM dialect, ready for translation to LLVM IR.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_TARGET_CPU_PIPELINE_H
#define ATTNC_TARGET_CPU_PIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace attnc::cpu {

struct CpuToLLVMOptions {
  /// scf.parallel becomes an OpenMP parallel loop (the library then needs
  /// libomp); otherwise it runs sequentially.
  bool openmp = true;
  /// Lets LLVM reorder floating-point vector reductions (tree reductions
  /// instead of a serial chain); results stay within SPEC §7's tolerances.
  bool reassociateFPReductions = true;
  /// Lower x86vector dialect ops (AVX-512/AVX2 intrinsics) if the kernel has
  /// any.
  bool x86vector = false;
};

/// Appends attn-cpu-to-llvm to `pm` (anchored on builtin.module).
void buildCpuToLLVMPipeline(mlir::OpPassManager &pm,
                            const CpuToLLVMOptions &options);

/// Registers attn-cpu-to-llvm and the CPU target passes (attn-expand-fp8)
/// for attn-opt and textual pipelines.
void registerCpuToLLVMPipeline();

} // namespace attnc::cpu

#endif // ATTNC_TARGET_CPU_PIPELINE_H
