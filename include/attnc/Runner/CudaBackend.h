//===- CudaBackend.h - run functions as compiled GPU kernels ----*- C++ -*-===//
//
// attn-run --backend=cuda: the function's module is compiled by attnc's CUDA
// back end into a temporary kernel library (or a prebuilt library, or a
// file of kernels or attention ops, is given) and loaded with dlopen. The
// library's own runtime does everything on the device: its mgpu* memory
// functions, found with dlsym, allocate a device buffer per argument and
// result, copy the inputs in and the results out, so attn-run has no link
// dependency on CUDA and the driver (libcuda.so.1) is opened by the runtime
// at the first use. Results are pre-filled with all-ones bytes (NaN for
// floats, -1 for integers) so elements the kernel does not write show.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_CUDABACKEND_H
#define ATTNC_RUNNER_CUDABACKEND_H

#include "attnc/Runner/CpuBackend.h"
#include "attnc/Runner/FunctionRunner.h"
#include "attnc/Runner/HostBuffer.h"
#include "attnc/Runner/Workload.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <memory>

namespace attnc::runner {

/// One kernel of a CUDA kernel library attnc built, with the library's
/// runtime entry points (mgpu* memory functions, the stream and status
/// calls).
class CudaKernel {
public:
  /// The runtime functions a CUDA kernel library exports.
  struct Runtime {
    void *(*memAlloc)(uint64_t, void *, bool) = nullptr;
    void (*memFree)(void *, void *) = nullptr;
    void (*memcpy)(void *, void *, uint64_t, void *) = nullptr;
    void (*streamSynchronize)(void *) = nullptr;
    void (*setStream)(void *, int32_t) = nullptr;
    int32_t (*launchStatus)() = nullptr;
  };

  /// Loads `libraryPath` and finds kernel `name` and the runtime in it.
  static mlir::FailureOr<std::unique_ptr<CudaKernel>>
  load(llvm::StringRef libraryPath, llvm::StringRef name, std::string &error);
  ~CudaKernel();
  CudaKernel(const CudaKernel &) = delete;
  CudaKernel &operator=(const CudaKernel &) = delete;

  const KernelSignature &getSignature() const {
    return kernel->getSignature();
  }
  /// Calls attnc_<f>_packed with descriptors of device pointers.
  int32_t call(void **args) const { return kernel->call(args); }
  /// attnc_rt_last_error() of the library, on this thread.
  std::string lastError() const { return kernel->lastError(); }
  const Runtime &runtime() const { return rt; }

private:
  CudaKernel() = default;
  /// The entry points, loaded as for a CPU library (same C ABI).
  std::unique_ptr<CpuKernel> kernel;
  /// A second reference to the same library, for the runtime's symbols.
  void *handle = nullptr;
  Runtime rt;
};

struct CudaBackendOptions {
  /// A prebuilt CUDA kernel library (.so), or a .mlir file compiled on the
  /// fly (attention ops or kernels that launch GPU code); empty: compile
  /// the function's own module.
  std::string kernelPath;
  /// --gpu-chip: sm_90 (H100), sm_80 (A100), ...
  std::string chip = "sm_90";
  /// -O of the device and host code.
  unsigned optLevel = 3;
  /// CPU of the host launcher code (it runs on this machine).
  std::string mcpu = "x86-64";
};

/// The kernel that computes `func`, compiled or loaded as `options` say,
/// and checked against `func`'s argument and result types. Compilation
/// errors are also reported as diagnostics on `func`'s context.
mlir::FailureOr<std::unique_ptr<CudaKernel>>
prepareCudaKernel(mlir::func::FuncOp func, const CudaBackendOptions &options,
                  std::string &error);

/// Runs `kernel` for `func` on `inputs` (checked against `func`): device
/// buffers, inputs copied in, one call, results copied out. A nonzero
/// kernel status or a failed runtime call is an error with the runtime's
/// message (attnc_rt_last_error()).
mlir::LogicalResult runOnCuda(const CudaKernel &kernel, mlir::func::FuncOp func,
                              llvm::ArrayRef<HostBuffer> inputs,
                              const FunctionRunOptions &options,
                              FunctionRunResult &result, std::string &error);

/// Times `repetitions` calls of `kernel` after warm-up calls, on inputs
/// already on the device: host wall time of each call, which synchronizes
/// the stream before returning (so the launch latency is included; the
/// runtime's events are created without timing).
mlir::FailureOr<BenchmarkResult>
benchmarkOnCuda(const CudaKernel &kernel, mlir::func::FuncOp func,
                llvm::ArrayRef<HostBuffer> inputs,
                const FunctionRunOptions &options, unsigned repetitions,
                std::string &error);

/// The call log of a stand-in driver that exports `fakeCudaCalls` (the
/// unit tests' FakeCuda, loaded through ATTNC_LIBCUDA), or "" when the
/// driver in use has none. For tests of the copy and launch sequence.
std::string fakeDriverCallLog();

} // namespace attnc::runner

#endif // ATTNC_RUNNER_CUDABACKEND_H
