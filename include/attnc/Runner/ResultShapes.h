//===- ResultShapes.h - result buffers of a compiled kernel call -*- C++ -*-===//

#ifndef ATTNC_RUNNER_RESULTSHAPES_H
#define ATTNC_RUNNER_RESULTSHAPES_H

#include "attnc/Runner/FunctionRunner.h"
#include "attnc/Runner/HostBuffer.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace attnc::runner {

/// Buffers of `func`'s result types with their runtime shapes: dynamic dims
/// follow the attention op's q (out follows q's layout; LSE is [Hq, Tq] or
/// [B, Hq, Sq]); dims no rule gives come from a run of the reference.
/// Values are left empty.
mlir::FailureOr<llvm::SmallVector<HostBuffer>>
allocateKernelResults(mlir::func::FuncOp func,
                      llvm::ArrayRef<HostBuffer> inputs,
                      const FunctionRunOptions &options, std::string &error);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_RESULTSHAPES_H
