//===- Frontend.cpp - attention ops to kernel functions -------------------===//

#include "attnc/Compiler/Frontend.h"

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

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

LogicalResult attnc::lowerAttentionToKernels(ModuleOp module) {
  // By name, so that attnc builds whether or not the lowering is in.
  if (!PassInfo::lookup(kLowerToLoopsPass) &&
      !PassPipelineInfo::lookup(kLowerToLoopsPass))
    return emitError(module.getLoc())
           << "the attention lowering '" << kLowerToLoopsPass
           << "' is not available in this build yet; attnc can compile "
              "functions already lowered to kernels (marked attn.kernel)";
  std::string text =
      ("builtin.module(attn-normalize," + kLowerToLoopsPass + ")").str();
  std::string error;
  llvm::raw_string_ostream errorOs(error);
  FailureOr<OpPassManager> pipeline = parsePassPipeline(text, errorOs);
  if (failed(pipeline))
    return emitError(module.getLoc()) << "cannot build the front pipeline '" << text
                              << "': " << error;
  PassManager pm(module.getContext());
  static_cast<OpPassManager &>(pm) = std::move(*pipeline);
  if (failed(pm.run(module)))
    return emitError(module.getLoc())
           << "lowering attention ops to kernels (attn-normalize, "
           << kLowerToLoopsPass << ") failed";
  return success();
}
