//===- TileKernels.h - vector micro-kernels of the tile step ----*- C++ -*-===//
//
// The dense linear algebra of one KV block on heap tiles, written with the
// vector dialect so that the accumulators stay in registers. Scores are kept
// key-major (ST[key, row]) so that the vector lanes run over query rows:
//   ST  = KS QT          (BK keys x R rows; QT is the work item's queries,
//                         transposed once, KS the staged keys)
//   online softmax down each column of ST (a row of the attention matrix),
//   rescaling Acc
//   Acc += ST^T VS        (ST holds probabilities after the update)
// They know nothing of families, masks or layouts: TileCompute.cpp stages
// dequantised K and V into KS and VS and applies the score rules in between.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILEKERNELS_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILEKERNELS_H

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace attnc::lowering {

using mlir::ImplicitLocOpBuilder;
using mlir::Value;

/// Static tile sizes. rowsPad, blockK and headDimVPad are multiples of
/// vectorWidth.
struct TileShape {
  int64_t rows;        // real query rows (the value product skips padding)
  int64_t rowsPad;     // R, padded
  int64_t headDim;     // D
  int64_t headDimPad;  // D rounded up to the vector width
  int64_t blockK;      // BK, padded
  int64_t headDimVPad; // Dv rounded up to the vector width
  int64_t vectorWidth; // f32 lanes
};

/// f32 tiles: qt [D, R], qr [R, Dpad], ks [BK, Dpad], st [BK, R],
/// vs [BK, DvPad], acc [R, DvPad], m [R], l [R], alpha [R]. The padding
/// columns of qr and ks are zero.
struct TileBuffers {
  Value qt, qr, ks, st, vs, acc, m, l, alpha;
};

/// st = ks qt.
void emitScoreMatmul(ImplicitLocOpBuilder &b, const TileShape &shape,
                     const TileBuffers &t);
/// st[:, 0:rows] = ks qr^T as dot products with lanes over d: for a tile of
/// few rows (decode), where lanes over rows would mostly be padding.
void emitScoreDotProducts(ImplicitLocOpBuilder &b, const TileShape &shape,
                          const TileBuffers &t);
/// For every row r: m' = max(m, max_k st[k, r]); st[:, r] = exp(st[:, r] -
/// m'); l = l exp(m - m') + sum; acc[r] *= exp(m - m'). A row whose max is
/// still -inf stays empty.
void emitSoftmaxUpdate(ImplicitLocOpBuilder &b, const TileShape &shape,
                       const TileBuffers &t);
/// acc += st[0:n, :]^T vs[0:n, :]. With `nanSafe`, a probability of 0 adds
/// exactly 0 even where V is NaN (SPEC §2.8: invisible V never matters).
void emitValueMatmul(ImplicitLocOpBuilder &b, const TileShape &shape,
                     const TileBuffers &t, Value n, bool nanSafe);

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILEKERNELS_H
