//===- BlockWalk.h - the KV blocks a q-block visits -------------*- C++ -*-===//
//
// The block-sparse loop form of DESIGN.md, shared by every target: for one
// work item (sequence, head, q-block) emit the visit of each KV block it can
// see. Dense, causal, window and sink visibility are block ranges computed
// from a few integers; a block mask or an XAttention selection is a list read
// from memory (deduplicated; a block on both lists counts as full). Targets
// supply what a visit does: the CPU folds the block into stack tiles, the GPU
// stages it through shared memory into tensor-core fragments.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_BLOCKWALK_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_BLOCKWALK_H

#include "FamilyAccess.h"

namespace attnc::lowering {

/// What the walk needs to know about one work item.
struct WalkItem {
  Sequence seq;
  /// The query head whose block lists apply (per-head lists and XAttention
  /// use one head per work item; broadcast lists ignore it).
  Value listHead;
  /// First query index of the q-block and its number of valid queries.
  Value row0, numRows;
};

/// Visits KV block `block` (keys [block * blockK, ...)); `fullBlock` is set
/// for blocks of a full block-mask list (no element mask needed).
using BlockVisitor =
    llvm::function_ref<void(ImplicitLocOpBuilder &, Value block,
                            bool fullBlock)>;
/// Visits every block of [lo, hi) (none of them from a full list). A target
/// that pipelines loads across consecutive blocks overrides the plain loop.
using RangeVisitor =
    llvm::function_ref<void(ImplicitLocOpBuilder &, Value lo, Value hi)>;

/// Entry t of a block list: its KV block, whether it is visited (in the
/// sequence, not listed before, not on the full list) and whether it comes
/// from the full list (i1).
struct ListEntry {
  Value block, visited, full;
};
using ListEntryFn =
    llvm::function_ref<ListEntry(ImplicitLocOpBuilder &, Value t)>;
/// Visits the `count` entries of a work item's block lists in order: a
/// block mask's full list, then its partial list, as one list (so that a
/// target pipelining loads across the listed blocks runs one pipeline, not
/// one per list). Without it, each list is a plain loop calling
/// BlockVisitor on each visited entry.
using ListVisitor = llvm::function_ref<void(ImplicitLocOpBuilder &,
                                            Value count, ListEntryFn entry)>;

class BlockWalk {
public:
  /// `listBq` is the q-block size of block lists (block mask or XAttention),
  /// 0 when there are none; `blockK` the KV block size (equal to the lists'
  /// bk when there are lists).
  BlockWalk(attn::AttentionOpInterface op,
            const llvm::StringMap<Value> &memrefOf, int64_t blockK,
            int64_t listBq);

  /// Emits the visits of `item`'s blocks. Without `visitRange`, a range is
  /// a loop calling `visit`.
  void emit(ImplicitLocOpBuilder &b, const WalkItem &item,
            BlockVisitor visit, RangeVisitor visitRange = nullptr,
            ListVisitor visitList = nullptr);


  /// XAttention: the block lists the selection phase wrote ([B, Hq, NQ]
  /// counts and [B, Hq, NQ, NK] indices), walked like a block mask.
  void setSelection(Value num, Value indices) {
    memrefOf["xattention_num"] = num;
    memrefOf["xattention_indices"] = indices;
  }

  /// The block range [lo, hi) of a walk without lists (causal, window, no
  /// sinks); returns false when the walk has lists or sink blocks, which
  /// need `emit`.
  bool isSingleRange() const;
  std::pair<Value, Value> singleRange(ImplicitLocOpBuilder &b,
                                      const WalkItem &item);

private:
  class ListReader;
  void emitLists(ImplicitLocOpBuilder &b, const WalkItem &item,
                 BlockVisitor visit, ListVisitor visitList);
  /// [lo, hi) of the causal/window range, and the end of the causal range.
  struct Range {
    Value lo, hi, causalHi;
  };
  Range range(ImplicitLocOpBuilder &b, const WalkItem &item);

  attn::AttentionOpInterface op;
  llvm::StringMap<Value> memrefOf;
  int64_t blockK, listBq;
  bool hasBlockMask, hasXAttention;
  int64_t windowLeft = -1, windowRight = -1, numSink = 0;
};

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_BLOCKWALK_H
