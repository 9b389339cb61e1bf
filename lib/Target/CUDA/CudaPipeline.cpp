//===- CudaPipeline.cpp - GPU kernels to NVVM, PTX and cubins -------------===//

#include "attnc/Target/CUDA/CudaPipeline.h"

#include "attnc/Target/CPU/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVM.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVM.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Pipelines/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"

using namespace mlir;

void attnc::cuda::buildCudaToLLVMPipeline(OpPassManager &pm,
                                          const CudaDeviceOptions &options) {
  // fp8 KV caches: the LLVM NVPTX back end has no f8 types; their
  // conversions become integer code, as on the CPU.
  pm.addPass(cpu::createAttnExpandFp8());
  gpu::GPUToNVVMPipelineOptions nvvm;
  nvvm.cubinChip = options.chip;
  nvvm.cubinFeatures = options.features;
  nvvm.cubinFormat = options.format;
  nvvm.optLevel = options.optLevel;
  gpu::buildLowerToNVVMPassPipeline(pm, nvvm);
}

void attnc::cuda::registerCudaTargetDialects(DialectRegistry &registry) {
  registry.insert<gpu::GPUDialect, NVVM::NVVMDialect, nvgpu::NVGPUDialect>();
  registerGPUDialectTranslation(registry);
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
  registerNVVMDialectTranslation(registry);
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  // convert-gpu-to-nvvm lowers every dialect of a kernel through these.
  arith::registerConvertArithToLLVMInterface(registry);
  cf::registerConvertControlFlowToLLVMInterface(registry);
  registerConvertFuncToLLVMInterface(registry);
  index::registerConvertIndexToLLVMInterface(registry);
  registerConvertMathToLLVMInterface(registry);
  registerConvertMemRefToLLVMInterface(registry);
  ub::registerConvertUBToLLVMInterface(registry);
  vector::registerConvertVectorToLLVMInterface(registry);
  NVVM::registerConvertGpuToNVVMInterface(registry);
  registerConvertNVVMToLLVMInterface(registry);
}

namespace {
struct CudaToLLVMPipelineOptions
    : public PassPipelineOptions<CudaToLLVMPipelineOptions> {
  Option<std::string> chip{*this, "chip", llvm::cl::desc("GPU (sm_90)"),
                           llvm::cl::init("sm_90")};
  Option<std::string> features{*this, "features",
                               llvm::cl::desc("PTX features (+ptx80)"),
                               llvm::cl::init("+ptx80")};
  Option<std::string> format{*this, "format",
                             llvm::cl::desc("bin | isa | fatbin"),
                             llvm::cl::init("bin")};
};
} // namespace

void attnc::cuda::registerCudaToLLVMPipeline() {
  PassPipelineRegistration<CudaToLLVMPipelineOptions>(
      "attn-cuda-to-llvm",
      "Lower GPU attention kernels (attn-lower-to-gpu) to NVVM, PTX or a "
      "cubin, and the host code to the LLVM dialect",
      [](OpPassManager &pm, const CudaToLLVMPipelineOptions &textual) {
        CudaDeviceOptions options;
        options.chip = textual.chip;
        options.features = textual.features;
        options.format = textual.format;
        buildCudaToLLVMPipeline(pm, options);
      });
}
