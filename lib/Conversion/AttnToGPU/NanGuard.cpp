//===- NanGuard.cpp - NaN and infinity in V on the tensor cores ----------===//
//
// SPEC §2 step 8: a NaN (or an infinity) in V reaches only the rows that
// see its key. A tensor-core product adds 0 x V for a masked key, which is
// NaN when V is not finite, so:
//   vote     at the block's barrier, where the block may mask a key (or its
//            products cannot take an infinity: f32), each thread looks at
//            the V chunks it copies; the barrier ORs the votes
//   guard    a block with such a value (rare, uniform) first computes its
//            scores once more, notes per output element the kinds of
//            non-finite values its row sees (read again from global
//            memory), and zeroes them in the staged V; the normal path then
//            runs unchanged
//   apply    finalize turns the noted elements into NaN or the infinity
// The pipeline (DeviceKernel.cpp) holds the vote's barrier and calls the
// guard. docs/CUDABackend.md has the measurements behind this shape.
//
//===----------------------------------------------------------------------===//

#include "DeviceKernelImpl.h"

#include "OnlineSoftmax.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

// Inside the class's namespace, whose header brings mlir and the lowering
// helpers into scope.
namespace attnc::cuda::detail {

Value DeviceKernel::mayMask(ImplicitLocOpBuilder &b, Value block,
                            Value fullList) {
  // f32's 3xTF32 products add p_lo V_hi, and p_lo is often exactly 0: an
  // infinite V would give 0 * inf = NaN even where every row sees the key.
  // So every f32 block votes.
  if (g.skipSoftmax || rules->hasScoreRules() || g.splitF32())
    return cBool(b, true);
  auto [full, inside] =
      blockCoverage(b, mulI(b, block, cIndex(b, g.blockK)), fullList);
  return arith::XOrIOp::create(b, andB(b, full, inside), cBool(b, true));
}

SmallVector<Value, 2> DeviceKernel::wordNonFinite(ImplicitLocOpBuilder &b,
                                                  Value w) {
  // A NaN or an infinity has every exponent bit set.
  uint32_t exponent = g.elementBytes() == 4  ? 0x7F800000u
                      : g.inputType.isBF16() ? 0x7F80u
                                             : 0x7C00u;
  SmallVector<uint32_t, 2> masks{exponent};
  if (g.elementBytes() == 2)
    masks.push_back(exponent << 16);
  SmallVector<Value, 2> out;
  for (uint32_t m : masks) {
    Value bits = cI32(b, (int32_t)m);
    out.push_back(
        cmpI(b, CmpIPredicate::eq, arith::AndIOp::create(b, w, bits), bits));
  }
  return out;
}

void DeviceKernel::forEachValueChunk(
    ImplicitLocOpBuilder &b, Value vTile,
    llvm::function_ref<void(ImplicitLocOpBuilder &, Value)> body) {
  int64_t chunksPerRow = g.dvPad / g.chunkElements();
  forEachChunk(b, g.blockK * chunksPerRow, [&](ImplicitLocOpBuilder &b,
                                               Value c) {
    Value row = floorDivI(b, c, cIndex(b, chunksPerRow));
    Value col = mulI(b, remI(b, c, cIndex(b, chunksPerRow)),
                     cIndex(b, g.chunkElements()));
    body(b, sharedAt(b, addI(b, vTile, tileByte(b, row, col, g.blockK,
                                                g.vStride))));
  });
}

Value DeviceKernel::valueShareNonFinite(ImplicitLocOpBuilder &b,
                                        Value stage) {
  Type i32 = b.getI32Type();
  voteFlag.set(b, 0, cI32(b, 0));
  forEachValueChunk(b, vTileOffset(b, stage), [&](ImplicitLocOpBuilder &b,
                                                  Value at) {
    Value chunk = LLVM::LoadOp::create(b, VectorType::get({4}, i32), at);
    Value any = cBool(b, false);
    for (int64_t w = 0; w < 4; ++w)
      for (Value bad : wordNonFinite(
               b, LLVM::ExtractElementOp::create(b, chunk, cI32(b, w))))
        any = orB(b, any, bad);
    voteFlag.set(b, 0,
                 arith::OrIOp::create(b, voteFlag.get(b, 0),
                                      arith::ExtUIOp::create(b, i32, any)));
  });
  return voteFlag.get(b, 0);
}

void DeviceKernel::zeroNonFiniteValues(ImplicitLocOpBuilder &b, Value vTile) {
  Type i32 = b.getI32Type();
  forEachValueChunk(b, vTile, [&](ImplicitLocOpBuilder &b, Value at) {
    Value chunk = LLVM::LoadOp::create(b, VectorType::get({4}, i32), at);
    for (int64_t w = 0; w < 4; ++w) {
      Value word = LLVM::ExtractElementOp::create(b, chunk, cI32(b, w));
      SmallVector<Value, 2> bad = wordNonFinite(b, word);
      Value keep = cI32(b, 0);
      for (auto [k, isBad] : llvm::enumerate(bad)) {
        int32_t part = bad.size() == 1 ? -1 : (int32_t)(0xFFFFu << (16 * k));
        Value kept = select(b, isBad, cI32(b, 0), cI32(b, part));
        keep = arith::OrIOp::create(b, keep, kept);
      }
      chunk = LLVM::InsertElementOp::create(
          b, chunk, arith::AndIOp::create(b, word, keep), cI32(b, w));
    }
    LLVM::StoreOp::create(b, chunk, at);
  });
  if (g.warpgroupMma)
    fenceSharedForAsyncProxy(b); // wgmma reads V through the async proxy
  gpu::BarrierOp::create(b);
}

void DeviceKernel::noteNonFiniteValues(ImplicitLocOpBuilder &b, Value j0,
                                       ArrayRef<Value> s) {
  int64_t nTiles = g.blockK / 8, accTiles = g.dvPad / 8;
  // Key j's score is read at a run-time index below: from local memory.
  for (auto [idx, x] : llvm::enumerate(s))
    guardedScores.set(b, addI(b, cIndex(b, idx), opaqueZero), x);
  Type i32 = b.getI32Type();
  Value zero = cIndex(b, 0);
  ifThen(b, cmpI(b, CmpIPredicate::eq, noted.get(b, 0), cI32(b, 0)),
         [&](ImplicitLocOpBuilder &b) {
           for (int64_t i = 0; i < g.mTiles * accTiles * 4; ++i)
             nonFiniteSeen.set(b, addI(b, cIndex(b, i), opaqueZero),
                               cI32(b, 0));
           noted.set(b, 0, cI32(b, 1));
         });
  Value inf = cF32(b, std::numeric_limits<float>::infinity());
  forEach(b, zero, cIndex(b, g.blockK), [&](ImplicitLocOpBuilder &b, Value j) {
    // Key j's scores live in lane 4 groupId + (j % 8) / 2, at C element
    // (mt nTiles + j / 8) 4 + 2 half + j % 2.
    Value owner = arith::IndexCastOp::create(
        b, i32,
        addI(b, mulI(b, groupId, cIndex(b, 4)),
             floorDivI(b, remI(b, j, cIndex(b, 8)), cIndex(b, 2))));
    Value element = addI(
        b, mulI(b, floorDivI(b, j, cIndex(b, 8)), cIndex(b, 4)),
        remI(b, j, cIndex(b, 2)));
    SmallVector<Value> sees;
    for (int64_t slot = 0; slot < g.rowSlots(); ++slot) {
      int64_t mt = slot / 2, half = slot % 2;
      Value score = guardedScores.get(
          b, addI(b, element, cIndex(b, mt * nTiles * 4 + 2 * half)));
      sees.push_back(cmpF(b, CmpFPredicate::UNE, shuffleIndex(b, score, owner),
                          cF32(b, kNegInf)));
    }
    Value key = addI(b, j0, j);
    ifThen(b, cmpI(b, CmpIPredicate::slt, key, seq.kLen),
           [&](ImplicitLocOpBuilder &b) {
      RowRef row = access->keyRow(b, seq, key, hkv, g.headDimV);
      Value lastD = cIndex(b, g.headDimV - 1);
      // An opaque trip count: unrolled, the loads would take registers
      // that the whole kernel then reserves.
      forEach(b, zero, addI(b, cIndex(b, accTiles), opaqueZero),
              [&](ImplicitLocOpBuilder &b, Value dt) {
        for (int64_t col = 0; col < 2; ++col) {
          Value d = addI(b, addI(b, mulI(b, dt, cIndex(b, 8)),
                                 mulI(b, quad, cIndex(b, 2))),
                         cIndex(b, col));
          Value v = io->loadKv(b, seq, /*isKey=*/false, row, key, hkv,
                               minI(b, d, lastD), /*withTensorScale=*/false);
          Value kind = select(
              b, cmpF(b, CmpFPredicate::UNO, v, v), cI32(b, 1),
              select(b, cmpF(b, CmpFPredicate::OEQ, v, inf), cI32(b, 2),
                     select(b,
                            cmpF(b, CmpFPredicate::OEQ, v,
                                 arith::NegFOp::create(b, inf)),
                            cI32(b, 4), cI32(b, 0))));
          kind = select(b, cmpI(b, CmpIPredicate::sle, d, lastD), kind,
                        cI32(b, 0));
          for (int64_t slot = 0; slot < g.rowSlots(); ++slot) {
            int64_t mt = slot / 2, half = slot % 2;
            Value idx = addI(
                b, mulI(b, addI(b, cIndex(b, mt * accTiles), dt), cIndex(b, 4)),
                addI(b, cIndex(b, half * 2 + col), opaqueZero));
            nonFiniteSeen.set(
                b, idx,
                arith::OrIOp::create(b, nonFiniteSeen.get(b, idx),
                                     select(b, sees[slot], kind, cI32(b, 0))));
          }
        }
      });
    });
  });
}

void DeviceKernel::applyNonFiniteValues(ImplicitLocOpBuilder &b) {
  Value inf = cF32(b, std::numeric_limits<float>::infinity());
  Value nan = cF32(b, std::numeric_limits<float>::quiet_NaN());
  ifThen(b, cmpI(b, CmpIPredicate::ne, noted.get(b, 0), cI32(b, 0)),
         [&](ImplicitLocOpBuilder &b) {
    for (int64_t i = 0; i < g.mTiles * g.dvPad / 8 * 4; ++i) {
      Value kinds = nonFiniteSeen.get(b, addI(b, cIndex(b, i), opaqueZero));
      auto has = [&](int32_t bit) {
        return cmpI(b, CmpIPredicate::ne,
                    arith::AndIOp::create(b, kinds, cI32(b, bit)), cI32(b, 0));
      };
      // +inf and -inf together make NaN, as they would in the sum.
      Value isNan = orB(b, has(1), andB(b, has(2), has(4)));
      Value x = select(b, has(4), arith::NegFOp::create(b, inf), acc.get(b, i));
      x = select(b, has(2), inf, x);
      acc.set(b, i, select(b, isNan, nan, x));
    }
  });
}

void DeviceKernel::guardBlock(ImplicitLocOpBuilder &b, Value j0,
                              Value kTile, Value vTile, Value fullList) {
  Value needed;
  SmallVector<Value> s =
      ruledScores(b, kTile, j0, fullList, /*countSkips=*/false, needed);
  // A block every row skips adds nothing: its scores are all -inf here.
  noteNonFiniteValues(b, j0, s);
  zeroNonFiniteValues(b, vTile);
}

} // namespace attnc::cuda::detail
