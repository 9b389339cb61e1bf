//===- ElementIO.h - K/V elements in, output elements out -------*- C++ -*-===//
//
// The element conversions every target shares (SPEC §4): a K or V element
// dequantised to f32 (int8/fp8 caches with per-tensor, per-channel or
// per-token scales and offsets), and an f32 output value encoded for the out
// operand (f16/bf16/f32, or int8 with its scale and offset, rounding half to
// even). Scalar arith/memref only, so CPU tiles and GPU staging emit the same
// code; dequantizeVector is the same dequantisation on a vector of a row,
// for the CPU decode kernels that read quantised rows in place.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ELEMENTIO_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ELEMENTIO_H

#include "FamilyAccess.h"

namespace attnc::lowering {

class ElementIO {
public:
  ElementIO(attn::AttentionOpInterface op,
            const llvm::StringMap<Value> &memrefOf, FamilyAccess &access);

  /// The K or V memref (k/v, or k_cache/v_cache for paged ops).
  Value kvMemref(bool isKey) const;
  /// Whether K or V needs dequantisation (a scale operand is present).
  bool isQuantized(bool isKey) const;
  /// Dequantised element d of K or V row `row` (key j of kv head hkv), f32.
  /// Without `withTensorScale` a per-tensor scale (tensorScale) is left out.
  Value loadKv(ImplicitLocOpBuilder &b, const Sequence &seq, bool isKey,
               const RowRef &row, Value j, Value hkv, Value d,
               bool withTensorScale = true);
  /// K's or V's scale (f32) when it is one per tensor and has no offset,
  /// else null: a target may apply it to the scores or the output instead
  /// of every element (the GPU rounds elements to f16/bf16, where an 8-bit
  /// value is exact and its product with the scale is not).
  Value tensorScale(ImplicitLocOpBuilder &b, bool isKey);
  /// Vector form of loadKv's dequantisation: `x` (f32 lanes [col, col + W)
  /// of the K or V row of key j, kv head hkv, converted from the stored
  /// integer) minus the offset, times the scale; `length` elements of the
  /// row are real (a per-channel scale is read masked past them).
  Value dequantizeVector(ImplicitLocOpBuilder &b, const Sequence &seq,
                         bool isKey, Value x, Value j, Value hkv, int64_t col,
                         int64_t length);
  /// `o` (f32) encoded for column dv of query head h's output row.
  Value encodeOutput(ImplicitLocOpBuilder &b, Value o, Value h, Value dv);

private:
  /// The granularity of K's or V's scale.
  attn::Granularity granularity(bool isKey);
  bool hasTensorScale(bool isKey);
  attn::AttentionOpInterface op;
  llvm::StringMap<Value> memrefOf;
  FamilyAccess &access;
};

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ELEMENTIO_H
