//===- XAttentionKernels.h - XAttention selection on the GPU ----*- C++ -*-===//
//
// SPEC §5.3 before the attention, on the device: one thread block per
// (sequence, query head, group of q-blocks) estimates the antidiagonal
// strided scores with tensor cores, their causal softmax per strided row and
// the block masses W[I, J] (shared memory), then selects each q-block's kept
// blocks and writes the block lists that the attention kernel walks like
// per-head block-mask lists (BlockWalk's "xattention_num" /
// "xattention_indices"), and the `selected` results if the op has them.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOGPU_XATTENTIONKERNELS_H
#define ATTNC_LIB_CONVERSION_ATTNTOGPU_XATTENTIONKERNELS_H

#include "KernelFunction.h"

namespace attnc::cuda {

using mlir::ImplicitLocOpBuilder;
using mlir::Value;

/// Static shape of the estimate's thread block: `rows` strided rows (whole
/// q-blocks) times tiles of `columns` strided columns; warps warpsM() x
/// warpsN(), each 32 rows (two m-tiles) x 8 nTiles columns.
struct XAttentionGeometry {
  int64_t block = 0, stride = 0, per = 0; // B, S, B / S
  int64_t rows = 128, columns = 128, warps = 8, nTiles = 8, stages = 2;
  int64_t group = 1; // Hq / Hkv
  int64_t headDim = 0, dPad = 0, rowStride = 0;
  /// A step stages and multiplies dPad / dSplit of the head dimension, so
  /// that two stages of wide tiles fit next to the W rows.
  int64_t dSplit = 1;
  double threshold = 0;
  int64_t denseTail = 0;
  mlir::Type inputType;

  int64_t threads() const { return warps * 32; }
  int64_t warpCols() const { return 8 * nTiles; }
  int64_t warpsN() const { return columns / warpCols(); }
  int64_t qBlocks() const { return rows / per; }
  /// Queries of a thread block (its slot size for the grid).
  int64_t queries() const { return rows * stride; }
  int64_t dChunk() const { return dPad / dSplit; }
  /// Steps per column tile: (s, d-chunk) pairs.
  int64_t tileSteps() const { return stride * dSplit; }
  /// One pipeline stage: the rows' q and the columns' k for one s and one
  /// d-chunk.
  int64_t elementBytes() const { return inputType.isF32() ? 4 : 2; }
  int64_t stageBytes() const {
    return (rows + columns) * rowStride * elementBytes();
  }
  /// Shared memory before the W rows: the stages, the per-column-warp row
  /// statistics (max, sum) and the block scans' per-warp totals.
  int64_t fixedSharedBytes() const {
    return stages * stageBytes() + 2 * warpsN() * rows * 4 + warps * 4;
  }
};

/// The estimate's geometry, or a diagnostic for what the GPU does not take.
mlir::FailureOr<XAttentionGeometry>
planXAttention(attn::AttentionOpInterface op, mlir::Type inputType);

/// Host side: upper bounds of one sequence's queries and keys from the
/// operand shapes (no memory is read).
Value queryLengthBound(ImplicitLocOpBuilder &b, attn::AttentionOpInterface op,
                       const llvm::StringMap<Value> &memrefOf);
Value keyLengthBound(ImplicitLocOpBuilder &b, attn::AttentionOpInterface op,
                     const llvm::StringMap<Value> &memrefOf);

/// Dynamic shared memory of the kernel for lists of `maxKBlocks` k-blocks:
/// the fixed part, then W rows [qBlocks][maxKBlocks] and keep flags.
Value xattentionSharedBytes(ImplicitLocOpBuilder &b,
                            const XAttentionGeometry &g, Value maxKBlocks);

/// The kernel body at `b` (inside its gpu.func); grid x is the (sequence,
/// group of q-blocks) slot, grid y the query head. `num` [B, Hq, NQ] and
/// `indices` [B, Hq, NQ, NK] receive the lists.
void emitXAttentionKernel(ImplicitLocOpBuilder &b,
                          attn::AttentionOpInterface op,
                          const XAttentionGeometry &g,
                          const llvm::StringMap<Value> &memrefOf, Value num,
                          Value indices, Value shared);

} // namespace attnc::cuda

#endif // ATTNC_LIB_CONVERSION_ATTNTOGPU_XATTENTIONKERNELS_H
