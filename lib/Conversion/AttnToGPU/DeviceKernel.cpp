//===- DeviceKernel.cpp - one attention work item per thread block --------===//
//
// Thread block = `warps` warps; warp w owns packed rows
// [16 mTiles w, 16 mTiles (w + 1)) of the work item as mTiles mma tiles (row r
// is query row0 + r % blockQ of head r / blockQ of the unit). Per visited KV
// block:
//   stage K, V -> shared (cp.async, zero-filled past the sequence; with
//                 wgmma, TMA boxes); the block's barrier also votes on NaN
//                 or infinity in V where keys may be masked (NanGuard.cpp)
//   S = Q K^T      ldmatrix + mma.sync, Q fragments kept in registers
//   S *= scale; score rules on partial blocks only
//   online softmax on the f32 state (m, l per row half; acc per 16x8 tile)
//   acc += P V     P rounded to the input type, V via ldmatrix.trans
// Cross-block state lives in per-thread arrays indexed by constants only, so
// LLVM promotes it to registers.
//
//===----------------------------------------------------------------------===//

#include "DeviceKernelImpl.h"

#include "WarpMma.h"
#include "WorkItems.h"
#include "WarpgroupMma.h"

#include "BlockWalk.h"
#include "ElementIO.h"
#include "FamilyAccess.h"
#include "LoweringUtils.h"
#include "OnlineSoftmax.h"
#include "ScoreRules.h"
#include "SkipSoftmax.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>
#include <limits>
#include <optional>

using namespace mlir;
using namespace attnc;
using namespace attnc::cuda;
using namespace attnc::lowering;
using arith::CmpFPredicate;
using arith::CmpIPredicate;
using attnc::cuda::detail::DeviceKernel;

namespace {

int64_t roundUp(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

} // namespace

//===----------------------------------------------------------------------===//
// Work item
//===----------------------------------------------------------------------===//

void DeviceKernel::emit(ImplicitLocOpBuilder &b) {
  static_cast<ThreadPlace &>(*this) = threadPlace(b);
  unit = gpu::BlockIdOp::create(b, gpu::Dimension::y);
  hkv = g.headsPerUnit == g.group
            ? unit
            : floorDivI(b, mulI(b, unit, cIndex(b, g.headsPerUnit)),
                        cIndex(b, g.group));
  // The state arrays are allocated in the entry block, where LLVM promotes
  // them to registers.
  Type f32 = b.getF32Type();
  acc = RegisterArray(b, g.mTiles * g.dvPad / 8 * 4, f32);
  rowMax = RegisterArray(b, g.rowSlots(), f32);
  rowSum = RegisterArray(b, g.rowSlots(), f32);
  if (g.tmaLoads())
    phases = RegisterArray(b, 1, b.getI32Type());
  guardedScores = RegisterArray(b, g.mTiles * (g.blockK / 8) * 4, f32);
  nonFiniteSeen = RegisterArray(b, g.mTiles * g.dvPad / 8 * 4, b.getI32Type());
  noted = RegisterArray(b, 1, b.getI32Type());
  opaqueZero = arith::IndexCastOp::create(
      b, b.getIndexType(),
      LLVM::InlineAsmOp::create(
          b, b.getI32Type(), ValueRange{}, b.getStringAttr("mov.u32 $0, 0;"),
          b.getStringAttr("=r"), /*has_side_effects=*/UnitAttr(),
          /*is_align_stack=*/UnitAttr(), LLVM::TailCallKindAttr(),
          LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
          ArrayAttr())
          .getRes());
  voteFlag = RegisterArray(b, 1, b.getI32Type());
  // Every thread of the block takes the same branch.
  ifThen(b, findWorkItem(b), [&](ImplicitLocOpBuilder &b) { emitWorkItem(b); });
}

/// Slot x of the grid is the x-th (sequence, q-block) pair in sequence
/// order; within a sequence the last q-blocks come first, so that the
/// longest causal rows start earliest.
Value DeviceKernel::findWorkItem(ImplicitLocOpBuilder &b) {
  Value slot = gpu::BlockIdOp::create(b, gpu::Dimension::x);
  auto paged = dyn_cast<attn::PagedOp>(op.getOperation());
  if (paged && !paged.getCuSeqlensQ()) { // decode: slot s is sequence s
    seq = access->sequence(b, slot);
    qBlock = cIndex(b, 0);
    return cmpI(b, CmpIPredicate::slt, slot, access->numSequences(b));
  }
  SlotItem item = findSlotItem(b, *access, slot, g.blockQ);
  seq = access->sequence(b, item.sequence);
  qBlock = item.group;
  return item.live;
}

void DeviceKernel::emitWorkItem(ImplicitLocOpBuilder &b) {
  row0 = mulI(b, qBlock, cIndex(b, g.blockQ));
  numRows = minI(b, cIndex(b, g.blockQ), subI(b, seq.qLen, row0));
  int64_t accTiles = g.dvPad / 8;
  for (int64_t i = 0; i < g.mTiles * accTiles * 4; ++i)
    acc.set(b, i, cF32(b, 0.0));
  noted.set(b, 0, cI32(b, 0));
  for (int64_t slot = 0; slot < g.rowSlots(); ++slot) {
    rowMax.set(b, slot, cF32(b, kNegInf));
    rowSum.set(b, slot, cF32(b, 0.0));
    Value r = laneRow(b, slot);
    auto [h, i] = headAndQuery(b, r);
    queryRows[slot] = rules->queryRow(b, seq, h, i);
    rowIsValid[slot] = rowValid(b, r);
  }
  if (g.tmaLoads()) {
    phases.set(b, 0, cI32(b, 0));
    ifThen(b, cmpI(b, CmpIPredicate::eq, tid, cIndex(b, 0)),
           [&](ImplicitLocOpBuilder &b) {
             for (int64_t s = 0; s < g.stages; ++s)
               NVVM::MBarrierInitOp::create(b, TypeRange{},
                                            barrierAt(b, cIndex(b, s)),
                                            cI32(b, 1), Value());
             NVVM::FenceMbarrierInitOp::create(b);
           });
    gpu::BarrierOp::create(b);
  }
  loadQueries(b);
  kScale = io->tensorScale(b, /*isKey=*/true);
  vScale = io->tensorScale(b, /*isKey=*/false);
  if (g.skipSoftmax)
    logLambda2 = mulF(b, math::LogOp::create(b, skipThreshold(
                                                     b, op.getSkipSoftmaxAttr(),
                                                     seq)),
                      cF32(b, kLog2E));

  WalkItem item{seq, unit, row0, numRows};
  walk->emit(
      b, item,
      [&](ImplicitLocOpBuilder &b, Value block, bool fullList) {
        visitOne(b, block, fullList);
      },
      [&](ImplicitLocOpBuilder &b, Value lo, Value hi) {
        visitRange(b, lo, hi);
      },
      [&](ImplicitLocOpBuilder &b, Value count, ListEntryFn entry) {
        visitList(b, count, entry);
      });
  finalize(b);
}

//===----------------------------------------------------------------------===//
// Staging
//===----------------------------------------------------------------------===//

/// Q rows to shared memory (zero for padding rows and columns past D), then
/// this warp's A fragments to registers.
void DeviceKernel::loadQueries(ImplicitLocOpBuilder &b) {
  Value q = memrefOf.lookup("q");
  auto qType = cast<MemRefType>(q.getType());
  bool async = qType.getElementType() == g.inputType &&
               g.headDim % g.chunkElements() == 0;
  int64_t chunksPerRow = g.dPad / g.chunkElements();
  int64_t total = g.rowsPad() * chunksPerRow;
  forEachChunk(b, total, [&](ImplicitLocOpBuilder &b, Value c) {
    Value r = floorDivI(b, c, cIndex(b, chunksPerRow));
    Value col = mulI(b, remI(b, c, cIndex(b, chunksPerRow)),
                     cIndex(b, g.chunkElements()));
    Value valid = rowValid(b, r);
    auto [h, i] = headAndQuery(b, r);
    RowRef row = access->queryRow(b, seq, i, h, g.headDim);
    Value dstOffset = tileByte(b, r, col, g.rowsPad(), g.qStride);
    stageRowChunk(b, shared, dstOffset, q, row, col, g.headDim, valid, async,
                  g.inputType, [&](ImplicitLocOpBuilder &b, Value d) {
                    SmallVector<Value> index(row.prefix.begin(),
                                             row.prefix.end());
                    index.push_back(addI(b, row.offset, d));
                    return toF32(b, memref::LoadOp::create(b, q, index));
                  });
  });
  commitCopies(b);
  // A fragment of columns [16 kd, 16 kd + 16): lane l reads row l % 16,
  // column 8 (l / 16) of the m-tile.
  laneQueryOffset =
      addI(b,
           mulI(b,
                addI(b, mulI(b, warp, cIndex(b, 16 * g.mTiles)),
                     remI(b, lane, cIndex(b, 16))),
                cIndex(b, g.qStride)),
           mulI(b, floorDivI(b, lane, cIndex(b, 16)), cIndex(b, 8)));
  // With one m-tile (mma.sync) the fragments stay in registers; with more,
  // registers go to the accumulators and Q is read again from shared memory
  // (wgmma reads it through descriptors). Then Q's copies need not land
  // before the K/V copies are issued: the first block's wait (copy groups
  // complete in order), fence and barrier cover them.
  if (g.mTiles == 1 && !g.warpgroupMma && !g.splitF32()) {
    waitCopies(b, 0);
    gpu::BarrierOp::create(b);
    SmallVector<Frag4> kept;
    for (int64_t kd = 0; kd < g.dPad / 16; ++kd)
      kept.push_back(queryFragment(b, 0, kd));
    qFrags = std::move(kept);
  }
}

Frag4 DeviceKernel::queryFragment(ImplicitLocOpBuilder &b, int64_t mt,
                                  int64_t kd) {
  if (!qFrags.empty())
    return qFrags[kd];
  Value element =
      addI(b, laneQueryOffset, cIndex(b, 16 * mt * g.qStride + 16 * kd));
  return loadMatrixX4(b, sharedAt(b, mulI(b, element, cIndex(b, 2))),
                      /*transpose=*/false);
}

void DeviceKernel::stageTile(ImplicitLocOpBuilder &b, bool isKey, Value block,
                             Value tile) {
  Value memref = io->kvMemref(isKey);
  auto type = cast<MemRefType>(memref.getType());
  int64_t dim = isKey ? g.headDim : g.headDimV;
  int64_t dimPad = isKey ? g.dPad : g.dvPad;
  int64_t stride = isKey ? g.kStride : g.vStride;
  bool async = !io->isQuantized(isKey) &&
               type.getElementType() == g.inputType &&
               dim % g.chunkElements() == 0;
  int64_t chunksPerRow = dimPad / g.chunkElements();
  int64_t total = g.blockK * chunksPerRow;
  Value j0 = mulI(b, block, cIndex(b, g.blockK));
  Value lastKey = subI(b, seq.kLen, cIndex(b, 1));
  forEachChunk(b, total, [&](ImplicitLocOpBuilder &b, Value c) {
    Value jj = floorDivI(b, c, cIndex(b, chunksPerRow));
    Value col = mulI(b, remI(b, c, cIndex(b, chunksPerRow)),
                     cIndex(b, g.chunkElements()));
    Value j = addI(b, j0, jj);
    Value keyLive = cmpI(b, CmpIPredicate::slt, j, seq.kLen);
    // Keys past the sequence are zero; their address stays on the last
    // key so that a page-table lookup never reads an unused entry.
    Value jc = minI(b, j, lastKey);
    RowRef row = access->keyRow(b, seq, jc, hkv, dim);
    Value dstOffset = addI(b, tile, tileByte(b, jj, col, g.blockK, stride));
    stageRowChunk(b, shared, dstOffset, memref, row, col, dim, keyLive, async,
                  g.inputType, [&](ImplicitLocOpBuilder &b, Value d) {
                    return io->loadKv(b, seq, isKey, row, jc, hkv, d,
                                      /*withTensorScale=*/false);
                  });
  });
}

void DeviceKernel::stageBlock(ImplicitLocOpBuilder &b, Value block,
                              Value stage) {
  if (g.tmaLoads())
    return copyBlockTiles(b, block, stage);
  stageTile(b, /*isKey=*/true, block, kTileOffset(b, stage));
  stageTile(b, /*isKey=*/false, block, vTileOffset(b, stage));
}

void DeviceKernel::copyBlockTiles(ImplicitLocOpBuilder &b, Value block,
                                  Value stage) {
  ifThen(b, cmpI(b, CmpIPredicate::eq, tid, cIndex(b, 0)),
         [&](ImplicitLocOpBuilder &b) {
    Value barrier = barrierAt(b, stage);
    NVVM::MBarrierArriveExpectTxOp::create(
        b, Type(), barrier, cI32(b, g.kTileBytes() + g.vTileBytes()),
        NVVM::MemScopeKind::CTA, /*relaxed=*/false, Value());
    Value j0 = mulI(b, block, cIndex(b, g.blockK));
    auto pointer = LLVM::LLVMPointerType::get(b.getContext());
    Type i32 = b.getI32Type();
    for (bool isKey : {true, false}) {
      int64_t dim = isKey ? g.headDim : g.headDimV;
      RowRef row = access->keyRow(b, seq, j0, hkv, dim);
      Value map = LLVM::IntToPtrOp::create(b, pointer,
                                           isKey ? maps.key : maps.value);
      Value tile = isKey ? kTileOffset(b, stage) : vTileOffset(b, stage);
      // Box coordinates run innermost first: the column, then the row's
      // indices from the last.
      for (int64_t box = 0; box < dim / 64; ++box) {
        SmallVector<Value> coordinates{arith::IndexCastOp::create(
            b, i32, addI(b, row.offset, cIndex(b, 64 * box)))};
        for (Value index : llvm::reverse(row.prefix))
          coordinates.push_back(arith::IndexCastOp::create(b, i32, index));
        // The copy writes shared::cluster addresses (a lone thread block
        // is its own cluster).
        Value destination = LLVM::AddrSpaceCastOp::create(
            b, LLVM::LLVMPointerType::get(b.getContext(), 7),
            sharedAt(b, addI(b, tile, cIndex(b, box * g.blockK * 128))));
        NVVM::CpAsyncBulkTensorGlobalToSharedClusterOp::create(
            b, destination, map, coordinates, barrier, ValueRange{}, Value(), Value(),
            NVVM::TMALoadMode::TILE, /*isCTAOnly=*/false,
            NVVM::CTAGroupKindAttr(), Value());
      }
    }
  });
}

void DeviceKernel::waitStage(ImplicitLocOpBuilder &b, Value stage) {
  Value bit = arith::ShLIOp::create(
      b, cI32(b, 1), arith::IndexCastOp::create(b, b.getI32Type(), stage));
  Value bits = phases.get(b, 0);
  Value parity = arith::ExtUIOp::create(
      b, b.getI32Type(),
      cmpI(b, CmpIPredicate::ne, arith::AndIOp::create(b, bits, bit),
           cI32(b, 0)));
  NVVM::MBarrierTryWaitParityOp::create(b, barrierAt(b, stage), parity,
                                        cI32(b, 10'000'000));
  phases.set(b, 0, arith::XOrIOp::create(b, bits, bit));
}

std::pair<Value, Value> DeviceKernel::blockCoverage(ImplicitLocOpBuilder &b,
                                                    Value j0, Value fullList) {
  Value jEnd = addI(b, j0, cIndex(b, g.blockK));
  Value pFirst = addI(b, row0, subI(b, seq.kLen, seq.qLen));
  Value pLast = subI(b, addI(b, pFirst, numRows), cIndex(b, 1));
  Value jLast = subI(b, minI(b, jEnd, seq.kLen), cIndex(b, 1));
  auto blockIsFull = [&](bool fullBlock) {
    return rules->blockIsFull(b, pFirst, pLast, j0, jLast, fullBlock);
  };
  std::optional<int64_t> staticFull = getConstantIntValue(fullList);
  Value full = staticFull ? blockIsFull(*staticFull != 0)
                          : select(b, fullList, blockIsFull(true),
                                   blockIsFull(false));
  return {full, cmpI(b, CmpIPredicate::sle, jEnd, seq.kLen)};
}

//===----------------------------------------------------------------------===//
// Block walk visits
//===----------------------------------------------------------------------===//

/// The stages-deep copy pipeline over `count` iterations: iteration u's
/// copies were issued stages - 1 iterations earlier; after the barrier of
/// iteration u every thread is done with u - 1, whose stage then takes
/// u + stages - 1. One barrier per iteration. Blocks not visited are
/// neither staged nor computed (every thread agrees on which).
void DeviceKernel::pipeline(ImplicitLocOpBuilder &b, Value count,
                            BlockAt blockAt) {
  int64_t depth = g.stages;
  auto onVisited = [&](ImplicitLocOpBuilder &b, Value visited,
                       llvm::function_ref<void(ImplicitLocOpBuilder &)> body) {
    if (visited)
      ifThen(b, visited, body);
    else
      body(b);
  };
  auto stage = [&](ImplicitLocOpBuilder &b, Value u, Value slot) {
    ifThen(b, cmpI(b, CmpIPredicate::slt, u, count),
           [&](ImplicitLocOpBuilder &b) {
             ListEntry at = blockAt(b, u);
             onVisited(b, at.visited, [&](ImplicitLocOpBuilder &b) {
               stageBlock(b, at.block, slot);
             });
           });
  };
  Value zero = cIndex(b, 0);
  ifThen(b, cmpI(b, CmpIPredicate::slt, zero, count),
         [&](ImplicitLocOpBuilder &b) {
    bool tma = g.tmaLoads();
    for (int64_t k = 0; k + 1 < depth; ++k) {
      stage(b, cIndex(b, k), cIndex(b, k));
      if (!tma)
        commitCopies(b); // possibly empty: the group count stays uniform
    }
    forEach(b, zero, count, [&](ImplicitLocOpBuilder &b, Value u) {
      ListEntry at = blockAt(b, u);
      Value slot = remI(b, u, cIndex(b, depth));
      if (tma) {
        onVisited(b, at.visited,
                  [&](ImplicitLocOpBuilder &b) { waitStage(b, slot); });
        // Q's cp.async copies, before the first block reads them.
        ifThen(b, cmpI(b, CmpIPredicate::eq, u, zero),
               [&](ImplicitLocOpBuilder &b) {
                 waitCopies(b, 0);
                 fenceSharedForAsyncProxy(b);
               });
      } else {
        waitCopies(b, depth - 2); // all but the newest: this iteration's
        if (g.warpgroupMma)
          fenceSharedForAsyncProxy(b);
      }
      // The iteration's barrier also votes on whether a block that masks
      // some key has a NaN or an infinity in its V tile: each thread looks at
      // the chunks it copies (its own cp.async copies are complete and
      // visible to it; a TMA copy is visible to every waiting thread). Rows
      // past the sequence are looked at as they landed. A block that masks
      // no key (uniform) takes the plain barrier: the reducing one costs a
      // few percent.
      Value masking = mayMask(b, at.block, at.full);
      if (at.visited)
        masking = andB(b, at.visited, masking);
      auto vote = scf::IfOp::create(
          b, masking,
          [&](OpBuilder &nested, Location loc) {
            ImplicitLocOpBuilder b(loc, nested);
            Value any =
                NVVM::BarrierOp::create(
                    b, b.getI32Type(), Value(), Value(),
                    NVVM::BarrierReductionAttr::get(
                        b.getContext(), NVVM::BarrierReduction::OR),
                    valueShareNonFinite(b, slot))
                    .getRes();
            scf::YieldOp::create(b, cmpI(b, CmpIPredicate::ne, any,
                                         cI32(b, 0)));
          },
          [&](OpBuilder &nested, Location loc) {
            ImplicitLocOpBuilder b(loc, nested);
            gpu::BarrierOp::create(b);
            scf::YieldOp::create(b, cBool(b, false));
          });
      Value guarded = vote.getResult(0);
      Value ahead = addI(b, u, cIndex(b, depth - 1));
      stage(b, ahead, remI(b, ahead, cIndex(b, depth)));
      if (!tma)
        commitCopies(b);
      onVisited(b, at.visited, [&](ImplicitLocOpBuilder &b) {
        computeBlock(b, at.block, slot, at.full, guarded);
      });
    });
    // The next pipeline's prologue refills stages this one may still read.
    gpu::BarrierOp::create(b);
  });
}

/// Consecutive blocks. With split-KV this thread block takes its share of
/// the range.
void DeviceKernel::visitRange(ImplicitLocOpBuilder &b, Value lo, Value hi) {
  if (g.splitKv) {
    Value split = gpu::BlockIdOp::create(b, gpu::Dimension::z);
    Value per = ceilDivI(b, subI(b, hi, lo), workspace.splits);
    lo = minI(b, hi, addI(b, lo, mulI(b, split, per)));
    hi = minI(b, hi, addI(b, lo, per));
  }
  pipeline(b, subI(b, hi, lo), [&](ImplicitLocOpBuilder &b, Value u) {
    return ListEntry{addI(b, lo, u), Value(), cBool(b, false)};
  });
}

/// The blocks of a list (listBk keys each) as their blockK sub-blocks, in
/// one pipeline per chunk of kListChunk entries: the copies of the next
/// listed block fly while this one computes. The threads first resolve the
/// chunk's entries in parallel (an entry's serial search of the earlier
/// ones is done once, not at every pipeline step) into shared memory: the
/// block index, kFullBit set for a full-list block, or -1 when not visited.
void DeviceKernel::visitList(ImplicitLocOpBuilder &b, Value count,
                             ListEntryFn entry) {
  constexpr int64_t kFullBit = int64_t(1) << 30;
  Value ratio = cIndex(b, g.listBk / g.blockK);
  Value chunk = cIndex(b, Geometry::kListChunk);
  Value resolved = cIndex(b, g.listOffset());
  Type i32 = b.getI32Type();
  forEach(b, cIndex(b, 0), count, chunk, [&](ImplicitLocOpBuilder &b,
                                             Value start) {
    Value n = minI(b, chunk, subI(b, count, start));
    forEach(b, tid, n, cIndex(b, g.threads()),
            [&](ImplicitLocOpBuilder &b, Value e) {
              ListEntry x = entry(b, addI(b, start, e));
              Value tagged =
                  addI(b, x.block,
                       select(b, x.full, cIndex(b, kFullBit), cIndex(b, 0)));
              Value block = select(b, x.visited, tagged, cIndex(b, -1));
              LLVM::StoreOp::create(
                  b, arith::IndexCastOp::create(b, i32, block),
                  sharedAt(b, addI(b, resolved, mulI(b, e, cIndex(b, 4)))));
            });
    gpu::BarrierOp::create(b);
    pipeline(b, mulI(b, n, ratio), [&](ImplicitLocOpBuilder &b, Value u) {
      Value e = floorDivI(b, u, ratio);
      Value tagged = arith::IndexCastOp::create(
          b, b.getIndexType(),
          LLVM::LoadOp::create(
              b, i32,
              sharedAt(b, addI(b, resolved, mulI(b, e, cIndex(b, 4))))));
      Value full = cmpI(b, CmpIPredicate::sge, tagged, cIndex(b, kFullBit));
      Value block =
          subI(b, tagged, select(b, full, cIndex(b, kFullBit), cIndex(b, 0)));
      return ListEntry{addI(b, mulI(b, block, ratio), remI(b, u, ratio)),
                       cmpI(b, CmpIPredicate::sge, tagged, cIndex(b, 0)),
                       full};
    });
    // The pipeline ends with a barrier (when it ran): the next chunk may
    // overwrite the entries.
  });
}

/// A single listed block (the walk's plain visitor; lists normally come
/// through visitList).
void DeviceKernel::visitOne(ImplicitLocOpBuilder &b, Value block,
                            bool fullList) {
  Value ratio = cIndex(b, g.listBk / g.blockK);
  Value lo = mulI(b, block, ratio);
  pipeline(b, ratio, [&](ImplicitLocOpBuilder &b, Value u) {
    return ListEntry{addI(b, lo, u), Value(), cBool(b, fullList)};
  });
}

//===----------------------------------------------------------------------===//
// Tile math
//===----------------------------------------------------------------------===//

/// S = Q K^T (unscaled) of this warp's rows, as mTiles x blockK / 8 C tiles
/// of 4 values: element (mt, nt, e) at (mt nTiles + nt) 4 + e.
SmallVector<Value> DeviceKernel::scores(ImplicitLocOpBuilder &b, Value kTile) {
  if (g.warpgroupMma)
    return warpgroupScores(b, kTile);
  if (g.splitF32())
    return splitScores(b, kTile);
  int64_t nTiles = g.blockK / 8;
  SmallVector<Acc4> s(g.mTiles * nTiles);
  for (Acc4 &tile : s)
    tile.fill(cF32(b, 0.0));
  // ldmatrix.x4 over keys [16 np, 16 np + 16) and d [16 kd, 16 kd + 16):
  // lane l addresses key 8 (l / 16) + l % 8, column 8 ((l / 8) % 2).
  Value laneKey =
      addI(b, mulI(b, floorDivI(b, lane, cIndex(b, 16)), cIndex(b, 8)),
           remI(b, lane, cIndex(b, 8)));
  Value laneCol = mulI(
      b, remI(b, floorDivI(b, lane, cIndex(b, 8)), cIndex(b, 2)), cIndex(b, 8));
  Value laneOffset = addI(b, mulI(b, laneKey, cIndex(b, g.kStride)), laneCol);
  for (int64_t kd = 0; kd < g.dPad / 16; ++kd) {
    SmallVector<Frag4> a;
    for (int64_t mt = 0; mt < g.mTiles; ++mt)
      a.push_back(queryFragment(b, mt, kd));
    for (int64_t np = 0; np < g.blockK / 16; ++np) {
      Value element =
          addI(b, laneOffset, cIndex(b, 16 * np * g.kStride + 16 * kd));
      Frag4 k = loadMatrixX4(
          b, sharedAt(b, addI(b, kTile, mulI(b, element, cIndex(b, 2)))),
          /*transpose=*/false);
      for (int64_t mt = 0; mt < g.mTiles; ++mt) {
        Acc4 &lo = s[mt * nTiles + 2 * np], &hi = s[mt * nTiles + 2 * np + 1];
        lo = mma16816(b, g.inputType, a[mt], k[0], k[1], lo);
        hi = mma16816(b, g.inputType, a[mt], k[2], k[3], hi);
      }
    }
  }
  SmallVector<Value> flat;
  for (const Acc4 &tile : s)
    flat.append(tile.begin(), tile.end());
  return flat;
}

/// The same S with wgmma: the warpgroup's 64 Q rows times the K tile, one
/// m64 nBK k16 product per 16 columns of the head dim. Within a 64-column
/// block, k-steps advance the descriptors by 32 bytes (the hardware applies
/// the swizzle to the address); 8-row groups are 1024 bytes apart.
SmallVector<Value> DeviceKernel::warpgroupScores(ImplicitLocOpBuilder &b,
                                                 Value kTile) {
  Value rows0 = mulI(b, floorDivI(b, warp, cIndex(b, 4)), cIndex(b, 64 * 128));
  Value qDesc = matrixDescriptor(b, sharedAt(b, rows0), 16, 1024);
  Value kDesc = matrixDescriptor(b, sharedAt(b, kTile), 16, 1024);
  SmallVector<Value> s;
  warpgroupFence(b);
  for (int64_t kd = 0; kd < g.dPad / 16; ++kd) {
    int64_t block = kd / 4, within = kd % 4 * 32;
    s = warpgroupMmaShared(
        b, g.inputType, g.blockK,
        advanceDescriptor(b, qDesc, block * g.rowsPad() * 128 + within),
        advanceDescriptor(b, kDesc, block * g.blockK * 128 + within), s);
  }
  warpgroupCommitAndWait(b);
  return s;
}

/// f32 S = Q K^T with m16n8k8 tf32 tiles, from plain shared-memory loads:
/// A (rows g, g + 8; d t, t + 4) of Q, B (key g; d t, t + 4) of K. Each
/// operand is split once and used in three products.
SmallVector<Value> DeviceKernel::splitScores(ImplicitLocOpBuilder &b,
                                             Value kTile) {
  int64_t nTiles = g.blockK / 8;
  SmallVector<Acc4> s(g.mTiles * nTiles);
  for (Acc4 &tile : s)
    tile.fill(cF32(b, 0.0));
  Value warpRow = mulI(b, warp, cIndex(b, 16 * g.mTiles));
  Value q = cIndex(b, 0);
  for (int64_t kd = 0; kd < g.dPad / 8; ++kd) {
    SmallVector<Frag4> aHi(g.mTiles), aLo(g.mTiles);
    for (int64_t mt = 0; mt < g.mTiles; ++mt)
      for (int64_t e = 0; e < 4; ++e) {
        Value row = addI(b, addI(b, warpRow, groupId),
                         cIndex(b, 16 * mt + 8 * (e % 2)));
        Value col = addI(b, quad, cIndex(b, 8 * kd + 4 * (e / 2)));
        std::tie(aHi[mt][e], aLo[mt][e]) = splitLoad(b, q, row, col, g.qStride);
      }
    for (int64_t nt = 0; nt < nTiles; ++nt) {
      std::array<Value, 2> bHi, bLo;
      for (int64_t e = 0; e < 2; ++e)
        std::tie(bHi[e], bLo[e]) =
            splitLoad(b, kTile, addI(b, groupId, cIndex(b, 8 * nt)),
                      addI(b, quad, cIndex(b, 8 * kd + 4 * e)), g.kStride);
      for (int64_t mt = 0; mt < g.mTiles; ++mt)
        s[mt * nTiles + nt] = mma1688Split(b, aHi[mt], aLo[mt], bHi, bLo,
                                           s[mt * nTiles + nt]);
    }
  }
  SmallVector<Value> flat;
  for (const Acc4 &tile : s)
    flat.append(tile.begin(), tile.end());
  return flat;
}

/// The scores in base-2 units (s ln-units x log2 e, so that the softmax is
/// exp2 of a difference): element e of tile (mt, nt) (e = 2 half + col) is
/// row slot 2 mt + half, key j0 + 8 nt + 2 quad + col. Partial blocks run
/// the score rules of SPEC §2 on the scaled score; full ones only cut the
/// keys past the sequence, and blocks inside it need nothing but the scale.
SmallVector<Value> DeviceKernel::applyRules(ImplicitLocOpBuilder &b,
                                            ArrayRef<Value> dots, Value j0,
                                            Value fullList) {
  Value negInf = cF32(b, kNegInf);
  Value scaleValue = cF32(b, scale), log2e = cF32(b, kLog2E);
  Value scaleLog2 = cF32(b, scale * kLog2E);
  if (kScale) {
    scaleValue = mulF(b, scaleValue, kScale);
    scaleLog2 = mulF(b, scaleLog2, kScale);
  }
  auto scaledOnly = [&](ImplicitLocOpBuilder &b) {
    SmallVector<Value> out;
    for (Value dot : dots)
      out.push_back(mulF(b, dot, scaleLog2));
    return out;
  };
  ArrayRef<Value> s = dots;
  int64_t nTiles = g.blockK / 8;
  auto keyOf = [&](ImplicitLocOpBuilder &b, int64_t idx) {
    int64_t nt = (idx / 4) % nTiles, col = idx % 2;
    return addI(b, j0,
                addI(b, mulI(b, quad, cIndex(b, 2)), cIndex(b, 8 * nt + col)));
  };
  auto cutOnly = [&](ImplicitLocOpBuilder &b) {
    SmallVector<Value> out;
    for (int64_t idx = 0; idx < (int64_t)s.size(); ++idx)
      out.push_back(select(b,
                           cmpI(b, CmpIPredicate::slt, keyOf(b, idx), seq.kLen),
                           mulF(b, s[idx], scaleLog2), negInf));
    return out;
  };
  auto perElementOf = [&](ImplicitLocOpBuilder &b, bool fullBlock) {
    SmallVector<Value> out;
    for (int64_t idx = 0; idx < (int64_t)s.size(); ++idx) {
      int64_t slot = 2 * (idx / (4 * nTiles)) + (idx % 4) / 2;
      Value key = keyOf(b, idx);
      Value live =
          andB(b, rowIsValid[slot], cmpI(b, CmpIPredicate::slt, key, seq.kLen));
      auto ifOp = scf::IfOp::create(
          b, live,
          [&](OpBuilder &nested, Location loc) {
            ImplicitLocOpBuilder b(loc, nested);
            Value score = rules->score(b, seq, queryRows[slot], key,
                                       mulF(b, s[idx], scaleValue), fullBlock);
            scf::YieldOp::create(b, mulF(b, score, log2e));
          },
          [&](OpBuilder &nested, Location loc) {
            ImplicitLocOpBuilder b(loc, nested);
            scf::YieldOp::create(b, negInf);
          });
      out.push_back(ifOp.getResult(0));
    }
    return out;
  };
  // A full-list block skips the element masks: one rule set per list kind,
  // chosen at run time when the pipeline mixes the two lists.
  std::optional<int64_t> staticFull = getConstantIntValue(fullList);
  auto perElement = [&](ImplicitLocOpBuilder &b) -> SmallVector<Value> {
    if (staticFull)
      return perElementOf(b, *staticFull != 0);
    auto ifOp = scf::IfOp::create(
        b, fullList,
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder b(loc, nested);
          scf::YieldOp::create(b, perElementOf(b, true));
        },
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder b(loc, nested);
          scf::YieldOp::create(b, perElementOf(b, false));
        });
    return SmallVector<Value>(ifOp.getResults());
  };
  if (rules->hasScoreRules())
    return perElement(b);
  Value full, inside; // not a structured binding: the lambdas capture them
  std::tie(full, inside) = blockCoverage(b, j0, fullList);
  auto ifOp = scf::IfOp::create(
      b, full,
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder b(loc, nested);
        auto cut = scf::IfOp::create(
            b, inside,
            [&](OpBuilder &nested, Location loc) {
              ImplicitLocOpBuilder b(loc, nested);
              scf::YieldOp::create(b, scaledOnly(b));
            },
            [&](OpBuilder &nested, Location loc) {
              ImplicitLocOpBuilder b(loc, nested);
              scf::YieldOp::create(b, cutOnly(b));
            });
        scf::YieldOp::create(b, cut.getResults());
      },
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder b(loc, nested);
        scf::YieldOp::create(b, perElement(b));
      });
  return SmallVector<Value>(ifOp.getResults());
}

/// Online softmax of this lane's row slots, then acc += P V.
void DeviceKernel::softmaxAndValues(ImplicitLocOpBuilder &b,
                                    SmallVector<Value> s, Value vTile) {
  int64_t nTiles = g.blockK / 8;
  int64_t accTiles = g.dvPad / 8;
  Value negInf = cF32(b, kNegInf);
  // Scores and the running max are in base-2 units (see applyRules).
  for (int64_t slot = 0; slot < g.rowSlots(); ++slot) {
    int64_t mt = slot / 2, half = slot % 2;
    auto sIndex = [&](int64_t nt, int64_t col) {
      return (mt * nTiles + nt) * 4 + half * 2 + col;
    };
    Value mx = negInf;
    for (int64_t nt = 0; nt < nTiles; ++nt)
      for (int64_t col = 0; col < 2; ++col)
        mx = maxF(b, mx, s[sIndex(nt, col)]);
    // The 4 lanes of a row hold its scores between them.
    mx = maxF(b, mx, shuffleXor(b, mx, 1));
    mx = maxF(b, mx, shuffleXor(b, mx, 2));
    Value mOld = rowMax.get(b, slot);
    SoftmaxStep step = onlineSoftmaxStep(b, mOld, mx, /*base2=*/true);
    Value mNew = step.mNew, alpha = step.alpha;
    auto exp2Of = [&](Value x) {
      return softmaxWeight(b, x, step.ref, /*base2=*/true);
    };
    Value sum = cF32(b, 0.0);
    for (int64_t nt = 0; nt < nTiles; ++nt)
      for (int64_t col = 0; col < 2; ++col) {
        int64_t idx = sIndex(nt, col);
        s[idx] = exp2Of(s[idx]);
        sum = addF(b, sum, s[idx]);
      }
    // Per-lane partial sums; the 4 lanes are added at the end.
    rowSum.set(b, slot, addF(b, mulF(b, rowSum.get(b, slot), alpha), sum));
    rowMax.set(b, slot, mNew);
    for (int64_t dt = 0; dt < accTiles; ++dt)
      for (int64_t col = 0; col < 2; ++col) {
        int64_t idx = (mt * accTiles + dt) * 4 + half * 2 + col;
        acc.set(b, idx, mulF(b, acc.get(b, idx), alpha));
      }
  }
  tensorCoreAddValues(b, s, vTile);
}

void DeviceKernel::tensorCoreAddValues(ImplicitLocOpBuilder &b,
                                       ArrayRef<Value> s, Value vTile) {
  int64_t nTiles = g.blockK / 8;
  if (g.splitF32())
    return splitAddValues(b, s, vTile);
  // P as A fragments: C tiles 2 kk and 2 kk + 1 of an m-tile are its A
  // fragment of keys [16 kk, 16 kk + 16).
  SmallVector<SmallVector<Frag4>> pFrags(g.mTiles);
  for (int64_t mt = 0; mt < g.mTiles; ++mt)
    for (int64_t kk = 0; kk < g.blockK / 16; ++kk) {
      auto pack = [&](int64_t nt, int64_t half) {
        int64_t idx = (mt * nTiles + nt) * 4 + half * 2;
        return packPair(b, g.inputType, s[idx], s[idx + 1]);
      };
      pFrags[mt].push_back(Frag4{pack(2 * kk, 0), pack(2 * kk, 1),
                                 pack(2 * kk + 1, 0), pack(2 * kk + 1, 1)});
    }
  if (g.warpgroupMma)
    warpgroupAddValues(b, pFrags[0], vTile);
  else
    addValues(b, pFrags, vTile);
}

void DeviceKernel::addValues(ImplicitLocOpBuilder &b,
                             ArrayRef<SmallVector<Frag4>> pFrags, Value vTile) {
  int64_t accTiles = g.dvPad / 8;
  // ldmatrix.x4.trans over keys [16 kk, +16), columns [16 dp, +16): lane l
  // addresses key 8 ((l / 8) % 2) + l % 8, column 8 (l / 16).
  Value laneKey =
      addI(b,
           mulI(b, remI(b, floorDivI(b, lane, cIndex(b, 8)), cIndex(b, 2)),
                cIndex(b, 8)),
           remI(b, lane, cIndex(b, 8)));
  Value laneCol = mulI(b, floorDivI(b, lane, cIndex(b, 16)), cIndex(b, 8));
  Value laneOffset = addI(b, mulI(b, laneKey, cIndex(b, g.vStride)), laneCol);
  for (int64_t dp = 0; dp < g.dvPad / 16; ++dp) {
    SmallVector<Acc4> lo(g.mTiles), hi(g.mTiles);
    auto accIndex = [&](int64_t mt, int64_t dt, int64_t e) {
      return (mt * accTiles + dt) * 4 + e;
    };
    for (int64_t mt = 0; mt < g.mTiles; ++mt)
      for (int64_t e = 0; e < 4; ++e) {
        lo[mt][e] = acc.get(b, accIndex(mt, 2 * dp, e));
        hi[mt][e] = acc.get(b, accIndex(mt, 2 * dp + 1, e));
      }
    for (int64_t kk = 0; kk < g.blockK / 16; ++kk) {
      Value element =
          addI(b, laneOffset, cIndex(b, 16 * kk * g.vStride + 16 * dp));
      Frag4 v = loadMatrixX4(
          b, sharedAt(b, addI(b, vTile, mulI(b, element, cIndex(b, 2)))),
          /*transpose=*/true);
      for (int64_t mt = 0; mt < g.mTiles; ++mt) {
        lo[mt] = mma16816(b, g.inputType, pFrags[mt][kk], v[0], v[1], lo[mt]);
        hi[mt] = mma16816(b, g.inputType, pFrags[mt][kk], v[2], v[3], hi[mt]);
      }
    }
    for (int64_t mt = 0; mt < g.mTiles; ++mt)
      for (int64_t e = 0; e < 4; ++e) {
        acc.set(b, accIndex(mt, 2 * dp, e), lo[mt][e]);
        acc.set(b, accIndex(mt, 2 * dp + 1, e), hi[mt][e]);
      }
  }
}

/// f32 acc += P V, 8 keys per m16n8k8 step. The C layout gives a lane keys
/// 2t and 2t + 1 of P's rows where the A layout wants keys t and t + 4; the
/// sum over keys does not care about their order, so A's key t is taken to
/// be 2t and t + 4 to be 2t + 1, and V's B fragment follows (rows 2t,
/// 2t + 1 of column g).
void DeviceKernel::splitAddValues(ImplicitLocOpBuilder &b, ArrayRef<Value> p,
                                  Value vTile) {
  int64_t nTiles = g.blockK / 8, accTiles = g.dvPad / 8;
  for (int64_t kk = 0; kk < nTiles; ++kk) {
    SmallVector<Frag4> aHi(g.mTiles), aLo(g.mTiles);
    for (int64_t mt = 0; mt < g.mTiles; ++mt) {
      // C element e is (row half e / 2, key 2t + e % 2); A wants (row half
      // e % 2, key half e / 2).
      const int64_t fromC[4] = {0, 2, 1, 3};
      for (int64_t e = 0; e < 4; ++e)
        std::tie(aHi[mt][e], aLo[mt][e]) =
            splitTf32(b, p[(mt * nTiles + kk) * 4 + fromC[e]]);
    }
    Value key = addI(b, mulI(b, quad, cIndex(b, 2)), cIndex(b, 8 * kk));
    for (int64_t dt = 0; dt < accTiles; ++dt) {
      std::array<Value, 2> bHi, bLo;
      Value col = addI(b, groupId, cIndex(b, 8 * dt));
      for (int64_t e = 0; e < 2; ++e)
        std::tie(bHi[e], bLo[e]) =
            splitLoad(b, vTile, addI(b, key, cIndex(b, e)), col, g.vStride);
      for (int64_t mt = 0; mt < g.mTiles; ++mt) {
        Acc4 c;
        for (int64_t e = 0; e < 4; ++e)
          c[e] = acc.get(b, (mt * accTiles + dt) * 4 + e);
        c = mma1688Split(b, aHi[mt], aLo[mt], bHi, bLo, c);
        for (int64_t e = 0; e < 4; ++e)
          acc.set(b, (mt * accTiles + dt) * 4 + e, c[e]);
      }
    }
  }
}

/// acc += P V with wgmma: P from registers (the mma.sync A fragments of
/// this warp's 16 rows), V read transposed: keys along K, 8-key groups 1024
/// bytes apart, 64-column blocks blockK x 128 bytes apart.
void DeviceKernel::warpgroupAddValues(ImplicitLocOpBuilder &b,
                                      ArrayRef<Frag4> pFrags, Value vTile) {
  int64_t count = g.dvPad / 2;
  SmallVector<Value> o;
  for (int64_t i = 0; i < count; ++i)
    o.push_back(acc.get(b, i));
  Value vDesc = matrixDescriptor(b, sharedAt(b, vTile), g.blockK * 128, 1024);
  warpgroupFence(b);
  for (int64_t kk = 0; kk < g.blockK / 16; ++kk)
    o = warpgroupMmaRegisterA(b, g.inputType, g.dvPad, pFrags[kk],
                              advanceDescriptor(b, vDesc, kk * 16 * 128), o);
  warpgroupCommitAndWait(b);
  for (int64_t i = 0; i < count; ++i)
    acc.set(b, i, o[i]);
}

void DeviceKernel::computeBlock(ImplicitLocOpBuilder &b, Value block,
                                Value stage, Value fullList, Value guarded) {
  Value j0 = mulI(b, block, cIndex(b, g.blockK));
  Value kTile = kTileOffset(b, stage), vTile = vTileOffset(b, stage);
  // Before the block's scores are live, and apart from the normal path: a
  // branch inside it (around a copy of the scores, say) costs the common
  // blocks ~10% on the H100.
  ifThen(b, guarded, [&](ImplicitLocOpBuilder &b) {
    guardBlock(b, j0, kTile, vTile, fullList);
  });
  Value needed;
  SmallVector<Value> s =
      ruledScores(b, kTile, j0, fullList, /*countSkips=*/true, needed);
  if (!needed)
    return softmaxAndValues(b, s, vTile);
  ifThen(b, needed,
         [&](ImplicitLocOpBuilder &b) { softmaxAndValues(b, s, vTile); });
}

SmallVector<Value> DeviceKernel::ruledScores(ImplicitLocOpBuilder &b,
                                             Value kTile, Value j0,
                                             Value fullList, bool countSkips,
                                             Value &needed) {
  SmallVector<Value> s = applyRules(b, scores(b, kTile), j0, fullList);
  needed = g.skipSoftmax ? skipDecision(b, s, countSkips) : Value();
  return s;
}

Value DeviceKernel::skipDecision(ImplicitLocOpBuilder &b,
                                 SmallVector<Value> &s, bool count) {
  int64_t nTiles = g.blockK / 8, heads = g.headsPerUnit;
  Value negInf = cF32(b, kNegInf);
  Value yes = cBool(b, true), no = cBool(b, false);
  auto notB = [&](Value x) { return arith::XOrIOp::create(b, x, yes); };
  // This lane's rows: head, whether they see a key, whether below.
  SmallVector<Value> headOf, sees, below;
  for (int64_t slot = 0; slot < g.rowSlots(); ++slot) {
    int64_t mt = slot / 2, half = slot % 2;
    Value mx = negInf;
    for (int64_t nt = 0; nt < nTiles; ++nt)
      for (int64_t col = 0; col < 2; ++col)
        mx = maxF(b, mx, s[(mt * nTiles + nt) * 4 + half * 2 + col]);
    mx = maxF(b, mx, shuffleXor(b, mx, 1));
    mx = maxF(b, mx, shuffleXor(b, mx, 2));
    headOf.push_back(floorDivI(b, laneRow(b, slot), cIndex(b, g.blockQ)));
    Value seen = andB(b, rowIsValid[slot],
                      cmpF(b, CmpFPredicate::UNE, mx, negInf));
    sees.push_back(seen);
    Value small = cmpF(b, CmpFPredicate::OLT, mx,
                       addF(b, rowMax.get(b, slot), logLambda2));
    below.push_back(orB(b, notB(seen), small));
  }
  // Each warp votes per head; the votes meet in shared memory.
  Value flags = cIndex(b, g.flagOffset());
  Value everyLane = arith::ConstantOp::create(b, b.getI32IntegerAttr(-1));
  auto flagAt = [&](ImplicitLocOpBuilder &b, Value w, int64_t h, int64_t k) {
    Value slotIndex = addI(b, mulI(b, w, cIndex(b, heads)), cIndex(b, h));
    return sharedAt(b, addI(b, flags, addI(b, mulI(b, slotIndex, cIndex(b, 8)),
                                           cIndex(b, 4 * k))));
  };
  Value leader = cmpI(b, CmpIPredicate::eq, lane, cIndex(b, 0));
  for (int64_t h = 0; h < heads; ++h) {
    Value mine = no, allBelow = yes;
    for (int64_t slot = 0; slot < g.rowSlots(); ++slot) {
      Value here = cmpI(b, CmpIPredicate::eq, headOf[slot], cIndex(b, h));
      mine = orB(b, mine, andB(b, here, sees[slot]));
      allBelow = andB(b, allBelow, orB(b, notB(here), below[slot]));
    }
    Value votes[2] = {
        NVVM::VoteSyncOp::create(b, b.getI1Type(), everyLane, mine,
                                 NVVM::VoteSyncKind::any),
        NVVM::VoteSyncOp::create(b, b.getI1Type(), everyLane, allBelow,
                                 NVVM::VoteSyncKind::all)};
    ifThen(b, leader, [&](ImplicitLocOpBuilder &b) {
      for (int64_t k = 0; k < 2; ++k)
        LLVM::StoreOp::create(
            b, arith::ExtUIOp::create(b, b.getI32Type(), votes[k]),
            flagAt(b, warp, h, k));
    });
  }
  gpu::BarrierOp::create(b);
  // The flags are rewritten only after the next block's barrier, which every
  // thread reaches after reading them here.
  Value stats = memrefOf.lookup("skip_stats");
  Value first = cmpI(b, CmpIPredicate::eq, tid, cIndex(b, 0));
  Value needed = no;
  SmallVector<Value> skipped;
  for (int64_t h = 0; h < heads; ++h) {
    Value visited = no, allBelow = yes;
    for (int64_t w = 0; w < g.warps; ++w) {
      auto flag = [&](int64_t k) {
        Value x = LLVM::LoadOp::create(b, b.getI32Type(),
                                       flagAt(b, cIndex(b, w), h, k));
        return cmpI(b, CmpIPredicate::ne, arith::IndexCastOp::create(
                                              b, b.getIndexType(), x),
                    cIndex(b, 0));
      };
      visited = orB(b, visited, flag(0));
      allBelow = andB(b, allBelow, flag(1));
    }
    Value skip = andB(b, visited, allBelow);
    skipped.push_back(skip);
    needed = orB(b, needed, andB(b, visited, notB(skip)));
    if (stats && count)
      ifThen(b, first, [&](ImplicitLocOpBuilder &b) {
        for (auto [slot, flag] : {std::pair<int64_t, Value>{0, skip},
                                  {1, visited}})
          memref::AtomicRMWOp::create(
              b, arith::AtomicRMWKind::addi,
              arith::ExtUIOp::create(b, b.getI64Type(), flag), stats,
              ValueRange{cIndex(b, slot)});
      });
  }
  for (int64_t slot = 0; slot < g.rowSlots(); ++slot) {
    Value skippedHere = no;
    for (int64_t h = 0; h < heads; ++h)
      skippedHere = orB(b, skippedHere,
                        andB(b, cmpI(b, CmpIPredicate::eq, headOf[slot],
                                     cIndex(b, h)),
                             skipped[h]));
    int64_t mt = slot / 2, half = slot % 2;
    for (int64_t nt = 0; nt < nTiles; ++nt)
      for (int64_t col = 0; col < 2; ++col) {
        Value &x = s[(mt * nTiles + nt) * 4 + half * 2 + col];
        x = select(b, skippedHere, negInf, x);
      }
  }
  return needed;
}

/// The global f32 at float index `index` of the split workspace.
static Value workspaceElement(ImplicitLocOpBuilder &b, Value address,
                              Value index) {
  Value byte = addI(b, arith::IndexCastOp::create(b, b.getIndexType(), address),
                    mulI(b, index, cIndex(b, 4)));
  Value byte64 = arith::IndexCastOp::create(b, b.getI64Type(), byte);
  Value generic = LLVM::IntToPtrOp::create(
      b, LLVM::LLVMPointerType::get(b.getContext()), byte64);
  return LLVM::AddrSpaceCastOp::create(
      b, LLVM::LLVMPointerType::get(b.getContext(), 1), generic);
}

/// Float indices of partial output (split, s, h, dv) and its LSE.
static Value partialIndex(ImplicitLocOpBuilder &b, const Geometry &g,
                          int64_t numQHeads, Value numSeqs, Value split,
                          Value s, Value h, Value dv) {
  Value row = addI(
      b, mulI(b, addI(b, mulI(b, split, numSeqs), s), cIndex(b, numQHeads)), h);
  return addI(b, mulI(b, row, cIndex(b, g.headDimV)), dv);
}
static Value partialLseIndex(ImplicitLocOpBuilder &b, const Geometry &g,
                             int64_t numQHeads, Value numSeqs, Value splits,
                             Value split, Value s, Value h) {
  Value outputs =
      mulI(b, mulI(b, splits, numSeqs), cIndex(b, numQHeads * g.headDimV));
  Value row = addI(
      b, mulI(b, addI(b, mulI(b, split, numSeqs), s), cIndex(b, numQHeads)), h);
  return addI(b, outputs, row);
}

/// out = acc / l (0 for a row that saw nothing), lse = m + log l. With
/// split-KV both go to the workspace, in f32, for the combine kernel.
void DeviceKernel::finalize(ImplicitLocOpBuilder &b) {
  // A work item that visited no block still has Q's copies in flight.
  waitCopies(b, 0);
  applyNonFiniteValues(b);
  int64_t numQHeads = op.getAttentionShape().numQHeads;
  Value numSeqs, split;
  if (g.splitKv) {
    numSeqs = access->numSequences(b);
    split = gpu::BlockIdOp::create(b, gpu::Dimension::z);
  }
  Value out = memrefOf.lookup("out"), lse = memrefOf.lookup("lse");
  int64_t accTiles = g.dvPad / 8;
  for (int64_t slot = 0; slot < g.rowSlots(); ++slot) {
    int64_t mt = slot / 2, half = slot % 2;
    Value l = rowSum.get(b, slot);
    l = addF(b, l, shuffleXor(b, l, 1));
    l = addF(b, l, shuffleXor(b, l, 2));
    Value r = laneRow(b, slot);
    ifThen(b, rowIsValid[slot], [&](ImplicitLocOpBuilder &b) {
      Value h, i;
      std::tie(h, i) = headAndQuery(b, r);
      Value empty = cmpF(b, CmpFPredicate::OEQ, l, cF32(b, 0.0));
      Value inv = divF(b, vScale ? vScale : cF32(b, 1.0), l);
      RowRef row = access->queryRow(b, seq, i, h, g.headDimV);
      for (int64_t dt = 0; dt < accTiles; ++dt)
        for (int64_t col = 0; col < 2; ++col) {
          Value dv =
              addI(b, mulI(b, quad, cIndex(b, 2)), cIndex(b, 8 * dt + col));
          auto store = [&](ImplicitLocOpBuilder &b) {
            Value a = acc.get(b, (mt * accTiles + dt) * 4 + half * 2 + col);
            Value o = select(b, empty, cF32(b, 0.0), mulF(b, a, inv));
            if (g.splitKv) {
              LLVM::StoreOp::create(
                  b, o,
                  workspaceElement(b, workspace.address,
                                   partialIndex(b, g, numQHeads, numSeqs, split,
                                                seq.b, h, dv)));
              return;
            }
            SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
            index.push_back(addI(b, row.offset, dv));
            memref::StoreOp::create(b, io->encodeOutput(b, o, h, dv), out,
                                    index);
          };
          if (8 * dt + 8 <= g.headDimV)
            store(b);
          else
            ifThen(b, cmpI(b, CmpIPredicate::slt, dv, cIndex(b, g.headDimV)),
                   store);
        }
      if (lse || g.splitKv)
        ifThen(b, cmpI(b, CmpIPredicate::eq, quad, cIndex(b, 0)),
               [&](ImplicitLocOpBuilder &b) {
                 // The running max is in base-2 units.
                 Value m = mulF(b, rowMax.get(b, slot), cF32(b, 1.0 / kLog2E));
                 Value value = select(b, empty, cF32(b, kNegInf),
                                      addF(b, m, math::LogOp::create(b, l)));
                 if (g.splitKv)
                   LLVM::StoreOp::create(
                       b, value,
                       workspaceElement(
                           b, workspace.address,
                           partialLseIndex(b, g, numQHeads, numSeqs,
                                           workspace.splits, split, seq.b, h)));
                 else
                   memref::StoreOp::create(b, value, lse,
                                           access->lseIndex(b, seq, i, h));
               });
    });
  }
}

//===----------------------------------------------------------------------===//
// Geometry
//===----------------------------------------------------------------------===//

FailureOr<Geometry>
attnc::cuda::planGeometry(attn::AttentionOpInterface op,
                          const lowering::KernelOperands &ops,
                          int64_t blockRows, int64_t blockK,
                          bool warpgroupMma, bool tma) {
  Geometry g;
  attn::AttentionShape shape = op.getAttentionShape();
  Type qType =
      cast<MemRefType>(ops.memrefOf.lookup("q").getType()).getElementType();
  g.inputType = qType; // f16, bf16 or f32 (the op verifier's types)
  // f32 tiles take twice the shared memory: above D = 128, 64 rows keep
  // two K/V blocks in flight.
  if (g.splitF32() && std::max(shape.headDim, shape.headDimV) > 128)
    blockRows = std::min<int64_t>(blockRows, 64);
  attn::SkipSoftmaxAttr skip = op.getSkipSoftmaxAttr();
  if (shape.headDim > 256 || shape.headDimV > 256)
    return op->emitOpError("the GPU lowering supports head dims up to 256");
  g.group = shape.numQHeads / shape.numKvHeads;
  auto blockMask = dyn_cast_or_null<attn::BlockMaskAttr>(op.getSparsityAttr());
  // XAttention selects per query head: its lists (XAttentionKernels.h) are
  // per-head lists of block x block.
  auto xattention =
      dyn_cast_or_null<attn::XAttentionAttr>(op.getSparsityAttr());
  bool perHeadLists = bool(xattention);
  if (blockMask) {
    auto type =
        cast<MemRefType>(ops.memrefOf.lookup("kv_num_blocks").getType());
    perHeadLists = type.getDimSize(1) != 1;
  }
  g.headsPerUnit = perHeadLists ? 1 : g.group;
  g.skipSoftmax = bool(skip);
  if (skip) {
    // Lists are visited in list order, SPEC's decisions go in key order.
    if (blockMask)
      return op->emitOpError("skip-softmax with a block mask is not lowered "
                             "to the GPU");
    if (skip.getBr() > blockRows || skip.getBc() % 16 != 0 ||
        skip.getBc() > 128)
      return op->emitOpError("the GPU lowering needs skip-softmax tiles of "
                             "at most ")
             << blockRows << " rows and a multiple of 16 keys up to 128, "
             << "found br = " << skip.getBr() << ", bc = " << skip.getBc();
    // The heads of a group that fit in the thread block's rows.
    while (g.headsPerUnit > 1 &&
           (g.headsPerUnit * skip.getBr() > blockRows ||
            g.group % g.headsPerUnit != 0))
      --g.headsPerUnit;
  }
  g.numUnits = shape.numQHeads / g.headsPerUnit;
  g.blockQ = skip ? skip.getBr()
                  : std::max<int64_t>(1, blockRows / g.headsPerUnit);
  if (auto paged = dyn_cast<attn::PagedOp>(op.getOperation());
      paged && !paged.getCuSeqlensQ())
    g.blockQ = 1;
  // wgmma for prefill: its swizzled tiles need head dims of whole 64-column
  // blocks. Decode stays on mma.sync (its rows are few and it is bound by
  // the K/V stream).
  g.warpgroupMma = warpgroupMma && !g.splitF32() && g.blockQ > 1 &&
                   shape.headDim % 64 == 0 && shape.headDimV % 64 == 0;
  // Measured on the H100: prefill 64-key blocks spill 152 bytes and run at
  // 270 TFLOP/s, 32-key blocks 8 bytes and 294; decode prefers 64. wgmma
  // keeps no Q fragments in registers: 128-key blocks at D = 128 (16k:
  // 444 TFLOP/s against 388 with 64; 237 registers, no spills), 64 at
  // D = 64 (326 against 296) and at D = 256 (the accumulators need the
  // registers).
  int64_t wgmmaBlockK =
      shape.headDim == 128 && shape.headDimV <= 128 ? 128 : 64;
  g.blockK = skip              ? skip.getBc()
             : blockK          ? blockK
             : g.blockQ == 1   ? 64
             : g.warpgroupMma ? wgmmaBlockK
                               : 32;
  if (blockMask || xattention) {
    g.listBq = blockMask ? blockMask.getBq() : xattention.getBlock();
    g.blockQ = std::min(g.blockQ, g.listBq);
    while (g.listBq % g.blockQ != 0)
      --g.blockQ;
    // A listed block is visited as sub-blocks of blockK keys.
    g.listBk = blockMask ? blockMask.getBk() : xattention.getBlock();
    while (g.listBk % g.blockK != 0)
      g.blockK /= 2;
  }
  if (g.blockK % 16 != 0 || (g.listBk && g.listBk % 16 != 0))
    return op->emitOpError("the GPU lowering needs KV blocks of a multiple "
                           "of 16 keys, found ")
           << (g.listBk ? g.listBk : g.blockK);
  g.rows = g.blockQ * g.headsPerUnit;
  // Two m-tiles per warp halve the shared-memory reads per mma; their
  // accumulators fit in registers up to Dv = 128.
  // (f32's split operands would double the fragments: one m-tile there.)
  g.mTiles = g.rows >= 128 && roundUp(shape.headDimV, 16) <= 128 &&
                     !g.splitF32()
                 ? 2
                 : 1;
  g.warps = (g.rows + 16 * g.mTiles - 1) / (16 * g.mTiles);
  if (g.warpgroupMma) { // whole warpgroups of 64 rows, 16 per warp
    g.mTiles = 1;
    g.warps = roundUp(g.rows, 64) / 16;
  }
  // Decode has a few rows but a whole KV stream to stage: a second warp
  // halves each thread's copies (measured: 1 warp 53%, 2 warps 77-81% of
  // the H100's copy bandwidth; 4 no better).
  if (g.blockQ == 1)
    g.warps = std::max<int64_t>(g.warps, 2);
  if (g.warps > 8)
    return op->emitOpError("the GPU lowering packs at most 128 query rows "
                           "per thread block; ")
           << g.rows << " needed";
  g.headDim = shape.headDim;
  g.headDimV = shape.headDimV;
  g.dPad = roundUp(g.headDim, 16);
  g.dvPad = roundUp(g.headDimV, 16);
  int64_t skew = g.splitF32() ? 4 : 8;
  g.qStride = g.dPad + skew;
  g.kStride = g.dPad + skew;
  g.vStride = g.dvPad + skew;
  // Prefill keeps three blocks in flight, block lists too (one pipeline runs
  // over all listed blocks); decode two (its shared memory bounds the
  // thread blocks per SM).
  g.stages = g.blockQ == 1 ? 2 : 3;
  // TMA boxes: the K/V memrefs as they are (no dequantisation), a
  // sequence's keys consecutive along one dimension, at most 256 rows.
  if (g.warpgroupMma && tma && g.blockK <= 256 &&
      !ops.memrefOf.contains("k_scale") && !ops.memrefOf.contains("v_scale")) {
    auto elementOf = [&](StringRef name) {
      Value memref = ops.memrefOf.lookup(name);
      return memref ? cast<MemRefType>(memref.getType()).getElementType()
                    : Type();
    };
    if (elementOf("k") == g.inputType && elementOf("v") == g.inputType)
      g.tmaTokenDim =
          lowering::makeFamilyAccess(op, ops.memrefOf)->keyTokenDim();
  }
  // Decode of a plain range (no block lists, no sink blocks) splits the
  // KV range over thread blocks: few sequences and heads leave SMs idle.
  bool decode = isa<attn::PagedOp>(op.getOperation()) &&
                !cast<attn::PagedOp>(op.getOperation()).getCuSeqlensQ();
  // Skip decisions depend on the running max of every earlier block: one
  // thread block walks the whole range.
  g.splitKv =
      decode && !skip &&
      lowering::BlockWalk(op, ops.memrefOf, g.listBq ? g.listBk : g.blockK,
                          g.listBq)
          .isSingleRange();
  // Large head dims: fewer blocks in flight, then smaller ones (f32 decode
  // at D = 256), rather than no kernel. Skip-softmax's bc is its tile.
  while (g.sharedBytes() > 227 * 1024 && g.stages > 2)
    --g.stages;
  while (g.sharedBytes() > 227 * 1024 && !skip && g.blockK % 32 == 0)
    g.blockK /= 2;
  if (g.sharedBytes() > 227 * 1024)
    return op->emitOpError("needs ")
           << g.sharedBytes()
           << " bytes of shared memory per thread block, more than 227 KiB";
  return g;
}

void attnc::cuda::emitDeviceKernel(ImplicitLocOpBuilder &b,
                                   attn::AttentionOpInterface op,
                                   const Geometry &geometry,
                                   const llvm::StringMap<Value> &memrefOf,
                                   ArrayRef<Value> captures, Value shared,
                                   SplitWorkspace workspace, TensorMaps maps) {
  DeviceKernel(op, geometry, memrefOf, captures, shared, workspace, maps)
      .emit(b);
}

Value attnc::cuda::splitWorkspaceBytes(ImplicitLocOpBuilder &b,
                                       const Geometry &g,
                                       attn::AttentionOpInterface op,
                                       Value numSeqs, Value splits) {
  int64_t numQHeads = op.getAttentionShape().numQHeads;
  return mulI(b, mulI(b, splits, numSeqs),
              cIndex(b, numQHeads * (g.headDimV + 1) * 4));
}

/// Thread block (s, h); thread t merges columns t, t + threads, ...:
/// out = sum_c exp(lse_c - max) o_c / sum_c exp(lse_c - max).
void attnc::cuda::emitCombineKernel(ImplicitLocOpBuilder &b,
                                    attn::AttentionOpInterface op,
                                    const Geometry &g,
                                    const llvm::StringMap<Value> &memrefOf,
                                    SplitWorkspace workspace) {
  std::unique_ptr<FamilyAccess> access = makeFamilyAccess(op, memrefOf);
  ElementIO io(op, memrefOf, *access);
  int64_t numQHeads = op.getAttentionShape().numQHeads;
  Value s = gpu::BlockIdOp::create(b, gpu::Dimension::x);
  Value h = gpu::BlockIdOp::create(b, gpu::Dimension::y);
  Value tid = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
  Value threads = gpu::BlockDimOp::create(b, gpu::Dimension::x);
  Value numSeqs = access->numSequences(b);
  Sequence seq = access->sequence(b, s);
  Value negInf = cF32(b, kNegInf), zero = cIndex(b, 0);
  auto lseOf = [&](ImplicitLocOpBuilder &b, Value c) -> Value {
    return LLVM::LoadOp::create(
        b, b.getF32Type(),
        workspaceElement(b, workspace.address,
                         partialLseIndex(b, g, numQHeads, numSeqs,
                                         workspace.splits, c, s, h)));
  };
  Value top = reduce(b, zero, workspace.splits, negInf,
                     [&](ImplicitLocOpBuilder &b, Value c, Value m) {
                       return maxF(b, m, lseOf(b, c));
                     });
  // The splits' LSEs fold like blocks of an online softmax.
  Value empty = cmpF(b, CmpFPredicate::OEQ, top, negInf);
  Value ref = onlineSoftmaxStep(b, negInf, top, /*base2=*/false).ref;
  auto weight = [&](ImplicitLocOpBuilder &b, Value c) -> Value {
    return softmaxWeight(b, lseOf(b, c), ref, /*base2=*/false);
  };
  Value total = reduce(b, zero, workspace.splits, cF32(b, 0.0),
                       [&](ImplicitLocOpBuilder &b, Value c, Value sum) {
                         return addF(b, sum, weight(b, c));
                       });
  RowRef row = access->queryRow(b, seq, zero, h, g.headDimV);
  scf::ForOp::create(
      b, tid, cIndex(b, g.headDimV), threads, ValueRange{},
      [&](OpBuilder &nested, Location loc, Value dv, ValueRange) {
        ImplicitLocOpBuilder b(loc, nested);
        Value sum =
            reduce(b, zero, workspace.splits, cF32(b, 0.0),
                   [&](ImplicitLocOpBuilder &b, Value c, Value acc) {
                     Value o = LLVM::LoadOp::create(
                         b, b.getF32Type(),
                         workspaceElement(b, workspace.address,
                                          partialIndex(b, g, numQHeads, numSeqs,
                                                       c, s, h, dv)));
                     return addF(b, acc, mulF(b, weight(b, c), o));
                   });
        Value o = select(b, empty, cF32(b, 0.0), divF(b, sum, total));
        SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
        index.push_back(addI(b, row.offset, dv));
        memref::StoreOp::create(b, io.encodeOutput(b, o, h, dv),
                                memrefOf.lookup("out"), index);
        scf::YieldOp::create(b);
      });
  if (Value lse = memrefOf.lookup("lse"))
    ifThen(b, cmpI(b, CmpIPredicate::eq, tid, zero),
           [&](ImplicitLocOpBuilder &b) {
             Value value = select(b, empty, negInf,
                                  addF(b, top, math::LogOp::create(b, total)));
             memref::StoreOp::create(b, value, lse,
                                     access->lseIndex(b, seq, zero, h));
           });
}
