//===- WarpgroupMma.h - Hopper warpgroup tensor-core pieces -----*- C++ -*-===//
//
// The sm_90a path of the GPU tile code: wgmma.mma_async, issued by a
// warpgroup (4 warps, 128 threads) on a 64-row tile, reading its operands
// from shared memory through 64-bit matrix descriptors.
//
// Shared-memory tiles for wgmma use the 128-byte swizzle: a tile of R rows
// by C columns (C a multiple of 64 16-bit elements) is stored as C / 64
// column blocks of R rows x 128 bytes; within a row, 16-byte chunk k sits at
// chunk k ^ (row % 8). Every column block starts 1024-byte aligned. Such a
// tile is both the K-major operand of S = Q K^T (Q and K rows) and, read
// transposed, the MN-major operand of P V (V rows: keys along K).
//
// Accumulator and register-A fragments of a warp within the warpgroup
// follow mma.sync m16n8k16 (WarpMma.h): warp w of the warpgroup owns rows
// [16 w, 16 w + 16); per 8 columns, lane 4 g + t holds rows g and g + 8,
// columns 2t and 2t + 1. The tile code above is shared by both paths.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOGPU_WARPGROUPMMA_H
#define ATTNC_LIB_CONVERSION_ATTNTOGPU_WARPGROUPMMA_H

#include "WarpMma.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace attnc::cuda {

/// Byte offset of element (row, col) in a swizzled tile of `rows` rows
/// (col a multiple of 8 for a 16-byte chunk).
Value swizzledOffset(ImplicitLocOpBuilder &b, Value row, Value col,
                     int64_t rows);

/// The matrix descriptor (i64) of a 128-byte-swizzled operand at shared
/// memory `sharedPtr`: `leading` and `stride` are the byte offsets between
/// column blocks (MN-major operands) and between 8-row groups.
Value matrixDescriptor(ImplicitLocOpBuilder &b, Value sharedPtr,
                       int64_t leading, int64_t stride);
/// `descriptor` advanced by `bytes` (a multiple of 16).
Value advanceDescriptor(ImplicitLocOpBuilder &b, Value descriptor,
                        int64_t bytes);

/// d = a b (+ d when `acc` is not empty) for an m64 n`n` k16 tile, A and B
/// from shared memory, both K-major; returns the n / 2 f32 of this thread.
llvm::SmallVector<Value> warpgroupMmaShared(ImplicitLocOpBuilder &b,
                                            mlir::Type inputType, int64_t n,
                                            Value descA, Value descB,
                                            llvm::ArrayRef<Value> acc);
/// d = a b + d for an m64 n`n` k16 tile, A from this thread's registers (an
/// mma.sync A fragment), B from shared memory, MN-major (transposed).
llvm::SmallVector<Value> warpgroupMmaRegisterA(ImplicitLocOpBuilder &b,
                                               mlir::Type inputType, int64_t n,
                                               const Frag4 &a, Value descB,
                                               llvm::ArrayRef<Value> acc);

/// wgmma.fence: orders register writes before the next wgmma reads them.
void warpgroupFence(ImplicitLocOpBuilder &b);
/// Commits the issued wgmma and waits until all of them are done.
void warpgroupCommitAndWait(ImplicitLocOpBuilder &b);
/// Makes this thread's shared-memory writes (st.shared, cp.async) visible
/// to the async proxy that wgmma reads through; a barrier must follow.
void fenceSharedForAsyncProxy(ImplicitLocOpBuilder &b);

} // namespace attnc::cuda

#endif // ATTNC_LIB_CONVERSION_ATTNTOGPU_WARPGROUPMMA_H
