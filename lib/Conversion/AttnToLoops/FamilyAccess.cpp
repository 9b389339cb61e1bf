//===- FamilyAccess.cpp - varlen, paged and dense token addressing --------===//

#include "FamilyAccess.h"

#include "LoweringUtils.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;

namespace {

/// Packed [T, H, D] rows: row t of head h.
RowRef packedRow(ImplicitLocOpBuilder &b, Value t, Value h) {
  return {{t, h}, cIndex(b, 0)};
}

/// Sum over sequences of ceil(len_s / bq) <= ceil(T / bq) + S for T packed
/// query rows in S sequences.
Value packedQBlockSlots(ImplicitLocOpBuilder &b, Value q, Value numSeqs,
                        int64_t blockQ) {
  return addI(b, ceilDivI(b, dim(b, q, 0), cIndex(b, blockQ)), numSeqs);
}

class VarlenAccess : public FamilyAccess {
public:
  VarlenAccess(Value q, Value cuQ, Value cuK) : q(q), cuQ(cuQ), cuK(cuK) {}
  Value qBlockSlots(ImplicitLocOpBuilder &b, int64_t blockQ) override {
    return packedQBlockSlots(b, q, numSequences(b), blockQ);
  }

  Value numSequences(ImplicitLocOpBuilder &b) override {
    return subI(b, dim(b, cuQ, 0), cIndex(b, 1));
  }
  Sequence sequence(ImplicitLocOpBuilder &b, Value s) override {
    Value next = addI(b, s, cIndex(b, 1));
    Value q0 = loadIndex(b, cuQ, s), q1 = loadIndex(b, cuQ, next);
    Value k0 = loadIndex(b, cuK, s), k1 = loadIndex(b, cuK, next);
    return {s, subI(b, q1, q0), subI(b, k1, k0), q0, k0};
  }
  RowRef queryRow(ImplicitLocOpBuilder &b, const Sequence &s, Value i, Value h,
                  int64_t) override {
    return packedRow(b, addI(b, s.qBase, i), h);
  }
  RowRef keyRow(ImplicitLocOpBuilder &b, const Sequence &s, Value j, Value hkv,
                int64_t) override {
    return packedRow(b, addI(b, s.kBase, j), hkv);
  }
  SmallVector<Value> lseIndex(ImplicitLocOpBuilder &b, const Sequence &s,
                              Value i, Value h) override {
    return {h, addI(b, s.qBase, i)};
  }
  SmallVector<Value> tokenScaleIndex(ImplicitLocOpBuilder &b,
                                     const Sequence &s, Value j) override {
    return {addI(b, s.kBase, j)};
  }
  Value biasKeyColumn(ImplicitLocOpBuilder &, const Sequence &,
                      Value j) override {
    return j;
  }
  int64_t keyTokenDim() const override { return 0; } // [T, Hkv, D]
  int64_t queryTokenDim() const override { return 0; } // [T, Hq, D]

private:
  Value q, cuQ, cuK;
};

class PagedAccess : public FamilyAccess {
public:
  PagedAccess(attn::CacheLayout layout, int64_t pageSize, Value q,
              Value blockTable, Value contextLens, Value cuQ)
      : layout(layout), pageSize(pageSize), q(q), blockTable(blockTable),
        contextLens(contextLens), cuQ(cuQ) {}
  Value qBlockSlots(ImplicitLocOpBuilder &b, int64_t blockQ) override {
    if (!cuQ) // decode: one query per sequence
      return numSequences(b);
    return packedQBlockSlots(b, q, numSequences(b), blockQ);
  }

  Value numSequences(ImplicitLocOpBuilder &b) override {
    return dim(b, blockTable, 0);
  }
  Sequence sequence(ImplicitLocOpBuilder &b, Value s) override {
    Value kLen = loadIndex(b, contextLens, s);
    if (!cuQ) // decode: query s is sequence s
      return {s, cIndex(b, 1), kLen, s, cIndex(b, 0)};
    Value q0 = loadIndex(b, cuQ, s);
    Value q1 = loadIndex(b, cuQ, addI(b, s, cIndex(b, 1)));
    return {s, subI(b, q1, q0), kLen, q0, cIndex(b, 0)};
  }
  RowRef queryRow(ImplicitLocOpBuilder &b, const Sequence &s, Value i, Value h,
                  int64_t) override {
    return packedRow(b, addI(b, s.qBase, i), h);
  }
  /// Token j lives in page block_table[b, j / page_size], slot j % page_size.
  RowRef keyRow(ImplicitLocOpBuilder &b, const Sequence &s, Value j, Value hkv,
                int64_t) override {
    auto [page, slot] = pageAndSlot(b, s, j);
    Value zero = cIndex(b, 0);
    switch (layout) {
    case attn::CacheLayout::nhd:
      return {{page, slot, hkv}, zero};
    case attn::CacheLayout::hnd:
      return {{page, hkv, slot}, zero};
    case attn::CacheLayout::hpnd:
      return {{hkv, page, slot}, zero};
    }
    llvm_unreachable("unknown cache layout");
  }
  SmallVector<Value> lseIndex(ImplicitLocOpBuilder &b, const Sequence &s,
                              Value i, Value h) override {
    return {h, addI(b, s.qBase, i)};
  }
  SmallVector<Value> tokenScaleIndex(ImplicitLocOpBuilder &b,
                                     const Sequence &s, Value j) override {
    auto [page, slot] = pageAndSlot(b, s, j);
    return {page, slot};
  }
  Value biasKeyColumn(ImplicitLocOpBuilder &, const Sequence &,
                      Value j) override {
    return j;
  }
  int64_t keyTokenDim() const override { return -1; } // pages
  int64_t queryTokenDim() const override { return 0; } // [T, Hq, D]

private:
  std::pair<Value, Value> pageAndSlot(ImplicitLocOpBuilder &b,
                                      const Sequence &s, Value j) {
    Value ps = cIndex(b, pageSize);
    Value page = loadIndex(b, blockTable, {s.b, floorDivI(b, j, ps)});
    return {page, remI(b, j, ps)};
  }

  attn::CacheLayout layout;
  int64_t pageSize;
  Value q, blockTable, contextLens, cuQ;
};

class DenseAccess : public FamilyAccess {
public:
  DenseAccess(attn::DenseLayout layout, Value q, Value k, Value lens,
              Value padding)
      : layout(layout), q(q), k(k), lens(lens), padding(padding) {}

  Value numSequences(ImplicitLocOpBuilder &b) override { return dim(b, q, 0); }
  Value qBlockSlots(ImplicitLocOpBuilder &b, int64_t blockQ) override {
    return mulI(b, numSequences(b),
                ceilDivI(b, dim(b, q, seqDim()), cIndex(b, blockQ)));
  }

  /// Valid keys are slots [Skv - n - len, Skv - n) with padding n, else
  /// [0, len); a range starting below 0 leaves the sequence with no keys.
  Sequence sequence(ImplicitLocOpBuilder &b, Value s) override {
    Value skv = dim(b, k, seqDim());
    Value sq = dim(b, q, seqDim());
    Value len = lens ? loadIndex(b, lens, s) : skv;
    Value start = cIndex(b, 0);
    if (padding) {
      Value n = loadIndex(b, padding, {});
      start = subI(b, subI(b, skv, n), len);
    }
    Value zero = cIndex(b, 0);
    Value bad = cmpI(b, arith::CmpIPredicate::slt, start, zero);
    len = select(b, bad, zero, maxI(b, len, zero));
    start = select(b, bad, zero, start);
    return {s, sq, len, zero, start};
  }
  RowRef queryRow(ImplicitLocOpBuilder &b, const Sequence &s, Value i, Value h,
                  int64_t headDim) override {
    return row(b, s.b, i, h, headDim);
  }
  RowRef keyRow(ImplicitLocOpBuilder &b, const Sequence &s, Value j, Value hkv,
                int64_t headDim) override {
    return row(b, s.b, addI(b, s.kBase, j), hkv, headDim);
  }
  SmallVector<Value> lseIndex(ImplicitLocOpBuilder &, const Sequence &s,
                              Value i, Value h) override {
    return {s.b, h, i};
  }
  SmallVector<Value> tokenScaleIndex(ImplicitLocOpBuilder &b,
                                     const Sequence &s, Value j) override {
    return {s.b, addI(b, s.kBase, j)};
  }
  Value biasKeyColumn(ImplicitLocOpBuilder &b, const Sequence &s,
                      Value j) override {
    return addI(b, s.kBase, j);
  }
  int64_t keyTokenDim() const override { return seqDim(); }
  int64_t queryTokenDim() const override { return seqDim(); }

private:
  int64_t seqDim() const { return layout == attn::DenseLayout::bnsd ? 2 : 1; }
  RowRef row(ImplicitLocOpBuilder &b, Value batch, Value slot, Value head,
             int64_t headDim) {
    Value zero = cIndex(b, 0);
    switch (layout) {
    case attn::DenseLayout::bnsd:
      return {{batch, head, slot}, zero};
    case attn::DenseLayout::bsnd:
      return {{batch, slot, head}, zero};
    case attn::DenseLayout::bsh:
      return {{batch, slot}, mulI(b, head, cIndex(b, headDim))};
    }
    llvm_unreachable("unknown dense layout");
  }

  attn::DenseLayout layout;
  Value q, k, lens, padding;
};

} // namespace

std::unique_ptr<FamilyAccess>
attnc::lowering::makeFamilyAccess(attn::AttentionOpInterface op,
                                  const llvm::StringMap<Value> &memrefOf) {
  auto get = [&](StringRef name) { return memrefOf.lookup(name); };
  if (isa<attn::VarlenOp>(op.getOperation()))
    return std::make_unique<VarlenAccess>(get("q"), get("cu_seqlens_q"),
                                          get("cu_seqlens_k"));
  if (auto paged = dyn_cast<attn::PagedOp>(op.getOperation()))
    return std::make_unique<PagedAccess>(paged.getLayout(),
                                         paged.getPageSize(), get("q"),
                                         get("block_table"),
                                         get("context_lens"),
                                         get("cu_seqlens_q"));
  auto dense = cast<attn::DenseOp>(op.getOperation());
  return std::make_unique<DenseAccess>(dense.getLayout(), get("q"), get("k"),
                                       get("actual_seq_lengths"),
                                       get("kv_padding_size"));
}
