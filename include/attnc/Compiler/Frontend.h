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

/// The pass that lowers attention ops to kernels, looked up by name.
inline constexpr llvm::StringLiteral kLowerToLoopsPass = "attn-lower-to-loops";

/// Whether `module` holds ops of the attn dialect.
bool hasAttentionOps(mlir::ModuleOp module);

/// Runs attn-normalize and attn-lower-to-loops on `module` (in place). The
/// passes must be registered (attnc::registerAllPasses). Fails with a
/// diagnostic if attn-lower-to-loops is not in this build or a pass fails.
mlir::LogicalResult lowerAttentionToKernels(mlir::ModuleOp module);

} // namespace attnc

#endif // ATTNC_COMPILER_FRONTEND_H
