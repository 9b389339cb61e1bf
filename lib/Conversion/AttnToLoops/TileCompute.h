//===- TileCompute.h - work items, block walk, online softmax ---*- C++ -*-===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILECOMPUTE_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILECOMPUTE_H

#include "BlockWalk.h"
#include "ElementIO.h"
#include "FamilyAccess.h"
#include "ScoreRules.h"
#include "TileKernels.h"

namespace attnc::lowering {

struct TileOptions {
  /// Query rows per tile, over the packed heads.
  int64_t blockQ = 64;
  int64_t blockK = 64;
  /// f32 lanes of the target's vectors (16: AVX-512, 8: AVX2).
  int64_t vectorWidth = 16;
};

/// Emits the loops of one attention op in the block-sparse form of
/// DESIGN.md: for each (sequence, head unit, q-block), walk a list of KV
/// blocks and fold each into an online-softmax state kept in stack tiles.
class TileLowering {
public:
  TileLowering(attn::AttentionOpInterface op,
               const llvm::StringMap<Value> &memrefOf,
               llvm::ArrayRef<Value> captures, const TileOptions &options);

  /// Diagnoses options this lowering does not handle yet.
  mlir::LogicalResult verifySupported();
  /// Bytes of stack tiles one work item uses.
  int64_t workspaceBytes() const;
  /// Emits every work item at the builder.
  void emitWorkItems(ImplicitLocOpBuilder &b);

private:
  /// f32 tiles (R = rowsPad): qt [D, R] (scaled queries, transposed),
  /// qr [R, Dpad] (the same, row-major), ks [BKpad, Dpad] (staged keys),
  /// st [BKpad, scoreRows] (scores, then probabilities), vs [BKpad, DvPad]
  /// (staged values), acc [R, DvPad], m, l, alpha [R] (running max, running
  /// sum, last rescale factor).
  struct Tiles {
    Value qt, qr, ks, st, vs, acc, m, l, alpha;
  };
  /// Per work item.
  struct Item {
    Sequence seq;
    Value unit;   // kv head (packed) or query head
    Value qBlock; // q-block index
    Value row0;   // first query index of the q-block
    Value numRows; // valid queries of the block (per head)
    Tiles tiles;
  };

  /// Work items in parallel over (sequence, head unit), or its head.
  int64_t numUnits() const;
  /// Heap tiles of one work item; `buffers` collects them to free.
  Tiles allocTiles(ImplicitLocOpBuilder &b,
                   llvm::SmallVectorImpl<Value> &buffers);
  Item makeItem(ImplicitLocOpBuilder &b, const Sequence &seq, Value unit,
                Value qBlock, const Tiles &tiles);
  /// The empty state of a work item, with its queries loaded.
  void startItem(ImplicitLocOpBuilder &b, const Item &item);
  void emitWorkItem(ImplicitLocOpBuilder &b, const Sequence &seq, Value unit,
                    Value qBlock, const Tiles &tiles);

  /// Split-KV decode (SplitKv.cpp): the key blocks of each sequence are
  /// split into ranges, each a work item that leaves its unnormalised state
  /// (acc, m, l) in `Partials`; a second parallel loop combines them.
  struct Partials {
    Value acc;           // [B, units, splits, R, DvPad]
    Value ml;            // [B, units, splits, 2, R]: m, then l
    Value numSplits;     // splits per sequence
    Value blocksPerSplit;
  };
  void emitSplitWorkItems(ImplicitLocOpBuilder &b, Value numSeqs);
  Partials allocPartials(ImplicitLocOpBuilder &b, Value numSeqs);
  void emitSplit(ImplicitLocOpBuilder &b, const Item &item,
                 const Partials &partials, Value split);
  void emitCombine(ImplicitLocOpBuilder &b, const Item &item,
                   const Partials &partials);
  /// Folds KV block `block` (keys [block*BK, ...)) into the tile state.
  void emitBlock(ImplicitLocOpBuilder &b, const Item &item, Value block,
                 bool fullBlock);
  void emitFinalize(ImplicitLocOpBuilder &b, const Item &item);
  void prefetchNextBlock(ImplicitLocOpBuilder &b, const Item &item,
                         bool isKey, Value j, Value hkv);
  /// Copies the block's keys, dequantised, into ks (zero past the sequence).
  void stageKeys(ImplicitLocOpBuilder &b, const Item &item, Value j0, Value n,
                 Value hkv);
  /// Copies the block's values, dequantised, into vs; returns i1: any NaN.
  Value stageValues(ImplicitLocOpBuilder &b, const Item &item, Value j0,
                    Value n, Value hkv);
  /// Whether decode kernels read K or V rows where they are: unquantised
  /// f32, f16 or bf16 with contiguous rows.
  bool readsInPlace(bool isKey) const;
  /// Calls `use` with the block's K or V rows for the decode kernels: in
  /// place, prefetching ahead, or staged into ks/vs first.
  void withRowSource(ImplicitLocOpBuilder &b, const Item &item, bool isKey,
                     Value j0, Value n, Value hkv,
                     llvm::function_ref<void(const RowSource &)> use);
  /// XAttention (XAttention.cpp): the selection phase before the
  /// attention; fills the block lists the walk reads and the `selected`
  /// results. Returns the lists, to free at the end.
  llvm::SmallVector<Value> emitXAttentionSelection(ImplicitLocOpBuilder &b,
                                                   Value numSeqs);
  struct XEstimate;
  XEstimate xEstimateGeometry() const;
  /// W rows (f64, [q-blocks of the item, nkb]) of one work item's q-blocks
  /// from `firstQBlock` on.
  void emitXAttentionEstimate(ImplicitLocOpBuilder &b, const XEstimate &x,
                              const Sequence &seq, Value h, Value firstQBlock,
                              Value w, Value nkb);
  /// Copies key j of kv head hkv, dequantised to f32, to `dst` from
  /// `dstStart` on (zero past the sequence).
  void stageKeyRow(ImplicitLocOpBuilder &b, const Sequence &seq, Value j,
                   Value hkv, Value dst, llvm::ArrayRef<Value> dstStart);
  void emitSelectedResults(ImplicitLocOpBuilder &b, Value num, Value idx);
  /// Applies the skip-softmax decision to the block's scores; returns i1:
  /// every packed head skipped the block (or saw nothing in it).
  Value emitSkipDecision(ImplicitLocOpBuilder &b, const Item &item, Value n);
  void emitSoftmaxAndValues(ImplicitLocOpBuilder &b, const Item &item,
                            const TileShape &tileShape,
                            const TileBuffers &buffers, Value n, Value j0,
                            Value hkv);

  /// Widens decode tiles to every kv head where the decode kernels can.
  void chooseDecodeTile();

  /// Query head and index of tile row r.
  Value headOfRow(ImplicitLocOpBuilder &b, const Item &item, Value r);
  Value queryOfRow(ImplicitLocOpBuilder &b, const Item &item, Value r);
  Value rowIsValid(ImplicitLocOpBuilder &b, const Item &item, Value r);

  attn::AttentionOpInterface op;
  llvm::StringMap<Value> memrefOf;
  std::unique_ptr<FamilyAccess> access;
  std::unique_ptr<ScoreRules> rules;
  std::unique_ptr<ElementIO> io;
  std::unique_ptr<BlockWalk> walk;
  attn::AttentionShape shape;
  int64_t group;      // Hq / Hkv
  /// Whether a unit holds whole kv heads with their packed query heads
  /// (else one query head).
  bool packedHeads;
  int64_t kvHeadsPerUnit; // U: kv heads of a packed unit
  bool splitKv;           // split each sequence's keys over work items
  int64_t headsPerUnit;   // query heads of a unit: U group, or 1
  int64_t blockQ, blockK;
  int64_t rows;       // blockQ * headsPerUnit
  int64_t vectorWidth;
  int64_t blockKPad;   // blockK rounded up to the vector width
  int64_t rowsPad;     // rows rounded up to the vector width
  int64_t headDimPad;  // D rounded up to the vector width
  int64_t headDimVPad; // Dv rounded up to the vector width
  /// Columns of st, and of each kv head in decode tiles (see TileShape).
  int64_t scoreRows, rowsPerHead;
  double scale;
  attn::BlockMaskAttr blockMask;
  attn::SkipSoftmaxAttr skipSoftmax;
  attn::XAttentionAttr xattention;
  /// Geometry of block lists (block mask or XAttention selection), 0 if none.
  int64_t listBq = 0, listBk = 0;
};

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILECOMPUTE_H
