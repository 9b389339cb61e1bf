//===- ScoreRules.h - SPEC §2 steps 2-6 on one score ------------*- C++ -*-===//
//
// Emits, for one (query row, key) pair, the score pipeline that follows the
// scaled dot product: soft cap, ALiBi, bias, the score modifier region, and
// the visibility rules (causal, window with sinks, element mask, mask
// modifier, tri-shape). An invisible key's score becomes -inf. Written once
// for every target: it only emits scalar arith/math/memref ops.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_SCORERULES_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_SCORERULES_H

#include "FamilyAccess.h"

namespace attnc::lowering {

/// Values of one query row that every key of the row shares.
struct QueryRow {
  Value h;     // query head
  Value i;     // query index in the sequence
  Value pos;   // position i + Lk - Lq
  Value slope; // ALiBi slope, or null
  Value promptLen; // tri-shape: prompt length, or null
};

class ScoreRules {
public:
  ScoreRules(attn::AttentionOpInterface op,
             const llvm::StringMap<Value> &memrefOf,
             llvm::ArrayRef<Value> captures, FamilyAccess &access);

  /// Fails (with a diagnostic on the op) if a modifier region holds an op
  /// the lowering cannot inline.
  mlir::LogicalResult verifyModifiers();

  QueryRow queryRow(ImplicitLocOpBuilder &b, const Sequence &s, Value h,
                    Value i);
  /// The final score of key j for `row`, -inf when j is invisible. In a
  /// `fullBlock` of a block mask the element mask and mask_mod are skipped.
  Value score(ImplicitLocOpBuilder &b, const Sequence &s, const QueryRow &row,
              Value j, Value dot, bool fullBlock);
  /// Whether any rule needs per-key work beyond `j <= Lk` (else the
  /// visibility is a plain range and the caller may skip the rules).
  bool hasElementRules();
  /// Whether the score itself changes (soft cap, ALiBi, bias, score_mod).
  bool hasScoreRules();
  /// i1: no visibility rule hides any key of [jFirst, jLast] from any query
  /// position in [pFirst, pLast]: a full block, whose scores need no
  /// per-element rules. Always false with element masks, mask_mod (outside
  /// full block-mask blocks) and tri-shape.
  Value blockIsFull(ImplicitLocOpBuilder &b, Value pFirst, Value pLast,
                    Value jFirst, Value jLast, bool fullBlock);

private:
  Value inlineRegion(ImplicitLocOpBuilder &b, mlir::Region &region,
                     llvm::ArrayRef<Value> leading);
  Value loadBiasLike(ImplicitLocOpBuilder &b, Value memref, const Sequence &s,
                     const QueryRow &row, Value j);
  Value visible(ImplicitLocOpBuilder &b, const Sequence &s,
                const QueryRow &row, Value j, bool fullBlock);

  attn::AttentionOpInterface op;
  FamilyAccess &access;
  llvm::SmallVector<Value> captures;
  Value alibi, bias, mask, promptLens;
  std::optional<double> softcap;
  bool causal;
  int64_t windowLeft = -1, windowRight = -1, numSink = 0;
  attn::TriShapeAttr triShape;
  int64_t triShapeBlock = 0;
};

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_SCORERULES_H
