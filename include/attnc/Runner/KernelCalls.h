//===- KernelCalls.h - what every compiled backend does around a call -*- C++ -*-===//
//
// The backend-independent steps of running a compiled kernel from attn-run:
// the result buffers and their shapes, the message of a rejected call, and
// the timing loop. The CPU and CUDA backends differ only in where the
// buffers live and how the call is made.
//

#ifndef ATTNC_RUNNER_KERNELCALLS_H
#define ATTNC_RUNNER_KERNELCALLS_H

#include "attnc/Runner/FunctionRunner.h"
#include "attnc/Runner/HostBuffer.h"
#include "attnc/Runner/Workload.h"

#include "attnc/Target/CPU/Compile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"

#include <vector>

namespace attnc::runner {

/// Buffers of `func`'s result types with their runtime shapes: dynamic dims
/// follow the attention op's q (out follows q's layout; LSE is [Hq, Tq] or
/// [B, Hq, Sq]); dims no rule gives come from a run of the reference.
/// Values are left empty.
mlir::FailureOr<llvm::SmallVector<HostBuffer>>
allocateKernelResults(mlir::func::FuncOp func,
                      llvm::ArrayRef<HostBuffer> inputs,
                      const FunctionRunOptions &options, std::string &error);

/// The row-major memref descriptor {allocated, aligned, offset, sizes[r],
/// strides[r]} of `shape` at `data` (a host or device address).
std::vector<int64_t> rowMajorDescriptor(const void *data,
                                        llvm::ArrayRef<int64_t> shape);

/// A clone of `func`'s module without its other public functions: the
/// front lowers every public function, and another one may use what a
/// backend cannot lower.
mlir::OwningOpRef<mlir::ModuleOp> moduleWithOnly(mlir::func::FuncOp func);

/// The kernel module of `path` (a .mlir file), parsed in `func`'s context.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
parseKernelFile(llvm::StringRef path, mlir::func::FuncOp func,
                std::string &error);

/// Compiles `module` with `compile` into a temporary shared library,
/// passes its path to `load` and removes it (the loaded library stays).
template <typename Load>
auto compileToTemporaryLibrary(mlir::ModuleOp module,
                               const cpu::CpuCompileOptions &compile,
                               llvm::StringRef what, std::string &error,
                               Load load) -> decltype(load(llvm::StringRef())) {
  llvm::SmallString<128> path;
  if (llvm::sys::fs::createTemporaryFile("attn-run-kernel", "so", path)) {
    error = "cannot create a temporary kernel library";
    return mlir::failure();
  }
  llvm::FileRemover remove(path);
  if (mlir::failed(cpu::compileToSharedLibrary(module, compile, path))) {
    error = "compiling " + what.str() + " failed";
    return mlir::failure();
  }
  return load(path);
}

/// checkInputs, then allocateKernelResults into `results`.
mlir::LogicalResult prepareKernelResults(mlir::func::FuncOp func,
                                         llvm::ArrayRef<HostBuffer> inputs,
                                         const FunctionRunOptions &options,
                                         llvm::SmallVectorImpl<HostBuffer> &results,
                                         std::string &error);

/// "kernel @f returned S: message".
std::string kernelRejection(mlir::func::FuncOp func, int32_t status,
                            llvm::StringRef message);

/// Times `invoke` (a call returning the kernel's status once its work is
/// done) `repetitions` times after `warmups` calls; fails with `reject`'s
/// message on the first nonzero status.
mlir::FailureOr<BenchmarkResult>
timeKernelCalls(llvm::function_ref<int32_t()> invoke, unsigned warmups,
                unsigned repetitions,
                llvm::function_ref<std::string(int32_t)> reject,
                std::string &error);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_KERNELCALLS_H
