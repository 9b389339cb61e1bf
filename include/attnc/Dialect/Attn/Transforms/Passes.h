//===- Passes.h - attn dialect passes ---------------------------*- C++ -*-===//

#ifndef ATTNC_DIALECT_ATTN_TRANSFORMS_PASSES_H
#define ATTNC_DIALECT_ATTN_TRANSFORMS_PASSES_H

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace attnc::attn {

#define GEN_PASS_DECL
#include "attnc/Dialect/Attn/Transforms/Passes.h.inc"

/// Options of the normalisation pipeline (none yet; kept for symmetry with
/// the code generation pipelines that follow).
struct NormalizePipelineOptions
    : public mlir::PassPipelineOptions<NormalizePipelineOptions> {};

/// attn-normalize: materialise defaults, then canonicalise.
void buildNormalizePipeline(mlir::OpPassManager &pm,
                            const NormalizePipelineOptions &options);

/// Registers the passes and pipelines of the attn dialect.
void registerAttnPassesAndPipelines();

#define GEN_PASS_REGISTRATION
#include "attnc/Dialect/Attn/Transforms/Passes.h.inc"

} // namespace attnc::attn

#endif // ATTNC_DIALECT_ATTN_TRANSFORMS_PASSES_H
