//===- TileCompute.cpp - work items, KV-block walk, online softmax --------===//
//
// Tile state per work item (R = blockQ x heads-per-unit rows):
//   Q [R, D]  queries pre-multiplied by the scale, f32
//   S [R, BK] scores, then probabilities, of the current KV block
//   Acc [R, Dv], M [R], L [R]  running output, max and sum
// For each visited block: S = rules(Q K^T); m' = max(m, rowmax S);
// P = exp(S - m'); L = L exp(m - m') + rowsum P; Acc = Acc exp(m - m') + P V.
// At the end out = Acc / L and lse = m + log L; rows with L = 0 give 0 and
// -inf. A row whose running max is still -inf contributes nothing, which
// keeps exp(-inf - -inf) = NaN out of the state.
//
//===----------------------------------------------------------------------===//

#include "TileCompute.h"

#include "OnlineSoftmax.h"

#include "LoweringUtils.h"
#include "SkipSoftmax.h"
#include "TileKernels.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
using arith::CmpFPredicate;
using arith::CmpIPredicate;

namespace {

/// Decode kernels prefetch the K or V rows this many rows ahead of those
/// they read (keys times the tile's kv heads; measured: 4 to 16 keys of 8
/// heads do equally well, fewer stall).
constexpr int64_t kPrefetchRows = 64;

} // namespace

TileLowering::TileLowering(attn::AttentionOpInterface op,
                           const llvm::StringMap<Value> &memrefOf,
                           ArrayRef<Value> captures,
                           const TileOptions &options)
    : op(op), memrefOf(memrefOf) {
  access = makeFamilyAccess(op, memrefOf);
  rules = std::make_unique<ScoreRules>(op, memrefOf, captures, *access);
  io = std::make_unique<ElementIO>(op, memrefOf, *access);
  shape = op.getAttentionShape();
  group = shape.numQHeads / shape.numKvHeads;
  blockMask = dyn_cast_or_null<attn::BlockMaskAttr>(op.getSparsityAttr());
  xattention = dyn_cast_or_null<attn::XAttentionAttr>(op.getSparsityAttr());
  if (blockMask) {
    listBq = blockMask.getBq();
    listBk = blockMask.getBk();
  } else if (xattention) {
    listBq = listBk = xattention.getBlock();
  }
  // A block mask with a head dim other than a static 1 may give each query
  // head its own block list: then a work item holds one head.
  bool perHeadLists = false;
  if (blockMask) {
    auto type = cast<MemRefType>(memrefOf.lookup("kv_num_blocks").getType());
    perHeadLists = type.getDimSize(1) != 1;
  }
  // XAttention selects blocks per query head.
  packedHeads = !perHeadLists && !xattention;
  headsPerUnit = packedHeads ? group : 1;
  // About `options.blockQ` query rows per tile, spread over the packed
  // heads; decode has one query per sequence.
  blockQ = std::max<int64_t>(1, options.blockQ / headsPerUnit);
  if (auto paged = dyn_cast<attn::PagedOp>(op.getOperation());
      paged && !paged.getCuSeqlensQ())
    blockQ = 1;
  blockK = options.blockK;
  if (listBq) {
    // A q-block of the tile must lie in one q-block of the block lists.
    blockQ = std::min(blockQ, listBq);
    while (listBq % blockQ != 0)
      --blockQ;
    blockK = listBk;
  }
  // Skip-softmax decides per SPEC tile (br queries of one head from query 0,
  // bc keys from key 0): the tile geometry follows it (decode sequences have
  // one query, their br = 1 tile).
  skipSoftmax = op.getSkipSoftmaxAttr();
  if (skipSoftmax) {
    blockQ = skipSoftmax.getBr();
    blockK = skipSoftmax.getBc();
  }
  vectorWidth = options.vectorWidth;
  chooseDecodeTile();
  rows = blockQ * headsPerUnit;
  auto roundUp = [&](int64_t x) {
    return (x + vectorWidth - 1) / vectorWidth * vectorWidth;
  };
  blockKPad = roundUp(blockK);
  rowsPad = roundUp(rows);
  headDimPad = roundUp(shape.headDim);
  headDimVPad = roundUp(shape.headDimV);
  // Few rows per kv head (decode) take the decode kernels: S st columns per
  // kv head (a power of two, at most W / 2), C = U S of them, rounded up to
  // a power of two below a vector (which then holds whole keys) or to whole
  // vectors.
  int64_t perHead = (int64_t)llvm::PowerOf2Ceil(rows / kvHeadsPerUnit);
  bool decodeKernels =
      llvm::isPowerOf2_64(vectorWidth) && 2 * perHead <= vectorWidth;
  rowsPerHead = decodeKernels ? perHead : rowsPad;
  scoreRows = decodeKernels && rows < vectorWidth
                  ? (int64_t)llvm::PowerOf2Ceil(rows)
                  : rowsPad;
  scale = op.getScale() ? op.getScale()->convertToDouble()
                        : 1.0 / std::sqrt((double)shape.headDim);
  walk = std::make_unique<BlockWalk>(op, memrefOf, blockK, listBq);
  // A decode tile of every kv head leaves one work item per sequence: its
  // keys are split over several (see SplitKv.cpp).
  splitKv = kvHeadsPerUnit > 1 && walk->isSingleRange();
}

/// A decode work item (one query of a sequence) reads each K and V row once
/// for the few query heads that share it, so it is bound by memory. Rows
/// read in memory order, every kv head of a key before the next key, stream
/// about twice as fast as one kv head's rows, which are a whole token apart
/// in token-major caches (measured, paged nhd). So a decode tile holds all
/// kv heads when their packed query heads fit the decode kernels (G a power
/// of two, at most W / 2) and K and V are read in place; its keys are split
/// over several work items instead (SplitKv.cpp).
void TileLowering::chooseDecodeTile() {
  kvHeadsPerUnit = 1;
  auto paged = dyn_cast<attn::PagedOp>(op.getOperation());
  bool decode = paged && !paged.getCuSeqlensQ(); // one query per sequence
  if (!decode || blockQ != 1 || !packedHeads || skipSoftmax || listBq ||
      !llvm::isPowerOf2_64(group) || 2 * group > vectorWidth ||
      !readsInPlace(/*isKey=*/true) || !readsInPlace(/*isKey=*/false))
    return;
  kvHeadsPerUnit = shape.numKvHeads;
  headsPerUnit = shape.numQHeads;
}

LogicalResult TileLowering::verifySupported() {
  if (xattention && skipSoftmax)
    return op->emitOpError("skip-softmax together with XAttention is not "
                           "lowered by attn-lower-to-loops yet");
  if (skipSoftmax && blockMask &&
      (skipSoftmax.getBc() != blockMask.getBk() ||
       blockMask.getBq() % skipSoftmax.getBr() != 0))
    return op->emitOpError("skip-softmax with a block mask needs bc = bk and "
                           "br dividing bq, found bc = ")
           << skipSoftmax.getBc() << ", bk = " << blockMask.getBk()
           << ", br = " << skipSoftmax.getBr()
           << ", bq = " << blockMask.getBq();
  return rules->verifyModifiers();
}

int64_t TileLowering::workspaceBytes() const {
  return 4 * (shape.headDim * rowsPad + rowsPad * headDimPad +
              blockKPad * headDimPad +
              blockKPad * scoreRows + blockKPad * headDimVPad +
              rowsPad * headDimVPad + 3 * rowsPad);
}

int64_t TileLowering::numUnits() const {
  return packedHeads ? shape.numKvHeads / kvHeadsPerUnit : shape.numQHeads;
}

TileLowering::Tiles
TileLowering::allocTiles(ImplicitLocOpBuilder &b,
                         SmallVectorImpl<Value> &buffers) {
  // Tiles are heap buffers of one work item: stack tiles inside a parallel
  // loop would grow the stack per iteration on lowering paths that do not
  // scope the loop body's allocas, and a malloc per work item costs nothing
  // next to its flops.
  auto tile = [&](ArrayRef<int64_t> dims) -> Value {
    buffers.push_back(memref::AllocOp::create(
        b, MemRefType::get(dims, b.getF32Type()), ValueRange{},
        b.getI64IntegerAttr(64)));
    return buffers.back();
  };
  return {tile({shape.headDim, rowsPad}),   tile({rowsPad, headDimPad}),
          tile({blockKPad, headDimPad}),    tile({blockKPad, scoreRows}),
          tile({blockKPad, headDimVPad}),   tile({rowsPad, headDimVPad}),
          tile({rowsPad}),                  tile({rowsPad}),
          tile({rowsPad})};
}

void TileLowering::emitWorkItems(ImplicitLocOpBuilder &b) {
  if (Value stats = memrefOf.lookup("skip_stats"))
    for (int64_t i = 0; i < 2; ++i)
      memref::StoreOp::create(
          b, arith::ConstantOp::create(b, b.getI64IntegerAttr(0)), stats,
          cIndex(b, i));
  Value numSeqs = access->numSequences(b);
  SmallVector<Value> selection;
  if (xattention) {
    selection = emitXAttentionSelection(b, numSeqs);
    walk->setSelection(memrefOf.lookup("xattention_num"),
                       memrefOf.lookup("xattention_indices"));
  }
  if (splitKv)
    return emitSplitWorkItems(b, numSeqs);
  Value bq = cIndex(b, blockQ);
  // Work items (sequence, head unit, q-block) run in parallel; the q-block
  // range is the longest sequence's, shorter sequences skip the rest.
  Value maxQBlocks = reduce(
      b, cIndex(b, 0), numSeqs, cIndex(b, 0),
      [&](ImplicitLocOpBuilder &b, Value s, Value acc) {
        return maxI(b, acc, ceilDivI(b, access->sequence(b, s).qLen, bq));
      });
  Value zero = cIndex(b, 0), one = cIndex(b, 1);
  scf::ParallelOp::create(
      b, ValueRange{zero, zero, zero},
      ValueRange{numSeqs, cIndex(b, numUnits()), maxQBlocks},
      ValueRange{one, one, one},
      [&](OpBuilder &nested, Location loc, ValueRange ivs) {
        ImplicitLocOpBuilder b(loc, nested);
        Sequence seq = access->sequence(b, ivs[0]);
        Value qBlock = ivs[2];
        Value live = cmpI(b, CmpIPredicate::slt, qBlock,
                          ceilDivI(b, seq.qLen, bq));
        ifThen(b, live, [&](ImplicitLocOpBuilder &b) {
          SmallVector<Value> buffers;
          Tiles tiles = allocTiles(b, buffers);
          emitWorkItem(b, seq, ivs[1], qBlock, tiles);
          for (Value buffer : buffers)
            memref::DeallocOp::create(b, buffer);
        });
      });
  for (Value buffer : selection)
    memref::DeallocOp::create(b, buffer);
}

Value TileLowering::headOfRow(ImplicitLocOpBuilder &b, const Item &item,
                              Value r) {
  if (headsPerUnit == 1)
    return item.unit;
  return addI(b, mulI(b, item.unit, cIndex(b, headsPerUnit)),
              floorDivI(b, r, cIndex(b, blockQ)));
}

Value TileLowering::queryOfRow(ImplicitLocOpBuilder &b, const Item &item,
                               Value r) {
  return addI(b, item.row0, remI(b, r, cIndex(b, blockQ)));
}

Value TileLowering::rowIsValid(ImplicitLocOpBuilder &b, const Item &item,
                               Value r) {
  return andB(b, cmpI(b, CmpIPredicate::slt, r, cIndex(b, rows)),
              cmpI(b, CmpIPredicate::slt, remI(b, r, cIndex(b, blockQ)),
                   item.numRows));
}

TileLowering::Item TileLowering::makeItem(ImplicitLocOpBuilder &b,
                                          const Sequence &seq, Value unit,
                                          Value qBlock, const Tiles &tiles) {
  Item item;
  item.seq = seq;
  item.unit = unit;
  item.qBlock = qBlock;
  item.row0 = mulI(b, qBlock, cIndex(b, blockQ));
  item.numRows = minI(b, cIndex(b, blockQ), subI(b, seq.qLen, item.row0));
  item.tiles = tiles;
  return item;
}

void TileLowering::emitWorkItem(ImplicitLocOpBuilder &b, const Sequence &seq,
                                Value unit, Value qBlock, const Tiles &tiles) {
  Item item = makeItem(b, seq, unit, qBlock, tiles);
  startItem(b, item);
  WalkItem walkItem{seq, item.unit, item.row0, item.numRows};
  walk->emit(b, walkItem,
             [&](ImplicitLocOpBuilder &b, Value block, bool fullBlock) {
               emitBlock(b, item, block, fullBlock);
             });
  emitFinalize(b, item);
}

void TileLowering::startItem(ImplicitLocOpBuilder &nb, const Item &item) {
  const Sequence &seq = item.seq;
  const Tiles &t = item.tiles;

  Value q = memrefOf.lookup("q");
  forEach(nb, rowsPad, [&](ImplicitLocOpBuilder &b, Value r) {
    memref::StoreOp::create(b, cF32(b, kNegInf), t.m, r);
    memref::StoreOp::create(b, cF32(b, 0.0), t.l, r);
    forEach(b, headDimVPad, [&](ImplicitLocOpBuilder &b, Value dv) {
      memref::StoreOp::create(b, cF32(b, 0.0), t.acc, ValueRange{r, dv});
    });
    // The queries, scaled, transposed (qt[d, r]) and not (qr[r, d]).
    // Padding rows and the padding columns of qr are zero.
    forEach(b, cIndex(b, shape.headDim), cIndex(b, headDimPad),
            [&](ImplicitLocOpBuilder &b, Value d) {
              memref::StoreOp::create(b, cF32(b, 0.0), t.qr, ValueRange{r, d});
            });
    Value valid = rowIsValid(b, item, r);
    Value h = headOfRow(b, item, r), i = queryOfRow(b, item, r);
    scf::IfOp::create(
        b, valid,
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder b(loc, nested);
          RowRef row = access->queryRow(b, seq, i, h, shape.headDim);
          forEach(b, shape.headDim, [&](ImplicitLocOpBuilder &b, Value d) {
            SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
            index.push_back(addI(b, row.offset, d));
            Value x = toF32(b, memref::LoadOp::create(b, q, index));
            Value scaled = mulF(b, x, cF32(b, scale));
            memref::StoreOp::create(b, scaled, t.qt, ValueRange{d, r});
            memref::StoreOp::create(b, scaled, t.qr, ValueRange{r, d});
          });
          scf::YieldOp::create(b);
        },
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder b(loc, nested);
          forEach(b, shape.headDim, [&](ImplicitLocOpBuilder &b, Value d) {
            memref::StoreOp::create(b, cF32(b, 0.0), t.qt, ValueRange{d, r});
            memref::StoreOp::create(b, cF32(b, 0.0), t.qr, ValueRange{r, d});
          });
          scf::YieldOp::create(b);
        });
  });
  // Staged keys' padding columns stay zero for every block.
  forEach(nb, blockKPad, [&](ImplicitLocOpBuilder &b, Value jj) {
    forEach(b, cIndex(b, shape.headDim), cIndex(b, headDimPad),
            [&](ImplicitLocOpBuilder &b, Value d) {
              memref::StoreOp::create(b, cF32(b, 0.0), t.ks, ValueRange{jj, d});
            });
    // The softmax of a packed st also reads its padding columns, which the
    // kernels do not always write: start them finite.
    forEach(b, scoreRows, [&](ImplicitLocOpBuilder &b, Value r) {
      memref::StoreOp::create(b, cF32(b, 0.0), t.st, ValueRange{jj, r});
    });
  });
}

/// SPEC §5.4 on this block, for each packed head: the block is visited if a
/// valid row sees a key in it, and skipped if every such row's block max
/// lies below its running max plus ln(lambda). A skipped head's scores
/// become -inf, which leaves its softmax state untouched (no exp, no PV
/// contribution). The counts go to the skip_stats result atomically.
Value TileLowering::emitSkipDecision(ImplicitLocOpBuilder &b,
                                     const Item &item, Value n) {
  Value allSkipped = cBool(b, true);
  const Tiles &t = item.tiles;
  Value negInf = cF32(b, kNegInf);
  Value logLambda = math::LogOp::create(b, skipThreshold(b, skipSoftmax,
                                                         item.seq));
  Value stats = memrefOf.lookup("skip_stats");
  Type i64 = b.getI64Type();
  for (int64_t g = 0; g < headsPerUnit; ++g) {
    Value first = cIndex(b, g * blockQ), last = cIndex(b, (g + 1) * blockQ);
    // (seen by some valid row, every valid seeing row below threshold)
    Value seen = cBool(b, false), below = cBool(b, true);
    auto loop = scf::ForOp::create(
        b, first, last, cIndex(b, 1), ValueRange{seen, below},
        [&](OpBuilder &nested, Location loc, Value r, ValueRange acc) {
          ImplicitLocOpBuilder b(loc, nested);
          Value rowMax = reduce(
              b, cIndex(b, 0), n, negInf,
              [&](ImplicitLocOpBuilder &b, Value jj, Value m) {
                return maxF(b, m, memref::LoadOp::create(b, t.st,
                                                         ValueRange{jj, r}));
              });
          Value valid = rowIsValid(b, item, r);
          Value sees = andB(b, valid, cmpF(b, CmpFPredicate::UNE, rowMax,
                                           negInf));
          Value m = memref::LoadOp::create(b, t.m, r);
          Value small = cmpF(b, CmpFPredicate::OLT, rowMax,
                             addF(b, m, logLambda));
          Value ok = orB(b, arith::XOrIOp::create(b, sees, cBool(b, true)),
                         small);
          scf::YieldOp::create(b, ValueRange{orB(b, acc[0], sees),
                                             andB(b, acc[1], ok)});
        });
    Value visited = loop.getResult(0);
    Value skipped = andB(b, visited, loop.getResult(1));
    // A head that sees nothing here needs no work either.
    allSkipped = andB(b, allSkipped,
                      orB(b, skipped, arith::XOrIOp::create(
                                          b, visited, cBool(b, true))));
    ifThen(b, skipped, [&](ImplicitLocOpBuilder &b) {
      forEach(b, first, last, [&](ImplicitLocOpBuilder &b, Value r) {
        forEach(b, blockKPad, [&](ImplicitLocOpBuilder &b, Value jj) {
          memref::StoreOp::create(b, negInf, t.st, ValueRange{jj, r});
        });
      });
    });
    if (!stats)
      continue;
    auto count = [&](Value flag, int64_t slot) {
      Value one = arith::ExtUIOp::create(b, i64, flag);
      memref::AtomicRMWOp::create(b, arith::AtomicRMWKind::addi, one, stats,
                                  ValueRange{cIndex(b, slot)});
    };
    count(skipped, 0);
    count(visited, 1);
  }
  return allSkipped;
}

/// Prefetches the K or V row one block ahead of key j (clamped to the last
/// key, so a page-table lookup never leaves the used entries): the next
/// block's rows are then in flight while this block computes.
void TileLowering::prefetchNextBlock(ImplicitLocOpBuilder &b,
                                     const Item &item, bool isKey, Value j,
                                     Value hkv) {
  Value memref = io->kvMemref(isKey);
  auto type = cast<MemRefType>(memref.getType());
  int64_t dim = isKey ? shape.headDim : shape.headDimV;
  int64_t bytes = std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
  int64_t lineElements = std::max<int64_t>(1, 64 / bytes);
  Value last = subI(b, item.seq.kLen, cIndex(b, 1));
  Value next = minI(b, addI(b, j, cIndex(b, 2 * blockK)), last);
  RowRef row = access->keyRow(b, item.seq, next, hkv, dim);
  for (int64_t d = 0; d < dim; d += lineElements) {
    SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
    index.push_back(addI(b, row.offset, cIndex(b, d)));
    memref::PrefetchOp::create(b, memref, index, /*isWrite=*/false,
                               /*localityHint=*/3, /*isDataCache=*/true);
  }
}

/// Stages keys [j0, j0 + n) into ks[jj, d]; rows past the sequence are zero
/// and never read from memory.
void TileLowering::stageKeys(ImplicitLocOpBuilder &b, const Item &item,
                             Value j0, Value n, Value hkv) {
  const Tiles &t = item.tiles;
  Value zeroF = cF32(b, 0.0);
  forEach(b, blockKPad, [&](ImplicitLocOpBuilder &b, Value jj) {
    Value live = cmpI(b, CmpIPredicate::slt, jj, n);
    scf::IfOp::create(
        b, live,
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder b(loc, nested);
          Value j = addI(b, j0, jj);
          prefetchNextBlock(b, item, /*isKey=*/true, j, hkv);
          RowRef keyRow = access->keyRow(b, item.seq, j, hkv, shape.headDim);
          forEach(b, shape.headDim, [&](ImplicitLocOpBuilder &b, Value d) {
            Value k = io->loadKv(b, item.seq, /*isKey=*/true, keyRow, j, hkv,
                                 d);
            memref::StoreOp::create(b, k, t.ks, ValueRange{jj, d});
          });
          scf::YieldOp::create(b);
        },
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder b(loc, nested);
          forEach(b, shape.headDim, [&](ImplicitLocOpBuilder &b, Value d) {
            memref::StoreOp::create(b, zeroF, t.ks, ValueRange{jj, d});
          });
          scf::YieldOp::create(b);
        });
  });
}

/// Stages values [j0, j0 + n) into vs[jj, dv], noting whether any is NaN
/// or infinite (v - v is NaN for those alone).
Value TileLowering::stageValues(ImplicitLocOpBuilder &b, const Item &item,
                                Value j0, Value n, Value hkv) {
  const Tiles &t = item.tiles;
  Value zero = cIndex(b, 0);
  return reduce(
      b, zero, n, cBool(b, false),
      [&](ImplicitLocOpBuilder &b, Value jj, Value acc) {
        Value j = addI(b, j0, jj);
        prefetchNextBlock(b, item, /*isKey=*/false, j, hkv);
        RowRef valueRow = access->keyRow(b, item.seq, j, hkv, shape.headDimV);
        return reduce(b, zero, cIndex(b, shape.headDimV), acc,
                      [&](ImplicitLocOpBuilder &b, Value dv, Value acc) {
                        Value v = io->loadKv(b, item.seq, /*isKey=*/false,
                                             valueRow, j, hkv, dv);
                        memref::StoreOp::create(b, v, t.vs,
                                                ValueRange{jj, dv});
                        Value d = arith::SubFOp::create(b, v, v);
                        return orB(b, acc,
                                   cmpF(b, CmpFPredicate::UNO, d, d));
                      });
      });
}

bool TileLowering::readsInPlace(bool isKey) const {
  auto type = cast<MemRefType>(io->kvMemref(isKey).getType());
  Type element = type.getElementType();
  if (io->isQuantized(isKey)) // int8 or fp8, dequantised in registers
    return (element.isSignlessInteger(8) ||
            isa<Float8E4M3FNType, Float8E5M2Type>(element)) &&
           type.getLayout().isIdentity();
  return (element.isF32() || element.isF16() || element.isBF16()) &&
         type.getLayout().isIdentity();
}

void TileLowering::withRowSource(
    ImplicitLocOpBuilder &b, const Item &item, bool isKey, Value j0, Value n,
    Value hkv, llvm::function_ref<void(const RowSource &)> use) {
  int64_t length = isKey ? shape.headDim : shape.headDimV;
  if (!readsInPlace(isKey)) {
    // Other rows (strided layouts) are staged (dequantised) into f32 tiles
    // first (a tile of one kv head: see chooseDecodeTile).
    if (isKey)
      stageKeys(b, item, j0, n, hkv);
    else
      stageValues(b, item, j0, n, hkv);
    auto tileRow = [&](ImplicitLocOpBuilder &b, Value jj, Value) {
      return SmallVector<Value>{jj, cIndex(b, 0)};
    };
    use({isKey ? item.tiles.ks : item.tiles.vs, length, tileRow, nullptr});
    return;
  }
  // The row of key j of the sequence and kv head hkv + u.
  auto rowOf = [&](ImplicitLocOpBuilder &b, Value j, Value u) {
    RowRef row = access->keyRow(b, item.seq, j, addI(b, hkv, u), length);
    SmallVector<Value> start(row.prefix.begin(), row.prefix.end());
    start.push_back(row.offset);
    return start;
  };
  auto cacheRow = [&](ImplicitLocOpBuilder &b, Value jj, Value u) {
    return rowOf(b, addI(b, j0, jj), u);
  };
  // Prefetches stay in the sequence, so the page table lookup reads a used
  // entry.
  Value aheadKeys = cIndex(b, kPrefetchRows / kvHeadsPerUnit);
  Value lastKey = subI(b, item.seq.kLen, cIndex(b, 1));
  auto ahead = [&](ImplicitLocOpBuilder &b, Value jj, Value u) {
    return rowOf(b, minI(b, addI(b, addI(b, j0, jj), aheadKeys), lastKey), u);
  };
  // int8 and fp8 rows: (x - offset) scale in registers, scales per tensor,
  // channel (of kv head hkv + u) or token (key j0 + jj).
  auto dequant = [&](ImplicitLocOpBuilder &b, Value x, Value jj, Value u,
                     int64_t col) {
    return io->dequantizeVector(b, item.seq, isKey, x, addI(b, j0, jj),
                                addI(b, hkv, u), col, length);
  };
  RowSource source{io->kvMemref(isKey), length, cacheRow, ahead};
  if (io->isQuantized(isKey))
    source.dequant = dequant;
  use(source);
}

void TileLowering::emitBlock(ImplicitLocOpBuilder &b, const Item &item,
                             Value block, bool fullBlock) {
  const Sequence &seq = item.seq;
  const Tiles &t = item.tiles;
  Value j0 = mulI(b, block, cIndex(b, blockK));
  Value n = minI(b, cIndex(b, blockK), subI(b, seq.kLen, j0));
  // The tile's (first) kv head.
  Value hkv = packedHeads
                  ? mulI(b, item.unit, cIndex(b, kvHeadsPerUnit))
                  : floorDivI(b, item.unit, cIndex(b, group));
  Value negInf = cF32(b, kNegInf);
  TileShape tileShape{rows,        rowsPad,        shape.headDim,
                      headDimPad,  blockKPad,      headDimVPad,
                      vectorWidth, scoreRows,      kvHeadsPerUnit,
                      rowsPerHead};
  TileBuffers buffers{t.qt, t.qr, t.ks, t.st, t.vs, t.acc, t.m, t.l, t.alpha};

  if (tileShape.isDecode()) {
    withRowSource(b, item, /*isKey=*/true, j0, n, hkv,
                  [&](const RowSource &keys) {
                    emitDecodeScores(b, tileShape, buffers, keys, n);
                  });
  } else {
    stageKeys(b, item, j0, n, hkv);
    emitScoreMatmul(b, tileShape, buffers);
  }

  // The score rules of SPEC §2 on every live score of the tile's real rows;
  // keys past the sequence and invalid rows become -inf. (Padding rows keep
  // the zero scores of their zero queries: they are never stored.)
  auto perElementRules = [&](ImplicitLocOpBuilder &b) {
    forEach(b, rows, [&](ImplicitLocOpBuilder &b, Value r) {
      Value valid = rowIsValid(b, item, r);
      QueryRow row = rules->queryRow(b, seq, headOfRow(b, item, r),
                                     queryOfRow(b, item, r));
      forEach(b, blockKPad, [&](ImplicitLocOpBuilder &b, Value jj) {
        Value live = andB(b, valid, cmpI(b, CmpIPredicate::slt, jj, n));
        Value dot = memref::LoadOp::create(b, t.st, ValueRange{jj, r});
        auto ifOp = scf::IfOp::create(
            b, live,
            [&](OpBuilder &nested, Location loc) {
              ImplicitLocOpBuilder b(loc, nested);
              Value s = rules->score(b, seq, row, addI(b, j0, jj), dot,
                                     fullBlock);
              scf::YieldOp::create(b, s);
            },
            [&](OpBuilder &nested, Location loc) {
              ImplicitLocOpBuilder b(loc, nested);
              scf::YieldOp::create(b, negInf);
            });
        memref::StoreOp::create(b, ifOp.getResult(0), t.st,
                                ValueRange{jj, r});
      });
    });
  };
  if (rules->hasScoreRules()) {
    perElementRules(b);
  } else {
    // A full block (masks applied only on partial blocks) needs only its
    // keys past the sequence cut off.
    Value pFirst = addI(b, item.row0, subI(b, seq.kLen, seq.qLen));
    Value pLast = subI(b, addI(b, pFirst, item.numRows), cIndex(b, 1));
    Value jLast = subI(b, addI(b, j0, n), cIndex(b, 1));
    Value full = rules->blockIsFull(b, pFirst, pLast, j0, jLast, fullBlock);
    scf::IfOp::create(
        b, full,
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder b(loc, nested);
          forEach(b, rows, [&](ImplicitLocOpBuilder &b, Value r) {
            forEach(b, n, cIndex(b, blockKPad),
                    [&](ImplicitLocOpBuilder &b, Value jj) {
                      memref::StoreOp::create(b, negInf, t.st,
                                              ValueRange{jj, r});
                    });
          });
          scf::YieldOp::create(b);
        },
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder b(loc, nested);
          perElementRules(b);
          scf::YieldOp::create(b);
        });
  }

  // With skip-softmax, a block every packed head skips costs no exp, no V
  // read and no value product (SPEC §5.4).
  Value process = skipSoftmax
                      ? arith::XOrIOp::create(b, emitSkipDecision(b, item, n),
                                              cBool(b, true))
                      : cBool(b, true);
  ifThen(b, process, [&](ImplicitLocOpBuilder &b) {
    emitSoftmaxAndValues(b, item, tileShape, buffers, n, j0, hkv);
  });
}

void TileLowering::emitSoftmaxAndValues(ImplicitLocOpBuilder &b,
                                        const Item &item,
                                        const TileShape &tileShape,
                                        const TileBuffers &buffers, Value n,
                                        Value j0, Value hkv) {
  emitSoftmaxUpdate(b, tileShape, buffers);
  if (tileShape.isDecode()) {
    withRowSource(b, item, /*isKey=*/false, j0, n, hkv,
                  [&](const RowSource &values) {
                    emitDecodeValues(b, tileShape, buffers, values, n);
                  });
    return;
  }
  // A block holding a NaN or an infinity takes the value product where a
  // zero probability adds 0.
  Value anyNonFinite = stageValues(b, item, j0, n, hkv);
  ifThenElse(
      b, anyNonFinite,
      [&](ImplicitLocOpBuilder &b) {
        emitValueMatmul(b, tileShape, buffers, n, /*nanSafe=*/true);
      },
      [&](ImplicitLocOpBuilder &b) {
        emitValueMatmul(b, tileShape, buffers, n, /*nanSafe=*/false);
      });
}

void TileLowering::emitFinalize(ImplicitLocOpBuilder &b, const Item &item) {
  const Tiles &t = item.tiles;
  Value out = memrefOf.lookup("out"), lse = memrefOf.lookup("lse");
  forEach(b, rowsPad, [&](ImplicitLocOpBuilder &b, Value r) {
    ifThen(b, rowIsValid(b, item, r), [&](ImplicitLocOpBuilder &b) {
      Value h = headOfRow(b, item, r), i = queryOfRow(b, item, r);
      Value l = memref::LoadOp::create(b, t.l, r);
      Value empty = cmpF(b, CmpFPredicate::OEQ, l, cF32(b, 0.0));
      Value inv = divF(b, cF32(b, 1.0), l);
      RowRef row = access->queryRow(b, item.seq, i, h, shape.headDimV);
      forEach(b, shape.headDimV, [&](ImplicitLocOpBuilder &b, Value dv) {
        Value a = memref::LoadOp::create(b, t.acc, ValueRange{r, dv});
        Value o = select(b, empty, cF32(b, 0.0), mulF(b, a, inv));
        Value stored = io->encodeOutput(b, o, h, dv);
        SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
        index.push_back(addI(b, row.offset, dv));
        memref::StoreOp::create(b, stored, out, index);
      });
      if (lse) {
        Value m = memref::LoadOp::create(b, t.m, r);
        Value value = select(b, empty, cF32(b, kNegInf),
                             addF(b, m, math::LogOp::create(b, l)));
        memref::StoreOp::create(b, value, lse,
                                access->lseIndex(b, item.seq, i, h));
      }
    });
  });
}
