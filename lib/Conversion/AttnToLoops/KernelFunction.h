//===- KernelFunction.h - the kernel calling convention ---------*- C++ -*-===//
//
// Every target compiles an attention function into the same host-callable
// kernel (see Passes.td): memref operands, destination-passing results, an
// i1 "check arguments" flag and an i32 status. This file builds that
// function, names its memrefs by SPEC operand name, runs the SPEC §6 checks
// first, and lets a target emit what runs when they pass: loops on the CPU,
// a kernel launch on the GPU.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_KERNELFUNCTION_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_KERNELFUNCTION_H

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/StringMap.h"

namespace attnc::lowering {

/// The memrefs of a kernel function, as the target sees them.
struct KernelOperands {
  /// SPEC operand and result names ("q", "k_cache", "out", "lse", ...).
  llvm::StringMap<mlir::Value> memrefOf;
  /// Modifier-region captures, in order.
  llvm::SmallVector<mlir::Value> captures;
  /// Every memref argument in order (operands, then results).
  llvm::SmallVector<mlir::Value> all;
};

/// What a target emits into the kernel function.
class KernelBody {
public:
  virtual ~KernelBody() = default;
  /// The pass that builds this body, for diagnostics.
  virtual llvm::StringRef passName() const = 0;
  /// Called once the operands are known; diagnoses unsupported options.
  virtual mlir::LogicalResult prepare(attn::AttentionOpInterface op,
                                      const KernelOperands &operands) = 0;
  /// Bytes of workspace the kernel uses (reported in attn.workspace_bytes).
  virtual int64_t workspaceBytes() const = 0;
  /// Whether index operands live in device memory (the checks then copy
  /// them to the host first).
  virtual bool operandsOnDevice() const { return false; }
  /// Emits the computation, after the checks passed; returns an i32 status
  /// (0 when the target has no failure of its own to report).
  virtual mlir::Value emit(mlir::ImplicitLocOpBuilder &b,
                           mlir::func::FuncOp kernel) = 0;
};

/// The one attention op of `func`, failure() with a diagnostic if the
/// function is not a well-formed kernel, or null if it holds no attention.
mlir::FailureOr<attn::AttentionOpInterface>
findKernelOp(mlir::func::FuncOp func, llvm::StringRef passName);

/// Replaces `func` (tensor semantics) with the kernel function of `body`.
mlir::LogicalResult buildKernelFunction(mlir::func::FuncOp func,
                                        attn::AttentionOpInterface op,
                                        KernelBody &body);

/// Runs buildKernelFunction on every attention function of `module`.
mlir::LogicalResult
buildKernelFunctions(mlir::ModuleOp module,
                     llvm::function_ref<std::unique_ptr<KernelBody>()> make);

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_KERNELFUNCTION_H
