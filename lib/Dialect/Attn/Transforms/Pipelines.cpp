//===- Pipelines.cpp - attn pass pipelines ---------------------------------===//

#include "attnc/Dialect/Attn/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void attnc::attn::buildNormalizePipeline(
    OpPassManager &pm, const NormalizePipelineOptions &options) {
  (void)options;
  pm.addPass(createAttnMaterializeDefaults());
  pm.addPass(createCanonicalizerPass());
}

void attnc::attn::registerAttnPassesAndPipelines() {
  registerAttnPasses();
  PassPipelineRegistration<NormalizePipelineOptions>(
      "attn-normalize",
      "Materialise the defaults of attention ops and canonicalise",
      buildNormalizePipeline);
}
