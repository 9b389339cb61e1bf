//===- BlockWalk.cpp - the KV blocks a q-block visits ---------------------===//

#include "BlockWalk.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include <optional>

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
  if (hasXAttention || hasBlockMask)
    return emitLists(b, item, visit, visitList);
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

/// One block list of a work item's q-block: its entry count and entries. A
/// block listed twice, or (for the partial list) also listed as full, is
/// visited once, and an index past the sequence's keys selects nothing
/// (SPEC §5.1).
class BlockWalk::ListReader {
public:
  ListReader(const BlockWalk &walk, const WalkItem &item, Value numBlocks,
             Value indices, bool full, const ListReader *fullList = nullptr)
      : walk(walk), item(item), numBlocks(numBlocks), indices(indices),
        full(full), fullList(fullList) {}

  Value count(ImplicitLocOpBuilder &b) const {
    Value n = loadIndex(b, numBlocks, rowIndex(b, numBlocks));
    return minI(b, maxI(b, n, cIndex(b, 0)), dim(b, indices, 3));
  }

  ListEntry entry(ImplicitLocOpBuilder &b, Value t) const {
    SmallVector<Value> index = rowIndex(b, indices);
    index.push_back(t);
    Value block = loadIndex(b, indices, index);
    Value keep = andB(
        b, cmpI(b, CmpIPredicate::sge, block, cIndex(b, 0)),
        cmpI(b, CmpIPredicate::slt, mulI(b, block, cIndex(b, walk.blockK)),
             item.seq.kLen));
    // The XAttention selection writes each block once, in order; a user's
    // block mask may repeat one (quadratic in the list: skipped when it
    // cannot).
    if (!walk.hasXAttention) {
      Value seen = listed(b, t, block);
      if (fullList)
        seen = orB(b, seen, fullList->listed(b, fullList->count(b), block));
      keep = andB(b, keep, arith::XOrIOp::create(b, seen, cBool(b, true)));
    }
    return {block, keep, cBool(b, full)};
  }

  bool isFull() const { return full; }

private:
  SmallVector<Value> rowIndex(ImplicitLocOpBuilder &b, Value memref) const {
    Value maskQBlock = floorDivI(b, item.row0, cIndex(b, walk.listBq));
    return {broadcastIndex(b, memref, 0, item.seq.b),
            broadcastIndex(b, memref, 1, item.listHead), maskQBlock};
  }
  /// Whether one of the first `upTo` entries is `block`.
  Value listed(ImplicitLocOpBuilder &b, Value upTo, Value block) const {
    SmallVector<Value> base = rowIndex(b, indices);
    return reduce(b, cIndex(b, 0), upTo, cBool(b, false),
                  [&](ImplicitLocOpBuilder &b, Value t, Value found) {
                    SmallVector<Value> index(base);
                    index.push_back(t);
                    Value other = loadIndex(b, indices, index);
                    return orB(b, found,
                               cmpI(b, CmpIPredicate::eq, other, block));
                  });
  }

  const BlockWalk &walk;
  const WalkItem &item;
  Value numBlocks, indices;
  bool full;
  const ListReader *fullList;
};

/// The blocks listed for this work item's q-block: XAttention's selection,
/// or a block mask's full list, then its partial list.
void BlockWalk::emitLists(ImplicitLocOpBuilder &b, const WalkItem &item,
                          BlockVisitor visit, ListVisitor visitList) {
  std::optional<ListReader> fullList, partial;
  if (hasXAttention) {
    partial.emplace(*this, item, memrefOf.lookup("xattention_num"),
                    memrefOf.lookup("xattention_indices"), false);
  } else {
    if (Value num = memrefOf.lookup("full_kv_num_blocks"))
      fullList.emplace(*this, item, num, memrefOf.lookup("full_kv_indices"),
                       true);
    partial.emplace(*this, item, memrefOf.lookup("kv_num_blocks"),
                    memrefOf.lookup("kv_indices"), false,
                    fullList ? &*fullList : nullptr);
  }
  if (visitList) {
    if (!fullList)
      return visitList(b, partial->count(b),
                       [&](ImplicitLocOpBuilder &b, Value t) {
                         return partial->entry(b, t);
                       });
    // One list: entries [0, nFull) of the full list, then the partial ones.
    Value nFull = fullList->count(b);
    Value n = addI(b, nFull, partial->count(b));
    return visitList(b, n, [&](ImplicitLocOpBuilder &b, Value t) {
      Value isFull = cmpI(b, CmpIPredicate::slt, t, nFull);
      auto pick = scf::IfOp::create(
          b, isFull,
          [&](OpBuilder &nested, Location loc) {
            ImplicitLocOpBuilder b(loc, nested);
            ListEntry e = fullList->entry(b, t);
            scf::YieldOp::create(b, ValueRange{e.block, e.visited});
          },
          [&](OpBuilder &nested, Location loc) {
            ImplicitLocOpBuilder b(loc, nested);
            ListEntry e = partial->entry(b, subI(b, t, nFull));
            scf::YieldOp::create(b, ValueRange{e.block, e.visited});
          });
      return ListEntry{pick.getResult(0), pick.getResult(1), isFull};
    });
  }
  for (const std::optional<ListReader> *list : {&fullList, &partial}) {
    if (!*list)
      continue;
    const ListReader &reader = **list;
    forEach(b, cIndex(b, 0), reader.count(b),
            [&](ImplicitLocOpBuilder &b, Value t) {
              ListEntry e = reader.entry(b, t);
              ifThen(b, e.visited, [&](ImplicitLocOpBuilder &b) {
                visit(b, e.block, reader.isFull());
              });
            });
  }
}
