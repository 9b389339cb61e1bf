//===- FamilyAccess.h - where sequence b's tokens live ----------*- C++ -*-===//
//
// The only family-specific part of the lowering: for varlen, paged and dense
// operands, how many sequences there are, each sequence's query and key
// counts, and the memref indices of query row (i, h), key/value row (j, hkv),
// output row, LSE entry and per-token scale. Everything else (block lists,
// scores, online softmax) is written once against this interface.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_FAMILYACCESS_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_FAMILYACCESS_H

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/StringMap.h"

#include <memory>

namespace attnc::lowering {

using mlir::ImplicitLocOpBuilder;
using mlir::Value;

/// Sizes of one sequence, as index values.
struct Sequence {
  Value b;
  Value qLen, kLen;
  /// Varlen/paged: first packed query row. Dense: 0.
  Value qBase;
  /// Varlen: first packed key row. Dense: first valid slot. Paged: unused.
  Value kBase;
};

/// Element `d` of a row is `memref[prefix..., offset + d]`.
struct RowRef {
  llvm::SmallVector<Value, 4> prefix;
  Value offset;
};

class FamilyAccess {
public:
  virtual ~FamilyAccess() = default;
  virtual Value numSequences(ImplicitLocOpBuilder &b) = 0;
  virtual Sequence sequence(ImplicitLocOpBuilder &b, Value seqIndex) = 0;
  /// An upper bound on the number of (sequence, q-block of `blockQ`
  /// queries) pairs, from operand shapes only (no memory is read): the size
  /// of a GPU grid that gives each pair a block.
  virtual Value qBlockSlots(ImplicitLocOpBuilder &b, int64_t blockQ) = 0;
  /// Query row i (0-based in the sequence) of head h; the output row has the
  /// same indices in the out memref.
  virtual RowRef queryRow(ImplicitLocOpBuilder &b, const Sequence &s, Value i,
                          Value h, int64_t headDim) = 0;
  /// Key/value row j of kv head `hkv`.
  virtual RowRef keyRow(ImplicitLocOpBuilder &b, const Sequence &s, Value j,
                        Value hkv, int64_t headDim) = 0;
  virtual llvm::SmallVector<Value> lseIndex(ImplicitLocOpBuilder &b,
                                            const Sequence &s, Value i,
                                            Value h) = 0;
  /// Index of key j in a per-token scale.
  virtual llvm::SmallVector<Value>
  tokenScaleIndex(ImplicitLocOpBuilder &b, const Sequence &s, Value j) = 0;
  /// Column of key j in a bias or mask (dense: its storage slot).
  virtual Value biasKeyColumn(ImplicitLocOpBuilder &b, const Sequence &s,
                              Value j) = 0;
  /// The dimension of the K/V memrefs along which a sequence's consecutive
  /// keys lie (their rows are then one box of a tensor copy), or -1 when
  /// keys are scattered (pages).
  virtual int64_t keyTokenDim() const = 0;
  /// The same for a sequence's consecutive queries in the q memref.
  virtual int64_t queryTokenDim() const = 0;
};

/// `memrefOf` maps SPEC operand names ("q", "k_cache", ...) to the kernel's
/// memrefs.
std::unique_ptr<FamilyAccess>
makeFamilyAccess(attn::AttentionOpInterface op,
                 const llvm::StringMap<Value> &memrefOf);

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_FAMILYACCESS_H
