//===- XAttention.cpp - the XAttention selection phase on the CPU ---------===//
//
// SPEC §5.3 before the attention. The antidiagonal strided scores are a
// matrix product: with Q' row r the concatenation of q[r S + S-1-s] and K'
// row c that of k[c S + s] (s = 0 .. S-1, zero past the sequence),
//   A[r, c] = Q'[r] . K'[c] / (sqrt(D) S),
// an inner dimension of S D. So a work item (sequence, query head, a few
// q-blocks: at least a vector of strided rows) runs the prefill score kernel
// (TileKernels.cpp, lanes over rows) on tiles of its strided rows times
// chunks of strided columns, each K' row staged once with full-width vector
// loads and used by every row of the item; the estimate costs about 1/S of
// the dense score work. Its scores, key-major [columns, rows], stay in a
// buffer of the item (f32, columns up to the causal end) for the softmax:
//   1. causal in strided coordinates (c > r + (Lk - Lq)/S is -inf) and the
//      running max, lanes over rows;
//   2. p = exp(a - max), and the row sums z;
//   3. W[I, J] += sum over the item's rows r of q-block I and columns c of
//      k-block J of p / z (f32 within a block, f64 across), rows with
//      r S >= Lq left out.
// Columns with c S >= Lk are never computed. The runtime's
// attnc_rt_xattention_select then picks each q-block's kept blocks into the
// block lists that the attention walks like a block mask, and the
// `selected` results, if asked for, receive a copy of them.
//
//===----------------------------------------------------------------------===//

#include "TileCompute.h"

#include "LoweringUtils.h"
#include "OnlineSoftmax.h"
#include "TileKernels.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
using arith::CmpIPredicate;

namespace {

/// Bytes of staged K' rows per chunk of strided columns (they stay in L2
/// while every row of the item uses them).
constexpr int64_t kStagedKeyBytes = 128 * 1024;

/// The runtime's greedy selection (KernelRuntime.cpp).
func::FuncOp selectFunction(ModuleOp module) {
  StringRef name = "attnc_rt_xattention_select";
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder mb = OpBuilder::atBlockBegin(module.getBody());
  Type i64 = mb.getI64Type();
  auto fn = func::FuncOp::create(
      mb, module.getLoc(), name,
      mb.getFunctionType({i64, i64, i64, i64, mb.getF64Type()}, {}));
  fn.setPrivate();
  return fn;
}

Value addressOf(ImplicitLocOpBuilder &b, Value memref) {
  return arith::IndexCastOp::create(
      b, b.getI64Type(),
      memref::ExtractAlignedPointerAsIndexOp::create(b, memref));
}

Value broadcastIndex(ImplicitLocOpBuilder &b, VectorType vt, Value x) {
  return vector::BroadcastOp::create(
      b, vt, arith::IndexCastOp::create(b, b.getI64Type(), x));
}

} // namespace

/// Geometry of the estimate's work items.
struct TileLowering::XEstimate {
  int64_t block, stride, per; // B, S, B / S strided rows of a q-block
  int64_t qBlocks;            // q-blocks of a work item
  int64_t rows, rowsPad;      // its strided rows, padded to vectors
  int64_t innerDim;           // S D
  int64_t columns;            // strided columns per staged chunk
};

TileLowering::XEstimate TileLowering::xEstimateGeometry() const {
  XEstimate x;
  x.block = xattention.getBlock();
  x.stride = xattention.getStride();
  x.per = x.block / x.stride;
  // Whole q-blocks, about two vectors of strided rows: the score kernel
  // then loads 2 + 8 values per 16 FMAs (one vector: 1 + 16), and each
  // staged K' row serves twice the rows. Measured at 16k, H = 2, D = 128:
  // two threads on a busy machine 204 ms with one vector of rows, 121 with
  // two; one thread 71-72 ms with two or four vectors (about 120 GFLOP/s,
  // a core's FMA peak); four waste more columns on the causal edge.
  x.qBlocks = std::max<int64_t>(1, 2 * vectorWidth / x.per);
  x.rows = x.qBlocks * x.per;
  x.rowsPad = (x.rows + vectorWidth - 1) / vectorWidth * vectorWidth;
  x.innerDim = x.stride * shape.headDim;
  // A multiple of 16 columns (the score kernel's register block).
  x.columns = std::clamp<int64_t>(kStagedKeyBytes / (4 * x.innerDim) / 16 * 16,
                                  16, 64);
  return x;
}

SmallVector<Value>
TileLowering::emitXAttentionSelection(ImplicitLocOpBuilder &b, Value numSeqs) {
  XEstimate x = xEstimateGeometry();
  Value zero = cIndex(b, 0), one = cIndex(b, 1);
  Value cB = cIndex(b, x.block);
  // Lists sized for the longest sequence.
  Value maxQ = reduce(b, zero, numSeqs, zero,
                      [&](ImplicitLocOpBuilder &b, Value s, Value acc) {
                        return maxI(b, acc, access->sequence(b, s).qLen);
                      });
  Value maxK = reduce(b, zero, numSeqs, zero,
                      [&](ImplicitLocOpBuilder &b, Value s, Value acc) {
                        return maxI(b, acc, access->sequence(b, s).kLen);
                      });
  Value nQB = maxI(b, one, ceilDivI(b, maxQ, cB));
  Value nKB = maxI(b, one, ceilDivI(b, maxK, cB));
  Type i32 = b.getI32Type();
  int64_t hq = shape.numQHeads;
  Value num = memref::AllocOp::create(
      b, MemRefType::get({ShapedType::kDynamic, hq, ShapedType::kDynamic}, i32),
      ValueRange{numSeqs, nQB});
  Value idx = memref::AllocOp::create(
      b,
      MemRefType::get({ShapedType::kDynamic, hq, ShapedType::kDynamic,
                       ShapedType::kDynamic},
                      i32),
      ValueRange{numSeqs, nQB, nKB});
  memrefOf["xattention_num"] = num;
  memrefOf["xattention_indices"] = idx;

  func::FuncOp selectFn = selectFunction(op->getParentOfType<ModuleOp>());
  double tau = xattention.getThreshold().convertToDouble();
  Value cQBlocks = cIndex(b, x.qBlocks);
  // Work items (sequence, query head, group of q-blocks), in parallel; the
  // group range is the longest sequence's.
  scf::ParallelOp::create(
      b, ValueRange{zero, zero, zero},
      ValueRange{numSeqs, cIndex(b, hq), ceilDivI(b, nQB, cQBlocks)},
      ValueRange{one, one, one},
      [&](OpBuilder &nested, Location loc, ValueRange ivs) {
        ImplicitLocOpBuilder b(loc, nested);
        Sequence seq = access->sequence(b, ivs[0]);
        Value h = ivs[1];
        Value firstQBlock = mulI(b, ivs[2], cQBlocks);
        Value lq = seq.qLen, lk = seq.kLen;
        Value nqb = ceilDivI(b, lq, cB), nkb = ceilDivI(b, lk, cB);
        // W rows of the item's q-blocks (f64), zero where not estimated.
        Value w = memref::AllocOp::create(
            b, MemRefType::get({ShapedType::kDynamic}, b.getF64Type()),
            ValueRange{maxI(b, one, mulI(b, cQBlocks, nkb))});
        forEach(b, zero, mulI(b, cQBlocks, nkb),
                [&](ImplicitLocOpBuilder &b, Value i) {
                  memref::StoreOp::create(b, cF64(b, 0.0), w, i);
                });
        // Sequences that break SPEC's length rule (only without the
        // argument checks) estimate nothing and select nothing.
        Value lengthsOk = andB(
            b, cmpI(b, CmpIPredicate::sle, lq, lk),
            cmpI(b, CmpIPredicate::eq, remI(b, subI(b, lk, lq), cB), zero));
        Value live =
            andB(b, lengthsOk, cmpI(b, CmpIPredicate::slt, firstQBlock, nqb));
        ifThen(b, live, [&](ImplicitLocOpBuilder &b) {
          emitXAttentionEstimate(b, x, seq, h, firstQBlock, w, nkb);
        });
        // Parameters for the runtime's greedy selection of the item's
        // q-blocks.
        Value params = memref::AllocaOp::create(
            b, MemRefType::get({13}, b.getI64Type()));
        SmallVector<Value> values{ivs[0],         h,
                                  nqb,            nkb,
                                  lq,             lk,
                                  cB,             cIndex(b, xattention.getDenseTail()),
                                  cIndex(b, hq),  dim(b, idx, 2),
                                  dim(b, idx, 3), firstQBlock,
                                  cQBlocks};
        for (auto [k, v] : llvm::enumerate(values))
          memref::StoreOp::create(
              b, arith::IndexCastOp::create(b, b.getI64Type(), v), params,
              cIndex(b, k));
        func::CallOp::create(
            b, selectFn,
            ValueRange{addressOf(b, w), addressOf(b, num), addressOf(b, idx),
                       addressOf(b, params), cF64(b, tau)});
        memref::DeallocOp::create(b, w);
        scf::ReduceOp::create(b);
      });
  emitSelectedResults(b, num, idx);
  return {num, idx};
}

void TileLowering::emitXAttentionEstimate(ImplicitLocOpBuilder &b,
                                          const XEstimate &x,
                                          const Sequence &seq, Value h,
                                          Value firstQBlock, Value w,
                                          Value nkb) {
  int64_t S = x.stride, D = shape.headDim, width = vectorWidth;
  int64_t groups = x.rowsPad / width;
  Value zero = cIndex(b, 0);
  Value cS = cIndex(b, S), cPer = cIndex(b, x.per);
  Value lq = seq.qLen, lk = seq.kLen;
  Value hkv = floorDivI(b, h, cIndex(b, group));
  Value rowsS = ceilDivI(b, lq, cS), colsS = ceilDivI(b, lk, cS);
  Value offS = floorDivI(b, subI(b, lk, lq), cS);
  Value row0 = mulI(b, firstQBlock, cPer);
  Value rowEnd = minI(b, addI(b, row0, cIndex(b, x.rows)), rowsS);
  // Columns any row of the item sees (c <= r + offS), all below colsS.
  Value colEnd = minI(b, colsS, addI(b, rowEnd, offS));
  Value cColumns = cIndex(b, x.columns);
  Value numChunks = ceilDivI(b, colEnd, cColumns);
  Type f32 = b.getF32Type();
  auto alloc = [&](ArrayRef<int64_t> dims, ValueRange sizes) -> Value {
    return memref::AllocOp::create(b, MemRefType::get(dims, f32), sizes,
                                   b.getI64IntegerAttr(64));
  };
  Value qt = alloc({x.innerDim, x.rowsPad}, {});
  Value ks = alloc({x.columns, x.innerDim}, {});
  Value scores = alloc({ShapedType::kDynamic, x.rowsPad},
                       {mulI(b, numChunks, cColumns)});

  // Q'^T, pre-divided by sqrt(D) S: qt[s D + d, r] = q[r S + S-1-s, d];
  // zero past the sequence and for padding rows.
  Value q = memrefOf.lookup("q");
  double norm = std::sqrt((double)D) * (double)S;
  forEach(b, x.rowsPad, [&](ImplicitLocOpBuilder &b, Value lr) {
    Value r = addI(b, row0, lr);
    forEach(b, S, [&](ImplicitLocOpBuilder &b, Value s) {
      Value i = subI(b, addI(b, mulI(b, r, cS), cIndex(b, S - 1)), s);
      Value valid = andB(b, cmpI(b, CmpIPredicate::slt, lr, cIndex(b, x.rows)),
                         cmpI(b, CmpIPredicate::slt, i, lq));
      Value col0 = mulI(b, s, cIndex(b, D));
      scf::IfOp::create(
          b, valid,
          [&](OpBuilder &nested, Location loc) {
            ImplicitLocOpBuilder b(loc, nested);
            RowRef row = access->queryRow(b, seq, i, h, D);
            forEach(b, D, [&](ImplicitLocOpBuilder &b, Value d) {
              SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
              index.push_back(addI(b, row.offset, d));
              Value v = toF32(b, memref::LoadOp::create(b, q, index));
              memref::StoreOp::create(b, mulF(b, v, cF32(b, 1.0 / norm)), qt,
                                      ValueRange{addI(b, col0, d), lr});
            });
            scf::YieldOp::create(b);
          },
          [&](OpBuilder &nested, Location loc) {
            ImplicitLocOpBuilder b(loc, nested);
            forEach(b, D, [&](ImplicitLocOpBuilder &b, Value d) {
              memref::StoreOp::create(b, cF32(b, 0.0), qt,
                                      ValueRange{addI(b, col0, d), lr});
            });
            scf::YieldOp::create(b);
          });
    });
  });

  // A[c, r] for the columns [0, colEnd), a chunk at a time: stage K' rows
  // (keys past the sequence zero), then the score kernel into the buffer.
  TileShape tileShape{x.rowsPad, x.rowsPad, x.innerDim, x.innerDim,
                      x.columns, width,     width,      x.rowsPad,
                      1,         x.rowsPad};
  forEach(b, zero, numChunks, [&](ImplicitLocOpBuilder &b, Value chunk) {
    Value c0 = mulI(b, chunk, cColumns);
    forEach(b, x.columns, [&](ImplicitLocOpBuilder &b, Value cc) {
      Value c = addI(b, c0, cc);
      // Columns past colEnd are computed but never read.
      ifThen(b, cmpI(b, CmpIPredicate::slt, c, colEnd),
             [&](ImplicitLocOpBuilder &b) {
               forEach(b, S, [&](ImplicitLocOpBuilder &b, Value s) {
                 Value j = addI(b, mulI(b, c, cS), s);
                 SmallVector<Value> dst{cc, mulI(b, s, cIndex(b, D))};
                 stageKeyRow(b, seq, j, hkv, ks, dst);
               });
             });
    });
    Value tile = memref::SubViewOp::create(
        b, scores, ArrayRef<OpFoldResult>{c0, b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(x.columns),
                               b.getIndexAttr(x.rowsPad)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
    TileBuffers buffers{qt, Value(), ks, tile, Value(),
                        Value(), Value(), Value(), Value()};
    emitScoreMatmul(b, tileShape, buffers);
  });

  // Lanes over rows: lane l of vector g is strided row row0 + g W + l.
  VectorType vt = VectorType::get({width}, f32);
  VectorType vi = VectorType::get({width}, b.getI64Type());
  SmallVector<int64_t> lanes;
  for (int64_t l = 0; l < width; ++l)
    lanes.push_back(l);
  Value iota = arith::ConstantOp::create(
      b, vi, DenseElementsAttr::get(vi, ArrayRef<int64_t>(lanes)));
  auto rowsOf = [&](ImplicitLocOpBuilder &b, int64_t g) {
    return arith::AddIOp::create(
        b, iota, broadcastIndex(b, vi, addI(b, row0, cIndex(b, g * width))));
  };
  auto lane0 = [&](int64_t g) { return cIndex(b, g * width); };
  auto overColumns = [&](ImplicitLocOpBuilder &b, Value lo, Value hi,
                         ArrayRef<Value> inits,
                         llvm::function_ref<Value(ImplicitLocOpBuilder &,
                                                  Value c, int64_t g, Value s,
                                                  Value acc)>
                             body) -> SmallVector<Value> {
    auto loop = scf::ForOp::create(
        b, lo, hi, cIndex(b, 1), inits,
        [&](OpBuilder &nested, Location loc, Value c, ValueRange acc) {
          ImplicitLocOpBuilder nb(loc, nested);
          SmallVector<Value> next;
          for (int64_t g = 0; g < groups; ++g) {
            Value s = vector::LoadOp::create(nb, vt, scores,
                                             ValueRange{c, lane0(g)});
            next.push_back(body(nb, c, g, s, acc[g]));
          }
          scf::YieldOp::create(nb, next);
        });
    return SmallVector<Value>(loop.getResults());
  };
  Value negInf = vector::BroadcastOp::create(
      b, vt, cF32(b, -std::numeric_limits<double>::infinity()));
  Value zeroV = arith::ConstantOp::create(b, vt, b.getZeroAttr(vt));
  // 1. Causal in strided coordinates, and the row max.
  SmallVector<Value> rowMax = overColumns(
      b, zero, colEnd, SmallVector<Value>(groups, negInf),
      [&](ImplicitLocOpBuilder &b, Value c, int64_t g, Value s, Value m) {
        Value hidden = arith::CmpIOp::create(
            b, CmpIPredicate::sgt, broadcastIndex(b, vi, subI(b, c, offS)),
            rowsOf(b, g));
        s = arith::SelectOp::create(b, hidden, negInf, s);
        vector::StoreOp::create(b, s, scores, ValueRange{c, lane0(g)});
        return arith::MaximumFOp::create(b, m, s);
      });
  // 2. p = exp(a - max) in place, and the row sums.
  SmallVector<Value> rowSum = overColumns(
      b, zero, colEnd, SmallVector<Value>(groups, zeroV),
      [&](ImplicitLocOpBuilder &b, Value c, int64_t g, Value s, Value z) {
        Value p = softmaxWeight(b, s, rowMax[g], /*base2=*/false);
        vector::StoreOp::create(b, p, scores, ValueRange{c, lane0(g)});
        return arith::AddFOp::create(b, z, p);
      });
  // 1 / z for the rows of the sequence (r S < Lq), else 0.
  SmallVector<Value> invSum;
  for (int64_t g = 0; g < groups; ++g) {
    Value valid = arith::CmpIOp::create(b, CmpIPredicate::slt, rowsOf(b, g),
                                        broadcastIndex(b, vi, rowEnd));
    Value one = vector::BroadcastOp::create(b, vt, cF32(b, 1.0));
    invSum.push_back(arith::SelectOp::create(
        b, valid, arith::DivFOp::create(b, one, rowSum[g]), zeroV));
  }
  // 3. Block masses: per k-block J, the column sums of p / z, then the lanes
  // of each q-block of the item.
  forEach(b, zero, ceilDivI(b, colEnd, cPer), [&](ImplicitLocOpBuilder &b,
                                                  Value J) {
    Value lo = mulI(b, J, cPer);
    Value hi = minI(b, addI(b, lo, cPer), colEnd);
    SmallVector<Value> mass = overColumns(
        b, lo, hi, SmallVector<Value>(groups, zeroV),
        [&](ImplicitLocOpBuilder &b, Value, int64_t, Value p, Value acc) {
          return arith::AddFOp::create(b, acc, p);
        });
    for (int64_t g = 0; g < groups; ++g)
      mass[g] = arith::MulFOp::create(b, mass[g], invSum[g]);
    for (int64_t i = 0; i < x.qBlocks; ++i) {
      Value total = cF64(b, 0.0);
      for (int64_t r = i * x.per; r < (i + 1) * x.per;) {
        int64_t g = r / width, end = std::min((i + 1) * x.per, (g + 1) * width);
        Value part = mass[g];
        if (end - r < width)
          part = vector::ExtractStridedSliceOp::create(
              b, part, ArrayRef<int64_t>{r - g * width},
              ArrayRef<int64_t>{end - r}, ArrayRef<int64_t>{1});
        Value sum = vector::ReductionOp::create(
            b, vector::CombiningKind::ADD, part);
        total = arith::AddFOp::create(
            b, total, arith::ExtFOp::create(b, b.getF64Type(), sum));
        r = end;
      }
      memref::StoreOp::create(
          b, total, w, addI(b, mulI(b, cIndex(b, i), nkb), J));
    }
  });
  for (Value buffer : {qt, ks, scores})
    memref::DeallocOp::create(b, buffer);
}

void TileLowering::stageKeyRow(ImplicitLocOpBuilder &b, const Sequence &seq,
                               Value j, Value hkv, Value dst,
                               ArrayRef<Value> dstStart) {
  int64_t D = shape.headDim;
  Value live = cmpI(b, CmpIPredicate::slt, j, seq.kLen);
  scf::IfOp::create(
      b, live,
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder b(loc, nested);
        RowRef row = access->keyRow(b, seq, j, hkv, D);
        if (readsInPlace(/*isKey=*/true)) {
          SmallVector<Value> start(row.prefix.begin(), row.prefix.end());
          start.push_back(row.offset);
          RowSource src{io->kvMemref(/*isKey=*/true), D, nullptr, nullptr};
          auto dequant = [&](ImplicitLocOpBuilder &b, Value x, Value, Value,
                             int64_t col) {
            return io->dequantizeVector(b, seq, /*isKey=*/true, x, j, hkv,
                                        col, D);
          };
          if (io->isQuantized(/*isKey=*/true))
            src.dequant = dequant;
          emitRowCopy(b, src, start, vectorWidth, dst, dstStart);
        } else {
          forEach(b, D, [&](ImplicitLocOpBuilder &b, Value d) {
            SmallVector<Value> index(dstStart.begin(), dstStart.end());
            index.back() = addI(b, index.back(), d);
            memref::StoreOp::create(
                b, io->loadKv(b, seq, /*isKey=*/true, row, j, hkv, d), dst,
                index);
          });
        }
        scf::YieldOp::create(b);
      },
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder b(loc, nested);
        emitRowZero(b, D, vectorWidth, dst, dstStart);
        scf::YieldOp::create(b);
      });
}

/// The `selected` results (SPEC §5.3: the selected block mask is
/// obtainable): counts [B, Hq, nQB] and ascending indices [B, Hq, nQB, nKB],
/// -1 past each count, copied from the selection's lists (entries past them
/// count 0).
void TileLowering::emitSelectedResults(ImplicitLocOpBuilder &b, Value num,
                                       Value idx) {
  Value selNum = memrefOf.lookup("selected_num_blocks");
  Value selIdx = memrefOf.lookup("selected_indices");
  if (!selNum || !selIdx)
    return;
  Value zero = cIndex(b, 0), one = cIndex(b, 1);
  Type i32 = b.getI32Type();
  Value seqs = minI(b, dim(b, selNum, 0), dim(b, num, 0));
  scf::ParallelOp::create(
      b, ValueRange{zero, zero, zero},
      ValueRange{dim(b, selNum, 0), cIndex(b, shape.numQHeads),
                 dim(b, selNum, 2)},
      ValueRange{one, one, one},
      [&](OpBuilder &nested, Location loc, ValueRange ivs) {
        ImplicitLocOpBuilder b(loc, nested);
        Value s = ivs[0], h = ivs[1], I = ivs[2];
        Value known = andB(b, cmpI(b, CmpIPredicate::slt, s, seqs),
                           cmpI(b, CmpIPredicate::slt, I, dim(b, num, 2)));
        auto ifOp = scf::IfOp::create(
            b, known,
            [&](OpBuilder &nested, Location loc) {
              ImplicitLocOpBuilder b(loc, nested);
              scf::YieldOp::create(
                  b, loadIndex(b, num, ValueRange{s, h, I}));
            },
            [&](OpBuilder &nested, Location loc) {
              ImplicitLocOpBuilder b(loc, nested);
              scf::YieldOp::create(b, zero);
            });
        Value count = minI(b, ifOp.getResult(0),
                           minI(b, dim(b, selIdx, 3), dim(b, idx, 3)));
        memref::StoreOp::create(
            b, arith::IndexCastOp::create(b, i32, count), selNum,
            ValueRange{s, h, I});
        forEach(b, zero, dim(b, selIdx, 3), [&](ImplicitLocOpBuilder &b,
                                                Value J) {
          Value kept = cmpI(b, CmpIPredicate::slt, J, count);
          auto value = scf::IfOp::create(
              b, kept,
              [&](OpBuilder &nested, Location loc) {
                ImplicitLocOpBuilder b(loc, nested);
                scf::YieldOp::create(
                    b, ValueRange{memref::LoadOp::create(
                           b, idx, ValueRange{s, h, I, J})});
              },
              [&](OpBuilder &nested, Location loc) {
                ImplicitLocOpBuilder b(loc, nested);
                scf::YieldOp::create(
                    b, ValueRange{arith::ConstantOp::create(
                           b, b.getI32IntegerAttr(-1))});
              });
          memref::StoreOp::create(b, value.getResult(0), selIdx,
                                  ValueRange{s, h, I, J});
        });
        scf::ReduceOp::create(b);
      });
}
