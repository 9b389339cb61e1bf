//===- Frontend.cpp - attention ops to kernel functions -------------------===//

#include "attnc/Compiler/Frontend.h"

#include "attnc/Conversion/Passes.h"
#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Dialect/Attn/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

bool attnc::hasAttentionOps(ModuleOp module) {
  bool found = false;
  module.walk([&](Operation *op) {
    if (isa<attn::AttnDialect>(op->getDialect())) {
      found = true;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return found;
}

LogicalResult
attnc::lowerAttentionToKernels(ModuleOp module,
                               const FrontendOptions &options) {
  PassManager pm(module.getContext());
  attn::buildNormalizePipeline(pm, {});
  if (options.gpu) {
    AttnLowerToGPUOptions lowering;
    lowering.wgmma = options.warpgroupMma;
    lowering.tma = options.tma;
    lowering.blockRows = options.gpuBlockRows;
    lowering.blockK = options.gpuBlockK;
    pm.addPass(createAttnLowerToGPU(lowering));
  } else {
    AttnLowerToLoopsOptions lowering;
    lowering.vectorWidth = options.vectorWidth;
    pm.addPass(createAttnLowerToLoops(lowering));
  }
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (failed(pm.run(module)))
    return emitError(module.getLoc())
           << "lowering attention ops to kernels (attn-normalize, "
              "attn-lower-to-loops or attn-lower-to-gpu) failed";
  return success();
}
