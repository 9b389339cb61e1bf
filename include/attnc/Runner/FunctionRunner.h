//===- FunctionRunner.h - run a function of attention ops -------*- C++ -*-===//
//
// Runs a func.func whose body is attention ops (plus arith.constant) on
// host buffers: checks each argument against the function type, evaluates
// the ops in order on a backend and returns the function's results.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_FUNCTIONRUNNER_H
#define ATTNC_RUNNER_FUNCTIONRUNNER_H

#include "attnc/Runner/HostBuffer.h"
#include "attnc/Runner/ReferenceBackend.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace attnc::runner {

struct FunctionRunOptions {
  /// Check runtime index operands (SPEC §6) before computing.
  bool checkArguments = true;
};

struct FunctionRunResult {
  llvm::SmallVector<HostBuffer> outputs;
  /// Summed over the function's attention ops.
  ReferenceStats stats;
};

/// The function of `module` named `name`, or with an empty name its only
/// public function; errors name `fileName` and the candidates.
mlir::FailureOr<mlir::func::FuncOp> findFunction(mlir::ModuleOp module,
                                                 llvm::StringRef name,
                                                 llvm::StringRef fileName,
                                                 std::string &error);

/// Checks that `inputs` match `func`'s argument types: count, rank, static
/// dims and element type. Errors name the argument.
mlir::LogicalResult checkInputs(mlir::func::FuncOp func,
                                llvm::ArrayRef<HostBuffer> inputs,
                                std::string &error);

/// Evaluates `func` on the float64 reference.
mlir::LogicalResult runOnReference(mlir::func::FuncOp func,
                                   llvm::ArrayRef<HostBuffer> inputs,
                                   const FunctionRunOptions &options,
                                   FunctionRunResult &result,
                                   std::string &error);

/// "q", "k_cache", ... for each argument of `func` (its first use as an
/// attention operand), or "" where it has none.
llvm::SmallVector<std::string> getArgumentRoles(mlir::func::FuncOp func);

/// "out", "lse", ... for each result of `func` that an attention op
/// computes, or "".
llvm::SmallVector<std::string> getResultNames(mlir::func::FuncOp func);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_FUNCTIONRUNNER_H
