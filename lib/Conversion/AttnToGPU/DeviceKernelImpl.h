//===- DeviceKernelImpl.h - the attention kernel's emitter ------*- C++ -*-===//
//
// Private to AttnToGPU: the class that emits one attention work item per
// thread block. DeviceKernel.cpp defines the work item, the block pipeline,
// the tile math and finalize; NanGuard.cpp the NaN guard (SPEC §2 step 8
// on the tensor cores).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOGPU_DEVICEKERNELIMPL_H
#define ATTNC_LIB_CONVERSION_ATTNTOGPU_DEVICEKERNELIMPL_H

#include "DeviceKernel.h"

#include "WarpMma.h"
#include "WarpgroupMma.h"
#include "WorkItems.h"

#include "BlockWalk.h"
#include "ElementIO.h"
#include "FamilyAccess.h"
#include "LoweringUtils.h"
#include "ScoreRules.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace attnc::cuda::detail {

using namespace mlir;
using namespace attnc::lowering;
using arith::CmpFPredicate;
using arith::CmpIPredicate;

/// ThreadPlace: tid, warp, lane, groupId, quad (lane % 4).
class DeviceKernel : ThreadPlace {
public:
  DeviceKernel(attn::AttentionOpInterface op, const Geometry &g,
               const llvm::StringMap<Value> &memrefOf, ArrayRef<Value> captures,
               Value shared, SplitWorkspace workspace, TensorMaps maps)
      : op(op), g(g), memrefOf(memrefOf), shared(shared), workspace(workspace),
        maps(maps) {
    access = makeFamilyAccess(op, memrefOf);
    rules = std::make_unique<ScoreRules>(op, memrefOf, captures, *access);
    io = std::make_unique<ElementIO>(op, memrefOf, *access);
    walk = std::make_unique<BlockWalk>(
        op, memrefOf, g.listBq ? g.listBk : g.blockK, g.listBq);
    scale = op.getScale() ? op.getScale()->convertToDouble()
                          : 1.0 / std::sqrt((double)g.headDim);
  }

  void emit(ImplicitLocOpBuilder &b);

private:
  /// The work item of this thread block: sets seq, qBlock; returns i1 live.
  Value findWorkItem(ImplicitLocOpBuilder &b);
  void emitWorkItem(ImplicitLocOpBuilder &b);
  void loadQueries(ImplicitLocOpBuilder &b);
  /// Issues the copies of K or V block `block` into the tile at byte offset
  /// `tile` (not committed).
  void stageTile(ImplicitLocOpBuilder &b, bool isKey, Value block, Value tile);
  void stageBlock(ImplicitLocOpBuilder &b, Value block, Value stage);
  /// TMA: thread 0 arms stage `stage`'s mbarrier with the bytes of a K and
  /// a V tile and issues their box copies.
  void copyBlockTiles(ImplicitLocOpBuilder &b, Value block, Value stage);
  /// TMA: waits for the copies of stage `stage` (its mbarrier's next phase).
  void waitStage(ImplicitLocOpBuilder &b, Value stage);
  /// Whether block `block` must vote on non-finite values in its V tile:
  /// its scores may hold -inf (a masked, cut or skipped key) for some row
  /// of the work item, or its products cannot take an infinity (f32).
  /// Uniform over the block.
  Value mayMask(ImplicitLocOpBuilder &b, Value block, Value fullList);
  /// For the block at key j0: whether every row of the work item sees all
  /// its keys (the rules' full-block test, per list kind), and whether it
  /// lies inside the sequence.
  std::pair<Value, Value> blockCoverage(ImplicitLocOpBuilder &b, Value j0,
                                        Value fullList);
  /// i32 1 (also left in voteFlag) if this thread's share of stage
  /// `stage`'s V tile (the chunks it copies with cp.async) holds a NaN or an
  /// infinity.
  Value valueShareNonFinite(ImplicitLocOpBuilder &b, Value stage);
  /// `body(address)` for the 16-byte chunks of the V tile at byte `vTile`
  /// that this thread copies with cp.async.
  void forEachValueChunk(
      ImplicitLocOpBuilder &b, Value vTile,
      llvm::function_ref<void(ImplicitLocOpBuilder &, Value)> body);
  Value barrierAt(ImplicitLocOpBuilder &b, Value stage) {
    return sharedAt(b, addI(b, cIndex(b, g.barrierOffset()),
                            mulI(b, stage, cIndex(b, 8))));
  }
  /// `fullList` (i1): the block comes from a full block-mask list;
  /// `guarded` (i1, uniform): P V must not read V where P is masked.
  void computeBlock(ImplicitLocOpBuilder &b, Value block, Value stage,
                    Value fullList, Value guarded);
  /// SPEC §5.4 on block scores `s`: per packed head, whether a valid row
  /// sees a key and every such row's block max is below its running max
  /// plus ln(lambda). Skipped heads' scores become -inf (their state stays
  /// as it was); returns whether any head still needs the block. `count`:
  /// add the decisions to skip_stats (once per block).
  Value skipDecision(ImplicitLocOpBuilder &b, SmallVector<Value> &s,
                     bool count);
  SmallVector<Value> scores(ImplicitLocOpBuilder &b, Value kTile);
  SmallVector<Value> warpgroupScores(ImplicitLocOpBuilder &b, Value kTile);
  /// f32 inputs: the same S with 3xTF32 m16n8k8 products (WarpMma.h).
  SmallVector<Value> splitScores(ImplicitLocOpBuilder &b, Value kTile);
  /// f32 inputs: acc += P V with 3xTF32, P kept in f32.
  void splitAddValues(ImplicitLocOpBuilder &b, ArrayRef<Value> p,
                      Value vTile);
  /// Element (row, col) of the f32 tile at byte `tile` with row stride
  /// `stride`, split into tf32 parts.
  std::pair<Value, Value> splitLoad(ImplicitLocOpBuilder &b, Value tile,
                                    Value row, Value col, int64_t stride) {
    Value byte = mulI(b, addI(b, mulI(b, row, cIndex(b, stride)), col),
                      cIndex(b, 4));
    return splitTf32(b, LLVM::LoadOp::create(b, b.getF32Type(),
                                             sharedAt(b, addI(b, tile, byte))));
  }
  /// acc += P V for the P fragments of each m-tile.
  void addValues(ImplicitLocOpBuilder &b,
                 ArrayRef<SmallVector<Frag4>> pFrags, Value vTile);
  void warpgroupAddValues(ImplicitLocOpBuilder &b, ArrayRef<Frag4> pFrags,
                          Value vTile);
  SmallVector<Value> applyRules(ImplicitLocOpBuilder &b, ArrayRef<Value> s,
                                Value j0, Value fullList);
  void softmaxAndValues(ImplicitLocOpBuilder &b, SmallVector<Value> s,
                        Value vTile);
  /// The block's scores after the rules (and the skip decision): -inf where
  /// a row does not see a key.
  SmallVector<Value> ruledScores(ImplicitLocOpBuilder &b, Value kTile,
                                 Value j0, Value fullList, bool countSkips,
                                 Value &needed);
  /// The guarded path of a block whose V tile holds a NaN or an infinity,
  /// run before the block's normal path, which it leaves unchanged (so the
  /// common blocks pay only the vote). The tensor cores would add
  /// 0 * V = NaN for the keys a row does not see (SPEC §1: V of an
  /// invisible key is never read), so they must take V with the non-finite
  /// values zeroed (zeroNonFiniteValues: this thread's chunks, then a
  /// barrier). Before that, noteNonFiniteValues records, per output
  /// element, the kinds of non-finite values (NaN, +inf, -inf) of the keys
  /// its row sees (the block's scores, computed here once more, are not
  /// -inf), read again from global memory, and finalize gives such an
  /// element what P V would have been: NaN, or the infinity.
  void guardBlock(ImplicitLocOpBuilder &b, Value j0, Value kTile,
                  Value vTile, Value fullList);
  void zeroNonFiniteValues(ImplicitLocOpBuilder &b, Value vTile);
  void noteNonFiniteValues(ImplicitLocOpBuilder &b, Value j0,
                           ArrayRef<Value> s);
  /// finalize: acc with the noted non-finite values.
  void applyNonFiniteValues(ImplicitLocOpBuilder &b);
  /// Whether the 32-bit word `w` of a tile holds a NaN or an infinity (per
  /// 16-bit half for 16-bit inputs: i1 each, low half first).
  SmallVector<Value, 2> wordNonFinite(ImplicitLocOpBuilder &b, Value w);
  /// acc += P V on the tensor cores (mma.sync, wgmma or 3xTF32).
  void tensorCoreAddValues(ImplicitLocOpBuilder &b, ArrayRef<Value> s,
                           Value vTile);
  void finalize(ImplicitLocOpBuilder &b);
  /// The KV block of pipeline iteration u, whether it is visited (null:
  /// always) and whether it comes from a full list.
  using BlockAt =
      llvm::function_ref<ListEntry(ImplicitLocOpBuilder &, Value u)>;
  void pipeline(ImplicitLocOpBuilder &b, Value count, BlockAt blockAt);
  void visitRange(ImplicitLocOpBuilder &b, Value lo, Value hi);
  void visitList(ImplicitLocOpBuilder &b, Value count,
                 lowering::ListEntryFn entry);
  void visitOne(ImplicitLocOpBuilder &b, Value block, bool fullList);

  Value kTileOffset(ImplicitLocOpBuilder &b, Value stage) {
    return addI(b, cIndex(b, g.qBytes()),
                mulI(b, stage, cIndex(b, g.kTileBytes())));
  }
  Value vTileOffset(ImplicitLocOpBuilder &b, Value stage) {
    return addI(b, cIndex(b, g.qBytes() + g.stages * g.kTileBytes()),
                mulI(b, stage, cIndex(b, g.vTileBytes())));
  }
  Value sharedAt(ImplicitLocOpBuilder &b, Value byteOffset) {
    return sharedAddress(b, shared, byteOffset);
  }
  /// Byte offset of element (row, col) in a Q, K or V tile of `rows` rows:
  /// swizzled for wgmma, else rows `stride` elements apart.
  Value tileByte(ImplicitLocOpBuilder &b, Value row, Value col, int64_t rows,
                 int64_t stride) {
    if (g.warpgroupMma)
      return swizzledOffset(b, row, col, rows);
    return mulI(b, addI(b, mulI(b, row, cIndex(b, stride)), col),
                cIndex(b, g.elementBytes()));
  }
  /// `body(c)` for the 16-byte chunks c = tid, tid + threads, ... below
  /// `total`: the thread block's share of a tile copy, unrolled.
  void
  forEachChunk(ImplicitLocOpBuilder &b, int64_t total,
               llvm::function_ref<void(ImplicitLocOpBuilder &, Value)> body) {
    for (int64_t k = 0; k * g.threads() < total; ++k) {
      Value c = addI(b, tid, cIndex(b, k * g.threads()));
      if ((k + 1) * g.threads() <= total)
        body(b, c);
      else
        ifThen(b, cmpI(b, CmpIPredicate::slt, c, cIndex(b, total)),
               [&](ImplicitLocOpBuilder &b) { body(b, c); });
    }
  }
  /// Packed row of this lane's row slot: m-tile slot / 2, half slot % 2
  /// (rows g and g + 8 of the tile).
  Value laneRow(ImplicitLocOpBuilder &b, int64_t slot) {
    return addI(b, addI(b, mulI(b, warp, cIndex(b, 16 * g.mTiles)), groupId),
                cIndex(b, 16 * (slot / 2) + 8 * (slot % 2)));
  }
  /// The A fragment of m-tile mt, columns [16 kd, 16 kd + 16) of Q.
  Frag4 queryFragment(ImplicitLocOpBuilder &b, int64_t mt, int64_t kd);
  Value rowValid(ImplicitLocOpBuilder &b, Value r) {
    return andB(
        b, cmpI(b, CmpIPredicate::slt, r, cIndex(b, g.rows)),
        cmpI(b, CmpIPredicate::slt, remI(b, r, cIndex(b, g.blockQ)), numRows));
  }
  /// Query head and index of packed row r, clamped to a real row when r is
  /// padding so that addresses stay inside the operands.
  std::pair<Value, Value> headAndQuery(ImplicitLocOpBuilder &b, Value r) {
    Value valid = rowValid(b, r);
    Value firstHead = mulI(b, unit, cIndex(b, g.headsPerUnit));
    Value h = addI(b, firstHead, floorDivI(b, r, cIndex(b, g.blockQ)));
    Value i = addI(b, row0, remI(b, r, cIndex(b, g.blockQ)));
    return {select(b, valid, h, firstHead), select(b, valid, i, row0)};
  }

  attn::AttentionOpInterface op;
  const Geometry &g;
  llvm::StringMap<Value> memrefOf;
  Value shared;
  SplitWorkspace workspace;
  TensorMaps maps;
  std::unique_ptr<FamilyAccess> access;
  std::unique_ptr<ScoreRules> rules;
  std::unique_ptr<ElementIO> io;
  std::unique_ptr<BlockWalk> walk;
  double scale;

  // Thread and work item.
  Sequence seq;
  Value unit, hkv, qBlock, row0, numRows;
  // Per-thread state.
  /// Q fragments kept in registers (one m-tile per warp), else reloaded.
  SmallVector<Frag4> qFrags;
  Value laneQueryOffset;
  /// acc[(mt accTiles + dt) 4 + e]; rowMax/rowSum[slot].
  RegisterArray acc, rowMax, rowSum;
  /// TMA: bit s is the parity of the next phase of stage s's mbarrier.
  RegisterArray phases;
  /// The guarded path's arrays, indexed at run time (so in local memory,
  /// touched only on that path): this lane's scores of the block (-inf:
  /// masked), and per acc element the kinds of non-finite values its row
  /// saw (bits 1 NaN, 2 +inf, 4 -inf); noted: whether there are any.
  RegisterArray guardedScores, nonFiniteSeen, noted;
  /// 0 that LLVM cannot see through: added to nonFiniteSeen's indices, it
  /// keeps the array out of registers where loops are unrolled.
  Value opaqueZero;
  /// valueShareNonFinite's running vote.
  RegisterArray voteFlag;
  /// Skip-softmax: log2 of the sequence's threshold.
  Value logLambda2;
  /// Per-tensor K and V scales of a quantised cache, applied to the scores
  /// and the output rather than to each staged element (null: none).
  Value kScale, vScale;
  QueryRow queryRows[4];
  Value rowIsValid[4];
};


} // namespace attnc::cuda::detail

#endif // ATTNC_LIB_CONVERSION_ATTNTOGPU_DEVICEKERNELIMPL_H
