//===- Pipeline.cpp - attn-cpu-to-llvm --------------------------------------===//

#include "attnc/Target/CPU/Pipeline.h"

#include "attnc/Dialect/Attn/Transforms/Passes.h"
#include "attnc/Target/CPU/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void attnc::cpu::buildCpuToLLVMPipeline(OpPassManager &pm,
                                        const CpuToLLVMOptions &options) {
  // fp8 has no LLVM type: its conversions become integer ops first.
  pm.addPass(createAttnExpandFp8());
  // exp/log/tanh as polynomials, so the tile softmax vectorises instead of
  // calling libm per lane.
  pm.addPass(attn::createAttnApproximateMath());
  // bf16 rounding as integer ops: CPUs without AVX512-BF16 would otherwise
  // call __truncsfbf2, which Debian 12's libgcc lacks. Before OpenMP's
  // conversion, which lowers the arith ops inside parallel regions itself.
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
  // Parallel loops first, while they are still scf.parallel. The
  // canonicalizer drops the memref.alloca_scope that the conversion wraps
  // around bodies without allocas.
  if (options.openmp) {
    pm.addPass(createConvertSCFToOpenMPPass());
    pm.addPass(createAttnDynamicSchedule());
    pm.addPass(createCanonicalizerPass());
  }
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToSCFPass());
  // Memrefs before scf: a remaining memref.alloca_scope (around a parallel
  // body that allocates) must be gone before its scf.for becomes several
  // blocks, which its single-block region cannot hold.
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createSCFToControlFlowPass());
  if (options.openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  // math ops with an LLVM intrinsic become intrinsics; the rest (erf, ...)
  // libm calls.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorOptions;
  vectorOptions.reassociateFPReductions = options.reassociateFPReductions;
  vectorOptions.x86Vector = options.x86vector;
  pm.addPass(createConvertVectorToLLVMPass(vectorOptions));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

namespace {
/// The textual options of attn-cpu-to-llvm (CpuToLLVMOptions for attn-opt).
struct CpuToLLVMPipelineOptions
    : public PassPipelineOptions<CpuToLLVMPipelineOptions> {
  Option<bool> openmp{*this, "openmp",
                      llvm::cl::desc("Lower scf.parallel to OpenMP"),
                      llvm::cl::init(true)};
  Option<bool> reassociateFPReductions{
      *this, "reassociate-fp-reductions",
      llvm::cl::desc("Let LLVM reorder floating-point vector reductions"),
      llvm::cl::init(true)};
  Option<bool> x86vector{*this, "x86vector",
                         llvm::cl::desc("Lower x86vector dialect ops"),
                         llvm::cl::init(false)};
};
} // namespace

void attnc::cpu::registerCpuToLLVMPipeline() {
  registerAttncTargetCPUPasses();
  PassPipelineRegistration<CpuToLLVMPipelineOptions>(
      "attn-cpu-to-llvm",
      "Lower CPU kernels in loop form (scf, memref, arith, math, index, "
      "vector, cf, func; scf.parallel through OpenMP) to the LLVM dialect",
      [](OpPassManager &pm, const CpuToLLVMPipelineOptions &textual) {
        CpuToLLVMOptions options;
        options.openmp = textual.openmp;
        options.reassociateFPReductions = textual.reassociateFPReductions;
        options.x86vector = textual.x86vector;
        buildCpuToLLVMPipeline(pm, options);
      });
}
