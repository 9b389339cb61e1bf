//===- CheckRecord.h - what a compiled kernel tells the runtime -*- C++ -*-===//
//
// A compiled attention kernel checks its runtime index operands (SPEC §6)
// before it writes anything, by filling an i64 "check record" on its stack
// and calling attnc_rt_check_attention. The record says which op it is
// (header words) and where each operand lives and how big it is (one slot per
// operand). The lowering (lib/Conversion) writes records; the runtime
// (lib/Runtime) reads them with the same ArgumentChecks the reference uses.
// This header is the contract between the two: plain C++, no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_CHECKRECORD_H
#define ATTNC_RUNTIME_CHECKRECORD_H

#include <cstdint>

namespace attnc::rt::record {

/// Header words.
enum Header : int64_t {
  kFamily = 0,      // 0 varlen, 1 paged, 2 dense
  kLayout = 1,      // paged: 0 nhd, 1 hnd, 2 hpnd; dense: 0 bnsd, 1 bsnd, 2 bsh
  kNumQHeads = 2,
  kNumKvHeads = 3,
  kHeadDim = 4,
  kHeadDimV = 5,
  kPageSize = 6,    // paged only
  kSparsity = 7,    // 0 none, 1 block mask, 2 tri-shape, 3 xattention
  kBlockQ = 8,      // block mask bq
  kBlockK = 9,      // block mask bk
  kXAttentionBlock = 10,
  kNumHeaderWords = 16,
};

/// Operand slots, in this order.
enum Slot : int64_t {
  kQ = 0,
  kK,              // k (varlen, dense) or k_cache (paged)
  kV,              // v or v_cache
  kCuSeqlensQ,
  kCuSeqlensK,
  kBlockTable,
  kContextLens,
  kActualSeqLengths,
  kKvPaddingSize,
  kAlibiSlopes,
  kBias,
  kMask,
  kKScale,
  kKOffset,
  kVScale,
  kVOffset,
  kOutScale,
  kOutOffset,
  kKvNumBlocks,
  kKvIndices,
  kFullKvNumBlocks,
  kFullKvIndices,
  kPromptLens,
  kNumSlots,
};

/// Words of one slot: [rank or -1 when absent, data address, dims 0..3].
/// Index operands are i32 except kv_padding_size (i64, rank 0).
enum SlotWord : int64_t {
  kRank = 0,
  kData = 1,
  kDim0 = 2,
  kNumSlotWords = 6,
};

constexpr int64_t kNumWords = kNumHeaderWords + kNumSlots * kNumSlotWords;

constexpr int64_t slotWord(int64_t slot, int64_t word) {
  return kNumHeaderWords + slot * kNumSlotWords + word;
}

} // namespace attnc::rt::record

extern "C" {
/// Checks the operands a record describes. Returns 0 when they are valid;
/// otherwise 1, and attnc_rt_last_error() names operand, sequence and value.
/// The arguments are the expanded MLIR descriptor of a memref<kNumWords x i64>.
int32_t attnc_rt_check_attention(int64_t *allocated, int64_t *aligned,
                                 int64_t offset, int64_t size, int64_t stride);
/// The message of the last failed check on this thread ("" if none).
const char *attnc_rt_last_error(void);
}

#endif // ATTNC_RUNTIME_CHECKRECORD_H
