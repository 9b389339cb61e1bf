//===- Compile.h - CPU kernels to LLVM IR, objects and libraries -*- C++ -*-===//
//
// The CPU back end as a library: a module of kernel functions (attn.kernel,
// in loop form) is lowered with attn-cpu-to-llvm, translated to LLVM IR,
// given per kernel a packed entry `int32_t attnc_<f>_packed(void **args)`
// and `const char *attnc_<f>_signature(void)`, optimised for the chosen CPU
// and emitted as LLVM IR, assembly, an object, or a shared library linked
// with the kernel runtime (AttncKernelRuntime, libstdc++, libm, and libomp
// when the kernels use OpenMP).
//
// Every function here lowers `module` in place (clone it to keep it) and
// reports failures as diagnostics on the module's context.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_TARGET_CPU_COMPILE_H
#define ATTNC_TARGET_CPU_COMPILE_H

#include "attnc/Target/CPU/CpuTarget.h"
#include "attnc/Target/CPU/KernelInfo.h"
#include "attnc/Target/CPU/Pipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <functional>
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace attnc::cpu {

/// What compileKernels produces.
enum class CpuArtifact { LLVMIR, Assembly, Object, SharedLibrary };

struct CpuCompileOptions {
  CpuTargetOptions target;
  CpuToLLVMOptions lowering;
  /// Where libAttncKernelRuntime.a and libAttncRuntimeChecks.a are; empty:
  /// $ATTNC_RUNTIME_DIR, else <dir of the running binary>/../lib, else the
  /// install prefix's lib/.
  std::string runtimeLibraryDir;
  /// The C++ compiler driver that links shared libraries; empty: the one
  /// attnc was configured with.
  std::string linker;
  /// Replaces attn-cpu-to-llvm: the CUDA back end lowers device and host
  /// code with its own pipeline (attnc::cuda::buildCudaToLLVMPipeline) and
  /// compiles the host side here.
  std::function<void(mlir::OpPassManager &)> buildLowering;
  /// The kernels launch GPU code: gpu.binary and gpu.launch_func are
  /// translated (the embedded binary, calls to the mgpu* runtime) and the
  /// library links the attnc CUDA runtime instead of OpenMP.
  bool cudaKernels = false;
};

/// The optimised LLVM IR of `module`'s kernels with their entry points.
/// `kernels` receives what collectKernels found.
mlir::FailureOr<std::unique_ptr<llvm::Module>>
translateKernelsToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &llvmContext,
                         CpuTarget &target, const CpuCompileOptions &options,
                         llvm::SmallVectorImpl<KernelInfo> *kernels = nullptr);

/// Writes `artifact` for `module`'s kernels to `outputPath` ("-" is stdout,
/// for the textual artifacts).
mlir::LogicalResult compileKernels(mlir::ModuleOp module,
                                   const CpuCompileOptions &options,
                                   CpuArtifact artifact,
                                   llvm::StringRef outputPath);

/// compileKernels(..., CpuArtifact::Object, objectPath).
mlir::LogicalResult compileToObject(mlir::ModuleOp module,
                                    const CpuCompileOptions &options,
                                    llvm::StringRef objectPath);

/// compileKernels(..., CpuArtifact::SharedLibrary, libraryPath).
mlir::LogicalResult compileToSharedLibrary(mlir::ModuleOp module,
                                           const CpuCompileOptions &options,
                                           llvm::StringRef libraryPath);

} // namespace attnc::cpu

#endif // ATTNC_TARGET_CPU_COMPILE_H
