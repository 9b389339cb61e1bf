//===- XAttentionKernels.cpp - XAttention selection on the GPU ------------===//
//
// The antidiagonal strided scores are a matrix product with inner dimension
// S D (SPEC §5.3 step 1):
//   A[r, c] = sum_s q[r S + S-1-s] . k[c S + s] / (sqrt(D) S).
// A thread block takes `rows` strided rows (whole q-blocks) of one query
// head and walks the causal strided columns in tiles; for each (tile, s) it
// stages the rows' q[r S + S-1-s] and the columns' k[c S + s] (cp.async,
// zero past the sequence, addresses through FamilyAccess) and adds their
// products with ldmatrix + mma.sync, so the accumulators hold A after S
// steps. The (tile, s) steps are pipelined two or three deep (what fits
// next to the W rows) with one barrier each.
//   pass 1: per row the running max and sum of 2^(A log2 e - max) over the
//           causal columns (the shared online-softmax step), merged across
//           the lanes and warps that share a row;
//   pass 2: A again; p = softmax weight / sum, reduced by shuffles to
//           (q-block, k-block) bins and added to W rows in shared memory.
// Then each q-block's selection (steps 5-6): block 0, the diagonal block and
// the other causal blocks by descending mass (ties: lower J) while the mass
// kept before them is below tau times the row's total; each thread decides
// its blocks by summing the masses that precede them, so no sort is
// needed. The kept blocks are compacted in increasing order into the lists
// (and the `selected` results). Costs about 2/S of the dense score work.
//
//===----------------------------------------------------------------------===//

#include "XAttentionKernels.h"

#include "WarpMma.h"
#include "WorkItems.h"

#include "ElementIO.h"
#include "FamilyAccess.h"
#include "LoweringUtils.h"
#include "OnlineSoftmax.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace attnc;
using namespace attnc::cuda;
using namespace attnc::lowering;
using arith::CmpFPredicate;
using arith::CmpIPredicate;

namespace {


class XAttentionKernel : ThreadPlace {
public:
  XAttentionKernel(attn::AttentionOpInterface op, const XAttentionGeometry &g,
                   const llvm::StringMap<Value> &memrefOf, Value num,
                   Value indices, Value shared)
      : op(op), g(g), memrefOf(memrefOf), num(num), indices(indices),
        shared(shared) {
    access = makeFamilyAccess(op, memrefOf);
    io = std::make_unique<ElementIO>(op, memrefOf, *access);
  }
  void emit(ImplicitLocOpBuilder &b);

private:
  Value findWorkItem(ImplicitLocOpBuilder &b);
  void emitWorkItem(ImplicitLocOpBuilder &b);
  /// Issues the copies of step k = (tile S + s) dSplit + d-chunk into stage
  /// `stage`.
  void stageStep(ImplicitLocOpBuilder &b, Value k, Value stage);
  /// stageStep where q and k rows can be copied as they are and a
  /// sequence's consecutive tokens are a fixed number of bytes apart (not
  /// pages): a chunk's address is then one multiply-add away from the
  /// sequence's first row, and a thread's chunks of a step are a constant
  /// apart.
  bool stridedRows() const;
  void stageStepByStride(ImplicitLocOpBuilder &b, Value s, Value d0, Value c0,
                         Value base);
  /// acc += Q_s K_s^T from stage `stage`.
  void multiply(ImplicitLocOpBuilder &b, Value stage);
  void multiplySplit(ImplicitLocOpBuilder &b, Value stage);
  /// Walks the causal tiles; `use(c0)` sees A (base-2 units, masked) in acc
  /// at the end of each tile.
  void sweep(ImplicitLocOpBuilder &b,
             llvm::function_ref<void(ImplicitLocOpBuilder &, Value)> use);
  /// A at accumulator element (mt, nt, e) of the tile at c0, -inf where
  /// masked.
  Value score(ImplicitLocOpBuilder &b, int64_t mt, int64_t nt, int64_t e,
              Value c0);
  void statistics(ImplicitLocOpBuilder &b, Value c0);
  void mergeStatistics(ImplicitLocOpBuilder &b);
  void masses(ImplicitLocOpBuilder &b, Value c0);
  void select(ImplicitLocOpBuilder &b, Value qbLocal);
  /// The greedy choice of q-block `qbLocal` (steps 5-6): its candidate
  /// blocks J in [1, count] sorted in shared memory by descending mass
  /// (ties: lower J; a bitonic sort), then kept while the mass before
  /// them (`base` plus the preceding candidates') is below `threshold`:
  /// sets their keep flags.
  void chooseGreedy(ImplicitLocOpBuilder &b, Value qbLocal, Value count,
                    Value base, Value threshold);
  /// chooseGreedy for few candidates: each thread ranks its own against
  /// all of them (count steps, no barrier).
  void chooseByRank(ImplicitLocOpBuilder &b, Value qbLocal, Value count,
                    Value base, Value threshold);
  /// chooseGreedy for many: a bitonic sort (log^2 barrier stages), then a
  /// prefix sum.
  void chooseBySort(ImplicitLocOpBuilder &b, Value qbLocal, Value count,
                    Value base, Value threshold);
  /// W(q-block qbLocal, J), and its order key (NaN sorts as -inf).
  Value mass(ImplicitLocOpBuilder &b, Value qbLocal, Value J) {
    return loadShared(b, b.getF32Type(), wOffset(b, qbLocal, J));
  }
  Value orderKey(ImplicitLocOpBuilder &b, Value w) {
    return lowering::select(b, cmpF(b, CmpFPredicate::UNO, w, w),
                            cF32(b, kNegInf), w);
  }
  /// Whether (key a, block jA) precedes (key b, block jB): larger mass
  /// first, then lower J.
  Value precedes(ImplicitLocOpBuilder &b, Value keyA, Value jA, Value keyB,
                 Value jB) {
    return orB(b, cmpF(b, CmpFPredicate::OGT, keyA, keyB),
               andB(b, cmpF(b, CmpFPredicate::OEQ, keyA, keyB),
                    cmpI(b, CmpIPredicate::slt, jA, jB)));
  }
  /// Exclusive prefix sum over the thread block of each thread's `x` (f32
  /// or i32) in thread order, and the total (every thread). Uses the
  /// scratch; ends with a barrier.
  std::pair<Value, Value> blockScan(ImplicitLocOpBuilder &b, Value x);

  Value sharedAt(ImplicitLocOpBuilder &b, Value byteOffset) {
    return sharedAddress(b, shared, byteOffset);
  }
  Value loadShared(ImplicitLocOpBuilder &b, Type type, Value byteOffset) {
    return LLVM::LoadOp::create(b, type, sharedAt(b, byteOffset));
  }
  void storeShared(ImplicitLocOpBuilder &b, Value x, Value byteOffset) {
    LLVM::StoreOp::create(b, x, sharedAt(b, byteOffset));
  }
  int64_t statsOffset() const { return g.stages * g.stageBytes(); }
  int64_t scratchOffset() const {
    return statsOffset() + 2 * g.warpsN() * g.rows * 4;
  }
  Value wOffset(ImplicitLocOpBuilder &b, Value qbLocal, Value J) {
    return addI(
        b, cIndex(b, g.fixedSharedBytes()),
        mulI(b, addI(b, mulI(b, qbLocal, maxKBlocks), J), cIndex(b, 4)));
  }
  Value keepOffset(ImplicitLocOpBuilder &b, Value J) {
    return addI(b, cIndex(b, g.fixedSharedBytes()),
                mulI(b, addI(b, mulI(b, cIndex(b, g.qBlocks()), maxKBlocks), J),
                     cIndex(b, 4)));
  }
  /// Row (within the thread block) of row slot `slot` = 2 mt + half.
  Value slotRow(ImplicitLocOpBuilder &b, int64_t slot) {
    return addI(b, addI(b, mulI(b, wm, cIndex(b, 32)), groupId),
                cIndex(b, 16 * (slot / 2) + 8 * (slot % 2)));
  }
  /// Thread-strided loop over [0, n).
  void forThreads(ImplicitLocOpBuilder &b, Value n, BodyFn body) {
    scf::ForOp::create(
        b, tid, n, cIndex(b, g.threads()), ValueRange{},
        [&](OpBuilder &nested, Location loc, Value i, ValueRange) {
          ImplicitLocOpBuilder b(loc, nested);
          body(b, i);
          scf::YieldOp::create(b);
        });
  }

  attn::AttentionOpInterface op;
  const XAttentionGeometry &g;
  llvm::StringMap<Value> memrefOf;
  Value num, indices, shared;
  std::unique_ptr<FamilyAccess> access;
  std::unique_ptr<ElementIO> io;

  Value wm, wn;
  Value head, hkv, group;
  Sequence seq;
  Value row0;                       // first strided row of the thread block
  Value offS, offB, colsS, numCols; // causal offset; strided columns; end
  Value nqb, nkb, maxKBlocks, lengthsOk;
  RegisterArray acc;   // [mt 2][nt nTiles][e 4]
  RegisterArray stats; // m[4 slots], z[4 slots]
};

} // namespace

//===----------------------------------------------------------------------===//
// Work item
//===----------------------------------------------------------------------===//

void XAttentionKernel::emit(ImplicitLocOpBuilder &b) {
  static_cast<ThreadPlace &>(*this) = threadPlace(b);
  wm = floorDivI(b, warp, cIndex(b, g.warpsN()));
  wn = remI(b, warp, cIndex(b, g.warpsN()));
  head = gpu::BlockIdOp::create(b, gpu::Dimension::y);
  hkv = floorDivI(b, head, cIndex(b, g.group));
  maxKBlocks = dim(b, indices, 3);
  acc = RegisterArray(b, 2 * g.nTiles * 4, b.getF32Type());
  stats = RegisterArray(b, 8, b.getF32Type());
  ifThen(b, findWorkItem(b), [&](ImplicitLocOpBuilder &b) { emitWorkItem(b); });
}

/// Grid x: (sequence, group of `rows` strided rows), longest rows first.
Value XAttentionKernel::findWorkItem(ImplicitLocOpBuilder &b) {
  SlotItem item = findSlotItem(
      b, *access, gpu::BlockIdOp::create(b, gpu::Dimension::x), g.queries());
  seq = access->sequence(b, item.sequence);
  group = item.group;
  return item.live;
}

void XAttentionKernel::emitWorkItem(ImplicitLocOpBuilder &b) {
  Value cS = cIndex(b, g.stride), cB = cIndex(b, g.block);
  Value lq = seq.qLen, lk = seq.kLen;
  row0 = mulI(b, group, cIndex(b, g.rows));
  // The length rule (checked before launch unless the caller opted out);
  // a sequence that breaks it selects nothing.
  lengthsOk = andB(
      b, cmpI(b, CmpIPredicate::sle, lq, lk),
      cmpI(b, CmpIPredicate::eq, remI(b, subI(b, lk, lq), cB), cIndex(b, 0)));
  Value diff = maxI(b, subI(b, lk, lq), cIndex(b, 0));
  offS = floorDivI(b, diff, cS);
  offB = floorDivI(b, diff, cB);
  colsS = ceilDivI(b, lk, cS);
  nqb = ceilDivI(b, lq, cB);
  nkb = minI(b, ceilDivI(b, lk, cB), maxKBlocks);
  // Strided rows with queries, and the causal end of their columns.
  Value lastRow =
      subI(b, minI(b, addI(b, row0, cIndex(b, g.rows)), ceilDivI(b, lq, cS)),
           cIndex(b, 1));
  numCols = minI(b, colsS, addI(b, addI(b, lastRow, offS), cIndex(b, 1)));
  numCols = lowering::select(b, lengthsOk, numCols, cIndex(b, 0));

  // W rows start at zero.
  Value qBlocks = cIndex(b, g.qBlocks());
  forThreads(b, mulI(b, qBlocks, maxKBlocks),
             [&](ImplicitLocOpBuilder &b, Value i) {
               storeShared(b, cF32(b, 0.0),
                           addI(b, cIndex(b, g.fixedSharedBytes()),
                                mulI(b, i, cIndex(b, 4))));
             });
  for (int64_t slot = 0; slot < 4; ++slot) {
    stats.set(b, slot, cF32(b, kNegInf));
    stats.set(b, 4 + slot, cF32(b, 0.0));
  }
  sweep(b, [&](ImplicitLocOpBuilder &b, Value c0) { statistics(b, c0); });
  mergeStatistics(b);
  sweep(b, [&](ImplicitLocOpBuilder &b, Value c0) { masses(b, c0); });
  gpu::BarrierOp::create(b);
  forEach(b, cIndex(b, 0), qBlocks,
          [&](ImplicitLocOpBuilder &b, Value qb) { select(b, qb); });
}

//===----------------------------------------------------------------------===//
// Estimate
//===----------------------------------------------------------------------===//

void XAttentionKernel::stageStep(ImplicitLocOpBuilder &b, Value k,
                                 Value stage) {
  Value cS = cIndex(b, g.stride);
  Value tile = floorDivI(b, k, cIndex(b, g.tileSteps()));
  Value s = remI(b, floorDivI(b, k, cIndex(b, g.dSplit)), cS);
  Value d0 = mulI(b, remI(b, k, cIndex(b, g.dSplit)), cIndex(b, g.dChunk()));
  Value c0 = mulI(b, tile, cIndex(b, g.columns));
  Value base = mulI(b, stage, cIndex(b, g.stageBytes()));
  if (stridedRows())
    return stageStepByStride(b, s, d0, c0, base);
  Value q = memrefOf.lookup("q");
  Value kMem = io->kvMemref(/*isKey=*/true);
  int64_t chunk = 16 / g.elementBytes();
  bool qAsync = cast<MemRefType>(q.getType()).getElementType() == g.inputType &&
                g.headDim % chunk == 0;
  bool kAsync =
      !io->isQuantized(true) &&
      cast<MemRefType>(kMem.getType()).getElementType() == g.inputType &&
      g.headDim % chunk == 0;
  int64_t chunksPerRow = g.dChunk() / chunk;
  int64_t total = (g.rows + g.columns) * chunksPerRow;
  Value lastQuery = subI(b, seq.qLen, cIndex(b, 1));
  Value lastKey = subI(b, seq.kLen, cIndex(b, 1));
  for (int64_t it = 0; it * g.threads() < total; ++it) {
    Value c = addI(b, tid, cIndex(b, it * g.threads()));
    Value row = floorDivI(b, c, cIndex(b, chunksPerRow));
    Value col =
        mulI(b, remI(b, c, cIndex(b, chunksPerRow)), cIndex(b, chunk));
    Value dstOffset =
        addI(b, base,
             mulI(b, addI(b, mulI(b, row, cIndex(b, g.rowStride)), col),
                  cIndex(b, g.elementBytes())));
    auto stageRow = [&](ImplicitLocOpBuilder &b, bool isQuery, Value t) {
      Value live, rowIndex;
      RowRef ref;
      if (isQuery) { // strided row r: query r S + S-1-s
        Value r = addI(b, row0, t);
        Value i = subI(b, addI(b, mulI(b, r, cS), cIndex(b, g.stride - 1)), s);
        live = cmpI(b, CmpIPredicate::slt, i, seq.qLen);
        rowIndex = minI(b, i, lastQuery);
        ref = access->queryRow(b, seq, rowIndex, head, g.headDim);
      } else { // strided column c0 + t: key (c0 + t) S + s
        Value cc = addI(b, c0, t);
        Value j = addI(b, mulI(b, cc, cS), s);
        live = andB(b, cmpI(b, CmpIPredicate::slt, j, seq.kLen),
                    cmpI(b, CmpIPredicate::slt, cc, numCols));
        rowIndex = minI(b, j, lastKey);
        ref = access->keyRow(b, seq, rowIndex, hkv, g.headDim);
      }
      stageRowChunk(
          b, shared, dstOffset, isQuery ? q : kMem, ref, addI(b, d0, col),
          g.headDim, live,
          isQuery ? qAsync : kAsync, g.inputType,
          [&](ImplicitLocOpBuilder &b, Value d) -> Value {
            if (!isQuery)
              return io->loadKv(b, seq, /*isKey=*/true, ref, rowIndex, hkv, d);
            SmallVector<Value> index(ref.prefix.begin(), ref.prefix.end());
            index.push_back(addI(b, ref.offset, d));
            return toF32(b, memref::LoadOp::create(b, q, index));
          });
    };
    auto body = [&](ImplicitLocOpBuilder &b) {
      Value isQuery = cmpI(b, CmpIPredicate::slt, row, cIndex(b, g.rows));
      ifThenElse(
          b, isQuery, [&](ImplicitLocOpBuilder &b) { stageRow(b, true, row); },
          [&](ImplicitLocOpBuilder &b) {
            stageRow(b, false, subI(b, row, cIndex(b, g.rows)));
          });
    };
    if ((it + 1) * g.threads() <= total)
      body(b);
    else
      ifThen(b, cmpI(b, CmpIPredicate::slt, c, cIndex(b, total)), body);
  }
}

bool XAttentionKernel::stridedRows() const {
  int64_t chunk = 16 / g.elementBytes();
  auto copiesAsIs = [&](Value memref) {
    return cast<MemRefType>(memref.getType()).getElementType() ==
               g.inputType &&
           g.headDim % chunk == 0;
  };
  int64_t rowsPerPass = g.threads() / (g.dChunk() / chunk);
  return copiesAsIs(memrefOf.lookup("q")) && !io->isQuantized(true) &&
         copiesAsIs(io->kvMemref(true)) && access->keyTokenDim() >= 0 &&
         g.threads() % (g.dChunk() / chunk) == 0 &&
         g.rows % rowsPerPass == 0 && g.columns % rowsPerPass == 0;
}

void XAttentionKernel::stageStepByStride(ImplicitLocOpBuilder &b, Value s,
                                         Value d0, Value c0, Value base) {
  int64_t chunk = 16 / g.elementBytes();
  int64_t chunksPerRow = g.dChunk() / chunk;
  int64_t rowsPerPass = g.threads() / chunksPerRow;
  Value cS = cIndex(b, g.stride);
  Value rowInPass = floorDivI(b, tid, cIndex(b, chunksPerRow));
  Value col = mulI(b, remI(b, tid, cIndex(b, chunksPerRow)), cIndex(b, chunk));
  // Past the head dimension (padding) nothing is read; the address stays
  // in the row.
  Value d = addI(b, d0, col);
  Value colLive = cmpI(b, CmpIPredicate::slt, d, cIndex(b, g.headDim));
  Value dIn = minI(b, d, cIndex(b, g.headDim - chunk));
  auto firstRow = [&](Value memref, const RowRef &row) {
    SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
    index.push_back(addI(b, row.offset, dIn));
    return globalAddress(b, memref, index);
  };
  Type i8 = b.getI8Type();
  // Stage rows [first, first + count) from the tokens token0 + p R S of
  // pass p (R rows per pass: both the strided rows and columns advance by
  // R S tokens), `live(p, token)` or zero-filled.
  auto copyRows = [&](int64_t first, int64_t count, Value rowPtr,
                      Value tokenBytes, Value token0,
                      llvm::function_ref<Value(int64_t, Value)> live) {
    Value offset0 = mulI(b, token0, tokenBytes);
    Value passBytes = mulI(b, tokenBytes, cIndex(b, rowsPerPass * g.stride));
    Value dst0 = addI(
        b, base,
        mulI(b,
             addI(b, mulI(b, addI(b, rowInPass, cIndex(b, first)),
                          cIndex(b, g.rowStride)),
                  col),
             cIndex(b, g.elementBytes())));
    for (int64_t p = 0; p * rowsPerPass < count; ++p) {
      Value token = addI(b, token0, cIndex(b, p * rowsPerPass * g.stride));
      Value valid = andB(b, live(p, token), colLive);
      // A dead row (past the sequence) reads nothing: its address stays at
      // the sequence's first row.
      Value offset = lowering::select(
          b, valid, addI(b, offset0, mulI(b, passBytes, cIndex(b, p))),
          cIndex(b, 0));
      Value src = LLVM::GEPOp::create(
          b, rowPtr.getType(), i8, rowPtr,
          ValueRange{arith::IndexCastOp::create(b, b.getI64Type(), offset)});
      Value dst = addI(b, dst0, cIndex(b, p * rowsPerPass * g.rowStride *
                                              g.elementBytes()));
      copyAsync16(b, sharedAt(b, dst), src, valid);
    }
  };
  Value q = memrefOf.lookup("q"), kMem = io->kvMemref(/*isKey=*/true);
  Value zero = cIndex(b, 0);
  // Strided row r: query r S + S-1-s.
  copyRows(0, g.rows,
           firstRow(q, access->queryRow(b, seq, zero, head, g.headDim)),
           dimStrideBytes(b, q, access->queryTokenDim()),
           subI(b,
                addI(b, mulI(b, addI(b, row0, rowInPass), cS),
                     cIndex(b, g.stride - 1)),
                s),
           [&](int64_t, Value i) {
             return cmpI(b, CmpIPredicate::slt, i, seq.qLen);
           });
  // Strided column c0 + t: key (c0 + t) S + s.
  Value cc0 = addI(b, c0, rowInPass);
  copyRows(g.rows, g.columns,
           firstRow(kMem, access->keyRow(b, seq, zero, hkv, g.headDim)),
           dimStrideBytes(b, kMem, access->keyTokenDim()),
           addI(b, mulI(b, cc0, cS), s), [&](int64_t p, Value j) {
             Value cc = addI(b, cc0, cIndex(b, p * rowsPerPass));
             return andB(b, cmpI(b, CmpIPredicate::slt, j, seq.kLen),
                         cmpI(b, CmpIPredicate::slt, cc, numCols));
           });
}

void XAttentionKernel::multiply(ImplicitLocOpBuilder &b, Value stage) {
  if (g.inputType.isF32())
    return multiplySplit(b, stage);
  Value base = mulI(b, stage, cIndex(b, g.stageBytes()));
  // A fragments: lane l reads row l % 16, column 8 (l / 16) of an m-tile.
  Value aLane = addI(
      b,
      mulI(b, addI(b, mulI(b, wm, cIndex(b, 32)), remI(b, lane, cIndex(b, 16))),
           cIndex(b, g.rowStride)),
      mulI(b, floorDivI(b, lane, cIndex(b, 16)), cIndex(b, 8)));
  // B fragments over 16 columns: lane l reads column 8 (l / 16) + l % 8,
  // d offset 8 ((l / 8) % 2).
  Value bRow =
      addI(b, addI(b, cIndex(b, g.rows), mulI(b, wn, cIndex(b, g.warpCols()))),
           addI(b, mulI(b, floorDivI(b, lane, cIndex(b, 16)), cIndex(b, 8)),
                remI(b, lane, cIndex(b, 8))));
  Value bLane =
      addI(b, mulI(b, bRow, cIndex(b, g.rowStride)),
           mulI(b, remI(b, floorDivI(b, lane, cIndex(b, 8)), cIndex(b, 2)),
                cIndex(b, 8)));
  auto at = [&](ImplicitLocOpBuilder &b, Value element, int64_t plus) {
    return sharedAt(
        b, addI(b, base,
                mulI(b, addI(b, element, cIndex(b, plus)), cIndex(b, 2))));
  };
  int64_t nt = g.nTiles;
  SmallVector<Acc4> c(2 * nt);
  for (int64_t t = 0; t < 2 * nt; ++t)
    for (int64_t e = 0; e < 4; ++e)
      c[t][e] = acc.get(b, 4 * t + e);
  for (int64_t kd = 0; kd < g.dChunk() / 16; ++kd) {
    Frag4 a[2];
    for (int64_t mt = 0; mt < 2; ++mt)
      a[mt] = loadMatrixX4(b, at(b, aLane, 16 * mt * g.rowStride + 16 * kd),
                           /*transpose=*/false);
    for (int64_t np = 0; np < nt / 2; ++np) {
      Frag4 k = loadMatrixX4(b, at(b, bLane, 16 * np * g.rowStride + 16 * kd),
                             /*transpose=*/false);
      for (int64_t mt = 0; mt < 2; ++mt) {
        Acc4 &lo = c[mt * nt + 2 * np], &hi = c[mt * nt + 2 * np + 1];
        lo = mma16816(b, g.inputType, a[mt], k[0], k[1], lo);
        hi = mma16816(b, g.inputType, a[mt], k[2], k[3], hi);
      }
    }
  }
  for (int64_t t = 0; t < 2 * nt; ++t)
    for (int64_t e = 0; e < 4; ++e)
      acc.set(b, 4 * t + e, c[t][e]);
}

/// f32 inputs: the same product with 3xTF32 m16n8k8 tiles (WarpMma.h) from
/// plain shared-memory loads, A (rows g, g + 8; d t, t + 4), B (column g;
/// d t, t + 4); the row stride is 4 past a multiple of 16 elements, so the
/// 32 lanes' loads fall in 32 banks.
void XAttentionKernel::multiplySplit(ImplicitLocOpBuilder &b, Value stage) {
  Value base = mulI(b, stage, cIndex(b, g.stageBytes()));
  auto load = [&](ImplicitLocOpBuilder &b, Value row, Value col) {
    Value byte =
        mulI(b, addI(b, mulI(b, row, cIndex(b, g.rowStride)), col),
             cIndex(b, 4));
    return splitTf32(b, loadShared(b, b.getF32Type(), addI(b, base, byte)));
  };
  int64_t nt = g.nTiles;
  SmallVector<Acc4> c(2 * nt);
  for (int64_t t = 0; t < 2 * nt; ++t)
    for (int64_t e = 0; e < 4; ++e)
      c[t][e] = acc.get(b, 4 * t + e);
  Value aRow = addI(b, mulI(b, wm, cIndex(b, 32)), groupId);
  Value bRow =
      addI(b, addI(b, cIndex(b, g.rows), mulI(b, wn, cIndex(b, g.warpCols()))),
           groupId);
  for (int64_t kd = 0; kd < g.dChunk() / 8; ++kd) {
    Frag4 aHi[2], aLo[2];
    for (int64_t mt = 0; mt < 2; ++mt)
      for (int64_t e = 0; e < 4; ++e)
        std::tie(aHi[mt][e], aLo[mt][e]) =
            load(b, addI(b, aRow, cIndex(b, 16 * mt + 8 * (e % 2))),
                 addI(b, quad, cIndex(b, 8 * kd + 4 * (e / 2))));
    for (int64_t n = 0; n < nt; ++n) {
      std::array<Value, 2> bHi, bLo;
      for (int64_t e = 0; e < 2; ++e)
        std::tie(bHi[e], bLo[e]) =
            load(b, addI(b, bRow, cIndex(b, 8 * n)),
                 addI(b, quad, cIndex(b, 8 * kd + 4 * e)));
      for (int64_t mt = 0; mt < 2; ++mt)
        c[mt * nt + n] =
            mma1688Split(b, aHi[mt], aLo[mt], bHi, bLo, c[mt * nt + n]);
    }
  }
  for (int64_t t = 0; t < 2 * nt; ++t)
    for (int64_t e = 0; e < 4; ++e)
      acc.set(b, 4 * t + e, c[t][e]);
}

/// Steps k = (tile S + s) dSplit + d-chunk over the causal tiles, `stages`
/// in flight with one barrier each (as the attention kernel's block
/// pipeline).
void XAttentionKernel::sweep(
    ImplicitLocOpBuilder &b,
    llvm::function_ref<void(ImplicitLocOpBuilder &, Value)> use) {
  Value perTile = cIndex(b, g.tileSteps());
  Value steps = mulI(b, ceilDivI(b, numCols, cIndex(b, g.columns)), perTile);
  int64_t depth = g.stages;
  for (int64_t k = 0; k + 1 < depth; ++k) {
    ifThen(b, cmpI(b, CmpIPredicate::slt, cIndex(b, k), steps),
           [&](ImplicitLocOpBuilder &b) {
             stageStep(b, cIndex(b, k), cIndex(b, k));
           });
    commitCopies(b);
  }
  for (int64_t i = 0; i < 8 * g.nTiles; ++i)
    acc.set(b, i, cF32(b, 0.0));
  forEach(b, cIndex(b, 0), steps, [&](ImplicitLocOpBuilder &b, Value k) {
    waitCopies(b, depth - 2);
    gpu::BarrierOp::create(b);
    Value ahead = addI(b, k, cIndex(b, depth - 1));
    ifThen(b, cmpI(b, CmpIPredicate::slt, ahead, steps),
           [&](ImplicitLocOpBuilder &b) {
             stageStep(b, ahead, remI(b, ahead, cIndex(b, depth)));
           });
    commitCopies(b);
    multiply(b, remI(b, k, cIndex(b, depth)));
    Value last = remI(b, k, perTile);
    ifThen(b, cmpI(b, CmpIPredicate::eq, last, cIndex(b, g.tileSteps() - 1)),
           [&](ImplicitLocOpBuilder &b) {
             Value c0 =
                 mulI(b, floorDivI(b, k, perTile), cIndex(b, g.columns));
             use(b, c0);
             for (int64_t i = 0; i < 8 * g.nTiles; ++i)
               acc.set(b, i, cF32(b, 0.0));
           });
  });
  // The next sweep's prologue refills stages this one may still read.
  gpu::BarrierOp::create(b);
}

/// Element e of tile (mt, nt): row 32 wm + 16 mt + g + 8 (e / 2), column
/// c0 + warpCols wn + 8 nt + 2 quad + e % 2.
Value XAttentionKernel::score(ImplicitLocOpBuilder &b, int64_t mt, int64_t nt,
                              int64_t e, Value c0) {
  Value r = addI(b, row0, slotRow(b, 2 * mt + e / 2));
  Value c = addI(b, c0,
                 addI(b,
                      addI(b, mulI(b, wn, cIndex(b, g.warpCols())),
                           mulI(b, quad, cIndex(b, 2))),
                      cIndex(b, 8 * nt + e % 2)));
  Value visible = andB(b, cmpI(b, CmpIPredicate::sle, c, addI(b, r, offS)),
                       cmpI(b, CmpIPredicate::slt, c, colsS));
  double scale = kLog2E / (std::sqrt((double)g.headDim) * (double)g.stride);
  Value a = mulF(b, acc.get(b, (mt * g.nTiles + nt) * 4 + e), cF32(b, scale));
  return lowering::select(b, visible, a, cF32(b, kNegInf));
}

/// Pass 1: this thread's running max and sum per row slot, over its
/// columns of the tile.
void XAttentionKernel::statistics(ImplicitLocOpBuilder &b, Value c0) {
  for (int64_t slot = 0; slot < 4; ++slot) {
    int64_t mt = slot / 2, half = slot % 2;
    SmallVector<Value> a;
    for (int64_t nt = 0; nt < g.nTiles; ++nt)
      for (int64_t col = 0; col < 2; ++col)
        a.push_back(score(b, mt, nt, 2 * half + col, c0));
    Value tileMax = a[0];
    for (Value x : ArrayRef<Value>(a).drop_front())
      tileMax = maxF(b, tileMax, x);
    SoftmaxStep step =
        onlineSoftmaxStep(b, stats.get(b, slot), tileMax, /*base2=*/true);
    Value z = mulF(b, stats.get(b, 4 + slot), step.alpha);
    for (Value x : a)
      z = addF(b, z, softmaxWeight(b, x, step.ref, /*base2=*/true));
    stats.set(b, slot, step.mNew);
    stats.set(b, 4 + slot, z);
  }
}

/// The row statistics of the lanes and column warps that share a row,
/// merged like two online-softmax states: every thread ends with its
/// rows' max and sum.
void XAttentionKernel::mergeStatistics(ImplicitLocOpBuilder &b) {
  auto merge = [&](ImplicitLocOpBuilder &b, Value m1, Value z1, Value m2,
                   Value z2) -> std::pair<Value, Value> {
    SoftmaxStep step = onlineSoftmaxStep(b, m1, m2, /*base2=*/true);
    Value z = addF(b, mulF(b, z1, step.alpha),
                   mulF(b, z2, softmaxWeight(b, m2, step.ref, true)));
    return {step.mNew, z};
  };
  for (int64_t slot = 0; slot < 4; ++slot) {
    Value m = stats.get(b, slot), z = stats.get(b, 4 + slot);
    for (int mask : {1, 2}) {
      std::tie(m, z) =
          merge(b, m, z, shuffleXor(b, m, mask), shuffleXor(b, z, mask));
    }
    Value r = slotRow(b, slot);
    ifThen(b, cmpI(b, CmpIPredicate::eq, quad, cIndex(b, 0)),
           [&](ImplicitLocOpBuilder &b) {
             Value i = addI(b, mulI(b, wn, cIndex(b, g.rows)), r);
             Value byte =
                 addI(b, cIndex(b, statsOffset()), mulI(b, i, cIndex(b, 4)));
             storeShared(b, m, byte);
             storeShared(b, z,
                         addI(b, byte, cIndex(b, 4 * g.warpsN() * g.rows)));
           });
  }
  gpu::BarrierOp::create(b);
  Type f32 = b.getF32Type();
  for (int64_t slot = 0; slot < 4; ++slot) {
    Value r = slotRow(b, slot);
    Value m = cF32(b, kNegInf), z = cF32(b, 0.0);
    for (int64_t w = 0; w < g.warpsN(); ++w) {
      Value byte = addI(b, cIndex(b, statsOffset() + 4 * w * g.rows),
                        mulI(b, r, cIndex(b, 4)));
      std::tie(m, z) =
          merge(b, m, z, loadShared(b, f32, byte),
                loadShared(b, f32,
                           addI(b, byte, cIndex(b, 4 * g.warpsN() * g.rows))));
    }
    stats.set(b, slot, m);
    stats.set(b, 4 + slot, z);
  }
}

/// Pass 2: p = 2^(A - m) / z of rows with queries, summed over the per x
/// per (q-block, k-block) bins: the thread's column pair, then shuffles
/// over the lanes of a bin; one lane per bin adds to W.
void XAttentionKernel::masses(ImplicitLocOpBuilder &b, Value c0) {
  int64_t per = g.per;
  int64_t span = std::min<int64_t>(per, 8); // rows / columns of a bin in a tile
  Value cS = cIndex(b, g.stride);
  // [slot][nt] column-pair sums.
  SmallVector<SmallVector<Value, 8>, 4> sums(4,
                                             SmallVector<Value, 8>(g.nTiles));
  for (int64_t slot = 0; slot < 4; ++slot) {
    int64_t mt = slot / 2, half = slot % 2;
    Value r = addI(b, row0, slotRow(b, slot));
    Value rowLive =
        andB(b, cmpI(b, CmpIPredicate::slt, mulI(b, r, cS), seq.qLen),
             cmpF(b, CmpFPredicate::OGT, stats.get(b, 4 + slot), cF32(b, 0.0)));
    Value inv = divF(b, cF32(b, 1.0), stats.get(b, 4 + slot));
    for (int64_t nt = 0; nt < g.nTiles; ++nt) {
      Value pair = cF32(b, 0.0);
      for (int64_t col = 0; col < 2; ++col) {
        Value p = softmaxWeight(b, score(b, mt, nt, 2 * half + col, c0),
                                stats.get(b, slot), /*base2=*/true);
        pair = addF(b, pair, mulF(b, p, inv));
      }
      sums[slot][nt] = lowering::select(b, rowLive, pair, cF32(b, 0.0));
    }
  }
  // Columns: lanes quad ^ 1, quad ^ 2 hold the rest of an 8-column bin.
  for (int64_t slot = 0; slot < 4; ++slot)
    for (int64_t nt = 0; nt < g.nTiles; ++nt)
      for (int mask = 1; 2 * mask < span; mask *= 2)
        sums[slot][nt] =
            addF(b, sums[slot][nt], shuffleXor(b, sums[slot][nt], mask));
  // per = 16: a bin spans two n-tiles and both row halves of an m-tile.
  int64_t ntStep = per == 16 ? 2 : 1, slotStep = per == 16 ? 2 : 1;
  for (int64_t slot = 0; slot < 4; slot += slotStep)
    for (int64_t nt = 0; nt < g.nTiles; nt += ntStep) {
      Value x = sums[slot][nt];
      if (per == 16)
        x = addF(b, addF(b, x, sums[slot][nt + 1]),
                 addF(b, sums[slot + 1][nt], sums[slot + 1][nt + 1]));
      // Rows: lanes groupId ^ 1, ^ 2, ^ 4 (lane bits 2, 3, 4).
      for (int64_t m = 1; m < span; m *= 2)
        x = addF(b, x, shuffleXor(b, x, 4 * m));
      Value r = slotRow(b, slot);
      Value c = addI(b, c0,
                     addI(b,
                          addI(b, mulI(b, wn, cIndex(b, g.warpCols())),
                               mulI(b, quad, cIndex(b, 2))),
                          cIndex(b, 8 * nt)));
      Value J = floorDivI(b, c, cIndex(b, per));
      Value leader =
          andB(b,
               cmpI(b, CmpIPredicate::eq, remI(b, groupId, cIndex(b, span)),
                    cIndex(b, 0)),
               cmpI(b, CmpIPredicate::eq, remI(b, quad, cIndex(b, span / 2)),
                    cIndex(b, 0)));
      leader = andB(b, leader, cmpI(b, CmpIPredicate::slt, J, nkb));
      ifThen(b, leader, [&](ImplicitLocOpBuilder &b) {
        Value qbLocal = floorDivI(b, r, cIndex(b, per));
        LLVM::AtomicRMWOp::create(b, LLVM::AtomicBinOp::fadd,
                                  sharedAt(b, wOffset(b, qbLocal, J)), x,
                                  LLVM::AtomicOrdering::monotonic);
      });
    }
}

//===----------------------------------------------------------------------===//
// Selection
//===----------------------------------------------------------------------===//

std::pair<Value, Value> XAttentionKernel::blockScan(ImplicitLocOpBuilder &b,
                                                    Value x) {
  Type type = x.getType();
  bool isFloat = isa<FloatType>(type);
  auto add = [&](Value u, Value v) -> Value {
    return isFloat ? addF(b, u, v) : arith::AddIOp::create(b, u, v);
  };
  Value zeroX = isFloat ? cF32(b, 0.0)
                        : arith::ConstantOp::create(b, b.getI32IntegerAttr(0));
  // Inclusive scan within the warp (lanes below `offset` add nothing).
  Value laneI32 = arith::IndexCastOp::create(b, b.getI32Type(), lane);
  Value inclusive = x;
  for (int offset = 1; offset < 32; offset *= 2) {
    Value from = arith::SubIOp::create(
        b, laneI32, arith::ConstantOp::create(b, b.getI32IntegerAttr(offset)));
    Value up = shuffleIndex(
        b, inclusive,
        arith::MaxSIOp::create(
            b, from, arith::ConstantOp::create(b, b.getI32IntegerAttr(0))));
    inclusive = add(inclusive,
                    lowering::select(b,
                                     cmpI(b, CmpIPredicate::sge, lane,
                                          cIndex(b, offset)),
                                     up, zeroX));
  }
  // Warp totals in the scratch, then each warp's offset.
  auto warpTotal = [&](ImplicitLocOpBuilder &b, Value w) {
    return addI(b, cIndex(b, scratchOffset()), mulI(b, w, cIndex(b, 4)));
  };
  ifThen(b, cmpI(b, CmpIPredicate::eq, lane, cIndex(b, 31)),
         [&](ImplicitLocOpBuilder &b) {
           storeShared(b, inclusive, warpTotal(b, warp));
         });
  gpu::BarrierOp::create(b);
  Value offset = zeroX, total = zeroX;
  for (int64_t w = 0; w < g.warps; ++w) {
    Value t = loadShared(b, type, warpTotal(b, cIndex(b, w)));
    Value earlier = cmpI(b, CmpIPredicate::slt, cIndex(b, w), warp);
    offset = lowering::select(b, earlier, add(offset, t), offset);
    total = add(total, t);
  }
  gpu::BarrierOp::create(b); // the scratch may be reused
  Value mine = isFloat ? arith::SubFOp::create(b, inclusive, x)
                       : arith::SubIOp::create(b, inclusive, x).getResult();
  return {add(offset, mine), total};
}

void XAttentionKernel::chooseGreedy(ImplicitLocOpBuilder &b, Value qbLocal,
                                    Value count, Value base,
                                    Value threshold) {
  // Measured at 16k-64k (H100): ranking is faster up to 256 candidates
  // (16k, 32k), the sort past them (64k: selection 11.5 -> 10.9 ms).
  constexpr int64_t kRankLimit = 256;
  ifThenElse(
      b, cmpI(b, CmpIPredicate::sle, count, cIndex(b, kRankLimit)),
      [&](ImplicitLocOpBuilder &b) {
        chooseByRank(b, qbLocal, count, base, threshold);
      },
      [&](ImplicitLocOpBuilder &b) {
        chooseBySort(b, qbLocal, count, base, threshold);
      });
}

void XAttentionKernel::chooseByRank(ImplicitLocOpBuilder &b, Value qbLocal,
                                    Value count, Value base,
                                    Value threshold) {
  Value one = cIndex(b, 1);
  forThreads(b, count, [&](ImplicitLocOpBuilder &b, Value i) {
    Value J = addI(b, i, one);
    Value keyJ = orderKey(b, mass(b, qbLocal, J));
    // Mass kept before J: base plus the candidates that precede it.
    Value before = reduce(
        b, one, addI(b, count, one), base,
        [&](ImplicitLocOpBuilder &b, Value other, Value sum) {
          Value w = mass(b, qbLocal, other);
          Value first = precedes(b, orderKey(b, w), other, keyJ, J);
          return lowering::select(b, first, addF(b, sum, w), sum);
        });
    ifThen(b, cmpF(b, CmpFPredicate::OLT, before, threshold),
           [&](ImplicitLocOpBuilder &b) {
             storeShared(b, cI32(b, 1), keepOffset(b, J));
           });
  });
}

void XAttentionKernel::chooseBySort(ImplicitLocOpBuilder &b, Value qbLocal,
                                    Value count, Value base,
                                    Value threshold) {
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  Value zero = cIndex(b, 0), one = cIndex(b, 1);
  // Sorted entries (mass, J) of 8 bytes at the start of shared memory: the
  // stages are free once pass 2 is done.
  auto massAt = [&](ImplicitLocOpBuilder &b, Value i) {
    return mulI(b, i, cIndex(b, 8));
  };
  auto blockAt = [&](ImplicitLocOpBuilder &b, Value i) {
    return addI(b, mulI(b, i, cIndex(b, 8)), cIndex(b, 4));
  };
  // n: the next power of two >= count (W rows hold at most 2^16 blocks).
  Value n = one, logN = zero;
  for (int step = 0; step < 16; ++step) {
    Value grow = cmpI(b, CmpIPredicate::slt, n, count);
    n = lowering::select(b, grow, mulI(b, n, cIndex(b, 2)), n);
    logN = lowering::select(b, grow, addI(b, logN, one), logN);
  }
  // Candidate J = i + 1; NaN masses sort as -inf; padding (J = 2^30) last.
  Value negInf = cF32(b, kNegInf);
  forThreads(b, n, [&](ImplicitLocOpBuilder &b, Value i) {
    Value J = addI(b, i, one);
    Value real = cmpI(b, CmpIPredicate::slt, i, count);
    Value key = orderKey(b, mass(b, qbLocal, minI(b, J, count)));
    storeShared(b, lowering::select(b, real, key, negInf), massAt(b, i));
    storeShared(b,
                arith::IndexCastOp::create(
                    b, i32, lowering::select(b, real, J, cIndex(b, 1 << 30))),
                blockAt(b, i));
  });
  gpu::BarrierOp::create(b);
  // Bitonic sort into "precedes" order: stage (k = 2^kk, j = 2^jj) pairs
  // i and i | j, i with bit jj clear.
  forEach(b, one, addI(b, logN, one), [&](ImplicitLocOpBuilder &b, Value kk) {
    Value k = arith::ShLIOp::create(b, one, kk);
    forEach(b, zero, kk, [&](ImplicitLocOpBuilder &b, Value t) {
      Value jj = subI(b, subI(b, kk, one), t);
      Value j = arith::ShLIOp::create(b, one, jj);
      forThreads(b, floorDivI(b, n, cIndex(b, 2)),
                 [&](ImplicitLocOpBuilder &b, Value p) {
        Value low = remI(b, p, j);
        Value i = addI(b, mulI(b, subI(b, p, low), cIndex(b, 2)), low);
        Value l = addI(b, i, j);
        Value keyI = loadShared(b, f32, massAt(b, i));
        Value jI = loadShared(b, i32, blockAt(b, i));
        Value keyL = loadShared(b, f32, massAt(b, l));
        Value jL = loadShared(b, i32, blockAt(b, l));
        Value up = cmpI(b, CmpIPredicate::eq, arith::AndIOp::create(b, i, k),
                        zero);
        Value swap = lowering::select(b, up, precedes(b, keyL, jL, keyI, jI),
                                      precedes(b, keyI, jI, keyL, jL));
        ifThen(b, swap, [&](ImplicitLocOpBuilder &b) {
          storeShared(b, keyL, massAt(b, i));
          storeShared(b, jL, blockAt(b, i));
          storeShared(b, keyI, massAt(b, l));
          storeShared(b, jI, blockAt(b, l));
        });
      });
      gpu::BarrierOp::create(b);
    });
  });
  // Thread t takes sorted entries [t per, (t + 1) per): the mass before
  // its first one is base plus a block-wide prefix sum (in sorted order,
  // as SPEC §5.3 accumulates).
  Value per = ceilDivI(b, n, cIndex(b, g.threads()));
  Value lo = minI(b, mulI(b, tid, per), count);
  Value hi = minI(b, addI(b, lo, per), count);
  auto entryMass = [&](ImplicitLocOpBuilder &b, Value i) {
    Value J = arith::IndexCastOp::create(b, b.getIndexType(),
                                         loadShared(b, i32, blockAt(b, i)));
    return mass(b, qbLocal, J);
  };
  Value local = reduce(b, lo, hi, cF32(b, 0.0),
                       [&](ImplicitLocOpBuilder &b, Value i, Value sum) {
                         return addF(b, sum, entryMass(b, i));
                       });
  Value before = addF(b, base, blockScan(b, local).first);
  reduce(b, lo, hi, before, [&](ImplicitLocOpBuilder &b, Value i, Value sum) {
    Value J = arith::IndexCastOp::create(b, b.getIndexType(),
                                         loadShared(b, i32, blockAt(b, i)));
    ifThen(b, cmpF(b, CmpFPredicate::OLT, sum, threshold),
           [&](ImplicitLocOpBuilder &b) {
             storeShared(b, cI32(b, 1), keepOffset(b, J));
           });
    return addF(b, sum, mass(b, qbLocal, J));
  });
}

void XAttentionKernel::select(ImplicitLocOpBuilder &b, Value qbLocal) {
  Type i32 = b.getI32Type();
  Value zero = cIndex(b, 0), one = cIndex(b, 1);
  Value I = addI(b, mulI(b, group, cIndex(b, g.qBlocks())), qbLocal);
  // Uniform across the thread block.
  Value live = cmpI(b, CmpIPredicate::slt, I, nqb);
  ifThen(b, live, [&](ImplicitLocOpBuilder &b) {
    Value d = addI(b, I, offB);
    // The row's total mass.
    Value partial = cF32(b, 0.0);
    auto sumLoop = scf::ForOp::create(
        b, tid, nkb, cIndex(b, g.threads()), ValueRange{partial},
        [&](OpBuilder &nested, Location loc, Value J, ValueRange state) {
          ImplicitLocOpBuilder b(loc, nested);
          scf::YieldOp::create(
              b, ValueRange{addF(b, state[0], mass(b, qbLocal, J))});
        });
    // (The same on every thread: the warp totals are added in warp order.)
    Value total = blockScan(b, sumLoop.getResult(0)).second;
    Value threshold = mulF(b, total, cF32(b, g.threshold));
    Value diagonal = mass(b, qbLocal, minI(b, d, subI(b, nkb, one)));
    Value base = addF(b, mass(b, qbLocal, zero),
                      lowering::select(b, cmpI(b, CmpIPredicate::ne, d, zero),
                                       diagonal, cF32(b, 0.0)));
    // A q-block reaching into the dense tail keeps every causal block.
    Value lastQuery =
        subI(b, minI(b, mulI(b, addI(b, I, one), cIndex(b, g.block)), seq.qLen),
             one);
    Value tail = cmpI(b, CmpIPredicate::sge,
                      addI(b, lastQuery, subI(b, seq.kLen, seq.qLen)),
                      subI(b, seq.kLen, cIndex(b, g.denseTail)));
    // The forced blocks (0, the diagonal, the dense tail), then the chosen.
    forThreads(b, nkb, [&](ImplicitLocOpBuilder &b, Value J) {
      Value keep =
          orB(b,
              orB(b, cmpI(b, CmpIPredicate::eq, J, zero),
                  cmpI(b, CmpIPredicate::eq, J, d)),
              andB(b, tail, cmpI(b, CmpIPredicate::sle, J, d)));
      keep =
          andB(b, andB(b, keep, cmpI(b, CmpIPredicate::sle, J, d)), lengthsOk);
      storeShared(b, arith::ExtUIOp::create(b, i32, keep), keepOffset(b, J));
    });
    ifThen(b, lengthsOk, [&](ImplicitLocOpBuilder &b) {
      Value count = maxI(b, subI(b, minI(b, d, nkb), one), zero);
      chooseGreedy(b, qbLocal, count, base, threshold);
    });
    gpu::BarrierOp::create(b);
    // Compaction in increasing J: thread t owns a chunk of blocks.
    Value chunk = ceilDivI(b, nkb, cIndex(b, g.threads()));
    Value lo = minI(b, mulI(b, tid, chunk), nkb);
    Value hi = minI(b, addI(b, lo, chunk), nkb);
    Value count =
        reduce(b, lo, hi, arith::ConstantOp::create(b, b.getI32IntegerAttr(0)),
               [&](ImplicitLocOpBuilder &b, Value J, Value n) {
                 return arith::AddIOp::create(
                     b, n, loadShared(b, i32, keepOffset(b, J)));
               });
    Value before, kept; // not a structured binding: the lambdas capture them
    std::tie(before, kept) = blockScan(b, count);
    Value first = arith::IndexCastOp::create(b, b.getIndexType(), before);
    Value h = head;
    Value selNum = memrefOf.lookup("selected_num_blocks");
    Value selIdx = memrefOf.lookup("selected_indices");
    reduce(b, lo, hi, first, [&](ImplicitLocOpBuilder &b, Value J, Value pos) {
      Value kept =
          cmpI(b, CmpIPredicate::ne,
               arith::IndexCastOp::create(b, b.getIndexType(),
                                          loadShared(b, i32, keepOffset(b, J))),
               zero);
      ifThen(b, kept, [&](ImplicitLocOpBuilder &b) {
        Value value = arith::IndexCastOp::create(b, i32, J);
        memref::StoreOp::create(b, value, indices,
                                ValueRange{seq.b, h, I, pos});
        if (selIdx)
          ifThen(b,
                 andB(b, cmpI(b, CmpIPredicate::slt, I, dim(b, selIdx, 2)),
                      cmpI(b, CmpIPredicate::slt, pos, dim(b, selIdx, 3))),
                 [&](ImplicitLocOpBuilder &b) {
                   memref::StoreOp::create(b, value, selIdx,
                                           ValueRange{seq.b, h, I, pos});
                 });
      });
      return lowering::select(b, kept, addI(b, pos, one), pos);
    });
    ifThen(b, cmpI(b, CmpIPredicate::eq, tid, zero),
           [&](ImplicitLocOpBuilder &b) {
             Value n = kept;
             memref::StoreOp::create(b, n, num, ValueRange{seq.b, h, I});
             if (selNum)
               ifThen(b, cmpI(b, CmpIPredicate::slt, I, dim(b, selNum, 2)),
                      [&](ImplicitLocOpBuilder &b) {
                        memref::StoreOp::create(b, n, selNum,
                                                ValueRange{seq.b, h, I});
                      });
           });
    // The next q-block reuses the scratch and the keep flags.
    gpu::BarrierOp::create(b);
  });
}

//===----------------------------------------------------------------------===//
// Host-side pieces
//===----------------------------------------------------------------------===//

FailureOr<XAttentionGeometry>
attnc::cuda::planXAttention(attn::AttentionOpInterface op, Type inputType) {
  auto x = cast<attn::XAttentionAttr>(op.getSparsityAttr());
  XAttentionGeometry g;
  g.block = x.getBlock();
  g.stride = x.getStride();
  g.per = g.block / g.stride;
  if (g.per != 2 && g.per != 4 && g.per != 8 && g.per != 16)
    return op->emitOpError("XAttention on the GPU needs block / stride of 2, "
                           "4, 8 or 16 strided rows, found ")
           << g.per;
  attn::AttentionShape shape = op.getAttentionShape();
  g.group = shape.numQHeads / shape.numKvHeads;
  g.headDim = shape.headDim;
  g.inputType = inputType;
  g.dPad = (g.headDim + 15) / 16 * 16;
  // 4 x 2 warps of 32 rows x 128 columns (16-bit inputs up to D = 128):
  // 32 mma per 10 ldmatrix, and each staged q row serves 256 columns. The
  // estimate is bound by what it reads from L2: against 128 x 128 tiles
  // this reads a quarter less and ran 6% faster at 64k (H100). Head dims
  // past 128 (past 64 for f32's wider tiles): 1 x 4 warps of 32 x 32, so
  // that two stages fit in shared memory; f32 up to 64: 4 x 2 warps of
  // 32 x 64 (its 3xTF32 products take twice the registers).
  bool wide = g.dPad * g.elementBytes() > 256;
  bool f32 = inputType.isF32();
  g.warps = wide ? 4 : 8;
  g.nTiles = wide ? 4 : f32 ? 8 : 16;
  g.columns = g.warps == 8 ? 2 * 8 * g.nTiles : 128;
  // f32 past D = 128: 1 x 2 warps over 64 columns.
  if (g.dPad * g.elementBytes() > 512) {
    g.warps = 2;
    g.columns = 64;
  }
  g.rows = 32 * (g.warps / g.warpsN());
  // Rows of 128 bytes per step for the 256-column tiles: two 55 KiB
  // stages leave room for W rows of L = 225k. (Finer steps, or three of
  // them, were no faster.)
  if (!wide && !f32 && g.dPad * g.elementBytes() > 128)
    g.dSplit = 2;
  // Skewed rows: ldmatrix's 8 rows (16-bit), the scalar f32 loads' lanes
  // (see multiplySplit) start in different banks.
  g.rowStride = g.dChunk() + (f32 ? 4 : 8);
  // Three steps in flight where they leave room for the W rows.
  g.stages = 3;
  if (g.fixedSharedBytes() > 128 * 1024)
    g.stages = 2;
  if (g.fixedSharedBytes() > 200 * 1024)
    return op->emitOpError("XAttention on the GPU needs ")
           << g.fixedSharedBytes()
           << " bytes of shared memory for its estimate, more than 200 KiB";
  // The greedy choice sorts up to the next power of two of the k-blocks
  // that W rows can hold, 8 bytes each, in the stage memory.
  int64_t maxKBlocks =
      (227 * 1024 - g.fixedSharedBytes()) / (4 * (g.qBlocks() + 1));
  int64_t sorted = 1;
  while (sorted < maxKBlocks)
    sorted *= 2;
  assert(8 * sorted <= g.stages * g.stageBytes() &&
         "the candidate sort does not fit in the stages");
  g.threshold = x.getThreshold().convertToDouble();
  g.denseTail = x.getDenseTail();
  return g;
}

static int64_t denseSeqDim(attn::DenseOp dense) {
  return dense.getLayout() == attn::DenseLayout::bnsd ? 2 : 1;
}

Value attnc::cuda::queryLengthBound(ImplicitLocOpBuilder &b,
                                    attn::AttentionOpInterface op,
                                    const llvm::StringMap<Value> &memrefOf) {
  Value q = memrefOf.lookup("q");
  if (auto dense = dyn_cast<attn::DenseOp>(op.getOperation()))
    return dim(b, q, denseSeqDim(dense));
  return dim(b, q, 0);
}

Value attnc::cuda::keyLengthBound(ImplicitLocOpBuilder &b,
                                  attn::AttentionOpInterface op,
                                  const llvm::StringMap<Value> &memrefOf) {
  if (auto dense = dyn_cast<attn::DenseOp>(op.getOperation()))
    return dim(b, memrefOf.lookup("k"), denseSeqDim(dense));
  if (auto paged = dyn_cast<attn::PagedOp>(op.getOperation()))
    return mulI(b, dim(b, memrefOf.lookup("block_table"), 1),
                cIndex(b, paged.getPageSize()));
  return dim(b, memrefOf.lookup("k"), 0);
}

Value attnc::cuda::xattentionSharedBytes(ImplicitLocOpBuilder &b,
                                         const XAttentionGeometry &g,
                                         Value maxKBlocks) {
  return addI(b, cIndex(b, g.fixedSharedBytes()),
              mulI(b, maxKBlocks, cIndex(b, 4 * (g.qBlocks() + 1))));
}

void attnc::cuda::emitXAttentionKernel(ImplicitLocOpBuilder &b,
                                       attn::AttentionOpInterface op,
                                       const XAttentionGeometry &g,
                                       const llvm::StringMap<Value> &memrefOf,
                                       Value num, Value indices, Value shared) {
  XAttentionKernel(op, g, memrefOf, num, indices, shared).emit(b);
}
