//===- CpuBackend.h - run functions as compiled CPU kernels -----*- C++ -*-===//
//
// attn-run --backend=cpu: the function's module is compiled by attnc's CPU
// back end into a temporary shared library (or a prebuilt library, or a
// file of already-lowered kernels, is given), the library is loaded with
// dlopen, and the kernel is called through its packed entry
// `attnc_<f>_packed` on the inputs converted to their element types' bytes.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_CPUBACKEND_H
#define ATTNC_RUNNER_CPUBACKEND_H

#include "attnc/Runner/FunctionRunner.h"
#include "attnc/Runner/HostBuffer.h"
#include "attnc/Runner/Workload.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <memory>
#include <optional>

namespace attnc::runner {

/// What `attnc_<f>_signature` says about a kernel.
struct KernelSignature {
  struct Operand {
    std::string name; // role of an input, name of a result
    std::string type; // "?x8x64xf16"
  };
  std::string name;
  llvm::SmallVector<Operand> args, results;
  std::optional<int64_t> workspaceBytes;
};

/// One kernel of a library attnc built, loaded with dlopen.
class CpuKernel {
public:
  /// Loads `libraryPath` and finds kernel `name` in it.
  static mlir::FailureOr<std::unique_ptr<CpuKernel>>
  load(llvm::StringRef libraryPath, llvm::StringRef name, std::string &error);
  ~CpuKernel();
  CpuKernel(const CpuKernel &) = delete;
  CpuKernel &operator=(const CpuKernel &) = delete;

  const KernelSignature &getSignature() const { return signature; }
  /// Calls attnc_<f>_packed.
  int32_t call(void **args) const { return packed(args); }
  /// attnc_rt_last_error() of the library, on this thread.
  std::string lastError() const;

private:
  CpuKernel() = default;
  void *handle = nullptr;
  int32_t (*packed)(void **) = nullptr;
  const char *(*lastErrorFn)() = nullptr;
  KernelSignature signature;
};

struct CpuBackendOptions {
  /// A prebuilt kernel library (.so), or a .mlir file compiled on the fly
  /// (already-lowered kernels or attention ops); empty: compile the
  /// function's own module.
  std::string kernelPath;
  /// --mcpu and -O of the compilation.
  std::string mcpu = "native";
  unsigned optLevel = 3;
};

/// The kernel that computes `func`, compiled or loaded as `options` say,
/// and checked against `func`'s argument and result types. Compilation
/// errors are also reported as diagnostics on `func`'s context.
mlir::FailureOr<std::unique_ptr<CpuKernel>>
prepareCpuKernel(mlir::func::FuncOp func, const CpuBackendOptions &options,
                 std::string &error);

/// Runs `kernel` for `func` on `inputs` (checked against `func`); results
/// get their shapes from the inputs. A nonzero kernel status is an error
/// with the runtime's message.
mlir::LogicalResult runOnCpu(const CpuKernel &kernel, mlir::func::FuncOp func,
                             llvm::ArrayRef<HostBuffer> inputs,
                             const FunctionRunOptions &options,
                             FunctionRunResult &result, std::string &error);

/// Times `repetitions` calls of `kernel` after warm-up calls, on inputs
/// already in the kernel's format (conversion is not timed).
mlir::FailureOr<BenchmarkResult>
benchmarkOnCpu(const CpuKernel &kernel, mlir::func::FuncOp func,
               llvm::ArrayRef<HostBuffer> inputs,
               const FunctionRunOptions &options, unsigned repetitions,
               std::string &error);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_CPUBACKEND_H
