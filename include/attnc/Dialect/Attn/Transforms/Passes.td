//===- Passes.td - attn dialect passes ---------------------*- tablegen -*-===//

#ifndef ATTNC_DIALECT_ATTN_TRANSFORMS_PASSES_TD
#define ATTNC_DIALECT_ATTN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AttnMaterializeDefaults : Pass<"attn-materialize-defaults"> {
  let summary = "Write every defaulted option of attention ops explicitly";
  let description = [{
    Sets the attributes SPEC.md gives defaults for, so that later passes read
    one explicit value instead of re-deriving the default: `scale` becomes
    `1/sqrt(D)`, `window` is dropped when it is `(-1, -1)`, `num_sink = 0`
    is dropped, tri-shape's `bk` becomes the page size on `attn.paged`, and
    skip-softmax thresholds get their per-phase defaults. Results are
    unchanged.

    ```mlir
    // before
    %o = attn.varlen q(...) ... -> tensor<?x8x64xf32>
    // after
    %o = attn.varlen q(...) ... {scale = 1.250000e-01 : f64} -> tensor<?x8x64xf32>
    ```
  }];
  let dependentDialects = ["::attnc::attn::AttnDialect"];
}

def AttnApproximateMath : Pass<"attn-approximate-math"> {
  let summary = "Expand f32 math functions into vectorisable polynomials";
  let description = [{
    Rewrites `math.exp`, `math.log`, `math.tanh` and friends on f32 scalars
    and vectors into polynomial approximations made of arith ops (upstream
    MLIR's patterns), so that the softmax of a tile vectorises instead of
    calling libm once per lane. The approximations are accurate to a few
    ulp, well inside SPEC §7's tolerances.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // ATTNC_DIALECT_ATTN_TRANSFORMS_PASSES_TD
