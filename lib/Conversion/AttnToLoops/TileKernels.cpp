//===- TileKernels.cpp - vector micro-kernels of the tile step ------------===//
//
// Register blocking: the score kernel keeps KB x (R / W) accumulators of W
// lanes (KB keys, every query row of the tile) and streams over d, one
// broadcast of k per key and one load of qt per lane group; the value kernel
// keeps RB x (DvPad / W) accumulators and streams over keys. RB is chosen so that
// about 16 accumulators are live, which fits AVX-512 (32 registers) and
// spills mildly on AVX2.
//
// Decode tiles are bound by reading K and V once, so their kernels stream
// the rows from the cache with full-width loads (bf16 and f16 widen in
// registers) in memory order instead of copying them into f32 tiles:
// - scores: one vector of st at a time, W / S (key, kv head) pairs of S
//   rows: W accumulators with lanes over d, summed across lanes by one
//   shuffle-and-add tree into the vector of scores, stored whole;
// - values: for a few keys at a time, for each kv head and slice of CG
//   lane groups of Dv, S x CG accumulators streaming the keys, with masked
//   FMAs so that a probability of 0 adds nothing to a NaN value.
// Both load rows through loadRowVector, which also prefetches, line by
// line, the same part of a row further ahead: prefetches spread evenly over
// the compute keep more misses in flight than bursts of them.
//
//===----------------------------------------------------------------------===//

#include "TileKernels.h"

#include "OnlineSoftmax.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/DenseMap.h"

#include <limits>

using namespace mlir;
using namespace attnc::lowering;

namespace {

constexpr int64_t kLiveAccumulators = 16;

/// Rows per register block: a divisor of `rows` with at most
/// kLiveAccumulators / groups accumulators.
int64_t rowBlock(int64_t rows, int64_t groups) {
  int64_t rb = std::max<int64_t>(
      1, kLiveAccumulators / std::max<int64_t>(1, groups));
  while (rb > 1 && rows % rb != 0)
    --rb;
  return rb;
}

VectorType vecType(ImplicitLocOpBuilder &b, const TileShape &shape) {
  return VectorType::get({shape.vectorWidth}, b.getF32Type());
}

/// The `groups` vectors of row `row` of a 2-d tile: lanes [g W, (g+1) W).
SmallVector<Value> loadLaneGroups(ImplicitLocOpBuilder &b, VectorType vt,
                                  Value tile, Value row, int64_t groups) {
  SmallVector<Value> vectors;
  int64_t width = vt.getNumElements();
  for (int64_t g = 0; g < groups; ++g)
    vectors.push_back(vector::LoadOp::create(
        b, vt, tile, ValueRange{row, cIndex(b, g * width)}));
  return vectors;
}

/// Lanes of a vector of `vt` set where the probability p is exactly 0.
Value isZero(ImplicitLocOpBuilder &b, VectorType vt, Value p) {
  return vector::BroadcastOp::create(
      b, VectorType::get(vt.getShape(), b.getI1Type()),
      cmpF(b, arith::CmpFPredicate::OEQ, p, cF32(b, 0.0)));
}

/// acc + p v. Where `useless` (if given) is set, the probability is 0 and
/// adds exactly 0 even to a NaN or infinite v (SPEC §2.8).
Value addProduct(ImplicitLocOpBuilder &b, Value p, Value v, Value acc,
                 Value useless) {
  if (!useless)
    return vector::FMAOp::create(b, p, v, acc);
  Value term = arith::MulFOp::create(b, p, v);
  Value zero = arith::ConstantOp::create(b, b.getZeroAttr(term.getType()));
  return arith::AddFOp::create(b, acc, select(b, useless, zero, term));
}

/// A shuffle of x and y: lane i takes lane mask[i] of the concatenation.
Value shuffle(ImplicitLocOpBuilder &b, Value x, Value y,
              ArrayRef<int64_t> mask) {
  return vector::ShuffleOp::create(b, x, y, mask);
}

/// Lane i of the result is the sum of the W lanes of parts[i] (W parts).
/// log2(W) levels: each adds the two halves of every aligned segment of a
/// pair of vectors, interleaving the pair, so that W - 1 adds and one final
/// permutation replace W separate reductions.
Value sumAcrossLanes(ImplicitLocOpBuilder &b, ArrayRef<Value> parts) {
  int64_t width = parts.size();
  SmallVector<Value> level(parts.begin(), parts.end());
  // owner[v][lane]: the part whose sum lane `lane` of level[v] holds.
  SmallVector<SmallVector<int64_t>> owner;
  for (int64_t i = 0; i < width; ++i)
    owner.push_back(SmallVector<int64_t>(width, i));
  for (int64_t half = width / 2; half >= 1; half /= 2) {
    SmallVector<Value> next;
    SmallVector<SmallVector<int64_t>> nextOwner;
    for (size_t p = 0; p + 1 < level.size(); p += 2) {
      SmallVector<int64_t> lo, hi, who(width);
      for (int64_t seg = 0; seg < width; seg += 2 * half) {
        for (int64_t i = 0; i < half; ++i) { // x's segment, folded
          lo.push_back(seg + i);
          hi.push_back(seg + half + i);
          who[seg + i] = owner[p][seg + i];
        }
        for (int64_t i = 0; i < half; ++i) { // y's segment, folded
          lo.push_back(width + seg + i);
          hi.push_back(width + seg + half + i);
          who[seg + half + i] = owner[p + 1][seg + i];
        }
      }
      Value x = level[p], y = level[p + 1];
      next.push_back(arith::AddFOp::create(b, shuffle(b, x, y, lo),
                                           shuffle(b, x, y, hi)));
      nextOwner.push_back(who);
    }
    level = std::move(next);
    owner = std::move(nextOwner);
  }
  SmallVector<int64_t> order(width);
  for (int64_t lane = 0; lane < width; ++lane)
    order[owner[0][lane]] = lane;
  return shuffle(b, level[0], level[0], order);
}

/// Keys per pass of the decode value kernel, whose accumulators are loaded
/// and stored once per pass. Measured (Zen 4/5, decode 8 x 4096, 8 kv
/// heads): f32 rows are best read strictly in memory order, one key at a
/// time; 16-bit rows, half the bytes per FMA, amortise the accumulators
/// over 4 keys.
int64_t valueKeysPerPass(const RowSource &values) {
  auto type = cast<MemRefType>(values.memref.getType());
  return type.getElementTypeBitWidth() >= 32 ? 1 : 4;
}

/// Prefetches the cache lines that begin in elements [col, end) of the
/// source row starting at `start`.
void prefetchLines(ImplicitLocOpBuilder &b, const RowSource &src,
                   ArrayRef<Value> start, int64_t col, int64_t end) {
  auto type = cast<MemRefType>(src.memref.getType());
  int64_t bytes = std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
  for (int64_t c = col; c < end; ++c) {
    if (c * bytes % 64 != 0)
      continue;
    SmallVector<Value> index(start.begin(), start.end());
    index.back() = addI(b, index.back(), cIndex(b, c));
    memref::PrefetchOp::create(b, src.memref, index, /*isWrite=*/false,
                               /*localityHint=*/3, /*isDataCache=*/true);
  }
}

/// Lanes [col, col + W) of a source row starting at `start` (the row of
/// key jj and kv head u of the block), as f32, dequantised if the source
/// says how; lanes past the row's end read 0 (a masked load: no fault, no
/// garbage). If `ahead` is given, the cache lines that begin in those lanes
/// are prefetched from the row at `ahead`.
Value loadRowVector(ImplicitLocOpBuilder &b, const RowSource &src,
                    ArrayRef<Value> start, ArrayRef<Value> ahead, int64_t col,
                    int64_t width, Value jj = Value(), Value u = Value()) {
  Type element = cast<MemRefType>(src.memref.getType()).getElementType();
  auto at = [&](ArrayRef<Value> row, int64_t c) {
    SmallVector<Value> index(row.begin(), row.end());
    index.back() = addI(b, index.back(), cIndex(b, c));
    return index;
  };
  if (!ahead.empty())
    prefetchLines(b, src, ahead, col, std::min(col + width, src.length));
  auto type = VectorType::get({width}, element);
  Value v;
  if (col + width <= src.length) {
    v = vector::LoadOp::create(b, type, src.memref, at(start, col));
  } else {
    Value mask = vector::ConstantMaskOp::create(
        b, VectorType::get({width}, b.getI1Type()),
        ArrayRef<int64_t>{src.length - col});
    Value zero = arith::ConstantOp::create(b, type, b.getZeroAttr(type));
    v = vector::MaskedLoadOp::create(b, type, src.memref, at(start, col),
                                     mask, zero);
  }
  auto f32 = VectorType::get({width}, b.getF32Type());
  if (isa<IntegerType>(element))
    v = arith::SIToFPOp::create(b, f32, v);
  else if (!element.isF32())
    v = arith::ExtFOp::create(b, f32, v);
  return src.dequant ? src.dequant(b, v, jj, u, col) : v;
}

/// The score tile st [BK, C] as one vector of BK C scores.
Value flatScores(ImplicitLocOpBuilder &b, const TileBuffers &t) {
  return memref::CollapseShapeOp::create(
      b, t.st, ArrayRef<ReassociationIndices>{{0, 1}});
}

/// A vector whose lane i holds element i % C of the [R] tile (R >= W).
Value perRowLanes(ImplicitLocOpBuilder &b, const TileShape &shape,
                  Value tile) {
  Value v = vector::LoadOp::create(b, vecType(b, shape), tile,
                                   ValueRange{cIndex(b, 0)});
  SmallVector<int64_t> mask;
  for (int64_t i = 0; i < shape.vectorWidth; ++i)
    mask.push_back(i % shape.scoreRows);
  return shuffle(b, v, v, mask);
}

/// Combines the lanes of v that hold the same row of a packed score vector
/// (lanes equal mod C): every lane ends with its row's total.
Value combineRowLanes(
    ImplicitLocOpBuilder &b, const TileShape &shape, Value v,
    llvm::function_ref<Value(ImplicitLocOpBuilder &, Value, Value)> combine) {
  int64_t width = shape.vectorWidth;
  for (int64_t step = width / 2; step >= shape.scoreRows; step /= 2) {
    SmallVector<int64_t> rotate;
    for (int64_t i = 0; i < width; ++i)
      rotate.push_back((i + step) % width);
    v = combine(b, v, shuffle(b, v, v, rotate));
  }
  return v;
}


/// Loops over row blocks of `rb` rows, then over `length` with `rb * groups`
/// vector accumulators loaded by `init` and stored by `finish`.
void registerBlocked(
    ImplicitLocOpBuilder &b, int64_t rows, int64_t rb, int64_t groups,
    Value length,
    llvm::function_ref<Value(ImplicitLocOpBuilder &, Value row, int64_t g)>
        init,
    llvm::function_ref<void(ImplicitLocOpBuilder &, Value row, Value k,
                            SmallVectorImpl<Value> &acc)>
        step,
    llvm::function_ref<void(ImplicitLocOpBuilder &, Value row, int64_t g,
                            Value acc)>
        finish) {
  scf::ForOp::create(
      b, cIndex(b, 0), cIndex(b, rows), cIndex(b, rb), ValueRange{},
      [&](OpBuilder &nested, Location loc, Value row0, ValueRange) {
        ImplicitLocOpBuilder nb(loc, nested);
        SmallVector<Value> inits;
        for (int64_t i = 0; i < rb; ++i)
          for (int64_t g = 0; g < groups; ++g)
            inits.push_back(init(nb, addI(nb, row0, cIndex(nb, i)), g));
        auto loop = scf::ForOp::create(
            nb, cIndex(nb, 0), length, cIndex(nb, 1), inits,
            [&](OpBuilder &inner, Location loc, Value k, ValueRange accs) {
              ImplicitLocOpBuilder ib(loc, inner);
              SmallVector<Value> acc(accs.begin(), accs.end());
              step(ib, row0, k, acc);
              scf::YieldOp::create(ib, acc);
            });
        for (int64_t i = 0; i < rb; ++i)
          for (int64_t g = 0; g < groups; ++g)
            finish(nb, addI(nb, row0, cIndex(nb, i)), g,
                   loop.getResult(i * groups + g));
        scf::YieldOp::create(nb);
      });
}

} // namespace

void attnc::lowering::emitScoreMatmul(ImplicitLocOpBuilder &b,
                                      const TileShape &shape,
                                      const TileBuffers &t) {
  VectorType vt = vecType(b, shape);
  int64_t groups = shape.rowsPad / shape.vectorWidth;
  int64_t kb = rowBlock(shape.blockK, groups);
  Value zero = arith::ConstantOp::create(b, vt, b.getZeroAttr(vt));
  registerBlocked(
      b, shape.blockK, kb, groups, cIndex(b, shape.headDim),
      [&](ImplicitLocOpBuilder &, Value, int64_t) { return zero; },
      [&](ImplicitLocOpBuilder &b, Value key0, Value d,
          SmallVectorImpl<Value> &acc) {
        SmallVector<Value> queries = loadLaneGroups(b, vt, t.qt, d, groups);
        for (int64_t i = 0; i < kb; ++i) {
          Value k = memref::LoadOp::create(
              b, t.ks, ValueRange{addI(b, key0, cIndex(b, i)), d});
          Value ks = vector::BroadcastOp::create(b, vt, k);
          for (int64_t g = 0; g < groups; ++g)
            acc[i * groups + g] =
                vector::FMAOp::create(b, ks, queries[g], acc[i * groups + g]);
        }
      },
      [&](ImplicitLocOpBuilder &b, Value key, int64_t g, Value acc) {
        vector::StoreOp::create(
            b, acc, t.st, ValueRange{key, cIndex(b, g * shape.vectorWidth)});
      });
}

namespace {

/// The running-max update of one vector of rows, given the rows' old max and
/// their max over the block: returns (m', the max to subtract, alpha).
struct MaxUpdate {
  Value mNew, mSafe, alpha;
};
MaxUpdate updateMax(ImplicitLocOpBuilder &b, VectorType vt, Value mOld,
                    Value blockMax) {
  SoftmaxStep step = onlineSoftmaxStep(b, mOld, blockMax, /*base2=*/false);
  return {step.mNew, step.ref, step.alpha};
}

/// The lane-wise max of the vectors at index(at), at in [0, end) by step.
Value maxOverKeys(ImplicitLocOpBuilder &b, VectorType vt, Value tile,
                  Value end, Value step,
                  llvm::function_ref<SmallVector<Value>(Value)> index) {
  Value init = vector::BroadcastOp::create(
      b, vt, cF32(b, -std::numeric_limits<double>::infinity()));
  auto loop = scf::ForOp::create(
      b, cIndex(b, 0), end, step, ValueRange{init},
      [&](OpBuilder &nested, Location loc, Value at, ValueRange acc) {
        ImplicitLocOpBuilder nb(loc, nested);
        Value s = vector::LoadOp::create(nb, vt, tile, index(at));
        scf::YieldOp::create(
            nb, ValueRange{arith::MaximumFOp::create(nb, acc.front(), s)});
      });
  return loop.getResult(0);
}
/// Replaces each vector s at index(at) by exp(s - mSafe); returns their
/// lane-wise sum.
Value expSumOverKeys(ImplicitLocOpBuilder &b, VectorType vt, Value tile,
                     Value end, Value step, Value mSafe,
                     llvm::function_ref<SmallVector<Value>(Value)> index) {
  Value init = arith::ConstantOp::create(b, vt, b.getZeroAttr(vt));
  auto loop = scf::ForOp::create(
      b, cIndex(b, 0), end, step, ValueRange{init},
      [&](OpBuilder &nested, Location loc, Value at, ValueRange acc) {
        ImplicitLocOpBuilder nb(loc, nested);
        Value s = vector::LoadOp::create(nb, vt, tile, index(at));
        Value p =
            softmaxWeight(nb, s, mSafe, /*base2=*/false);
        vector::StoreOp::create(nb, p, tile, index(at));
        scf::YieldOp::create(
            nb, ValueRange{arith::AddFOp::create(nb, acc.front(), p)});
      });
  return loop.getResult(0);
}

/// Lanes over rows: each vector of st is W rows of one key.
void softmaxOverRowLanes(ImplicitLocOpBuilder &b, const TileShape &shape,
                         const TileBuffers &t) {
  VectorType vt = vecType(b, shape);
  Value keys = cIndex(b, shape.blockK), one = cIndex(b, 1);
  forEach(b, cIndex(b, 0), cIndex(b, shape.scoreRows / shape.vectorWidth),
          [&](ImplicitLocOpBuilder &b, Value c) {
            Value lane0 = mulI(b, c, cIndex(b, shape.vectorWidth));
            auto index = [&](Value k) { return SmallVector<Value>{k, lane0}; };
            Value mOld = vector::LoadOp::create(b, vt, t.m, lane0);
            MaxUpdate u = updateMax(
                b, vt, mOld, maxOverKeys(b, vt, t.st, keys, one, index));
            Value sum =
                expSumOverKeys(b, vt, t.st, keys, one, u.mSafe, index);
            Value l = vector::LoadOp::create(b, vt, t.l, lane0);
            vector::StoreOp::create(
                b, arith::AddFOp::create(b, arith::MulFOp::create(b, l, u.alpha),
                                         sum),
                t.l, lane0);
            vector::StoreOp::create(b, u.mNew, t.m, lane0);
            vector::StoreOp::create(b, u.alpha, t.alpha, lane0);
          });
}

/// Lanes over keys and rows (C < W): lane i of every vector of the
/// flattened st is row i % C, so the max and sum run over whole vectors and
/// fold the W / C keys of a vector at the end.
void softmaxOverPackedKeys(ImplicitLocOpBuilder &b, const TileShape &shape,
                           const TileBuffers &t) {
  VectorType vt = vecType(b, shape);
  auto maxOf = [](ImplicitLocOpBuilder &b, Value x, Value y) -> Value {
    return arith::MaximumFOp::create(b, x, y);
  };
  auto sumOf = [](ImplicitLocOpBuilder &b, Value x, Value y) -> Value {
    return arith::AddFOp::create(b, x, y);
  };
  Value st = flatScores(b, t);
  Value end = cIndex(b, shape.blockK * shape.scoreRows);
  Value step = cIndex(b, shape.vectorWidth);
  auto index = [&](Value at) { return SmallVector<Value>{at}; };
  Value mOld = perRowLanes(b, shape, t.m);
  Value blockMax = combineRowLanes(
      b, shape, maxOverKeys(b, vt, st, end, step, index), maxOf);
  MaxUpdate u = updateMax(b, vt, mOld, blockMax);
  Value sum = combineRowLanes(
      b, shape, expSumOverKeys(b, vt, st, end, step, u.mSafe, index), sumOf);
  Value l = perRowLanes(b, shape, t.l);
  // Lanes past C store copies of the rows into padding rows of m, l, alpha.
  Value zero = cIndex(b, 0);
  vector::StoreOp::create(
      b, arith::AddFOp::create(b, arith::MulFOp::create(b, l, u.alpha), sum),
      t.l, zero);
  vector::StoreOp::create(b, u.mNew, t.m, zero);
  vector::StoreOp::create(b, u.alpha, t.alpha, zero);
}

} // namespace

void attnc::lowering::emitSoftmaxUpdate(ImplicitLocOpBuilder &b,
                                        const TileShape &shape,
                                        const TileBuffers &t) {
  if (shape.packsKeys())
    softmaxOverPackedKeys(b, shape, t);
  else
    softmaxOverRowLanes(b, shape, t);
  // Rescale each row of the output accumulator.
  VectorType vt = vecType(b, shape);
  forEach(b, shape.rowsPad, [&](ImplicitLocOpBuilder &b, Value r) {
    Value alpha = vector::BroadcastOp::create(
        b, vt, memref::LoadOp::create(b, t.alpha, r));
    forEach(b, cIndex(b, 0), cIndex(b, shape.headDimVPad / shape.vectorWidth),
            [&](ImplicitLocOpBuilder &b, Value c) {
              Value at = mulI(b, c, cIndex(b, shape.vectorWidth));
              Value a = vector::LoadOp::create(b, vt, t.acc, ValueRange{r, at});
              vector::StoreOp::create(b, arith::MulFOp::create(b, a, alpha),
                                      t.acc, ValueRange{r, at});
            });
  });
}

void attnc::lowering::emitValueMatmul(ImplicitLocOpBuilder &b,
                                      const TileShape &shape,
                                      const TileBuffers &t, Value n,
                                      bool nanSafe) {
  VectorType vt = vecType(b, shape);
  int64_t groups = shape.headDimVPad / shape.vectorWidth;
  int64_t rb = rowBlock(shape.rows, groups);
  registerBlocked(
      b, shape.rows, rb, groups, n,
      [&](ImplicitLocOpBuilder &b, Value row, int64_t g) -> Value {
        return vector::LoadOp::create(
            b, vt, t.acc, ValueRange{row, cIndex(b, g * shape.vectorWidth)});
      },
      [&](ImplicitLocOpBuilder &b, Value row0, Value k,
          SmallVectorImpl<Value> &acc) {
        SmallVector<Value> values = loadLaneGroups(b, vt, t.vs, k, groups);
        for (int64_t i = 0; i < rb; ++i) {
          Value p = memref::LoadOp::create(
              b, t.st, ValueRange{k, addI(b, row0, cIndex(b, i))});
          Value ps = vector::BroadcastOp::create(b, vt, p);
          Value useless = nanSafe ? isZero(b, vt, p) : Value();
          for (int64_t g = 0; g < groups; ++g) {
            Value &a = acc[i * groups + g];
            a = addProduct(b, ps, values[g], a, useless);
          }
        }
      },
      [&](ImplicitLocOpBuilder &b, Value row, int64_t g, Value acc) {
        vector::StoreOp::create(
            b, acc, t.acc, ValueRange{row, cIndex(b, g * shape.vectorWidth)});
      });
}


namespace {

/// The rows of one key for every kv head of a decode tile: rowStart(key, u)
/// = base + u step, index by index (rows are affine in the head), so that
/// the key's lookups (a page table entry) happen once for all heads.
struct KeyRows {
  Value key;
  SmallVector<Value> base, step;
  SmallVector<Value> aheadBase, aheadStep; // the row to prefetch, if any

  static KeyRows of(ImplicitLocOpBuilder &b, const RowSource &src,
                    const TileShape &shape, Value key) {
    KeyRows rows;
    rows.key = key;
    Value zero = cIndex(b, 0), one = cIndex(b, 1);
    auto affine = [&](auto start, SmallVector<Value> &base,
                      SmallVector<Value> &step) {
      base = start(b, key, zero);
      if (shape.kvHeads == 1)
        return;
      SmallVector<Value> next = start(b, key, one);
      for (auto [x, y] : llvm::zip(base, next))
        step.push_back(subI(b, y, x));
    };
    affine(src.rowStart, rows.base, rows.step);
    if (src.prefetchStart)
      affine(src.prefetchStart, rows.aheadBase, rows.aheadStep);
    return rows;
  }

  static SmallVector<Value> at(ImplicitLocOpBuilder &b, ArrayRef<Value> base,
                               ArrayRef<Value> step, Value u) {
    if (step.empty())
      return SmallVector<Value>(base.begin(), base.end());
    SmallVector<Value> index;
    for (auto [x, dx] : llvm::zip(base, step))
      index.push_back(addI(b, x, mulI(b, u, dx)));
    return index;
  }
  SmallVector<Value> row(ImplicitLocOpBuilder &b, Value u) const {
    return at(b, base, step, u);
  }
  SmallVector<Value> ahead(ImplicitLocOpBuilder &b, Value u) const {
    if (aheadBase.empty())
      return {};
    return at(b, aheadBase, aheadStep, u);
  }
};

/// The rows of keys first, first + 1, ... (count of them), clamped to
/// `last` so that keys past the block read a real row.
SmallVector<KeyRows, 4> keyRowsOfRange(ImplicitLocOpBuilder &b,
                                    const RowSource &src,
                                    const TileShape &shape, Value first,
                                    int64_t count, Value last) {
  SmallVector<KeyRows, 4> rows;
  for (int64_t k = 0; k < count; ++k)
    rows.push_back(KeyRows::of(
        b, src, shape, minI(b, addI(b, first, cIndex(b, k)), last)));
  return rows;
}

} // namespace

namespace {

/// Stores the f32 vector v (W lanes) at element `col` of the row of `dst`
/// starting at `dstStart`, masked to the row's first `length` elements.
void storeRowVector(ImplicitLocOpBuilder &b, Value v, Value dst,
                    ArrayRef<Value> dstStart, int64_t col, int64_t length) {
  int64_t width = cast<VectorType>(v.getType()).getNumElements();
  SmallVector<Value> index(dstStart.begin(), dstStart.end());
  index.back() = addI(b, index.back(), cIndex(b, col));
  if (col + width <= length) {
    vector::StoreOp::create(b, v, dst, index);
    return;
  }
  Value mask = vector::ConstantMaskOp::create(
      b, VectorType::get({width}, b.getI1Type()),
      ArrayRef<int64_t>{length - col});
  vector::MaskedStoreOp::create(b, dst, index, mask, v);
}

} // namespace

void attnc::lowering::emitRowCopy(ImplicitLocOpBuilder &b,
                                  const RowSource &src, ArrayRef<Value> start,
                                  int64_t vectorWidth, Value dst,
                                  ArrayRef<Value> dstStart) {
  for (int64_t col = 0; col < src.length; col += vectorWidth)
    storeRowVector(b,
                   loadRowVector(b, src, start, /*ahead=*/{}, col, vectorWidth),
                   dst, dstStart, col, src.length);
}

void attnc::lowering::emitRowZero(ImplicitLocOpBuilder &b, int64_t length,
                                  int64_t vectorWidth, Value dst,
                                  ArrayRef<Value> dstStart) {
  auto type = VectorType::get({vectorWidth}, b.getF32Type());
  Value zero = arith::ConstantOp::create(b, type, b.getZeroAttr(type));
  for (int64_t col = 0; col < length; col += vectorWidth)
    storeRowVector(b, zero, dst, dstStart, col, length);
}

void attnc::lowering::emitDecodeScores(ImplicitLocOpBuilder &b,
                                       const TileShape &shape,
                                       const TileBuffers &t,
                                       const RowSource &keys, Value n) {
  VectorType vt = vecType(b, shape);
  int64_t width = shape.vectorWidth, perHead = shape.rowsPerHead;
  int64_t columns = shape.scoreRows, headsPad = columns / perHead;
  int64_t pairs = width / perHead; // (key, kv head) pairs per vector
  // A step covers whole keys: W / C keys in one vector (C < W), or C / W
  // vectors of one key.
  int64_t keysPerStep = std::max<int64_t>(1, width / columns);
  int64_t vectorsPerStep = std::max<int64_t>(1, columns / width);
  Value st = flatScores(b, t);
  Value zero = arith::ConstantOp::create(b, vt, b.getZeroAttr(vt));
  Value last = subI(b, n, cIndex(b, 1));
  Value lastHead = cIndex(b, shape.kvHeads - 1);
  // Vector v of the step: pair i is key k = q / headsPad of the step and kv
  // head q % headsPad (q = v W / S + i); its rows are u S + r of qr.
  auto emitVector = [&](ImplicitLocOpBuilder &b, Value key0,
                        ArrayRef<KeyRows> stepKeys, Value v) {
    SmallVector<SmallVector<Value>> starts, ahead;
    SmallVector<Value> heads, pairKeys, pairHeads;
    for (int64_t i = 0; i < pairs; ++i) {
      Value u = addI(b, mulI(b, v, cIndex(b, pairs)), cIndex(b, i));
      const KeyRows *rows = &stepKeys[0];
      if (keysPerStep > 1) { // v = 0
        rows = &stepKeys[i / headsPad];
        u = cIndex(b, i % headsPad);
      }
      heads.push_back(u);
      u = minI(b, u, lastHead); // padding heads read a real one
      starts.push_back(rows->row(b, u));
      ahead.push_back(rows->ahead(b, u));
      pairKeys.push_back(rows->key);
      pairHeads.push_back(u);
    }
    // acc[i S + r]: lanes of d of pair i's dot product with its row r.
    SmallVector<Value> acc(width, zero);
    // Pairs of the same kv head (several keys) share its queries.
    llvm::SmallDenseMap<std::pair<Value, int64_t>, SmallVector<Value>>
        queries;
    auto accumulate = [&](int64_t i, int64_t d) {
      Value k = loadRowVector(b, keys, starts[i], ahead[i], d, width,
                              pairKeys[i], pairHeads[i]);
      SmallVector<Value> &q = queries[{heads[i], d}];
      for (int64_t r = 0; r < perHead; ++r) {
        if ((int64_t)q.size() == r) {
          Value row =
              addI(b, mulI(b, heads[i], cIndex(b, perHead)), cIndex(b, r));
          q.push_back(vector::LoadOp::create(b, vt, t.qr,
                                             ValueRange{row, cIndex(b, d)}));
        }
        Value &a = acc[i * perHead + r];
        a = vector::FMAOp::create(b, q[r], k, a);
      }
    };
    // Rows of one key are read whole, one after the other (memory order);
    // the keys of a vector that share queries go together over d.
    bool rowMajor = keysPerStep == 1;
    for (int64_t i = 0; rowMajor && i < pairs; ++i)
      for (int64_t d = 0; d < keys.length; d += width)
        accumulate(i, d);
    for (int64_t d = 0; !rowMajor && d < keys.length; d += width)
      for (int64_t i = 0; i < pairs; ++i)
        accumulate(i, d);
    Value at = addI(b, mulI(b, key0, cIndex(b, columns)),
                    mulI(b, v, cIndex(b, width)));
    vector::StoreOp::create(b, sumAcrossLanes(b, acc), st, at);
  };
  Value step = cIndex(b, keysPerStep);
  Value end = mulI(b, ceilDivI(b, n, step), step);
  forEach(b, cIndex(b, 0), end, step, [&](ImplicitLocOpBuilder &b,
                                              Value key0) {
    // Keys past n read row n - 1 (their scores become -inf).
    SmallVector<KeyRows, 4> stepKeys =
        keyRowsOfRange(b, keys, shape, key0, keysPerStep, last);
    forEach(b, cIndex(b, 0), cIndex(b, vectorsPerStep),
            [&](ImplicitLocOpBuilder &b, Value v) {
              emitVector(b, key0, stepKeys, v);
            });
  });
}

void attnc::lowering::emitDecodeValues(ImplicitLocOpBuilder &b,
                                       const TileShape &shape,
                                       const TileBuffers &t,
                                       const RowSource &values, Value n) {
  VectorType vt = vecType(b, shape);
  int64_t width = shape.vectorWidth, heads = shape.kvHeads;
  int64_t rows = shape.rows / heads, perHead = shape.rowsPerHead;
  int64_t groups = shape.headDimVPad / width;
  // A slice of `slice` lane groups of a kv head's rows: rows x slice
  // accumulators.
  int64_t slice = groups;
  while (slice > 1 && (rows * slice > kLiveAccumulators || groups % slice))
    --slice;
  int64_t keysPerPass = valueKeysPerPass(values);
  Value zeroP = arith::ConstantOp::create(b, vt, b.getZeroAttr(vt));
  Value last = subI(b, n, cIndex(b, 1));

  // acc[u S + r, slice at g0] += the pass's keys' p V[key, u]. Keys past n
  // read row n - 1 with probability 0.
  auto emitSlice = [&](ImplicitLocOpBuilder &b, Value k0,
                       ArrayRef<KeyRows> passKeys, Value u, int64_t g0) {
    Value row0 = mulI(b, u, cIndex(b, perHead));
    auto at = [&](int64_t r, int64_t g) {
      return SmallVector<Value>{addI(b, row0, cIndex(b, r)),
                                cIndex(b, (g0 + g) * width)};
    };
    SmallVector<Value> acc;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t g = 0; g < slice; ++g)
        acc.push_back(vector::LoadOp::create(b, vt, t.acc, at(r, g)));
    for (int64_t i = 0; i < keysPerPass; ++i) {
      const KeyRows &key = passKeys[i];
      SmallVector<Value> start = key.row(b, u), ahead = key.ahead(b, u);
      SmallVector<Value> v;
      for (int64_t g = 0; g < slice; ++g)
        v.push_back(loadRowVector(b, values, start, ahead, (g0 + g) * width,
                                  width, key.key, u));
      Value k = addI(b, k0, cIndex(b, i));
      for (int64_t r = 0; r < rows; ++r) {
        Value p = vector::BroadcastOp::create(
            b, vt,
            memref::LoadOp::create(b, t.st,
                                   ValueRange{k, addI(b, row0, cIndex(b, r))}));
        // A probability of 0 adds nothing, even to a NaN or infinite V
        // (SPEC §2.8): a masked FMA, as cheap as a plain one.
        Value useful =
            arith::CmpFOp::create(b, arith::CmpFPredicate::UNE, p, zeroP);
        for (int64_t g = 0; g < slice; ++g) {
          Value &a = acc[r * slice + g];
          a = arith::SelectOp::create(
              b, useful, vector::FMAOp::create(b, p, v[g], a), a);
        }
      }
    }
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t g = 0; g < slice; ++g)
        vector::StoreOp::create(b, acc[r * slice + g], t.acc, at(r, g));
  };
  Value step = cIndex(b, keysPerPass);
  forEach(b, cIndex(b, 0), n, step, [&](ImplicitLocOpBuilder &b,
                                            Value k0) {
    SmallVector<KeyRows, 4> passKeys =
        keyRowsOfRange(b, values, shape, k0, keysPerPass, last);
    forEach(b, cIndex(b, 0), cIndex(b, heads),
            [&](ImplicitLocOpBuilder &b, Value u) {
              for (int64_t g0 = 0; g0 < groups; g0 += slice)
                emitSlice(b, k0, passKeys, u, g0);
            });
  });
}
