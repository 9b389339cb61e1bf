//===- DeviceKernel.h - one attention work item per thread block -*- C++ -*-=//
//
// The device side of attn-lower-to-gpu: the body of the gpu.func that runs
// one work item (sequence, q-block, head unit) per thread block. It reuses
// the target-independent lowering (FamilyAccess, BlockWalk, ScoreRules,
// ElementIO) and replaces only the tile math with warp-level tensor-core
// code (WarpMma.h). Geometry (tile sizes, shared-memory layout) is planned
// once and shared with the host launch.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOGPU_DEVICEKERNEL_H
#define ATTNC_LIB_CONVERSION_ATTNTOGPU_DEVICEKERNEL_H

#include "KernelFunction.h"

namespace attnc::cuda {

using mlir::ImplicitLocOpBuilder;
using mlir::Value;

/// Static shape of the thread block's work.
struct Geometry {
  int64_t group;        // Hq / Hkv
  int64_t headsPerUnit; // query heads packed in a work item
  int64_t numUnits;     // head units: kv heads when packed, else q heads
  int64_t blockQ;       // queries of each packed head in a work item
  int64_t blockK;       // keys of a KV block
  int64_t rows;         // blockQ * headsPerUnit
  int64_t warps;
  int64_t mTiles;       // 16-row mma tiles per warp (K/V fragments are
                        // reused across them)
  int64_t headDim, headDimV;
  int64_t dPad, dvPad;  // head dims rounded up to 16
  /// Shared-memory row strides (elements): 8 more than the padded dims, so
  /// that the 8 rows an ldmatrix reads start in different bank groups; for
  /// f32 4 more, so that the lanes' scalar fragment loads (row 4g or 2t
  /// apart, see splitScores) fall in 32 different banks.
  int64_t qStride, kStride, vStride;
  int64_t listBq = 0;   // q-block of block-mask lists, 0 without lists
  int64_t listBk = 0;   // KV block of the lists: blockK divides it
  int64_t stages = 2;   // K/V blocks in flight in shared memory
  /// What the tensor cores read: f16 or bf16 (mma.sync m16n8k16 or wgmma),
  /// or f32 (split into tf32 pairs, three mma.sync m16n8k8 per product).
  mlir::Type inputType;
  /// Decode: the KV range of a sequence is split over grid.z thread blocks
  /// (flash-decoding) whose partial results a combine kernel merges.
  bool splitKv = false;
  /// sm_90a: the tile products are wgmma on warpgroups (4 warps, 64 rows)
  /// over 128-byte-swizzled tiles (WarpgroupMma.h), not mma.sync over
  /// padded ones.
  bool warpgroupMma = false;
  /// Skip-softmax (SPEC §5.4): blockQ = br, blockK = bc, one decision per
  /// packed head and block, the warps' votes meeting in `flagBytes()` of
  /// shared memory after the K/V stages.
  bool skipSoftmax = false;
  /// With wgmma, K/V tiles arrive by TMA (cp.async.bulk.tensor, one
  /// 64-column box of blockK rows per copy, the 128-byte swizzle done by
  /// the copy) when a sequence's keys are consecutive along dimension
  /// `tmaTokenDim` of the K/V memrefs and need no dequantisation; each stage
  /// completes on its own mbarrier. -1: cp.async, chunk by chunk.
  int64_t tmaTokenDim = -1;

  bool tmaLoads() const { return tmaTokenDim >= 0; }
  int64_t threads() const { return warps * 32; }
  bool splitF32() const { return inputType.isF32(); }
  int64_t elementBytes() const { return splitF32() ? 4 : 2; }
  /// Elements of a 16-byte copy chunk.
  int64_t chunkElements() const { return 16 / elementBytes(); }
  int64_t rowsPad() const { return warps * 16 * mTiles; }
  int64_t rowSlots() const { return 2 * mTiles; } // rows a lane holds
  int64_t qBytes() const {
    return rowsPad() * (warpgroupMma ? dPad : qStride) * elementBytes();
  }
  int64_t kTileBytes() const {
    return blockK * (warpgroupMma ? dPad : kStride) * elementBytes();
  }
  int64_t vTileBytes() const {
    return blockK * (warpgroupMma ? dvPad : vStride) * elementBytes();
  }
  int64_t flagBytes() const {
    return skipSoftmax ? warps * headsPerUnit * 8 : 0;
  }
  /// Block lists are resolved (in range, not a repeat) this many entries at
  /// a time into shared memory, one i32 block index (or -1) each.
  static constexpr int64_t kListChunk = 256;
  int64_t listBytes() const { return listBq ? kListChunk * 4 : 0; }
  int64_t barrierBytes() const { return tmaLoads() ? stages * 8 : 0; }
  /// Q, then the K stages, then the V stages, then the skip flags, then the
  /// resolved list entries, then the stages' mbarriers.
  int64_t flagOffset() const {
    return qBytes() + stages * (kTileBytes() + vTileBytes());
  }
  int64_t listOffset() const { return flagOffset() + flagBytes(); }
  int64_t barrierOffset() const { return listOffset() + listBytes(); }
  int64_t sharedBytes() const { return barrierOffset() + barrierBytes(); }
};

/// The geometry of `op`'s kernel, or a diagnostic on `op` for what the GPU
/// lowering does not handle.
/// With `warpgroupMma` (an sm_90a target) prefill kernels whose head dims
/// are multiples of 64 use wgmma.
/// With `tma` as well, K/V tiles come by TMA where they can.
mlir::FailureOr<Geometry> planGeometry(attn::AttentionOpInterface op,
                                       const lowering::KernelOperands &ops,
                                       int64_t blockRows, int64_t blockK,
                                       bool warpgroupMma = false,
                                       bool tma = false);

/// Split-KV workspace: the device address (i64) of the f32 partial outputs
/// [splits][sequences][Hq][Dv] followed by their LSE [splits][sequences][Hq],
/// and the number of splits (index).
struct SplitWorkspace {
  Value address, splits;
};

/// With `Geometry::tmaLoads()`: the device addresses (i64) of the TMA
/// tensor maps of K and V (see tensorMapRequest).
struct TensorMaps {
  Value key, value;
};

/// Emits the kernel body at `b` (inside the gpu.func): `memrefOf` and
/// `captures` are the gpu.func's arguments, `shared` the base of its dynamic
/// shared memory; with split-KV, `workspace` receives the partial results.
void emitDeviceKernel(ImplicitLocOpBuilder &b, attn::AttentionOpInterface op,
                      const Geometry &geometry,
                      const llvm::StringMap<Value> &memrefOf,
                      llvm::ArrayRef<Value> captures, Value shared,
                      SplitWorkspace workspace = {}, TensorMaps maps = {});

/// The combine kernel of split-KV: thread block (sequence, query head)
/// merges the partial results by their LSE into out and lse.
void emitCombineKernel(ImplicitLocOpBuilder &b, attn::AttentionOpInterface op,
                       const Geometry &geometry,
                       const llvm::StringMap<Value> &memrefOf,
                       SplitWorkspace workspace);

/// Bytes of the split-KV workspace for `numSeqs` sequences.
Value splitWorkspaceBytes(ImplicitLocOpBuilder &b, const Geometry &geometry,
                          attn::AttentionOpInterface op, Value numSeqs,
                          Value splits);

} // namespace attnc::cuda

#endif // ATTNC_LIB_CONVERSION_ATTNTOGPU_DEVICEKERNEL_H
