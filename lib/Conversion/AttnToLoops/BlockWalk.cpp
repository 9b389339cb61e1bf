//===- BlockWalk.cpp - the KV blocks a q-block visits ---------------------===//

#include "BlockWalk.h"

#include "LoweringUtils.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
using arith::CmpIPredicate;

namespace {

/// Index into a block-mask style operand whose leading dims may broadcast
/// (static 1, or dynamic and 1 at run time).
Value broadcastIndex(ImplicitLocOpBuilder &b, Value memref, int64_t d,
                     Value natural) {
  int64_t size = cast<MemRefType>(memref.getType()).getDimSize(d);
  if (size == 1)
    return cIndex(b, 0);
  if (!ShapedType::isDynamic(size))
    return natural;
  Value isOne = cmpI(b, CmpIPredicate::eq, dim(b, memref, d), cIndex(b, 1));
  return select(b, isOne, cIndex(b, 0), natural);
}

} // namespace

BlockWalk::BlockWalk(attn::AttentionOpInterface op,
                     const llvm::StringMap<Value> &memrefOf, int64_t blockK,
                     int64_t listBq)
    : op(op), memrefOf(memrefOf), blockK(blockK), listBq(listBq) {
  hasBlockMask = isa_and_nonnull<attn::BlockMaskAttr>(op.getSparsityAttr());
  hasXAttention = isa_and_nonnull<attn::XAttentionAttr>(op.getSparsityAttr());
  if (auto window = op.getWindow()) {
    windowLeft = (*window)[0];
    windowRight = (*window)[1];
  }
  numSink = (int64_t)op.getNumSink().value_or(0);
}

bool BlockWalk::isSingleRange() const {
  bool sinkBlocks = numSink > 0 && (windowLeft >= 0 || windowRight >= 0);
  return !hasBlockMask && !hasXAttention && !sinkBlocks;
}

BlockWalk::Range BlockWalk::range(ImplicitLocOpBuilder &b,
                                  const WalkItem &item) {
  // Blocks a q-block can see: a range bounded by causality and the window.
  const Sequence &seq = item.seq;
  Value bk = cIndex(b, blockK), zero = cIndex(b, 0), one = cIndex(b, 1);
  Value numBlocks = ceilDivI(b, seq.kLen, bk);
  Value offset = subI(b, seq.kLen, seq.qLen);
  Value pFirst = addI(b, item.row0, offset);
  Value pLast = subI(b, addI(b, pFirst, item.numRows), one);
  auto blocksThrough = [&](Value lastKey) { // blocks [0, lastKey / bk]
    return maxI(b, zero, addI(b, floorDivI(b, lastKey, bk), one));
  };
  Value causalHi = numBlocks;
  if (op.getCausal() ||
      isa_and_nonnull<attn::TriShapeAttr>(op.getSparsityAttr()))
    causalHi = minI(b, causalHi, blocksThrough(pLast));
  Value hi = causalHi, lo = zero;
  if (windowRight >= 0)
    hi = minI(b, hi, blocksThrough(addI(b, pLast, cIndex(b, windowRight))));
  if (windowLeft >= 0)
    lo = maxI(b, zero,
              floorDivI(b, subI(b, pFirst, cIndex(b, windowLeft)), bk));
  return {lo, hi, causalHi};
}

std::pair<Value, Value> BlockWalk::singleRange(ImplicitLocOpBuilder &b,
                                               const WalkItem &item) {
  assert(isSingleRange() && "the walk has lists or sink blocks");
  Range r = range(b, item);
  return {r.lo, r.hi};
}

void BlockWalk::emit(ImplicitLocOpBuilder &b, const WalkItem &item,
                     BlockVisitor visit, RangeVisitor visitRange,
                     ListVisitor visitList) {
  auto visitBlocks = [&](ImplicitLocOpBuilder &b, Value lo, Value hi) {
    if (visitRange)
      return visitRange(b, lo, hi);
    forEach(b, lo, hi, [&](ImplicitLocOpBuilder &b, Value block) {
      visit(b, block, /*fullBlock=*/false);
    });
  };
  if (hasXAttention) {
    emitList(b, item, memrefOf.lookup("xattention_num"),
             memrefOf.lookup("xattention_indices"), Value(), Value(), false,
             visit, visitList);
    return;
  }
  if (hasBlockMask) {
    Value full = memrefOf.lookup("full_kv_num_blocks");
    Value fullIdx = memrefOf.lookup("full_kv_indices");
    if (full)
      emitList(b, item, full, fullIdx, Value(), Value(), true, visit,
               visitList);
    emitList(b, item, memrefOf.lookup("kv_num_blocks"),
             memrefOf.lookup("kv_indices"), full, fullIdx, false, visit,
             visitList);
    return;
  }
  Range r = range(b, item);
  if (numSink > 0 && (windowLeft >= 0 || windowRight >= 0)) {
    // The blocks holding sink tokens, then the window's range past them.
    Value sinkHi = minI(b, r.causalHi,
                        cIndex(b, (numSink + blockK - 1) / blockK));
    visitBlocks(b, cIndex(b, 0), sinkHi);
    visitBlocks(b, maxI(b, r.lo, sinkHi), r.hi);
    return;
  }
  visitBlocks(b, r.lo, r.hi);
}

/// Visits the blocks listed for this work item's q-block. A block listed
/// twice, or (for the partial list) also listed as full, is visited once,
/// and an index past the sequence's keys selects nothing (SPEC §5.1).
void BlockWalk::emitList(ImplicitLocOpBuilder &b, const WalkItem &item,
                         Value numBlocks, Value indices, Value otherNum,
                         Value otherIndices, bool full, BlockVisitor visit,
                         ListVisitor visitList) {
  Value h = item.listHead;
  Value maskQBlock = floorDivI(b, item.row0, cIndex(b, listBq));
  auto rowIndex = [&](ImplicitLocOpBuilder &b, Value memref) {
    return SmallVector<Value>{broadcastIndex(b, memref, 0, item.seq.b),
                              broadcastIndex(b, memref, 1, h), maskQBlock};
  };
  auto count = [&](ImplicitLocOpBuilder &b, Value num, Value idx) {
    Value n = loadIndex(b, num, rowIndex(b, num));
    return minI(b, maxI(b, n, cIndex(b, 0)), dim(b, idx, 3));
  };
  auto listed = [&](ImplicitLocOpBuilder &b, Value idx, Value upTo,
                    Value block) {
    SmallVector<Value> base = rowIndex(b, idx);
    return reduce(b, cIndex(b, 0), upTo, cBool(b, false),
                  [&](ImplicitLocOpBuilder &b, Value t, Value found) {
                    SmallVector<Value> index(base);
                    index.push_back(t);
                    Value other = loadIndex(b, idx, index);
                    return orB(b, found,
                               cmpI(b, CmpIPredicate::eq, other, block));
                  });
  };
  auto entry = [&](ImplicitLocOpBuilder &b, Value t) -> ListEntry {
    SmallVector<Value> index = rowIndex(b, indices);
    index.push_back(t);
    Value block = loadIndex(b, indices, index);
    Value keep = andB(
        b, cmpI(b, CmpIPredicate::sge, block, cIndex(b, 0)),
        cmpI(b, CmpIPredicate::slt, mulI(b, block, cIndex(b, blockK)),
             item.seq.kLen));
    // The XAttention selection writes each block once, in order; a user's
    // block mask may repeat one (quadratic in the list: skipped when it
    // cannot).
    if (!hasXAttention) {
      Value seen = listed(b, indices, t, block);
      if (otherNum)
        seen = orB(b, seen,
                   listed(b, otherIndices, count(b, otherNum, otherIndices),
                          block));
      keep = andB(b, keep, arith::XOrIOp::create(b, seen, cBool(b, true)));
    }
    return {block, keep};
  };
  Value n = count(b, numBlocks, indices);
  if (visitList)
    return visitList(b, n, entry, full);
  forEach(b, cIndex(b, 0), n, [&](ImplicitLocOpBuilder &b, Value t) {
    ListEntry e = entry(b, t);
    ifThen(b, e.visited,
           [&](ImplicitLocOpBuilder &b) { visit(b, e.block, full); });
  });
}
