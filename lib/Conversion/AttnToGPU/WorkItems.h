//===- WorkItems.h - what every GPU kernel's thread block starts with -*- C++
//-*-===//
//
// Shared by the attention kernel (DeviceKernel.cpp) and XAttention's
// selection kernel (XAttentionKernels.cpp): per-thread state arrays that
// LLVM promotes to registers, and the grid slot -> (sequence, group of
// queries) search over a packed batch.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOGPU_WORKITEMS_H
#define ATTNC_LIB_CONVERSION_ATTNTOGPU_WORKITEMS_H

#include "FamilyAccess.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace attnc::cuda {

using mlir::ImplicitLocOpBuilder;
using mlir::Value;

/// Per-thread array of f32 or i32 values, addressed by constants. Allocated
/// in the kernel's entry block, LLVM promotes it to registers.
class RegisterArray {
public:
  RegisterArray() = default;
  RegisterArray(ImplicitLocOpBuilder &b, int64_t size, mlir::Type type);
  Value get(ImplicitLocOpBuilder &b, int64_t i) const;
  /// At a run-time index: the array then stays in local memory.
  Value get(ImplicitLocOpBuilder &b, Value i) const;
  void set(ImplicitLocOpBuilder &b, int64_t i, Value v) const;
  void set(ImplicitLocOpBuilder &b, Value i, Value v) const;

private:
  Value memref;
};

/// This thread's place in its block and in its warp's mma fragments: lane
/// 4 groupId + quad holds rows groupId and groupId + 8, columns 2 quad and
/// 2 quad + 1 of each 16x8 C tile.
struct ThreadPlace {
  Value tid, warp, lane, groupId, quad;
};
ThreadPlace threadPlace(ImplicitLocOpBuilder &b);

/// Stages the 16-byte chunk at column `col` (a multiple of the chunk's
/// 16 / sizeof(`inputType`) elements) of a row of `dim` elements into shared
/// memory at byte `dstOffset` of `shared`. With `async`: one cp.async from
/// `memref` at `row` (zero-filled when `live` is false or the chunk is past
/// `dim`). Otherwise the chunk's elements from `loadElement(d)` (d clamped
/// into the row), zero where dead, rounded to `inputType`.
void stageRowChunk(
    ImplicitLocOpBuilder &b, Value shared, Value dstOffset, Value memref,
    const lowering::RowRef &row, Value col, int64_t dim, Value live,
    bool async, mlir::Type inputType,
    llvm::function_ref<Value(ImplicitLocOpBuilder &, Value d)> loadElement);

/// Grid slot `slot` as the slot-th (sequence, group of `groupQueries`
/// queries) pair in sequence order, the last groups of a sequence first (so
/// that the longest causal rows start earliest). `live` is false past the
/// last pair; `sequence` is then 0.
struct SlotItem {
  Value live, sequence, group;
};
SlotItem findSlotItem(ImplicitLocOpBuilder &b, lowering::FamilyAccess &access,
                      Value slot, int64_t groupQueries);

} // namespace attnc::cuda

#endif // ATTNC_LIB_CONVERSION_ATTNTOGPU_WORKITEMS_H
