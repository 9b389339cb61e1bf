//===- SplitKv.cpp - decode work items over key ranges --------------------===//
//
// A decode tile of every kv head (TileLowering::chooseDecodeTile) makes one
// work item per sequence, too few to keep the threads busy for a small
// batch. As in flash-decoding, each sequence's key blocks are split into
// ranges of about equal size: a work item (sequence, head unit, split) folds
// its range into a fresh online-softmax state and stores it unnormalised,
//   acc_s = sum_j exp(s_j - m_s) v_j,  m_s,  l_s = sum_j exp(s_j - m_s),
// and a second parallel loop over (sequence, head unit) combines them,
//   m = max_s m_s,  w_s = exp(m_s - m),  acc = sum_s w_s acc_s,
//   l = sum_s w_s l_s,
// then finalizes as usual (out = acc / l, lse = m + log l). A split with no
// visible key has m_s = -inf, l_s = 0, acc_s = 0 and weight 0.
//
//===----------------------------------------------------------------------===//

#include "TileCompute.h"

#include "LoweringUtils.h"
#include "OnlineSoftmax.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <limits>

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;

namespace {

/// A split holds at least this many key blocks (its fixed cost, a work
/// item's tiles and its partial state, stays small next to reading them)...
constexpr int64_t kMinBlocksPerSplit = 8;
/// ... and a sequence at most this many splits (the partial states are
/// this many times the output).
constexpr int64_t kMaxSplits = 16;

} // namespace

TileLowering::Partials TileLowering::allocPartials(ImplicitLocOpBuilder &b,
                                                   Value numSeqs) {
  // Splits sized for the longest sequence.
  Value zero = cIndex(b, 0), one = cIndex(b, 1);
  Value maxK = reduce(b, zero, numSeqs, zero,
                      [&](ImplicitLocOpBuilder &b, Value s, Value acc) {
                        return maxI(b, acc, access->sequence(b, s).kLen);
                      });
  Value blocks = ceilDivI(b, maxK, cIndex(b, blockK));
  Value numSplits =
      maxI(b, one, minI(b, cIndex(b, kMaxSplits),
                        ceilDivI(b, blocks, cIndex(b, kMinBlocksPerSplit))));
  Value blocksPerSplit = maxI(b, one, ceilDivI(b, blocks, numSplits));
  int64_t dyn = ShapedType::kDynamic, units = numUnits();
  Type f32 = b.getF32Type();
  Value acc = memref::AllocOp::create(
      b, MemRefType::get({dyn, units, dyn, rowsPad, headDimVPad}, f32),
      ValueRange{numSeqs, numSplits}, b.getI64IntegerAttr(64));
  Value ml = memref::AllocOp::create(
      b, MemRefType::get({dyn, units, dyn, 2, rowsPad}, f32),
      ValueRange{numSeqs, numSplits}, b.getI64IntegerAttr(64));
  return {acc, ml, numSplits, blocksPerSplit};
}

void TileLowering::emitSplitWorkItems(ImplicitLocOpBuilder &b, Value numSeqs) {
  Partials partials = allocPartials(b, numSeqs);
  Value zero = cIndex(b, 0), one = cIndex(b, 1);
  Value units = cIndex(b, numUnits());
  // Decode: one query, one q-block per sequence.
  auto forItems = [&](ValueRange upper,
                      llvm::function_ref<void(ImplicitLocOpBuilder &,
                                              const Item &, ValueRange)>
                          body) {
    SmallVector<Value> lower(upper.size(), zero), steps(upper.size(), one);
    scf::ParallelOp::create(
        b, lower, upper, steps,
        [&](OpBuilder &nested, Location loc, ValueRange ivs) {
          ImplicitLocOpBuilder b(loc, nested);
          SmallVector<Value> buffers;
          Tiles tiles = allocTiles(b, buffers);
          Item item = makeItem(b, access->sequence(b, ivs[0]), ivs[1],
                               cIndex(b, 0), tiles);
          body(b, item, ivs);
          for (Value buffer : buffers)
            memref::DeallocOp::create(b, buffer);
        });
  };
  forItems({numSeqs, units, partials.numSplits},
           [&](ImplicitLocOpBuilder &b, const Item &item, ValueRange ivs) {
             emitSplit(b, item, partials, ivs[2]);
           });
  forItems({numSeqs, units},
           [&](ImplicitLocOpBuilder &b, const Item &item, ValueRange) {
             emitCombine(b, item, partials);
           });
  memref::DeallocOp::create(b, partials.acc);
  memref::DeallocOp::create(b, partials.ml);
}

/// Folds the split's blocks (its share of the walk's single range) into a
/// fresh state and stores that state.
void TileLowering::emitSplit(ImplicitLocOpBuilder &b, const Item &item,
                             const Partials &partials, Value split) {
  startItem(b, item);
  WalkItem walkItem{item.seq, item.unit, item.row0, item.numRows};
  auto [lo, hi] = walk->singleRange(b, walkItem);
  Value first = mulI(b, split, partials.blocksPerSplit);
  Value end = addI(b, first, partials.blocksPerSplit);
  forEach(b, maxI(b, lo, first), minI(b, hi, end),
          [&](ImplicitLocOpBuilder &b, Value block) {
            emitBlock(b, item, block, /*fullBlock=*/false);
          });
  const Tiles &t = item.tiles;
  VectorType vt = VectorType::get({vectorWidth}, b.getF32Type());
  forEach(b, rowsPad, [&](ImplicitLocOpBuilder &b, Value r) {
    SmallVector<Value> at{item.seq.b, item.unit, split};
    Value state[] = {t.m, t.l};
    for (int64_t i = 0; i < 2; ++i) {
      SmallVector<Value> index(at);
      index.append({cIndex(b, i), r});
      memref::StoreOp::create(b, memref::LoadOp::create(b, state[i], r),
                              partials.ml, index);
    }
    for (int64_t c = 0; c < headDimVPad; c += vectorWidth) {
      SmallVector<Value> index(at);
      index.append({r, cIndex(b, c)});
      Value v = vector::LoadOp::create(b, vt, t.acc,
                                       ValueRange{r, cIndex(b, c)});
      vector::StoreOp::create(b, v, partials.acc, index);
    }
  });
}

/// Combines the splits' states into the item's tiles, then finalizes.
void TileLowering::emitCombine(ImplicitLocOpBuilder &b, const Item &item,
                               const Partials &partials) {
  const Tiles &t = item.tiles;
  VectorType vt = VectorType::get({vectorWidth}, b.getF32Type());
  Value zero = cIndex(b, 0), splits = partials.numSplits;
  double negInf = -std::numeric_limits<double>::infinity();
  forEach(b, rowsPad, [&](ImplicitLocOpBuilder &b, Value r) {
    auto state = [&](ImplicitLocOpBuilder &b, Value split, int64_t which) {
      return memref::LoadOp::create(
          b, partials.ml,
          ValueRange{item.seq.b, item.unit, split, cIndex(b, which), r});
    };
    Value m = reduce(b, zero, splits, cF32(b, negInf),
                     [&](ImplicitLocOpBuilder &b, Value s, Value acc) {
                       return maxF(b, acc, state(b, s, 0));
                     });
    // The splits' maxima fold like blocks; a row that saw nothing anywhere
    // subtracts 0, not -inf.
    Value mSafe =
        onlineSoftmaxStep(b, cF32(b, negInf), m, /*base2=*/false).ref;
    for (int64_t c = 0; c < headDimVPad; c += vectorWidth)
      vector::StoreOp::create(
          b, arith::ConstantOp::create(b, vt, b.getZeroAttr(vt)), t.acc,
          ValueRange{r, cIndex(b, c)});
    Value l = reduce(
        b, zero, splits, cF32(b, 0.0),
        [&](ImplicitLocOpBuilder &b, Value s, Value l) {
          Value w = softmaxWeight(b, state(b, s, 0), mSafe, /*base2=*/false);
          Value wv = vector::BroadcastOp::create(b, vt, w);
          for (int64_t c = 0; c < headDimVPad; c += vectorWidth) {
            SmallVector<Value> at{r, cIndex(b, c)};
            Value part = vector::LoadOp::create(
                b, vt, partials.acc,
                ValueRange{item.seq.b, item.unit, s, r, cIndex(b, c)});
            Value sum = vector::FMAOp::create(
                b, wv, part, vector::LoadOp::create(b, vt, t.acc, at));
            vector::StoreOp::create(b, sum, t.acc, at);
          }
          return addF(b, l, mulF(b, w, state(b, s, 1)));
        });
    memref::StoreOp::create(b, m, t.m, r);
    memref::StoreOp::create(b, l, t.l, r);
  });
  emitFinalize(b, item);
}
