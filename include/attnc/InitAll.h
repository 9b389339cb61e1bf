//===- InitAll.h - everything attnc registers --------------------*- C++ -*-===//
//
// The one place that lists the dialects, passes and pipelines every attnc
// entry point (attn-opt, attnc, attn-run, the Python module, unit tests)
// registers.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_INITALL_H
#define ATTNC_INITALL_H

#include "attnc/Conversion/Passes.h"
#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Dialect/Attn/Transforms/Passes.h"
#include "attnc/Target/CPU/Dialects.h"
#include "attnc/Target/CPU/Pipeline.h"
#include "attnc/Target/CUDA/CudaPipeline.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace attnc {

/// Dialects an attnc input may contain.
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<attn::AttnDialect, mlir::arith::ArithDialect, mlir::memref::MemRefDialect,
                  mlir::func::FuncDialect, mlir::math::MathDialect,
                  mlir::scf::SCFDialect, mlir::tensor::TensorDialect>();
  // Kernels in loop form (memref, vector, cf, ...) and their translation
  // to LLVM IR.
  cpu::registerCpuTargetDialects(registry);
  // GPU kernels (gpu, NVVM) and their serialisation.
  cuda::registerCudaTargetDialects(registry);
}

/// attnc's passes and pipelines plus the upstream ones tests use.
inline void registerAllPasses() {
  attn::registerAttnPassesAndPipelines();
  registerAttncConversionPasses();
  cpu::registerCpuToLLVMPipeline();
  cuda::registerCudaToLLVMPipeline();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
}

} // namespace attnc

#endif // ATTNC_INITALL_H
