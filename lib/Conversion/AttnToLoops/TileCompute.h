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
  /// qr [R, Dpad] (the same, row-major), ks [BKpad, Dpad] (staged keys), st [BKpad, R] (scores, then
  /// probabilities), vs [BKpad, DvPad] (staged values), acc [R, DvPad],
  /// m, l, alpha [R] (running max, running sum, last rescale factor).
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

  void emitWorkItem(ImplicitLocOpBuilder &b, const Sequence &seq, Value unit,
                    Value qBlock, const Tiles &tiles);
  /// Folds KV block `block` (keys [block*BK, ...)) into the tile state.
  void emitBlock(ImplicitLocOpBuilder &b, const Item &item, Value block,
                 bool fullBlock);
  void emitFinalize(ImplicitLocOpBuilder &b, const Item &item);
  void prefetchNextBlock(ImplicitLocOpBuilder &b, const Item &item,
                         bool isKey, Value j, Value hkv);
  llvm::SmallVector<Value> emitXAttentionSelection(ImplicitLocOpBuilder &b,
                                                   Value numSeqs);
  /// Applies the skip-softmax decision to the block's scores; returns i1:
  /// every packed head skipped the block (or saw nothing in it).
  Value emitSkipDecision(ImplicitLocOpBuilder &b, const Item &item, Value n);
  void emitSoftmaxAndValues(ImplicitLocOpBuilder &b, const Item &item,
                            const TileShape &tileShape,
                            const TileBuffers &buffers, Value n, Value j0,
                            Value hkv);

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
  int64_t headsPerUnit; // group when packed, else 1
  int64_t blockQ, blockK;
  int64_t rows;       // blockQ * headsPerUnit
  int64_t vectorWidth;
  int64_t blockKPad;   // blockK rounded up to the vector width
  int64_t rowsPad;     // rows rounded up to the vector width
  int64_t headDimPad;  // D rounded up to the vector width
  int64_t headDimVPad; // Dv rounded up to the vector width
  double scale;
  attn::BlockMaskAttr blockMask;
  attn::SkipSoftmaxAttr skipSoftmax;
  attn::XAttentionAttr xattention;
  /// Geometry of block lists (block mask or XAttention selection), 0 if none.
  int64_t listBq = 0, listBk = 0;
};

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_TILECOMPUTE_H
