//===- CudaPipeline.h - GPU kernels to NVVM, PTX and cubins ------*- C++ -*-===//
//
// The CUDA back end's lowering: a module whose kernel functions launch
// gpu.funcs (attn-lower-to-gpu) is lowered with MLIR's NVVM pipeline: the
// device code to NVVM and PTX, assembled by `ptxas` into a cubin and bundled
// with the PTX into a fatbin (the default format; the driver JIT-compiles
// the PTX for a GPU without a matching cubin), embedded in the host code as
// a gpu.binary; the host code to the LLVM dialect, with gpu.launch_func
// calling the mgpu* entry points of the attnc CUDA runtime
// (lib/Runtime/CudaRuntime.cpp). The host side is then compiled
// like a CPU kernel library (attnc::cpu::compileKernels with `cuda` set).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_TARGET_CUDA_CUDAPIPELINE_H
#define ATTNC_TARGET_CUDA_CUDAPIPELINE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace attnc::cuda {

struct CudaDeviceOptions {
  /// The GPU: sm_90 (H100, the default), sm_80 (A100), sm_90a, ...
  std::string chip = "sm_90";
  /// PTX ISA version feature; sm_90 needs PTX 7.8 or later.
  std::string features = "+ptx80";
  /// "fatbin" (cubin and PTX, the default), "bin" (cubin through ptxas) or
  /// "isa" (PTX only, JIT-compiled by the driver at load time).
  std::string format = "fatbin";
  int optLevel = 3;
};

/// Whether `chip` has Hopper's warpgroup tensor-core instructions (wgmma):
/// the architecture-specific sm_90a, not the portable sm_90.
inline bool chipHasWarpgroupMma(llvm::StringRef chip) {
  return chip == "sm_90a";
}

/// Appends the device and host lowering to `pm` (anchored on
/// builtin.module).
void buildCudaToLLVMPipeline(mlir::OpPassManager &pm,
                             const CudaDeviceOptions &options);

/// Dialects, translations and target attributes the CUDA lowering needs.
void registerCudaTargetDialects(mlir::DialectRegistry &registry);

/// Registers the attn-cuda-to-llvm pipeline for attn-opt.
void registerCudaToLLVMPipeline();

} // namespace attnc::cuda

#endif // ATTNC_TARGET_CUDA_CUDAPIPELINE_H
