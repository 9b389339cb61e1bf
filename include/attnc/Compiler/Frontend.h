//===- Frontend.h - attention ops to kernel functions ------------*- C++ -*-===//
//
// The target-independent front of attnc: attn-normalize, then
// attn-lower-to-loops, which turns every public function of attention ops
// into a kernel function (attn.kernel: memref arguments, destination
// passing, an i1 check flag, an i32 status) in loop form.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_COMPILER_FRONTEND_H
#define ATTNC_COMPILER_FRONTEND_H

#include "mlir/IR/BuiltinOps.h"

namespace attnc {

/// Target properties the front needs.
struct FrontendOptions {
  /// f32 lanes of the target's vectors (16 for AVX-512, 8 for AVX2).
  int64_t vectorWidth = 16;
  /// Lower to a CUDA kernel launch (attn-lower-to-gpu) instead of CPU loops.
  bool gpu = false;
  /// With `gpu`: prefill tile products with wgmma (sm_90a targets).
  bool warpgroupMma = false;
  /// With `warpgroupMma`: K/V tiles by TMA where the operands allow.
  bool tma = true;
  /// With `gpu`: query rows of a thread block and keys of a KV block (0:
  /// the lowering's choice); attn-lower-to-gpu's block-rows and block-k.
  int64_t gpuBlockRows = 128, gpuBlockK = 0;
};

/// Whether `module` holds ops of the attn dialect.
bool hasAttentionOps(mlir::ModuleOp module);

/// Runs attn-normalize and attn-lower-to-loops (attn-lower-to-gpu with
/// `options.gpu`) on `module` (in place).
/// Fails with a diagnostic if a pass fails.
mlir::LogicalResult
lowerAttentionToKernels(mlir::ModuleOp module,
                        const FrontendOptions &options = {});

} // namespace attnc

#endif // ATTNC_COMPILER_FRONTEND_H
