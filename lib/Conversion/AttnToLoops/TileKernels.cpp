//===- TileKernels.cpp - vector micro-kernels of the tile step ------------===//
//
// Register blocking: the score kernel keeps KB x (R / W) accumulators of W
// lanes (KB keys, every query row of the tile) and streams over d, one
// broadcast of k per key and one load of qt per lane group; the value kernel
// keeps RB x (DvPad / W) accumulators and streams over keys. RB is chosen so that
// about 16 accumulators are live, which fits AVX-512 (32 registers) and
// spills mildly on AVX2.
//
//===----------------------------------------------------------------------===//

#include "TileKernels.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <limits>

using namespace mlir;
using namespace attnc::lowering;

namespace {

constexpr int64_t kLiveAccumulators = 16;

/// Rows per register block: a divisor of `rows` with at most
/// kLiveAccumulators / groups accumulators.
int64_t rowBlock(int64_t rows, int64_t groups) {
  int64_t rb = std::max<int64_t>(1, kLiveAccumulators / std::max<int64_t>(1, groups));
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

void attnc::lowering::emitScoreDotProducts(ImplicitLocOpBuilder &b,
                                           const TileShape &shape,
                                           const TileBuffers &t) {
  // Two keys at a time share each load of a query chunk: 2 x rows vector
  // accumulators, reduced across lanes once per key.
  VectorType vt = vecType(b, shape);
  constexpr int64_t kKeys = 2;
  int64_t rows = shape.rows;
  Value zero = arith::ConstantOp::create(b, vt, b.getZeroAttr(vt));
  scf::ForOp::create(
      b, cIndex(b, 0), cIndex(b, shape.blockK), cIndex(b, kKeys),
      ValueRange{},
      [&](OpBuilder &nested, Location loc, Value key0, ValueRange) {
        ImplicitLocOpBuilder nb(loc, nested);
        SmallVector<Value> inits(kKeys * rows, zero);
        auto loop = scf::ForOp::create(
            nb, cIndex(nb, 0), cIndex(nb, shape.headDimPad),
            cIndex(nb, shape.vectorWidth), inits,
            [&](OpBuilder &inner, Location loc, Value d, ValueRange accs) {
              ImplicitLocOpBuilder ib(loc, inner);
              SmallVector<Value> acc(accs.begin(), accs.end());
              SmallVector<Value> keys;
              for (int64_t k = 0; k < kKeys; ++k)
                keys.push_back(vector::LoadOp::create(
                    ib, vt, t.ks, ValueRange{addI(ib, key0, cIndex(ib, k)), d}));
              for (int64_t r = 0; r < rows; ++r) {
                Value q = vector::LoadOp::create(ib, vt, t.qr,
                                                 ValueRange{cIndex(ib, r), d});
                for (int64_t k = 0; k < kKeys; ++k)
                  acc[k * rows + r] =
                      vector::FMAOp::create(ib, q, keys[k], acc[k * rows + r]);
              }
              scf::YieldOp::create(ib, acc);
            });
        for (int64_t k = 0; k < kKeys; ++k)
          for (int64_t r = 0; r < rows; ++r) {
            Value s = vector::ReductionOp::create(
                nb, vector::CombiningKind::ADD, loop.getResult(k * rows + r));
            memref::StoreOp::create(
                nb, s, t.st,
                ValueRange{addI(nb, key0, cIndex(nb, k)), cIndex(nb, r)});
          }
        scf::YieldOp::create(nb);
      });
}

void attnc::lowering::emitSoftmaxUpdate(ImplicitLocOpBuilder &b,
                                        const TileShape &shape,
                                        const TileBuffers &t) {
  VectorType vt = vecType(b, shape);
  double negInf = -std::numeric_limits<double>::infinity();
  auto splat = [&](ImplicitLocOpBuilder &b, double x) {
    return vector::BroadcastOp::create(b, vt, cF32(b, x));
  };
  Value zero = cIndex(b, 0), keys = cIndex(b, shape.blockK);
  // Down each column group of lanes: the rows' max, then exp and sum.
  forEach(b, zero, cIndex(b, shape.rowsPad / shape.vectorWidth),
          [&](ImplicitLocOpBuilder &b, Value c) {
            Value lane0 = mulI(b, c, cIndex(b, shape.vectorWidth));
            Value mOld = vector::LoadOp::create(b, vt, t.m, lane0);
            Value colMax = reduce(
                b, zero, keys, splat(b, negInf),
                [&](ImplicitLocOpBuilder &b, Value k, Value acc) {
                  Value s = vector::LoadOp::create(b, vt, t.st,
                                                   ValueRange{k, lane0});
                  return arith::MaximumFOp::create(b, acc, s);
                });
            Value mNew = arith::MaximumFOp::create(b, mOld, colMax);
            Value dead = arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ,
                                               mNew, splat(b, negInf));
            Value mSafe = arith::SelectOp::create(b, dead, splat(b, 0.0), mNew);
            Value alpha = math::ExpOp::create(
                b, arith::SubFOp::create(b, mOld, mSafe));
            Value sum = reduce(
                b, zero, keys, splat(b, 0.0),
                [&](ImplicitLocOpBuilder &b, Value k, Value acc) {
                  Value s = vector::LoadOp::create(b, vt, t.st,
                                                   ValueRange{k, lane0});
                  Value p = math::ExpOp::create(
                      b, arith::SubFOp::create(b, s, mSafe));
                  vector::StoreOp::create(b, p, t.st, ValueRange{k, lane0});
                  return arith::AddFOp::create(b, acc, p);
                });
            Value l = vector::LoadOp::create(b, vt, t.l, lane0);
            vector::StoreOp::create(
                b, arith::AddFOp::create(b, arith::MulFOp::create(b, l, alpha),
                                         sum),
                t.l, lane0);
            vector::StoreOp::create(b, mNew, t.m, lane0);
            vector::StoreOp::create(b, alpha, t.alpha, lane0);
          });
  // Rescale each row of the output accumulator.
  forEach(b, shape.rowsPad, [&](ImplicitLocOpBuilder &b, Value r) {
    Value alpha = vector::BroadcastOp::create(
        b, vt, memref::LoadOp::create(b, t.alpha, r));
    forEach(b, zero, cIndex(b, shape.headDimVPad / shape.vectorWidth),
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
  Value zero = arith::ConstantOp::create(b, vt, b.getZeroAttr(vt));
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
          Value useless;
          if (nanSafe)
            useless = vector::BroadcastOp::create(
                b, VectorType::get({shape.vectorWidth}, b.getI1Type()),
                cmpF(b, arith::CmpFPredicate::OEQ, p, cF32(b, 0.0)));
          for (int64_t g = 0; g < groups; ++g) {
            Value &a = acc[i * groups + g];
            if (!nanSafe) {
              a = vector::FMAOp::create(b, ps, values[g], a);
              continue;
            }
            Value term = arith::MulFOp::create(b, ps, values[g]);
            a = arith::AddFOp::create(b, a, select(b, useless, zero, term));
          }
        }
      },
      [&](ImplicitLocOpBuilder &b, Value row, int64_t g, Value acc) {
        vector::StoreOp::create(
            b, acc, t.acc, ValueRange{row, cIndex(b, g * shape.vectorWidth)});
      });
}
