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
// Decode tiles (one query per sequence: the G query heads of each of U kv
// heads, G <= W / 2) use other kernels, which are bound by reading K and V
// once: they read the rows where they are (or from KS and VS when they need
// dequantising), in memory order (key-major, then head), and waste no
// lanes. Scores are dot products with lanes over d, ST is [BK, C] with C =
// U S columns (S = G rounded up to a power of two) padded, and a vector of
// ST holds W / S (key, kv head) pairs.
// The kernels know nothing of families, masks or layouts: TileCompute.cpp
// says where K and V rows are and applies the score rules in between.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILEKERNELS_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILEKERNELS_H

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/SmallVector.h"

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
  /// Columns of st (C): rowsPad, or for a decode tile narrower than a
  /// vector a power of two.
  int64_t scoreRows;
  /// Decode tiles: the kv heads of the tile (U) and the st columns of each
  /// (S, a power of two): kv head u has the rows [u S, u S + rows / U).
  /// Other tiles: U = 1, S = rowsPad.
  int64_t kvHeads;
  int64_t rowsPerHead;

  bool isDecode() const { return 2 * rowsPerHead <= vectorWidth; }
  /// Whether a vector of st holds several keys (C < W).
  bool packsKeys() const { return scoreRows < vectorWidth; }
};

/// f32 tiles: qt [D, R], qr [R, Dpad], ks [BK, Dpad], st [BK, C],
/// vs [BK, DvPad], acc [R, DvPad], m [R], l [R], alpha [R]. The padding
/// columns of qr and ks are zero.
struct TileBuffers {
  Value qt, qr, ks, st, vs, acc, m, l, alpha;
};

/// st = ks qt.
void emitScoreMatmul(ImplicitLocOpBuilder &b, const TileShape &shape,
                     const TileBuffers &t);
/// For every row r: m' = max(m, max_k st[k, r]); st[:, r] = exp(st[:, r] -
/// m'); l = l exp(m - m') + sum; acc[r] *= exp(m - m'). A row whose max is
/// still -inf stays empty. Lanes run over rows, or when a vector of st
/// holds several keys (packsKeys) over its keys and rows.
void emitSoftmaxUpdate(ImplicitLocOpBuilder &b, const TileShape &shape,
                       const TileBuffers &t);
/// acc += st[0:n, :]^T vs[0:n, :]. With `nanSafe`, a probability of 0 adds
/// exactly 0 even where V is NaN (SPEC §2.8: invisible V never matters).
void emitValueMatmul(ImplicitLocOpBuilder &b, const TileShape &shape,
                     const TileBuffers &t, Value n, bool nanSafe);

/// The K or V rows of a block as decode kernels read them: element 0 of
/// the row of key jj of the block and kv head u of the tile is at
/// `rowStart(jj, u)` in `memref`; its `length` elements are contiguous,
/// f32, f16 or bf16 (the cache itself, or ks/vs), or int8 with `dequant`.
struct RowSource {
  Value memref;
  int64_t length;
  llvm::function_ref<llvm::SmallVector<Value>(ImplicitLocOpBuilder &,
                                              Value jj, Value u)>
      rowStart;
  /// If set, the start of the row of kv head u some keys past key jj:
  /// reading a cache line of row (jj, u), the kernels prefetch the same line
  /// of that row, which spreads the prefetches evenly over the compute.
  llvm::function_ref<llvm::SmallVector<Value>(ImplicitLocOpBuilder &,
                                              Value jj, Value u)>
      prefetchStart;
  /// If set, dequantises lanes [col, col + W) of the row of (jj, u),
  /// converted to f32 (int8 caches, SPEC §4).
  llvm::function_ref<Value(ImplicitLocOpBuilder &, Value x, Value jj,
                           Value u, int64_t col)>
      dequant = nullptr;
};

/// Copies the row of `src` starting at `start` (src.length elements, f32 or
/// f16/bf16 widened) into the f32 memref `dst` from index `dstStart` on,
/// with full-width vector loads and stores (the tail masked).
void emitRowCopy(ImplicitLocOpBuilder &b, const RowSource &src,
                 llvm::ArrayRef<Value> start, int64_t vectorWidth, Value dst,
                 llvm::ArrayRef<Value> dstStart);
/// Zeroes `length` f32 elements of `dst` from index `dstStart` on.
void emitRowZero(ImplicitLocOpBuilder &b, int64_t length, int64_t vectorWidth,
                 Value dst, llvm::ArrayRef<Value> dstStart);

/// Decode tiles: st[jj, u S + r] = qr[u S + r] . K[jj, u] for the n keys of
/// the block, rounded up to whole vectors of st (the extra keys read row
/// n - 1, padding heads head U - 1: the caller's rules or their zero
/// queries make them harmless).
void emitDecodeScores(ImplicitLocOpBuilder &b, const TileShape &shape,
                      const TileBuffers &t, const RowSource &keys, Value n);
/// Decode tiles: acc[u S + r] += sum_jj st[jj, u S + r] V[jj, u] over the
/// real rows. A probability of 0 adds exactly 0 even where V is NaN or
/// infinite.
void emitDecodeValues(ImplicitLocOpBuilder &b, const TileShape &shape,
                      const TileBuffers &t, const RowSource &values, Value n);

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILEKERNELS_H
